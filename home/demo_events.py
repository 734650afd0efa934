"""The demo events, built in code: both example pages from the seeds and a few upcoming ones.

Each function returns the field values of one event page. Times are Dutch wall-clock times.
"""

import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

from cms_events.calendar.recurrence import public_holidays
from cms_events.models import RegistrationFormField, SeriesDateChange


def question(label, field_type="singleline", *, required=True, choices="", help_text=""):
    return RegistrationFormField(
        label=label, field_type=field_type, required=required, choices=choices, help_text=help_text
    )


def ensure_root_page():
    """Return the tree's root, recreating it (and the default locale) after a flush."""
    root = Page.get_first_root_node()
    if root is None:
        Locale.objects.get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    return root


def local(day, hour, minute=0):
    """Return an aware datetime in the site's time zone."""
    naive = datetime.combine(day, time(hour, minute))
    return timezone.make_aware(naive, timezone.get_default_timezone())


def paragraph(text):
    return {"type": "paragraph", "value": f"<p>{text}</p>", "id": str(uuid.uuid4())}


def note(text):
    return {"type": "note", "value": f"<p>{text}</p>", "id": str(uuid.uuid4())}


def speaker(name, role="", organisation="", kind="person"):
    return {
        "type": "item",
        "value": {"kind": kind, "name": name, "role": role, "organisation": organisation},
        "id": str(uuid.uuid4()),
    }


def item(start, title, *, end=None, description="", speakers=(), subthemes=(), after=""):
    return {
        "type": "item",
        "value": {
            "start": start,
            "end": end,
            "title": title,
            "speakers": list(speakers),
            "description": f"<p>{description}</p>" if description else "",
            "subthemes": [
                {"type": "item", "value": theme, "id": str(uuid.uuid4())} for theme in subthemes
            ],
            "subthemes_note": after,
        },
        "id": str(uuid.uuid4()),
    }


def session(title, description="", host="", capacity=None):
    return {
        "type": "item",
        "value": {"title": title, "description": description, "host": host, "capacity": capacity},
        "id": str(uuid.uuid4()),
    }


def session_round(start, end, title, sessions, description=""):
    return {
        "type": "session_round",
        "value": {
            "start": start,
            "end": end,
            "title": title,
            "description": description,
            "sessions": list(sessions),
        },
        "id": str(uuid.uuid4()),
    }


