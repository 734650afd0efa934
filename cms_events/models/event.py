"""The event itself: structured facts, program, status, and the rules that keep them valid."""

from datetime import datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms_events import validation
from cms_events.blocks import BodyStreamBlock, ProgramStreamBlock
from cms_events.models.places import OrganiserInfo, Place, in_default_language, localized_entries
from cms_events.status import EventStatus, behaviour_of, present
from cms_events.visibility import visible_version

# The rule of a series (`models.series.EventSeriesMixin`).
RULE_FIELDS = (
    "repeat",
    "repeat_interval",
    "repeat_weekdays",
    "repeat_week_of_month",
    "repeat_until",
    "repeat_count",
    "skip_public_holidays",
)

# Fields whose change makes calendars update their copy (iCalendar SEQUENCE, RFC 5545).
CALENDAR_FIELDS = (
    "start",
    "end",
    "all_day",
    "status",
    "venue",
    "venue_name",
    "street",
    "postcode",
    "city",
    "meeting_point",
    "online_url",
    "online_link_by_mail",
    "location_to_follow",
    *RULE_FIELDS,
)


def start_of_next_day(moment):
    """Return the local midnight after `moment`: when an event with an open end is over."""
    day = timezone.localtime(moment).date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def not_ended_filter(now):
    """Return a filter for events that have not ended at `now`.

    An event with an open end lasts until the end of the day it starts on.
    """
    today = start_of_next_day(now) - timedelta(days=1)
    return Q(end__gte=now) | Q(end__isnull=True, start__gte=today)


def ended_filter(now):
    """Return a filter for events that ended before `now` (the complement of `not_ended_filter`)."""
    today = start_of_next_day(now) - timedelta(days=1)
    return Q(end__lt=now) | Q(end__isnull=True, start__lt=today)


