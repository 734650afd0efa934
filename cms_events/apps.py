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

        from cms_events.publishing import tree_version

        tree_version.register_signal_handlers()

        from cms_events.publishing import places

        places.register_signal_handlers()

        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Site

        from cms_events.routing import forget_sites

        post_save.connect(forget_sites, sender=Site)
        post_delete.connect(forget_sites, sender=Site)

        from wagtail.signals import page_published

        from cms_events.sharing.shortlinks import make_short_link_on_publish

        page_published.connect(make_short_link_on_publish)

        from cms_events.models import RegistrationFormField
        from cms_events.models.registration_settings import forget_form_fields

        post_save.connect(forget_form_fields, sender=RegistrationFormField)
        post_delete.connect(forget_form_fields, sender=RegistrationFormField)