def politiek_cafe():
    """The association's Politiek Café of 21 September 2023 (seed 000)."""
    day = date(2023, 9, 21)
    return {
        "title": "Divosa Politiek Café",
        "slug": "divosa-politiek-cafe",
        "start": local(day, 14),
        "end": local(day, 17),
        "venue_name": "Divosa",
        "street": "Aidadreef 8",
        "postcode": "3561 GE",
        "city": "Utrecht",
        "organiser": "Divosa",
        # The association writes “je”; the site's fixed texts follow it on this page.
        "form_of_address": "je",
        "audience": (
            "Deze bijeenkomst is bedoeld voor leden van Divosa (leidinggevenden in het "
            "gemeentelijk sociaal domein) en hun medewerkers."
        ),
        "participation": (
            "Deze bijeenkomst is bedoeld voor gemeentelijk leidinggevenden, "
            "beleidsmedewerkers en (financieel) adviseurs sociaal domein."
        ),
        # The seed says “Deelname is gratis.”
        "cost": "free",
        "intro": (
            "Op 22 november gaat Nederland naar de stembus. Voor het sociaal domein staat er "
            "veel op het spel. Divosa voert een uitgebreide lobby in aanloop naar de "
            "verkiezingen en de formatie, waar we onze leden actief bij betrekken. Het Divosa "
            "Politiek Café op 21 september is een van de momenten waarop dat gebeurt. Welke "
            "belangen van leden moet Divosa zeker behartigen? Je bent van harte uitgenodigd om "
            "mee te denken."
        ),
        "body": [
            paragraph(
                "Twee dagen na Prinsjesdag maken we allereerst de balans op voor het gemeentelijk "
                "sociaal domein. We bespreken in het Politiek Café de plannen en budgetten van "
                "het demissionaire kabinet. Wat is de impact daarvan op het sociaal domein?"
            ),
            paragraph(
                "Vervolgens richten we ons op de aanloop naar de formatie van de nieuwe "
                "regering. Divosa behartigt de belangen van haar leden. Samen met jullie "
                "formuleren we onze boodschap richting politiek. Divosa maakt zich met name sterk "
                "voor bestaanszekerheid, kansengelijkheid en een betrouwbare overheid, waarbij "
                "gemeenten kunnen rekenen op de goede hulp in het sociaal domein. We horen ook "
                "graag wat jullie belangrijk vinden en wat in onze verkiezingsboodschap absoluut "
                "niet mag ontbreken."
            ),
        ],
        "program": [
            item(
                "14:00:00",
                "Welkom door dagvoorzitter",
                speakers=[speaker("Kim Houben", "procesmanager bestaanszekerheid", "Divosa")],
            ),
            item(
                "14:05:00",
                "Inleiding",
                speakers=[speaker("Erik Dannenberg", "voorzitter van Divosa")],
                description=(
                    "Wat staat er in de Miljoenennota met betrekking tot het gemeentelijk sociaal "
                    "domein? Wat zijn de gevolgen en wat vinden we daarvan?"
                ),
            ),
            item(
                "14:30:00",
                "Subsessies",
                description=(
                    "In aanloop naar de formatie formuleert Divosa op drie thema’s een boodschap "
                    "waarin ze de belangen van leden behartigt. Om deze boodschappen te "
                    "verstevigen en te laden kun je meedenken met bestuursleden en medewerkers "
                    "van Divosa en andere gemeenten in een van de drie subsessies over:"
                ),
                subthemes=["Bestaanszekerheid", "Kansengelijkheid", "Betrouwbare overheid"],
                after="Reken op een open dialoog met veel ruimte voor vragen van deelnemers.",
            ),
            item(
                "15:30:00",
                "Plenaire terugkoppeling",
                description="Plenair bespreken we de belangrijkste conclusies uit de subsessies.",
            ),
            item(
                "16:00:00",
                "Borrel",
                description=(
                    "De bar van het Politiek Café is geopend en er is ruimte om verder met elkaar "
                    "in gesprek te gaan onder het genot van een drankje en hapje."
                ),
            ),
        ],
        "replaces_name": "Divosa Prinsjesdagcafé",
        "status_change": {
            "status": "cancelled",
            "headline": "De bijeenkomst gaat niet door",
            "body": "Wegens te weinig aanmeldingen gaat deze bijeenkomst niet door.",
            # The seed does not date its update; a week before the event is plausible.
            "date": local(date(2023, 9, 14), 10),
        },
    }


def utrecht_program(rounds_sessions, capacity=None):
    """Return the municipality's program, with the sessions of both rounds."""
    first, second = rounds_sessions
    return [
        note(
            "Na een gezamenlijke aftrap gaan we in kleinere groepen in gesprek. Er zijn twee "
            "gespreksrondes van ieder 45 minuten. U kunt in de aanmelding een voorkeur voor "
            "twee sessies opgeven."
        ),
        note("Het programma ziet er als volgt uit:"),
        item("14:30:00", "Inloop"),
        item("15:00:00", "Start programma met een gezamenlijke aftrap"),
        session_round(
            "15:30:00",
            "16:15:00",
            "Ronde 1 van de werksessies",
            [session(*spec, capacity=capacity) for spec in first],
            description="Een toelichting op de sessies staat hieronder.",
        ),
        item("16:15:00", "Pauze"),
        session_round(
            "16:45:00",
            "17:30:00",
            "Ronde 2 van de werksessies",
            [session(*spec, capacity=capacity) for spec in second],
        ),
        item("17:30:00", "Napraten met een drankje"),
        note(
            "Tijdens de inloop, de pauze en het napraten is er gelegenheid om nog wat "
            "invullende informatie op te doen en natuurlijk om te netwerken."
        ),
    ]


# The seed names the subjects of the day but not the sessions (they were in an attachment);
# these titles are taken from the subjects the invitation itself names.
UTRECHT_SESSIONS = [
    ("Beleidsnota’s en visie sociaal domein", "De samenhangende beleidsnota’s en de visie."),
    ("Nieuwe uitvraag sociaal domein", "Hoe de gemeente de nieuwe uitvraag voorbereidt."),
    ("Landelijke akkoorden in Utrecht", "Hoe landelijke akkoorden het Utrechtse beleid steunen."),
    ("Omgaan met schaarste", "Minder geld, tekort aan personeel en betaalbare woonruimte."),
]


