"""An English version of demo pages, made with wagtail-localize as a translator would.

For each page a `Translation` is started, every source string gets its English text as a
`StringTranslation` (what the translation editor stores), and the translation is published
with `save_target`. Times, place, status and registration settings come from the Dutch page.
"""

from django.db import transaction
from wagtail.models import Locale
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

ENGLISH = "en"


def source_strings(instance):
    """Return the (context path, text) of every string wagtail-localize extracts from `instance`."""
    source, _created = TranslationSource.get_or_create_from_instance(instance)
    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    return [(segment.context.path, segment.string.data) for segment in segments.order_by("order")]


@transaction.atomic
def translate(instance, texts, locale_code=ENGLISH):
    """Translate `instance` into `locale_code` with `texts` ({Dutch text: English text}) and
    publish it; return the translated page. Strings without an entry keep the Dutch text."""
    locale, _created = Locale.objects.get_or_create(language_code=locale_code)
    source, _created = TranslationSource.get_or_create_from_instance(instance)
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    for segment in segments:
        english = texts.get(segment.string.data)
        if english is None:
            continue
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={
                "data": english,
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
            },
        )
    # wagtail-localize publishes on commit, from a revision taken before any child page exists;
    # publishing that late would reset the page's child count. Save a draft, publish it now.
    translation.save_target(publish=False)
    target = instance.get_translation(locale)
    target.get_latest_revision().publish()
    return target.specific


# The demo's English version of the municipality-style sample event, and of the pages above it.
HOME_AND_INDEX = {
    "Evenementen": "Events",
    "home": "home",
    "Bijeenkomsten, werksessies en cafés: meld je aan of zet ze in je agenda.": (
        "Meetings, work sessions and cafés: register, or add them to your calendar."
    ),
    "Agenda": "Calendar",
    "agenda": "calendar",
    "Alle bijeenkomsten op een rij. Afgelopen bijeenkomsten staan in het archief.": (
        "All meetings at a glance. Past meetings are in the archive."
    ),
}

SESSIONS = {
    "Beleidsnota’s en visie sociaal domein": "Policy papers and vision for the social domain",
    "De samenhangende beleidsnota’s en de visie.": "The related policy papers and the vision.",
    "Nieuwe uitvraag sociaal domein": "New tender for the social domain",
    "Hoe de gemeente de nieuwe uitvraag voorbereidt.": (
        "How the municipality prepares the new tender."
    ),
    "Landelijke akkoorden in Utrecht": "National agreements in Utrecht",
    "Hoe landelijke akkoorden het Utrechtse beleid steunen.": (
        "How national agreements support Utrecht's policy."
    ),
    "Omgaan met schaarste": "Dealing with scarcity",
    "Minder geld, tekort aan personeel en betaalbare woonruimte.": (
        "Less money, staff shortages and affordable housing."
    ),
}

