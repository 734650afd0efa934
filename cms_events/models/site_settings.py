"""Settings an editor makes once per site, under Settings › Events in the admin."""

from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from cms_events.locales import FormOfAddress

# Every visitor page asks for the form of address: keep it in the cache rather than ask the
# database each time. Saving the setting clears it; a server with a cache of its own (local
# memory) sees the change within this many seconds.
CACHE_SECONDS = 300


def cache_key(site_id):
    return f"cms_events:form_of_address:{site_id}"


@register_setting(icon="date")
class EventSiteSettings(BaseSiteSetting):
    """The site's choices for its event pages."""

    form_of_address = models.CharField(
        verbose_name=_("form of address"),
        max_length=2,
        choices=FormOfAddress.choices,
        default=FormOfAddress.FORMAL,
        help_text=_(
            "How the fixed texts of event pages, registration forms, mails and the "
            "registration page address visitors. Your own texts stay as you write them; "
            "an event can choose otherwise."
        ),
    )

    panels = [FieldPanel("form_of_address")]

    def __str__(self):
        return str(self._meta.verbose_name)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(cache_key(self.site_id))

    class Meta:
        verbose_name = _("events")
        verbose_name_plural = _("events")


def site_form_of_address(page=None, request=None):
    """Return the form of address of the site of `request`, else of the site of `page`."""
    site = Site.find_for_request(request) if request is not None else None
    site_id = site.pk if site is not None else None
    if site_id is None and page is not None:
        # The page's site from Wagtail's cached site root paths: the Site is loaded only when
        # its setting is not in the cache.
        url_parts = page.get_url_parts()
        site_id = url_parts[0] if url_parts else None
    if site_id is None:
        return FormOfAddress.FORMAL
    key = cache_key(site_id)
    form_of_address = cache.get(key)
    if form_of_address is None:
        site = site or Site.objects.get(pk=site_id)
        form_of_address = EventSiteSettings.for_site(site).form_of_address
        cache.set(key, form_of_address, CACHE_SECONDS)
    return form_of_address