def utrecht_common():
    return {
        "audience_label": "invitees",
        "audience": "Maatschappelijke partners sociaal domein Utrecht",
        "goal": "Informeren, toetsen en input ophalen",
        "venue_name": "Stadskantoor",
        "city": "Utrecht",
        "meeting_point": "centrale hal rechts bij de liften",
        "organiser": "Gemeente Utrecht",
        # The invitation says nothing about costs: the page does not either.
        "cost": "not_stated",
        "intro": (
            "Hoe blijft de gemeente Utrecht ook in de toekomst een gezonde stad waar iedereen "
            "kan meedoen?"
        ),
        "body": [
            paragraph(
                "Sinds de decentralisaties in 2015 zijn er in Utrecht in het sociaal domein grote "
                "stappen gezet. Toch zien we ook dat de scheidslijnen in de stad toenemen. We "
                "hebben te maken met verschillende schaarsten, zoals minder geld, tekort aan "
                "personeel en een gebrek aan betaalbare woonruimte. Ook neemt de vraag naar zorg "
                "en ondersteuning toe."
            ),
            paragraph(
                "De gemeente Utrecht ontwikkelt op het moment een aantal met elkaar "
                "samenhangende beleidsnota’s en een visie. Ook werkt de gemeente aan een nieuwe "
                "uitvraag in het sociaal domein. Daarbij kijken we goed hoe de verschillende "
                "landelijke akkoorden het Utrechtse beleid kunnen ondersteunen. We vinden het "
                "belangrijk om met onze partners in de stad en in de wijk in gesprek te gaan en "
                "jullie te informeren over deze ontwikkelingen. Met elkaar maken we concreet hoe "
                "ons Utrechtse beleid kan bijdragen aan een sociale stad voor iedereen. Daarom "
                "organiseren we een brede bijeenkomst met partner- en inwonersorganisaties. We "
                "nodigen u daarvoor graag uit!"
            ),
        ],
        "signature_name": "Ronald Venderbosch",
        "signature_role": "Directeur Gezond Stedelijk Leven voor Iedereen, gemeente Utrecht",
    }


def utrecht_invitation():
    """The municipality's invitation of 29 August 2023 (seed 003)."""
    day = date(2023, 8, 29)
    sessions = [UTRECHT_SESSIONS, UTRECHT_SESSIONS]
    return {
        **utrecht_common(),
        "title": "Uitnodiging: ‘Samen werken aan een sociaal en gezond Utrecht’",
        "slug": "samen-werken-aan-een-sociaal-en-gezond-utrecht",
        "start": local(day, 15),
        "end": local(day, 18),
        "walk_in_time": time(14, 30),
        "program": utrecht_program(sessions),
        "closing_text": "We zien ernaar uit om elkaar op 29 augustus te ontmoeten!",
    }


def utrecht_sample(today):
    """A sample modelled on the invitation, about a year ahead, with session capacities."""
    day = next_weekday(today + timedelta(days=365), weekday=1)
    return {
        **utrecht_common(),
        "title": "Voorbeeld: Samen werken aan een sociaal en gezond Utrecht",
        "slug": "voorbeeld-samen-werken-aan-een-sociaal-en-gezond-utrecht",
        "start": local(day, 15),
        "end": local(day, 18),
        "walk_in_time": time(14, 30),
        "program": utrecht_program([UTRECHT_SESSIONS, UTRECHT_SESSIONS], capacity=20),
        "closing_text": "Dit is een voorbeeldevenement van de demosite.",
        "registration_mode": "form",
        "capacity": 80,
        "registration_intro": (
            "Voor een goede voorbereiding vragen wij u om u zo snel mogelijk aan te melden. "
            "U kunt dan ook een voorkeur opgeven voor de sessies waar u aan wilt deelnemen."
        ),
        "form_fields": [
            question("Organisatie"),
            question("Functie", required=False),
            question(
                "Voorkeur werksessies",
                "session_preferences",
                help_text=(
                    "Kies per ronde twee verschillende sessies. We delen u zo veel mogelijk in "
                    "bij uw eerste keuze, en nooit twee keer bij hetzelfde onderwerp."
                ),
            ),
            question(
                "Dieetwensen of toegankelijkheid",
                "multiline",
                required=False,
                help_text="Laat het ons weten als we ergens rekening mee kunnen houden.",
            ),
        ],
    }


