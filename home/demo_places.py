"""The demo's venues, organisers, themes and audiences, and which sample events use them.

Built in code and idempotent: each entry is found by its slug in the default language and
made only when missing; an event gets its venue, organiser, themes and audiences only when it
has none yet. The two events from the seeds keep their free-text places, as the invitations
had them; the samples show the reusable entries.
"""

from decimal import Decimal

from django.db import transaction
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from cms_events.models import Audience, Organiser, Theme, Venue

YES, NO = "yes", "no"

VENUES = {
    "stadskantoor-utrecht": {
        "name": "Stadskantoor Utrecht",
        "street": "Stadsplateau 1",
        "postcode": "3521 AZ",
        "city": "Utrecht",
        "meeting_point": "Meld u bij de balie in de centrale hal.",
        "latitude": Decimal("52.089416"),
        "longitude": Decimal("5.107203"),
        "public_transport": "Twee minuten lopen vanaf Utrecht Centraal, uitgang Jaarbeursplein.",
        "parking": "Parkeergarage Jaarbeursplein; twee invalidenparkeerplaatsen bij de ingang.",
        "step_free_entrance": YES,
        "step_free_entrance_note": "Automatische schuifdeuren aan het Stadsplateau.",
        "accessible_toilet": YES,
        "hearing_loop": YES,
        "hearing_loop_note": "In alle vergaderzalen op de eerste verdieping.",
        "sign_language": YES,
        "sign_language_note": "Vraag erom bij uw aanmelding, uiterlijk een week vooraf.",
        "quiet_room": YES,
        "seating": YES,
    },
    "wijkcentrum-de-leeuw": {
        "name": "Wijkcentrum De Leeuw",
        "street": "Lange Nieuwstraat 10",
        "postcode": "3512 PH",
        "city": "Utrecht",
        "meeting_point": "De zaal is op de eerste verdieping.",
        "latitude": Decimal("52.086800"),
        "longitude": Decimal("5.121500"),
        "public_transport": "Bus 2 tot halte Lange Nieuwstraat.",
        "parking": "Betaald parkeren in de straat; beperkt plaats.",
        "step_free_entrance": NO,
        "step_free_entrance_note": "Drie treden bij de ingang, geen hellingbaan.",
        "accessible_toilet": NO,
        "hearing_loop": NO,
        "quiet_room": NO,
        "seating": YES,
    },
}

ORGANISERS = {
    "gemeente-utrecht": {
        "name": "Gemeente Utrecht",
        "website": "https://www.utrecht.nl/",
        "email": "bijeenkomsten@example.org",
        "phone": "030 286 00 00",
        "description": "De gemeente organiseert bijeenkomsten met partners in de stad.",
    },
    "voorbeeldvereniging": {
        "name": "Voorbeeldvereniging",
        "website": "https://example.org/",
        "email": "info@example.org",
        "description": "Een vereniging van professionals in het sociaal domein.",
    },
}

THEMES = {
    "werk-en-inkomen": "Werk en inkomen",
    "bestaanszekerheid": "Bestaanszekerheid",
    "zorg-en-welzijn": "Zorg en welzijn",
    "wetgeving": "Wetgeving",
}
AUDIENCES = {
    "professionals": "Professionals sociaal domein",
    "beleidsmakers": "Beleidsmakers",
    "inwoners": "Inwoners",
}

# The English labels and notes of the entries (through wagtail-localize, as a translator would).
ENGLISH = {
    "Werk en inkomen": "Work and income",
    "Bestaanszekerheid": "Livelihood security",
    "Zorg en welzijn": "Care and wellbeing",
    "Wetgeving": "Legislation",
    "Professionals sociaal domein": "Social-domain professionals",
    "Beleidsmakers": "Policy makers",
    "Inwoners": "Residents",
    "Meld u bij de balie in de centrale hal.": "Report at the desk in the central hall.",
    "Twee minuten lopen vanaf Utrecht Centraal, uitgang Jaarbeursplein.": (
        "A two-minute walk from Utrecht Centraal, exit Jaarbeursplein."
    ),
    "Parkeergarage Jaarbeursplein; twee invalidenparkeerplaatsen bij de ingang.": (
        "Jaarbeursplein car park; two disabled parking spaces at the entrance."
    ),
    "Automatische schuifdeuren aan het Stadsplateau.": "Automatic sliding doors on Stadsplateau.",
    "In alle vergaderzalen op de eerste verdieping.": "In every meeting room on the first floor.",
    "Vraag erom bij uw aanmelding, uiterlijk een week vooraf.": (
        "Ask for one when you register, at least a week ahead."
    ),
}

