"""Reusable facts an event points to: venues (with accessibility facts), organisers, and the
small vocabularies of themes and audiences. Each is a translatable snippet.

What calendars and addresses show (a venue's name and address, an organiser's name and
contact) is the same in every language: those fields are synchronised between the
translations of an entry (`publishing/places.py` keeps them in step on every save). The notes
people read (meeting point, public transport, parking, accessibility notes, an organiser's
description) and the labels of themes and audiences are translated.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cms_events import validation


def in_default_language():
    """Return the filter for entries in the site's default language (what editors pick)."""
    return Q(locale__language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))


def unique_slug(instance, value):
    """Return `value` as an ASCII slug that no other entry of the same kind uses in its locale
    (the translations of an entry share its slug)."""
    base = slugify(value or "")[:70].strip("-") or type(instance).__name__.lower()
    others = type(instance).objects.exclude(translation_key=instance.translation_key)
    others = others.filter(locale_id=instance.locale_id)
    slug, number = base, 1
    while others.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


class SluggedSnippet(TranslatableMixin, index.Indexed, models.Model):
    """A translatable snippet with a name and a slug for its public URL."""

    name = models.CharField(verbose_name=_("name"), max_length=255)
    slug = models.SlugField(
        verbose_name=_("slug"),
        max_length=80,
        blank=True,
        help_text=_("The last part of the public address. Leave empty to make it from the name."),
    )

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.slug = unique_slug(self, self.slug or self.name)
        super().save(*args, **kwargs)

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["name"]


# Venues


class Fact(models.TextChoices):
    """What is known about one accessibility fact of a venue."""

    UNKNOWN = "unknown", _("Unknown")
    YES = "yes", _("Yes")
    NO = "no", _("No")


@dataclass(frozen=True)
class AccessibilityFact:
    """One accessibility fact: its field, its label, and its words for “yes” and “no”."""

    name: str
    label: str
    yes: str
    no: str


ACCESSIBILITY_FACTS = (
    AccessibilityFact(
        "step_free_entrance",
        _("step-free entrance"),
        _("The entrance is step-free."),
        _("The entrance is not step-free."),
    ),
    AccessibilityFact(
        "accessible_toilet",
        _("accessible toilet"),
        _("There is an accessible toilet."),
        _("There is no accessible toilet."),
    ),
    AccessibilityFact(
        "hearing_loop",
        _("hearing loop"),
        _("There is a hearing loop."),
        _("There is no hearing loop."),
    ),
    AccessibilityFact(
        "sign_language",
        _("sign-language interpreter on request"),
        _("A sign-language interpreter is available on request."),
        _("No sign-language interpreter is available."),
    ),
    AccessibilityFact(
        "quiet_room",
        _("quiet room"),
        _("There is a quiet room."),
        _("There is no quiet room."),
    ),
    AccessibilityFact(
        "seating",
        _("seating"),
        _("There is seating."),
        _("There is no seating."),
    ),
)


def fact_field(fact):
    return models.CharField(
        verbose_name=fact.label, max_length=8, choices=Fact.choices, default=Fact.UNKNOWN
    )


def fact_note_field(fact):
    return models.CharField(
        verbose_name=_("note"),
        max_length=255,
        blank=True,
        help_text=_("Optional, for example “via the side entrance on the left”."),
    )


def fact_panels():
    return [
        FieldRowPanel([FieldPanel(fact.name), FieldPanel(f"{fact.name}_note")], heading=fact.label)
        for fact in ACCESSIBILITY_FACTS
    ]