def next_weekday(day, weekday):
    """Return the first date on or after `day` that falls on `weekday` (Monday is 0)."""
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def upcoming_samples(today):
    """A few more upcoming sample events: an afternoon, a multi-day congress, an online one."""
    afternoon = next_weekday(today + timedelta(days=21), weekday=3)
    congress = next_weekday(today + timedelta(days=120), weekday=3)
    webinar = next_weekday(today + timedelta(days=45), weekday=1)
    return [
        {
            "title": "Voorbeeld: Inspiratiemiddag bestaanszekerheid",
            "slug": "voorbeeld-inspiratiemiddag-bestaanszekerheid",
            "start": local(afternoon, 13, 30),
            # An open end: the afternoon ends with drinks, “vanaf 13.30 uur”.
            "end": None,
            "walk_in_time": time(13),
            "venue_name": "Wijkcentrum De Leeuw",
            "street": "Lange Nieuwstraat 10",
            "postcode": "3512 PH",
            "city": "Utrecht",
            "organiser": "Voorbeeldvereniging",
            "audience": "Beleidsmedewerkers en uitvoerders in het sociaal domein.",
            "participation": "Leden en niet-leden zijn welkom.",
            "cost": "free",
            "intro": "Een middag vol praktijkvoorbeelden over bestaanszekerheid in de wijk.",
            "registration_mode": "form",
            "capacity": 30,
            "form_fields": [
                question("Organisatie"),
                question(
                    "Ik kom naar",
                    "radio",
                    choices="Het hele programma\nAlleen de gesprekstafels",
                ),
            ],
            "program": [
                item("13:30:00", "Welkom", end="13:45:00"),
                item(
                    "13:45:00",
                    "Praktijkverhalen",
                    end="15:15:00",
                    speakers=[speaker("Sanne de Vries", "wijkcoach", "Voorbeeldgemeente")],
                ),
                item("15:30:00", "Gesprekstafels", end="16:30:00"),
                item("16:30:00", "Borrel"),
            ],
        },
        {
            "title": "Voorbeeld: Congres sociaal domein",
            "slug": "voorbeeld-congres-sociaal-domein",
            "start": local(congress, 9, 30),
            "end": local(congress + timedelta(days=1), 16, 30),
            # The venue is not booked yet; the region is known.
            "location_to_follow": True,
            "city": "Utrecht",
            "organiser": "Voorbeeldvereniging",
            "audience": "Iedereen die werkt in het sociaal domein.",
            "cost": "price",
            "price": Decimal("195.00"),
            "price_note": "inclusief lunch op beide dagen",
            "intro": "Twee dagen lezingen, werksessies en ontmoetingen.",
            "program": [
                item(
                    "09:30:00",
                    "Opening",
                    speakers=[speaker("Jan Jansen", "voorzitter", "Voorbeeldvereniging")],
                ),
                item(
                    "10:00:00",
                    "Wat de cliëntenraden zien",
                    speakers=[
                        speaker(
                            "Landelijke Cliëntenraad",
                            "adviesorgaan van cliënten in werk en inkomen",
                            kind="organisation",
                        )
                    ],
                ),
            ],
            "registration_mode": "external",
            "external_registration_url": "https://example.org/congres/aanmelden",
        },
        {
            "title": "Voorbeeld: Webinar nieuwe wetgeving",
            "slug": "voorbeeld-webinar-nieuwe-wetgeving",
            "start": local(webinar, 10),
            "end": local(webinar, 11, 30),
            "online_url": "https://example.org/webinar",
            "organiser": "Voorbeeldvereniging",
            "audience": "Juristen en beleidsmedewerkers.",
            "cost": "free",
            "intro": "Een webinar van anderhalf uur over de wetgeving die op 1 januari ingaat.",
        },
    ]


def demo_mondays(today, number):
    """Return the next `number` Mondays after `today` that are not Dutch public holidays."""
    holidays_ = public_holidays([today.year, today.year + 1])
    monday, found = next_weekday(today + timedelta(days=1), weekday=0), []
    while len(found) < number:
        if monday not in holidays_:
            found.append(monday)
        monday += timedelta(days=7)
    return found


