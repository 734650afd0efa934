"""The concrete pages: an event with its updates, and the index that lists events."""

from datetime import timedelta

from django.core.paginator import Paginator
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList, TabbedInterface
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cms_events.conf import get_setting
from cms_events.locales import FormOfAddressPageMixin
from cms_events.models.event import (
    RULE_FIELDS,
    EventPageMixin,
    ended_filter,
    not_ended_filter,
)
from cms_events.models.mail_templates import MAIL_TEXT_PANELS, EventPageForm
from cms_events.models.registration_settings import EventRegistrationMixin
from cms_events.models.series import EventSeriesMixin, dates_of
from cms_events.models.site_settings import site_form_of_address
from cms_events.publishing.page_copy import EventCopyForm
from cms_events.routing import CommonChildRoutingMixin
from cms_events.visibility import OneQueryViewRestrictionsMixin, public

# What a translation takes over from the source page, unchanged: when and where, status and
# calendar version, and how registration works. Everything a visitor reads is translated.
SYNCHRONISED_FIELDS = [
    "start",
    "end",
    "all_day",
    "walk_in_time",
    "venue",
    "venue_name",
    "street",
    "postcode",
    "city",
    "online_url",
    "online_link_by_mail",
    "location_to_follow",
    "organised_by",
    "organiser",
    "organiser_url",
    "audience_label",
    "cost",
    "price",
    "signature_name",
    "status",
    "new_date_to_follow",
    "previous_start",
    "sequence",
    "registration_mode",
    "registration_opens_at",
    "registration_closes_at",
    "capacity",
    "waiting_list_enabled",
    "registration_per_date",
    "external_registration_url",
    "form_of_address",
    "retention_days",
    "send_reminder",
    "reminder_days_before",
    *RULE_FIELDS,
    "send_thank_you_mail",
    "thank_you_mail_hours_after",
    # Overridable: a translation may link to a report or survey in its own language.
    "thank_you_mail_url",
]
TRANSLATED_FIELDS = [
    "title",
    "slug",
    "seo_title",
    "search_description",
    "meeting_point",
    "audience",
    "goal",
    "participation",
    "price_note",
    "intro",
    "body",
    "program",
    "closing_text",
    "signature_role",
    "replaces_name",
    "registration_intro",
    "thank_you_text",
    "form_fields",
    "updates",
    "date_changes",
    "mail_texts",
]