class EventPageMixin(models.Model):
    """The facts, program and validation of an event; `EventPage` is the concrete page.

    Use it on a page model of your own, as Wagtail's `AbstractForm` uses `FormMixin`.
    """

    start = models.DateTimeField(
        verbose_name=_("start"),
        help_text=_("Date and time the event starts (Dutch time)."),
    )
    end = models.DateTimeField(
        verbose_name=_("end"),
        null=True,
        blank=True,
        help_text=_(
            "Date and time the event ends. Leave empty for an open end (shown as “vanaf 10.00 "
            "uur”). For an all-day event: the last day (empty: one day)."
        ),
    )
    all_day = models.BooleanField(
        verbose_name=_("all day"),
        default=False,
        help_text=_("Show dates only, without times."),
    )
    walk_in_time = models.TimeField(
        verbose_name=_("walk-in from"),
        null=True,
        blank=True,
        help_text=_("Optional: when the doors open, shown as “inloop vanaf 14.30 uur”."),
    )

    venue = models.ForeignKey(
        "cms_events.Venue",
        verbose_name=_("venue"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "Choose a venue to use its address and accessibility facts. For a one-off place, "
            "leave it empty and type the address below."
        ),
    )
    venue_name = models.CharField(verbose_name=_("venue name"), max_length=255, blank=True)
    street = models.CharField(verbose_name=_("street and number"), max_length=255, blank=True)
    postcode = models.CharField(verbose_name=_("postcode"), max_length=16, blank=True)
    city = models.CharField(verbose_name=_("city"), max_length=255, blank=True)
    meeting_point = models.CharField(
        verbose_name=_("meeting point"),
        max_length=255,
        blank=True,
        help_text=_("For example “centrale hal rechts bij de liften”."),
    )
    online_url = models.URLField(
        verbose_name=_("online link"),
        blank=True,
        help_text=_("Link to join online, for an online or hybrid event."),
    )
    online_link_by_mail = models.BooleanField(
        verbose_name=_("online link follows by email"),
        default=False,
        help_text=_(
            "Tick for an online event whose link is not public: registrants get it by email."
        ),
    )
    location_to_follow = models.BooleanField(
        verbose_name=_("location follows"),
        default=False,
        help_text=_(
            "Tick when the location is not known yet. Fill in the city or region if it is known."
        ),
    )

    organised_by = models.ForeignKey(
        "cms_events.Organiser",
        verbose_name=_("organiser"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Choose an organiser, or type a name below for a one-off organiser."),
    )
    organiser = models.CharField(verbose_name=_("organiser name"), max_length=255, blank=True)
    organiser_url = models.URLField(verbose_name=_("organiser website"), blank=True)
    # The vocabulary of the default language is offered; every language shows its own labels.
    themes = ParentalManyToManyField(
        "cms_events.Theme",
        verbose_name=_("themes"),
        blank=True,
        related_name="+",
        limit_choices_to=in_default_language,
    )
    audiences = ParentalManyToManyField(
        "cms_events.Audience",
        verbose_name=_("audiences"),
        blank=True,
        related_name="+",
        limit_choices_to=in_default_language,
    )

    class AudienceLabel(models.TextChoices):
        FOR_WHOM = "for_whom", _("For whom?")
        INVITEES = "invitees", _("Invitees")

    audience_label = models.CharField(
        verbose_name=_("audience heading"),
        max_length=16,
        choices=AudienceLabel.choices,
        default=AudienceLabel.FOR_WHOM,
        help_text=_("“Invitees” suits an invitation to a closed group."),
    )
    audience = models.TextField(verbose_name=_("audience"), blank=True)
    goal = models.CharField(
        verbose_name=_("goal"),
        max_length=255,
        blank=True,
        help_text=_("For example “Informeren, toetsen en input ophalen”."),
    )
    participation = models.TextField(
        verbose_name=_("participation"),
        blank=True,
        help_text=_("Who can take part, shown under “Deelname en kosten”."),
    )

    class Cost(models.TextChoices):
        NOT_STATED = "not_stated", _("Not stated")
        FREE = "free", _("Free")
        PRICE = "price", _("A price")

    cost = models.CharField(
        verbose_name=_("costs"),
        max_length=16,
        choices=Cost.choices,
        default=Cost.NOT_STATED,
        help_text=_("“Not stated” says nothing about costs on the page."),
    )
    price = models.DecimalField(
        verbose_name=_("price"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("In euros, for “a price”."),
    )
    price_note = models.CharField(
        verbose_name=_("note on the price"),
        max_length=255,
        blank=True,
        help_text=_("Optional, for example “inclusief lunch” or “leden betalen € 25”."),
    )

    intro = models.TextField(
        verbose_name=_("introduction"),
        blank=True,
        help_text=_("The opening paragraph, also used in listings and search results."),
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("body"), blank=True)
    program = StreamField(ProgramStreamBlock(), verbose_name=_("program"), blank=True)
    closing_text = models.TextField(
        verbose_name=_("closing line"),
        blank=True,
        help_text=_("For example “We zien ernaar uit om elkaar te ontmoeten!”."),
    )
    signature_name = models.CharField(verbose_name=_("signed by"), max_length=255, blank=True)
    signature_role = models.CharField(
        verbose_name=_("role of the signatory"), max_length=255, blank=True
    )
    replaces_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("replaces event page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    replaces_name = models.CharField(
        verbose_name=_("replaces event"),
        max_length=255,
        blank=True,
        help_text=_("Name of an earlier announced event this one replaces."),
    )

    status = models.CharField(
        verbose_name=_("status"),
        max_length=16,
        choices=EventStatus.choices,
        default=EventStatus.SCHEDULED,
        help_text=_("A cancelled or postponed event stays published with its original date."),
    )
    new_date_to_follow = models.BooleanField(
        verbose_name=_("new date follows"),
        default=False,
        help_text=_("For a postponed event: a new date will be announced."),
    )
    previous_start = models.DateTimeField(
        verbose_name=_("previously planned start"),
        null=True,
        blank=True,
        help_text=_("Filled in automatically when the start changes after publication."),
    )
    sequence = models.PositiveIntegerField(
        verbose_name=_("calendar version"),
        default=0,
        editable=False,
        help_text=_("Raised when start, end, location or status change on publish."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("closing_text"),
        FieldRowPanel(
            [FieldPanel("signature_name"), FieldPanel("signature_role")],
            heading=_("Signature"),
        ),
    ]
    facts_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldRowPanel([FieldPanel("all_day"), FieldPanel("walk_in_time")]),
            ],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("venue"),
                FieldPanel("venue_name"),
                FieldPanel("street"),
                FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")]),
                FieldPanel("meeting_point"),
                FieldRowPanel([FieldPanel("online_url"), FieldPanel("online_link_by_mail")]),
                FieldPanel("location_to_follow"),
            ],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("audience_label"),
                FieldPanel("audience"),
                FieldPanel("goal"),
                FieldPanel("participation"),
                FieldPanel("cost"),
                FieldRowPanel([FieldPanel("price"), FieldPanel("price_note")]),
            ],
            heading=_("For whom and costs"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("organised_by"),
                FieldRowPanel([FieldPanel("organiser"), FieldPanel("organiser_url")]),
            ],
            heading=_("Organiser"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Themes and audiences"),
        ),
        MultiFieldPanel(
            [
                PageChooserPanel("replaces_page", "cms_events.EventPage"),
                FieldPanel("replaces_name"),
            ],
            heading=_("Replaces an earlier event"),
        ),
    ]
    status_panels = [
        HelpPanel(
            content=_(
                "The newest update is shown as a banner at the top and the end of the page, "
                "in listings and in calendars. Older updates stay readable below it."
            )
        ),
        FieldPanel("status"),
        FieldPanel("new_date_to_follow"),
        FieldPanel("previous_start", read_only=True),
        InlinePanel("updates", heading=_("Updates"), label=_("Update")),
    ]
    program_panels = [
        HelpPanel(
            content=_(
                "Add timed items (with speakers and sub-themes) and rounds of parallel "
                "sessions in the order of the day."
            )
        ),
        FieldPanel("program"),
    ]

    search_fields = [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("program"),
        index.FilterField("start"),
        index.FilterField("end"),
    ]

    def save(self, *args, **kwargs):
        self.postcode = validation.normalise_postcode(self.postcode)
        self.slug = validation.ascii_slug(self.slug)
        self.track_calendar_changes(kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    def track_calendar_changes(self, update_fields=None):
        """Raise `sequence` and keep `previous_start` when a published event's times,
        location or status change; an edit of anything else leaves them alone.

        The stored row is the truth: a revision carries the sequence of the moment it was
        drafted, which may be stale by the time it is published.
        """
        self.sequence_raised = False
        if self.pk is None:
            return
        # A page built on this mixin alone has no series fields.
        own = {field.name for field in self._meta.get_fields()}
        calendar_fields = [name for name in CALENDAR_FIELDS if name in own]
        fields = ("sequence", "live", "first_published_at", *calendar_fields)
        attnames = {name: self._meta.get_field(name).attname for name in calendar_fields}
        stored = type(self).objects.filter(pk=self.pk).values(*fields).first()
        if stored is None:
            return
        self.sequence = stored["sequence"]
        if update_fields is not None and not set(update_fields) & set(calendar_fields):
            return
        if not (self.live and stored["first_published_at"]):
            return
        if any(getattr(self, attnames[name]) != stored[name] for name in calendar_fields):
            self.sequence += 1
            self.sequence_raised = True
            if self.start != stored["start"]:
                self.previous_start = stored["start"]

    def clean(self):
        # Before Page.clean() checks that the slug is free among the siblings, whatever
        # WAGTAIL_ALLOW_UNICODE_SLUGS the site has: the URL is the one that will be saved.
        self.slug = validation.ascii_slug(self.slug)
        super().clean()
        errors = {}
        for rule in (
            validation.validate_dates,
            validation.validate_location,
            validation.validate_cost,
            validation.validate_program,
            validation.validate_thank_you_mail,
        ):
            errors.update(rule(self))
        if self.replaces_page_id and self.replaces_page_id == self.pk:
            errors["replaces_page"] = _("An event cannot replace itself.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_multi_day(self):
        """Return whether the event spans more than one calendar day (Dutch time)."""
        if self.end is None:
            return False
        return timezone.localtime(self.start).date() != timezone.localtime(self.end).date()

    @property
    def effective_end(self):
        """Return the end, or for an open end (or a one-day all-day event) the next midnight."""
        return self.end or start_of_next_day(self.start)

    def ends_before(self, moment):
        """Return whether the event is over at `moment` (see `not_ended_filter`)."""
        return self.effective_end < moment

    @property
    def is_past(self):
        return self.ends_before(timezone.now())

    @property
    def is_free(self):
        return self.cost == self.Cost.FREE

    @property
    def has_price(self):
        return self.cost == self.Cost.PRICE and self.price is not None

    @property
    def place(self):
        """Return where the event takes place (`Place`): the chosen venue's name and address,
        else the free-text fields. The page, its .ics, JSON-LD and mails all read this."""
        venue = self.venue if self.venue_id else None
        if venue is None:
            return Place(self.venue_name, self.street, self.postcode, self.city, self.meeting_point)
        return Place(
            venue.name, venue.street, venue.postcode, venue.city, self.meeting_point, venue
        )

    @property
    def has_address(self):
        return self.place.has_address

    @property
    def organiser_info(self):
        """Return who organises the event (`OrganiserInfo`): the chosen organiser, else the
        free-text name and website."""
        if self.organised_by_id:
            chosen = self.organised_by
            return OrganiserInfo(chosen.name, chosen.website, chosen)
        return OrganiserInfo(self.organiser, self.organiser_url)

    def get_venue_details(self):
        """Return the chosen venue in the page's language when it is translated (its notes
        are), else as chosen; None without a venue."""
        if not self.venue_id:
            return None
        if not hasattr(self, "_venue_details"):
            self._venue_details = localized_entries([self.venue], self.locale_id)[0]
        return self._venue_details

    def get_themes(self):
        """Return the themes, labelled in the page's language where translated."""
        return localized_entries(self.themes.all(), self.locale_id)

    def get_audiences(self):
        """Return the audiences, labelled in the page's language where translated."""
        return localized_entries(self.audiences.all(), self.locale_id)

    @property
    def is_online(self):
        """Return whether people can (also) take part online."""
        return bool(self.online_url or self.online_link_by_mail)

    def get_replaced_event(self):
        """Return what the “replaces” note shows, {"name", "page"}, or None for no note.

        The replaced page is named and linked (in the active language if it has a visible
        translation) only when a visitor may see it; otherwise the typed name is shown, with
        no link, so the title and address of a draft or a private event stay unknown.
        """
        page = None
        if self.replaces_page_id:
            page = visible_version(self.replaces_page_id, translation.get_language())
        if page is not None:
            return {"name": page.title, "page": page}
        if self.replaces_name:
            return {"name": self.replaces_name, "page": None}
        return None

    @property
    def status_behaviour(self):
        """Return what the current status means everywhere (see `cms_events.status`)."""
        return behaviour_of(self.status)

    @property
    def presentation(self):
        """Return how the event presents itself now: status and whether it is over."""
        return present(self)

    def get_updates(self):
        """Return the updates, newest first (works on previews and revisions too).

        Updates are dated to the second; of two in the same second, the one added last (the
        higher id, or not yet saved) is the newer.
        """

        def newest_first(update):
            return (update.date, update.pk if update.pk is not None else float("inf"))

        return sorted(self.updates.all(), key=newest_first, reverse=True)

    def get_status_banner(self):
        """Return the banner to show (signal word, headline, body, date), or None.

        A status other than “scheduled” always has a banner, with a default headline when the
        editor wrote no update.
        """
        updates = self.get_updates()
        behaviour = self.status_behaviour
        if self.status == EventStatus.SCHEDULED and not updates:
            return None
        latest = updates[0] if updates else None
        presentation = present(self)
        return {
            "status": self.status,
            # Translators: signal word of a banner for an update of a scheduled event.
            "signal_word": behaviour.signal_word or pgettext("status signal word", "Update"),
            "headline": latest.headline if latest else behaviour.default_headline,
            "body": latest.body if latest else "",
            "date": latest.date if latest else None,
            "previous_start": presentation.previous_start,
            "new_date_to_follow": presentation.new_date_to_follow,
            "event": self,
            "earlier_updates": updates[1:],
        }

    def get_admin_display_title(self):
        title = super().get_admin_display_title()
        signal_word = self.status_behaviour.signal_word
        return f"{title} ({signal_word})" if signal_word else title

    def get_program_sections(self):
        """Return the program as runs of timed blocks (one list each) and the notes between.

        Override this to group the program differently, for example by day.
        """
        sections = []
        for child in self.program:
            if child.block_type == "note":
                sections.append({"kind": "note", "block": child})
            elif sections and sections[-1]["kind"] == "timetable":
                sections[-1]["blocks"].append(child)
            else:
                sections.append({"kind": "timetable", "blocks": [child]})
        return sections

    class Meta:
        abstract = True