def weekly_drop_in(today):
    """A library's weekly drop-in: every Monday morning, not on public holidays, with
    registration per date; one date has a theme and a speaker, one is called off."""
    first = next_weekday(today - timedelta(days=28), weekday=0)
    _next, themed, called_off = demo_mondays(today, 3)
    return {
        "title": "Voorbeeld: Digicafé in de bibliotheek",
        "slug": "voorbeeld-digicafe",
        "start": local(first, 10),
        "end": local(first, 11, 30),
        "repeat": "weekly",
        "repeat_weekdays": "0",
        "skip_public_holidays": True,
        "venue_name": "Bibliotheek Neude",
        "street": "Neude 11",
        "postcode": "3512 AE",
        "city": "Utrecht",
        "organiser": "Voorbeeldbibliotheek",
        "audience": "Iedereen die hulp wil bij de computer, tablet of telefoon.",
        "cost": "free",
        "intro": (
            "Loop binnen met uw vragen over de computer, tablet of telefoon. Vrijwilligers "
            "helpen u op weg. Meld u aan voor een datum, zodat we genoeg hulp hebben."
        ),
        "registration_mode": "form",
        "registration_per_date": True,
        "capacity": 12,
        "date_changes": [
            SeriesDateChange(
                date=themed,
                subtitle="Veilig internetbankieren",
                speaker="Fatima El Amrani (Seniorweb)",
                text=(
                    "Een vrijwilliger van Seniorweb laat zien hoe u veilig bankiert en "
                    "nepberichten herkent. Neem uw eigen telefoon of tablet mee."
                ),
            ),
            SeriesDateChange(
                date=called_off,
                status="cancelled",
                text="De bibliotheek is die ochtend gesloten voor een studiedag.",
            ),
        ],
    }


# Events dated from the day the demo is loaded, and dated again on every load, so that the
# index's date filters (“Vandaag”, “Morgen”, “Dit weekend”) always find something.
ROLLING_SLUGS = (
    "voorbeeld-buurtavond-geldzaken",
    "voorbeeld-informatieavond-mantelzorg",
    "voorbeeld-repaircafe",
)


def rolling_dates(today):
    """Return {slug: (start, end)} of the rolling events for the day `today`: this evening
    (an open end: it lasts the day), tomorrow evening, and the last day of this weekend
    (today on a Sunday; an open end again, so it still counts later that day)."""
    tomorrow = today + timedelta(days=1)
    sunday = today + timedelta(days=6 - today.weekday())
    return {
        ROLLING_SLUGS[0]: (local(today, 19), None),
        ROLLING_SLUGS[1]: (local(tomorrow, 19, 30), local(tomorrow, 21)),
        ROLLING_SLUGS[2]: (local(sunday, 10), None),
    }


def rolling_samples(today):
    """Three small events close to `today` (see `rolling_dates`)."""
    dates = rolling_dates(today)
    return [
        {
            "title": "Voorbeeld: Buurtavond geldzaken",
            "slug": ROLLING_SLUGS[0],
            "start": dates[ROLLING_SLUGS[0]][0],
            "end": None,
            "venue_name": "Wijkcentrum De Leeuw",
            "street": "Lange Nieuwstraat 10",
            "postcode": "3512 PH",
            "city": "Utrecht",
            "audience": "Buurtbewoners met vragen over geld, toeslagen en schulden.",
            "cost": "free",
            "intro": "Stel uw vragen over geldzaken aan de buurtconsulenten. Binnenlopen kan.",
        },
        {
            "title": "Voorbeeld: Informatieavond mantelzorg",
            "slug": ROLLING_SLUGS[1],
            "start": dates[ROLLING_SLUGS[1]][0],
            "end": dates[ROLLING_SLUGS[1]][1],
            "venue_name": "Bibliotheek Neude",
            "street": "Neude 11",
            "postcode": "3512 AE",
            "city": "Utrecht",
            "organiser": "Voorbeeldvereniging",
            "audience": "Mantelzorgers en wie het wil worden.",
            "cost": "free",
            "intro": "Wat kunt u regelen als u voor een naaste zorgt? Een avond met uitleg.",
        },
        {
            "title": "Voorbeeld: Repaircafé",
            "slug": ROLLING_SLUGS[2],
            "start": dates[ROLLING_SLUGS[2]][0],
            "end": None,
            "venue_name": "Wijkcentrum De Leeuw",
            "street": "Lange Nieuwstraat 10",
            "postcode": "3512 PH",
            "city": "Utrecht",
            "audience": "Iedereen met iets kapots.",
            "cost": "not_stated",
            "intro": "Vrijwilligers repareren samen met u kleding, lampen en fietsen.",
        },
    ]