# Sample event slug: (venue, organiser, themes, audiences)
ATTACHED = {
    "voorbeeld-samen-werken-aan-een-sociaal-en-gezond-utrecht": (
        "stadskantoor-utrecht",
        "gemeente-utrecht",
        ["zorg-en-welzijn", "bestaanszekerheid"],
        ["professionals", "beleidsmakers"],
    ),
    "voorbeeld-inspiratiemiddag-bestaanszekerheid": (
        "wijkcentrum-de-leeuw",
        "voorbeeldvereniging",
        ["bestaanszekerheid", "werk-en-inkomen"],
        ["professionals"],
    ),
    "voorbeeld-congres-sociaal-domein": (
        None,
        "voorbeeldvereniging",
        ["zorg-en-welzijn", "werk-en-inkomen"],
        ["professionals", "beleidsmakers"],
    ),
    "voorbeeld-webinar-nieuwe-wetgeving": (
        None,
        "voorbeeldvereniging",
        ["wetgeving"],
        ["beleidsmakers", "inwoners"],
    ),
    # The events dated from the day of loading (`demo_events.rolling_samples`).
    "voorbeeld-buurtavond-geldzaken": (
        "wijkcentrum-de-leeuw",
        "gemeente-utrecht",
        ["bestaanszekerheid", "werk-en-inkomen"],
        ["inwoners"],
    ),
    "voorbeeld-informatieavond-mantelzorg": (
        None,
        "voorbeeldvereniging",
        ["zorg-en-welzijn"],
        ["inwoners"],
    ),
    "voorbeeld-repaircafe": ("wijkcentrum-de-leeuw", "gemeente-utrecht", [], ["inwoners"]),
}


def ensure(model, slug, fields):
    """Return the entry with `slug` in the default language, made from `fields` if missing,
    and whether it was made."""
    locale = Locale.get_default()
    entry = model.objects.filter(slug=slug, locale=locale).first()
    if entry is not None:
        return entry, False
    entry = model(slug=slug, locale=locale, **fields)
    entry.full_clean(exclude=["translation_key", "locale"])
    entry.save()
    return entry, True


@transaction.atomic
def translate_entry(entry, locale_code="en"):
    """Make the English translation of `entry` with wagtail-localize, unless it exists."""
    locale, _created = Locale.objects.get_or_create(language_code=locale_code)
    if entry.has_translation(locale):
        return None
    source, _created = TranslationSource.get_or_create_from_instance(entry)
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        english = ENGLISH.get(segment.string.data)
        if english is not None:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={
                    "data": english,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                },
            )
    translation.save_target()
    return entry.get_translation(locale)


def ensure_entries():
    """Return {(model, slug): entry} of every demo entry, and how many were made."""
    entries, made = {}, 0
    for model, specs in (
        (Venue, VENUES),
        (Organiser, ORGANISERS),
        (Theme, {slug: {"name": name} for slug, name in THEMES.items()}),
        (Audience, {slug: {"name": name} for slug, name in AUDIENCES.items()}),
    ):
        for slug, fields in specs.items():
            entry, created = ensure(model, slug, fields)
            made += created
            entries[model, slug] = entry
            if model is not Organiser:
                translate_entry(entry)
    return entries, made


def attach(event, entries):
    """Give a sample event its venue, organiser, themes and audiences unless it has some;
    return whether it changed (a new revision is published, as an editor would)."""
    spec = ATTACHED.get(event.slug)
    if spec is None or event.organised_by_id or event.themes.exists():
        return False
    venue, organiser, themes, audiences = spec
    draft = event.get_latest_revision_as_object()
    if venue:
        draft.venue = entries[Venue, venue]
    draft.organised_by = entries[Organiser, organiser]
    draft.themes = [entries[Theme, slug] for slug in themes]
    draft.audiences = [entries[Audience, slug] for slug in audiences]
    draft.save_revision().publish()
    return True
