"""System checks for settings cms_events relies on."""

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

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


@register(Tags.compatibility)
def check_reminder_days(app_configs, **kwargs):
    """CMS_EVENTS_REMINDER_DAYS_BEFORE must be a whole number of days, 0 or more."""
    value = get_setting("REMINDER_DAYS_BEFORE")
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return []
    return [
        Error(
            "CMS_EVENTS_REMINDER_DAYS_BEFORE must be a whole number of days, 0 or more "
            "(0: no reminders unless an event sets its own number).",
            id="cms_events.E004",
        )
    ]


@register(Tags.security)
def check_csrf_middleware(app_configs, **kwargs):
    """Registration forms carry no CSRF token: Django's CSRF middleware must let the page
    check them (cms_events.registration.csrf.PageCsrfMiddleware right before it)."""
    middleware = list(settings.MIDDLEWARE)
    django_csrf = "django.middleware.csrf.CsrfViewMiddleware"
    page_csrf = "cms_events.registration.csrf.PageCsrfMiddleware"
    if django_csrf not in middleware:
        return []
    if page_csrf in middleware and middleware.index(page_csrf) < middleware.index(django_csrf):
        return []
    return [
        Error(
            "Registration forms are sent without a CSRF token, so Django's CSRF middleware "
            "refuses them.",
            hint=f"Put {page_csrf} right before {django_csrf} in MIDDLEWARE: it lets an "
            "event's registration form check the origin instead.",
            id="cms_events.E003",
        )
    ]


@register(Tags.compatibility)
def check_site_settings_app(app_configs, **kwargs):
    """Editors choose “je” or “u” in the site's settings, which wagtail.contrib.settings shows."""
    if apps.is_installed("wagtail.contrib.settings"):
        return []
    return [
        Warning(
            "cms_events keeps the form of address (“je” or “u”) in a site setting, but "
            "wagtail.contrib.settings is not installed: editors cannot change it.",
            hint="Add 'wagtail.contrib.settings' to INSTALLED_APPS.",
            id="cms_events.W001",
        )
    ]


@register(Tags.security)
def check_map_tiles(app_configs, **kwargs):
    """CMS_EVENTS_MAP_TILES names one https host: the map's Content Security Policy allows
    exactly that host, so a template with {s} subdomains or another scheme cannot work."""
    from cms_events.finding.maps import tile_source_problems

    return [
        Error(f"CMS_EVENTS_MAP_TILES: {problem}", id="cms_events.E005")
        for problem in tile_source_problems(get_setting("MAP_TILES"))
    ]
