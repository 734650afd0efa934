"""The concrete pages: an event with its updates, and the index that lists events."""

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from ..conf import get_setting
from .event import EventPageMixin
from .registration_settings import EventRegistrationMixin


class EventPage(EventRegistrationMixin, EventPageMixin, Page):
    """An event with structured facts and a program."""

    parent_page_types = ["cms_events.EventIndexPage"]
    subpage_types = []

    edit_handler = TabbedInterface(
        [
            ObjectList(EventPageMixin.content_panels, heading=_("Content")),
            ObjectList(EventPageMixin.facts_panels, heading=_("Facts")),
            ObjectList(EventPageMixin.program_panels, heading=_("Program")),
            ObjectList(EventRegistrationMixin.registration_panels, heading=_("Registration")),
            ObjectList(EventPageMixin.status_panels, heading=_("Status and updates")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = Page.search_fields + EventPageMixin.search_fields

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")


class EventUpdate(Orderable):
    """A dated notice about an event, such as “De bijeenkomst gaat niet door”."""

    page = ParentalKey("cms_events.EventPage", on_delete=models.CASCADE, related_name="updates")
    date = models.DateTimeField(verbose_name=_("date"), default=timezone.now)
    headline = models.CharField(
        verbose_name=_("headline"),
        max_length=255,
        help_text=_("Short, for example “De bijeenkomst gaat niet door”."),
    )
    body = models.TextField(
        verbose_name=_("text"),
        blank=True,
        help_text=_("For example “Wegens te weinig aanmeldingen gaat deze bijeenkomst niet door.”"),
    )

    panels = [FieldPanel("date"), FieldPanel("headline"), FieldPanel("body")]

    def __str__(self):
        return self.headline

    class Meta(Orderable.Meta):
        verbose_name = _("update")
        verbose_name_plural = _("updates")


class EventIndexPage(RoutablePageMixin, Page):
    """Lists its events: upcoming first, past events in a paginated archive."""

    intro = RichTextField(
        verbose_name=_("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page", "home.HomePage"]
    subpage_types = ["cms_events.EventPage"]

    def get_events(self):
        """Return the live, public events below this index. Override this to add filters."""
        return EventPage.objects.child_of(self).live().public()

    def get_upcoming_events(self):
        return self.get_events().filter(end__gte=timezone.now()).order_by("start", "pk")

    def get_past_events(self):
        return self.get_events().filter(end__lt=timezone.now()).order_by("-start", "-pk")

    def paginate(self, request, queryset):
        paginator = Paginator(queryset, get_setting("PAGE_SIZE"))
        return paginator.get_page(request.GET.get("pagina"))

    def get_cached_paths(self):
        """Return the paths a front-end cache may hold: the upcoming events and the archive."""
        return ["/", self.reverse_subpage("archive")]

    @cached_property
    def archive_url(self):
        return self.url + self.reverse_subpage("archive")

    @path("")
    def upcoming(self, request):
        events = self.paginate(request, self.get_upcoming_events())
        return self.render(request, context_overrides={"events": events, "archive": False})

    @path("archief/", name="archive")
    def archive(self, request):
        events = self.paginate(request, self.get_past_events())
        return self.render(request, context_overrides={"events": events, "archive": True})

    class Meta:
        verbose_name = _("events index")
        verbose_name_plural = _("events indexes")