class Venue(SluggedSnippet):
    """A place where events take place, chosen on events instead of typing its address."""

    street = models.CharField(verbose_name=_("street and number"), max_length=255, blank=True)
    postcode = models.CharField(verbose_name=_("postcode"), max_length=16, blank=True)
    city = models.CharField(verbose_name=_("city"), max_length=255)
    meeting_point = models.TextField(
        verbose_name=_("meeting-point notes"),
        blank=True,
        help_text=_("For example “report at the desk in the central hall”."),
    )
    latitude = models.DecimalField(
        verbose_name=_("latitude"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
        help_text=_("Optional, in decimal degrees, for example 52.089444."),
    )
    longitude = models.DecimalField(
        verbose_name=_("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
        help_text=_("Optional, in decimal degrees, for example 5.110833."),
    )
    public_transport = models.TextField(verbose_name=_("public transport"), blank=True)
    parking = models.TextField(verbose_name=_("parking"), blank=True)

    step_free_entrance = fact_field(ACCESSIBILITY_FACTS[0])
    step_free_entrance_note = fact_note_field(ACCESSIBILITY_FACTS[0])
    accessible_toilet = fact_field(ACCESSIBILITY_FACTS[1])
    accessible_toilet_note = fact_note_field(ACCESSIBILITY_FACTS[1])
    hearing_loop = fact_field(ACCESSIBILITY_FACTS[2])
    hearing_loop_note = fact_note_field(ACCESSIBILITY_FACTS[2])
    sign_language = fact_field(ACCESSIBILITY_FACTS[3])
    sign_language_note = fact_note_field(ACCESSIBILITY_FACTS[3])
    quiet_room = fact_field(ACCESSIBILITY_FACTS[4])
    quiet_room_note = fact_note_field(ACCESSIBILITY_FACTS[4])
    seating = fact_field(ACCESSIBILITY_FACTS[5])
    seating_note = fact_note_field(ACCESSIBILITY_FACTS[5])

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        MultiFieldPanel(
            [
                FieldPanel("street"),
                FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")]),
                FieldPanel("meeting_point"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Address"),
        ),
        MultiFieldPanel(
            [FieldPanel("public_transport"), FieldPanel("parking")], heading=_("Getting there")
        ),
        MultiFieldPanel(fact_panels(), heading=_("Accessibility")),
    ]
    search_fields = [*SluggedSnippet.search_fields, index.SearchField("city")]

    # What every translation shows alike: calendars, listings and addresses read these.
    SYNCHRONISED = (
        "name",
        "slug",
        "street",
        "postcode",
        "city",
        "latitude",
        "longitude",
        *(fact.name for fact in ACCESSIBILITY_FACTS),
    )
    # What an event's LOCATION is made of: a change raises the SEQUENCE of its events.
    LOCATION = ("name", "street", "postcode", "city")

    translatable_fields = [
        *[SynchronizedField(name) for name in SYNCHRONISED],
        TranslatableField("meeting_point"),
        TranslatableField("public_transport"),
        TranslatableField("parking"),
        *[TranslatableField(f"{fact.name}_note") for fact in ACCESSIBILITY_FACTS],
    ]

    def save(self, *args, **kwargs):
        self.postcode = validation.normalise_postcode(self.postcode)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if self.postcode and not validation.POSTCODE_RE.match(self.postcode):
            errors["postcode"] = _("Enter a Dutch postcode such as 3561 GE.")
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude" if self.longitude is None else "latitude"] = _(
                "Enter both latitude and longitude, or neither."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None

    def get_known_facts(self):
        """Return the accessibility facts that are known (yes or no): [{fact, value, text,
        note}]. An unknown fact is left out: the page claims nothing about it."""
        known = []
        for fact in ACCESSIBILITY_FACTS:
            value = getattr(self, fact.name)
            if value == Fact.UNKNOWN:
                continue
            known.append(
                {
                    "fact": fact,
                    "value": value == Fact.YES,
                    "text": fact.yes if value == Fact.YES else fact.no,
                    "note": getattr(self, f"{fact.name}_note"),
                }
            )
        return known

    class Meta(SluggedSnippet.Meta):
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="cms_events_venue_slug_locale")
        ]


# Organisers


phone_validator = RegexValidator(
    r"^\+?[0-9 ()-]{6,24}$", _("Enter a phone number such as 030 286 00 00 or +31 30 286 00 00.")
)


class Organiser(SluggedSnippet):
    """Who organises events: chosen on events instead of typing the name every time."""

    website = models.URLField(verbose_name=_("website"), blank=True)
    email = models.EmailField(verbose_name=_("email address"), blank=True)
    phone = models.CharField(
        verbose_name=_("phone number"), max_length=24, blank=True, validators=[phone_validator]
    )
    description = models.TextField(
        verbose_name=_("description"),
        blank=True,
        help_text=_("Optional, shown on the organiser's page."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("website"),
        FieldRowPanel([FieldPanel("email"), FieldPanel("phone")], heading=_("Contact")),
        FieldPanel("description"),
    ]

    SYNCHRONISED = ("name", "slug", "website", "email", "phone")

    translatable_fields = [
        *[SynchronizedField(name) for name in SYNCHRONISED],
        TranslatableField("description"),
    ]

    class Meta(SluggedSnippet.Meta):
        verbose_name = _("organiser")
        verbose_name_plural = _("organisers")
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="cms_events_organiser_slug_locale"
            )
        ]


# Themes and audiences


class Theme(SluggedSnippet):
    """A theme of events, such as “Werk en inkomen”."""

    panels = [FieldPanel("name"), FieldPanel("slug")]
    SYNCHRONISED = ("slug",)
    translatable_fields = [TranslatableField("name"), SynchronizedField("slug")]

    class Meta(SluggedSnippet.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="cms_events_theme_slug_locale")
        ]


class Audience(SluggedSnippet):
    """A group events are meant for, such as “Ondernemers”."""

    panels = [FieldPanel("name"), FieldPanel("slug")]
    SYNCHRONISED = ("slug",)
    translatable_fields = [TranslatableField("name"), SynchronizedField("slug")]

    class Meta(SluggedSnippet.Meta):
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="cms_events_audience_slug_locale"
            )
        ]


def localized_entries(entries, locale_id):
    """Return `entries` (snippets chosen on an event) in locale `locale_id` where translated,
    in their order, with one query for the translations (none when all are in it already)."""
    entries = list(entries)
    if locale_id is None or not entries:
        return entries
    missing = {entry.translation_key for entry in entries if entry.locale_id != locale_id}
    if not missing:
        return entries
    model = type(entries[0])
    found = {
        entry.translation_key: entry
        for entry in model.objects.filter(translation_key__in=missing, locale_id=locale_id)
    }
    return [found.get(entry.translation_key, entry) for entry in entries]


# Where an event takes place


@dataclass(frozen=True)
class Place:
    """Where an event takes place: its venue's name and address when it has a venue, else the
    free-text fields of the event. Every output reads it (`EventPageMixin.place`)."""

    name: str
    street: str
    postcode: str
    city: str
    meeting_point: str
    venue: Venue | None = field(default=None, repr=False, compare=False)

    @property
    def has_address(self):
        return bool(self.name or self.street or self.city)

    @property
    def postcode_city(self):
        return f"{self.postcode} {self.city}".strip()


@dataclass(frozen=True)
class OrganiserInfo:
    """Who organises an event: the chosen organiser, else the free-text name and website."""

    name: str
    url: str
    organiser: Organiser | None = field(default=None, repr=False, compare=False)