UTRECHT_SAMPLE = {
    "Voorbeeld: Samen werken aan een sociaal en gezond Utrecht": (
        "Example: Working together for a social and healthy Utrecht"
    ),
    "voorbeeld-samen-werken-aan-een-sociaal-en-gezond-utrecht": (
        "example-working-together-for-a-social-and-healthy-utrecht"
    ),
    "centrale hal rechts bij de liften": "central hall, on the right by the lifts",
    "Maatschappelijke partners sociaal domein Utrecht": (
        "Community partners in Utrecht's social domain"
    ),
    "Informeren, toetsen en input ophalen": "To inform, test ideas and gather input",
    "Hoe blijft de gemeente Utrecht ook in de toekomst een gezonde stad waar iedereen kan "
    "meedoen?": "How does Utrecht remain a healthy city in which everyone can take part?",
    "Sinds de decentralisaties in 2015 zijn er in Utrecht in het sociaal domein grote stappen "
    "gezet. Toch zien we ook dat de scheidslijnen in de stad toenemen. We hebben te maken met "
    "verschillende schaarsten, zoals minder geld, tekort aan personeel en een gebrek aan "
    "betaalbare woonruimte. Ook neemt de vraag naar zorg en ondersteuning toe.": (
        "Since the decentralisations of 2015, Utrecht has taken big steps in the social domain. "
        "Yet we also see the dividing lines in the city grow. We face several kinds of "
        "scarcity, such as less money, staff shortages and a lack of affordable housing. The "
        "demand for care and support is rising too."
    ),
    "De gemeente Utrecht ontwikkelt op het moment een aantal met elkaar samenhangende "
    "beleidsnota’s en een visie. Ook werkt de gemeente aan een nieuwe uitvraag in het sociaal "
    "domein. Daarbij kijken we goed hoe de verschillende landelijke akkoorden het Utrechtse "
    "beleid kunnen ondersteunen. We vinden het belangrijk om met onze partners in de stad en "
    "in de wijk in gesprek te gaan en jullie te informeren over deze ontwikkelingen. Met "
    "elkaar maken we concreet hoe ons Utrechtse beleid kan bijdragen aan een sociale stad "
    "voor iedereen. Daarom organiseren we een brede bijeenkomst met partner- en "
    "inwonersorganisaties. We nodigen u daarvoor graag uit!": (
        "The municipality of Utrecht is developing a number of related policy papers and a "
        "vision. It is also working on a new tender in the social domain, looking closely at "
        "how national agreements can support Utrecht's policy. We want to talk with our "
        "partners in the city and in the neighbourhoods and keep you informed. Together we "
        "make concrete how Utrecht's policy can contribute to a social city for everyone. "
        "That is why we are organising a broad meeting with partner and residents' "
        "organisations, and we would like to invite you!"
    ),
    "Na een gezamenlijke aftrap gaan we in kleinere groepen in gesprek. Er zijn twee "
    "gespreksrondes van ieder 45 minuten. U kunt in de aanmelding een voorkeur voor twee "
    "sessies opgeven.": (
        "After a joint kick-off we talk in smaller groups, in two rounds of 45 minutes each. "
        "When you register, you can state your preferences for the sessions."
    ),
    "Het programma ziet er als volgt uit:": "The programme:",
    "Inloop": "Walk-in",
    "Start programma met een gezamenlijke aftrap": "Start of the programme with a joint kick-off",
    "Ronde 1 van de werksessies": "Work sessions, round 1",
    "Een toelichting op de sessies staat hieronder.": "The sessions are described below.",
    "Pauze": "Break",
    "Ronde 2 van de werksessies": "Work sessions, round 2",
    "Napraten met een drankje": "Drinks and conversation",
    "Tijdens de inloop, de pauze en het napraten is er gelegenheid om nog wat invullende "
    "informatie op te doen en natuurlijk om te netwerken.": (
        "The walk-in, the break and the drinks are a chance to pick up more information and, "
        "of course, to network."
    ),
    "Dit is een voorbeeldevenement van de demosite.": "This is a sample event of the demo site.",
    "Directeur Gezond Stedelijk Leven voor Iedereen, gemeente Utrecht": (
        "Director of Healthy Urban Living for Everyone, municipality of Utrecht"
    ),
    "Voor een goede voorbereiding vragen wij u om u zo snel mogelijk aan te melden. U kunt "
    "dan ook een voorkeur opgeven voor de sessies waar u aan wilt deelnemen.": (
        "To help us prepare, please register as soon as possible. You can also state which "
        "sessions you would like to join."
    ),
    "Organisatie": "Organisation",
    "Functie": "Position",
    "Voorkeur werksessies": "Work session preferences",
    "Kies per ronde twee verschillende sessies. We delen u zo veel mogelijk in bij uw eerste "
    "keuze, en nooit twee keer bij hetzelfde onderwerp.": (
        "Choose two different sessions per round. We place you in your first choice wherever "
        "we can, and never twice in the same subject."
    ),
    "Dieetwensen of toegankelijkheid": "Dietary needs or accessibility",
    "Laat het ons weten als we ergens rekening mee kunnen houden.": (
        "Let us know if there is anything we should take into account."
    ),
    **SESSIONS,
}


def translate_demo(event):
    """Publish the English version of `event` and of the pages above it, unless it exists."""
    if event.get_translations().filter(locale__language_code=ENGLISH).exists():
        return None
    index = event.get_parent().specific
    home = index.get_parent().specific
    for page in (home, index):
        if not page.get_translations().filter(locale__language_code=ENGLISH).exists():
            translate(page, HOME_AND_INDEX)
    return translate(event, UTRECHT_SAMPLE)
