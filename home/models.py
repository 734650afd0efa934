"""The demo site's home page: a welcome text and the upcoming events."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms_events.conf import get_setting
from cms_events.locales import FormOfAddressPageMixin
from cms_events.models import EventIndexPage, EventPage, not_ended_filter, site_form_of_address
from cms_events.models.series import dates_of, first_date_each
from cms_events.routing import CommonChildRoutingMixin
from cms_events.visibility import public


class HomePage(FormOfAddressPageMixin, CommonChildRoutingMixin, Page):
    """The root page of the demo site."""

    intro = RichTextField(
        verbose_name=_("introduction"), blank=True, features=["bold", "italic", "link"]
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms_events.EventIndexPage", "home.ContentPage"]
    max_count_per_parent = 1
    common_child_model = "cms_events.EventIndexPage"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["upcoming_events"] = self.get_upcoming_events()
        context["event_index"] = public(EventIndexPage.objects.child_of(self).live()).first()
        return context

    def get_form_of_address(self, request=None):
        return site_form_of_address(self, request)

    def get_upcoming_events(self):
        """Return the next live, public events below this page, each at its next date (a weekly
        series does not fill the list)."""
        events = public(EventPage.objects.descendant_of(self).live())
        dates = first_date_each(dates_of(events).filter(not_ended_filter(timezone.now())))
        return dates.order_by("start", "pk")[: get_setting("HOME_UPCOMING_COUNT")]

    class Meta:
        verbose_name = _("home page")


class ContentPage(Page):
    """A plain page with text, such as the privacy statement."""

    body = RichTextField(verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("body")]

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = ["home.ContentPage"]

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")
