"""The two example events render every fact of their seed, in Dutch, in the reader's order."""

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


def get_soup(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def facts(soup):
    """Return the facts block as {label: text}."""
    items = soup.select(".event-facts__item")
    return {
        i.dt.get_text(strip=True): " ".join(i.dd.get_text(" ", strip=True).split()) for i in items
    }


def program(soup):
    """Return the program as (time, title, speakers) rows."""
    rows = []
    for entry in soup.select(".program__entry"):
        speakers = [li.get_text(strip=True) for li in entry.select(".program__speakers li")]
        rows.append((entry.select_one(".program__time").get_text(), entry.h3.get_text(), speakers))
    return rows


def test_politiek_cafe_shows_facts_in_dutch(client, demo_site):
    soup = get_soup(client, "/agenda/divosa-politiek-cafe/")
    assert soup.html["lang"] == "nl"
    assert soup.h1.get_text() == "Divosa Politiek Café"
    assert facts(soup) == {
        # Cancelled: the date is struck through and says so in words.
        "Wanneer": "donderdag 21 september 2023, van 14.00 tot 17.00 uur Gaat niet door",
        "Waar": "Divosa Aidadreef 8 3561 GE Utrecht",
        "Voor wie?": (
            "Deze bijeenkomst is bedoeld voor leden van Divosa (leidinggevenden in het "
            "gemeentelijk sociaal domein) en hun medewerkers."
        ),
        "Deelname en kosten": (
            "Deze bijeenkomst is bedoeld voor gemeentelijk leidinggevenden, beleidsmedewerkers "
            "en (financieel) adviseurs sociaal domein. Deelname is gratis."
        ),
        "Organisator": "Divosa",
    }
    assert soup.select_one(".event-facts del time")["datetime"] == "2023-09-21T14:00:00+02:00"


def test_politiek_cafe_program_has_times_speakers_and_subthemes(client, demo_site):
    soup = get_soup(client, "/agenda/divosa-politiek-cafe/")
    assert program(soup) == [
        (
            "14.00 uur",
            "Welkom door dagvoorzitter",
            ["Kim Houben, procesmanager bestaanszekerheid bij Divosa"],
        ),
        ("14.05 uur", "Inleiding", ["Erik Dannenberg, voorzitter van Divosa"]),
        ("14.30 uur", "Subsessies", []),
        ("15.30 uur", "Plenaire terugkoppeling", []),
        ("16.00 uur", "Borrel", []),
    ]
    subthemes = [li.get_text() for li in soup.select(".program__subthemes li")]
    assert subthemes == ["Bestaanszekerheid", "Kansengelijkheid", "Betrouwbare overheid"]
    text = soup.get_text(" ", strip=True)
    assert "Reken op een open dialoog met veel ruimte voor vragen van deelnemers." in text
    assert "Wat staat er in de Miljoenennota" in text


def test_politiek_cafe_says_which_event_it_replaces(client, demo_site):
    soup = get_soup(client, "/agenda/divosa-politiek-cafe/")
    assert soup.select_one(".event__replaces").get_text(" ", strip=True) == (
        "NB. Divosa Politiek Café vervangt het eerder gecommuniceerde Divosa Prinsjesdagcafé."
    )


def test_politiek_cafe_puts_its_cancellation_first_and_invites_nobody(client, demo_site):
    soup = get_soup(client, "/agenda/divosa-politiek-cafe/")
    article = soup.select_one("article.event")
    first = article.select_one("header").find_next_sibling("section")
    assert "status-banner" in first["class"]
    assert first.select_one(".status-badge").get_text() == "Gaat niet door"
    assert first.h2.get_text(strip=True).endswith("De bijeenkomst gaat niet door")
    assert article.select_one(".add-to-calendar") is None
    assert article.select_one(".event__past") is None  # it never took place


def test_politiek_cafe_reads_in_seed_order(client, demo_site):
    soup = get_soup(client, "/agenda/divosa-politiek-cafe/")
    text = soup.select_one("article.event").get_text(" ", strip=True)
    markers = [
        "Wanneer",
        "Waar",
        "Op 22 november",
        "Twee dagen na Prinsjesdag",
        "Programma",
        "Borrel",
        "NB. Divosa Politiek Café",
    ]
    positions = [text.index(m) for m in markers]
    assert positions == sorted(positions)


def test_utrecht_invitation_shows_invitees_goal_walk_in_and_meeting_point(client, demo_site):
    soup = get_soup(client, "/agenda/samen-werken-aan-een-sociaal-en-gezond-utrecht/")
    assert soup.h1.get_text() == "Uitnodiging: ‘Samen werken aan een sociaal en gezond Utrecht’"
    assert facts(soup) == {
        "Wanneer": "dinsdag 29 augustus 2023, van 15.00 tot 18.00 uur (inloop vanaf 14.30 uur)",
        "Waar": "Stadskantoor Utrecht Verzamelpunt: centrale hal rechts bij de liften",
        "Genodigden": "Maatschappelijke partners sociaal domein Utrecht",
        "Doel": "Informeren, toetsen en input ophalen",
        # The invitation says nothing about costs, so neither does the page.
        "Organisator": "Gemeente Utrecht",
    }


def test_utrecht_invitation_program_has_two_rounds_of_work_sessions(client, demo_site):
    soup = get_soup(client, "/agenda/samen-werken-aan-een-sociaal-en-gezond-utrecht/")
    rows = [(time, title) for time, title, _ in program(soup)]
    assert rows == [
        ("14.30 uur", "Inloop"),
        ("15.00 uur", "Start programma met een gezamenlijke aftrap"),
        ("15.30–16.15 uur", "Ronde 1 van de werksessies"),
        ("16.15 uur", "Pauze"),
        ("16.45–17.30 uur", "Ronde 2 van de werksessies"),
        ("17.30 uur", "Napraten met een drankje"),
    ]
    rounds = soup.select(".program__entry--session_round")
    assert [len(r.select(".session")) for r in rounds] == [4, 4]
    notes = [n.get_text(" ", strip=True) for n in soup.select(".event-program__note")]
    assert notes[0].startswith("Na een gezamenlijke aftrap")
    assert notes[-1].startswith("Tijdens de inloop, de pauze en het napraten")


def test_utrecht_invitation_ends_with_closing_line_and_signature(client, demo_site):
    soup = get_soup(client, "/agenda/samen-werken-aan-een-sociaal-en-gezond-utrecht/")
    assert soup.select_one(".event__closing").get_text() == (
        "We zien ernaar uit om elkaar op 29 augustus te ontmoeten!"
    )
    assert soup.select_one(".event__signature-name").get_text() == "Ronald Venderbosch"
    assert soup.select_one(".event__signature-role").get_text() == (
        "Directeur Gezond Stedelijk Leven voor Iedereen, gemeente Utrecht"
    )


def test_index_lists_upcoming_events_first_and_past_ones_in_the_archive(client, demo_site):
    soup = get_soup(client, "/agenda/")
    upcoming = [a.get_text() for a in soup.select(".event-card__title a")]
    # A page of 20 dates: the single events and each Monday of the weekly Digicafé.
    assert len(upcoming) == 20
    assert len(set(upcoming)) >= 6
    assert upcoming.count("Voorbeeld: Digicafé in de bibliotheek") >= 10
    assert all(title.startswith("Voorbeeld:") for title in upcoming)
    archive = get_soup(client, soup.select_one(".event-index__switch a")["href"])
    past = [a.get_text() for a in archive.select(".event-card__title a")]
    # The Digicafé's Mondays of the last four weeks (five on a Monday afternoon) come first.
    digicafe = "Voorbeeld: Digicafé in de bibliotheek"
    held = past.count(digicafe)
    assert held in (4, 5) and past[:held] == [digicafe] * held
    assert past[held:] == [
        "Divosa Politiek Café",
        "Uitnodiging: ‘Samen werken aan een sociaal en gezond Utrecht’",
    ]


def test_home_page_lists_upcoming_events_in_date_order(client, demo_site):
    soup = get_soup(client, "/")
    cards = soup.select(".event-card time")
    assert len(cards) == 6
    starts = [c["datetime"] for c in cards]
    assert starts == sorted(starts)
    assert soup.select_one(".site-nav a").get_text() == "Agenda"


def test_event_page_preview_renders_unsaved_changes(demo_site):
    from cms_events.models import EventPage

    event = EventPage.objects.get(slug="divosa-politiek-cafe")
    event.title = "Voorbeeldweergave"
    response = event.make_preview_request()
    assert response.status_code == 200
    assert BeautifulSoup(response.content, "html.parser").h1.get_text() == "Voorbeeldweergave"


def test_search_finds_events(client, demo_site):
    soup = get_soup(client, "/zoeken/?q=Utrecht")
    titles = [a.get_text() for a in soup.select(".event-card__title a")]
    assert "Uitnodiging: ‘Samen werken aan een sociaal en gezond Utrecht’" in titles


def test_search_without_query_and_with_odd_input_answers_200(client, demo_site):
    for query in ("", "   ", "%" * 300, "<script>", "café&pagina=x"):
        assert client.get("/zoeken/", {"q": query, "pagina": "abc"}).status_code == 200
