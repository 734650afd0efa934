"""System checks for settings cms_events relies on."""

from django.conf import settings
from django.core.checks import Error, Tags, register

from cms_events.conf import get_setting


@register(Tags.compatibility)
def check_time_zone_support(app_configs, **kwargs):
    """Event times are aware datetimes: require USE_TZ."""
    if settings.USE_TZ:
        return []
    return [
        Error(
            "cms_events needs USE_TZ = True: event times are stored as aware datetimes.",
            id="cms_events.E001",
        )
    ]


@register(Tags.compatibility)
def check_page_size(app_configs, **kwargs):
    """CMS_EVENTS_PAGE_SIZE must be a positive whole number."""
    value = get_setting("PAGE_SIZE")
    if isinstance(value, int) and value > 0:
        return []
    return [Error("CMS_EVENTS_PAGE_SIZE must be a positive integer.", id="cms_events.E002")]
