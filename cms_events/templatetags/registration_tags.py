"""The registration form on an event page, its empty HTML kept between requests.

Rendering a form field by field through Django's form templates is most of the time an event
page takes. The empty form is the same for every visitor but for its signed time stamp, so its
HTML is kept in the cache (under `get_registration_form_cache_key()`, for
CMS_EVENTS_CACHE_SECONDS) with a placeholder for the stamp, which each request fills in
fresh. A form shown again with a visitor's values and errors is always rendered.
"""

from django import template
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from cms_events.conf import get_setting
from cms_events.registration.forms import sign_now

register = template.Library()

TEMPLATE = "cms_events/includes/registration_form.html"
STAMP_PLACEHOLDER = "cms-events-form-started"


@register.simple_tag
def registration_form(registration):
    """Render the registration form of `registration` (the page's registration context)."""
    form, key = registration["form"], registration.get("form_cache_key")
    if key is None:
        return render_to_string(TEMPLATE, {"form": form, "registration": registration})
    html = cache.get(key)
    if html is None:
        form.initial["form_started"] = STAMP_PLACEHOLDER
        html = render_to_string(TEMPLATE, {"form": form, "registration": registration})
        cache.set(key, html, get_setting("CACHE_SECONDS"))
    return mark_safe(html.replace(STAMP_PLACEHOLDER, sign_now()))
