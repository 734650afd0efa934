from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsEventsConfig(AppConfig):
    name = "cms_events"
    label = "cms_events"
    verbose_name = _("Events")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms_events import checks  # noqa: F401
        from cms_events.publishing import translations  # noqa: F401
        from cms_events.publishing.frontend_cache import register_signal_handlers

        register_signal_handlers()
