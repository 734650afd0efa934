"""Settings an editor makes once per site, under Settings › Events in the admin."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from cms_events.form_of_address import FormOfAddress


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

    class Meta:
        verbose_name = _("events")
        verbose_name_plural = _("events")


def site_form_of_address(page=None, request=None):
    """Return the form of address of the site of `request` (kept on it), else of `page`."""
    if request is not None and Site.find_for_request(request) is not None:
        return EventSiteSettings.for_request(request).form_of_address
    site = page.get_site() if page is not None else None
    if site is None:
        return FormOfAddress.FORMAL
    return EventSiteSettings.for_site(site).form_of_address