class EventPage(
    FormOfAddressPageMixin,
    OneQueryViewRestrictionsMixin,
    EventRegistrationMixin,
    EventSeriesMixin,
    EventPageMixin,
    Page,
):
    """An event with structured facts and a program; one date, or a series of dates."""

    parent_page_types = ["cms_events.EventIndexPage"]
    subpage_types = []

    edit_handler = TabbedInterface(
        [
            ObjectList(EventPageMixin.content_panels, heading=_("Content")),
            ObjectList(EventPageMixin.facts_panels, heading=_("Facts")),
            ObjectList(
                [
                    *EventSeriesMixin.series_panels,
                    InlinePanel("date_changes", heading=_("Dates that differ"), label=_("Date")),
                ],
                heading=_("Series"),
            ),
            ObjectList(EventPageMixin.program_panels, heading=_("Program")),
            ObjectList(
                [*EventRegistrationMixin.registration_panels, *MAIL_TEXT_PANELS],
                heading=_("Registration"),
            ),
            ObjectList(EventPageMixin.status_panels, heading=_("Status and updates")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = Page.search_fields + EventPageMixin.search_fields
    copy_form_class = EventCopyForm
    base_form_class = EventPageForm

    translatable_fields = [
        *[TranslatableField(name) for name in TRANSLATED_FIELDS],
        *[SynchronizedField(name) for name in SYNCHRONISED_FIELDS],
        SynchronizedField("show_in_menus"),
        SynchronizedField("replaces_page"),
        # Chosen from the default language's vocabulary; each page shows its own labels.
        SynchronizedField("themes"),
        SynchronizedField("audiences"),
    ]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")


def now_to_the_second():
    """Return the current time without microseconds, as editors and HTML's `<time>` expect."""
    return timezone.now().replace(microsecond=0)


class EventUpdate(TranslatableMixin, Orderable):
    """A dated notice about an event, such as “De bijeenkomst gaat niet door”.

    Translatable with its page: the headline and text are translated, the date is not.
    """

    page = ParentalKey("cms_events.EventPage", on_delete=models.CASCADE, related_name="updates")
    date = models.DateTimeField(verbose_name=_("date"), default=now_to_the_second)
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

    translatable_fields = [
        SynchronizedField("date"),
        TranslatableField("headline"),
        TranslatableField("body"),
    ]

    def __str__(self):
        return self.headline

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("update")
        verbose_name_plural = _("updates")


class EventIndexPage(
    FormOfAddressPageMixin,
    OneQueryViewRestrictionsMixin,
    RoutablePageMixin,
    CommonChildRoutingMixin,
    Page,
):
    """Lists its events: upcoming first, past events in a paginated archive."""

    intro = RichTextField(
        verbose_name=_("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    subpage_types = ["cms_events.EventPage"]
    common_child_model = "cms_events.EventPage"

    def get_common_children(self):
        # The registration section shows the event's short link: load its code along.
        from cms_events.models.registration import ShortLink

        codes = ShortLink.objects.filter(
            translation_key=OuterRef("translation_key"), locale=OuterRef("locale")
        )
        return (
            super()
            .get_common_children()
            .select_related("venue", "organised_by")
            # Kept with the routed event (the cache holds it with them): no query per visit.
            .prefetch_related("themes", "audiences")
            .annotate(short_link_code=Subquery(codes.values("code")[:1]))
        )

    def get_form_of_address(self, request=None):
        """Return the form of address of the fixed texts: the site's."""
        return site_form_of_address(self, request)

    def get_events(self):
        """Return the live, public events below this index. Override this to add filters."""
        return public(EventPage.objects.child_of(self).live()).select_related("venue")

    def get_dates(self):
        """Return the dates of `get_events()`: one per single event, one per date of a series
        (`Occurrence`), with their pages and venues."""
        return dates_of(self.get_events())

    def get_upcoming_events(self):
        """Return the dates to come (and today's), soonest first."""
        return self.get_dates().filter(not_ended_filter(timezone.now())).order_by("start", "pk")

    def get_past_events(self):
        """Return the dates that are over, the latest first."""
        return self.get_dates().filter(ended_filter(timezone.now())).order_by("-start", "-pk")

    def paginate(self, request, queryset):
        paginator = Paginator(queryset, get_setting("PAGE_SIZE"))
        return paginator.get_page(request.GET.get("pagina"))

    def get_cached_paths(self):
        """Return the paths a front-end cache may hold: the upcoming events and the archive."""
        return ["/", self.reverse_subpage("archive")]

    @cached_property
    def archive_url(self):
        return self.url + self.reverse_subpage("archive")

    def filter_events(self, request, events, *, shown=True):
        """Return the `EventFilter` of the request's query string over `events`; `shown`: its
        form is shown (else, for the feed, its lists are read only when asked for). The cities
        offered are those of the events of the last 90 days and to come (the feed's)."""
        from cms_events.finding.filters import EventFilter, cities_of

        def cities():
            since = timezone.now() - timedelta(days=90)
            return cities_of(self.get_events().filter(not_ended_filter(since)))

        return EventFilter(
            request.GET, queryset=events, cities=cities, shown=shown, locale_id=self.locale_id
        )

    @path("")
    def upcoming(self, request):
        selection = self.filter_events(request, self.get_upcoming_events())
        events = self.paginate(request, selection.events)
        response = self.render(
            request,
            context_overrides={"events": events, "archive": False, "selection": selection},
        )
        if not selection.is_valid():
            # The page says which filter could not be used; a 400 is never kept by a cache.
            response.status_code = 400
        return response

    @path("archief/", name="archive")
    def archive(self, request):
        events = self.paginate(request, self.get_past_events())
        return self.render(request, context_overrides={"events": events, "archive": True})

    class Meta:
        verbose_name = _("events index")
        verbose_name_plural = _("events indexes")
