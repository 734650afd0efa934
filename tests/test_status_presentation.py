"""A cancelled, postponed or past event does not invite: page, listings and search follow the
status module, with the status in words and never as an invitation."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone, translation

from cms_events.formatting import format_event_when, format_moment
from cms_events.publishing.status_change import change_event_status
from cms_events.registration.services import RegistrationState, registration_state
from cms_events.status import CalendarLinks, EventStatus, behaviour_of, present
from home.demo_events import local

pytestmark = pytest.mark.django_db


def soup_of(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def text_of(element):
    return " ".join(element.get_text(" ", strip=True).split())


def when_fact(soup):
    return soup.select(".event-facts__item dd")[0]


def where_fact(soup):
    return soup.select(".event-facts__item dd")[1]


def calendar_links(soup):
    return [a.get_text(strip=True) for a in soup.select(".add-to-calendar a")]


def in_dutch(function, *args):
    with translation.override("nl"):
        return function(*args)


def past_event(make_event, **overrides):
    day = timezone.localdate() - timedelta(days=10)
    return make_event(start=local(day, 14), end=local(day, 17), **overrides)


# The status module decides


@pytest.mark.parametrize(
    ("status", "banner_first", "struck", "links", "registration_open"),
    [
        ("scheduled", False, False, CalendarLinks.ADD, True),
        ("cancelled", True, True, CalendarLinks.NONE, False),
        ("postponed", True, True, CalendarLinks.NONE, False),
        ("rescheduled", True, False, CalendarLinks.UPDATE, True),
        ("moved_online", True, False, CalendarLinks.UPDATE, True),
    ],
)
def test_status_decides_banner_place_struck_date_calendar_links_and_registration(
    make_event, status, banner_first, struck, links, registration_open
):
    event = make_event(publish=False)
    event.status = status
    presentation = present(event)
    assert presentation.banner_first is banner_first
    assert presentation.date_struck is struck
    assert presentation.calendar_links == links
    assert presentation.registration_open is registration_open
    assert not presentation.took_place


@pytest.mark.parametrize("status", list(EventStatus))
def test_a_past_event_offers_no_calendar_links_and_no_registration(make_event, status):
    event = past_event(make_event, publish=False)
    event.status = status
    presentation = present(event)
    assert presentation.is_past
    assert presentation.calendar_links == CalendarLinks.NONE
    assert not presentation.registration_open
    # Only an event that took place says “voorbij”; a cancelled one never took place.
    assert presentation.took_place is (status not in ("cancelled", "postponed"))


def test_an_open_end_is_over_at_the_end_of_its_day(make_event):
    event = make_event(publish=False, end=None)
    start = timezone.localtime(event.start)
    assert not present(event, now=start.replace(hour=23, minute=59)).is_past
    assert present(event, now=start.replace(hour=0) + timedelta(days=1, minutes=1)).is_past


def test_an_open_ended_all_day_event_is_one_day(make_event):
    day = timezone.localdate() + timedelta(days=20)
    event = make_event(all_day=True, start=local(day, 0), end=None)
    assert not event.is_multi_day
    assert event.effective_end == local(day + timedelta(days=1), 0)


# The event page


@pytest.mark.parametrize(
    ("status", "note"),
    [("cancelled", "Gaat niet door"), ("postponed", "Uitgesteld")],
)
def test_cancelled_or_postponed_page_puts_the_banner_first_and_strikes_the_date(
    client, make_event, status, note
):
    event = change_event_status(make_event(), status=status, headline="Helaas")
    soup = soup_of(client, event.url)
    article = soup.select_one("article")
    sections = [section["class"][0] for section in article.find_all("section", recursive=False)]
    assert sections[:2] == ["status-banner", "event-facts"]
    fact = when_fact(soup)
    assert text_of(fact.select_one("del")) == in_dutch(
        format_event_when, event.start, event.end, False
    )
    assert text_of(fact.select_one(".event-facts__date-note")) == note
    assert calendar_links(soup) == []
    assert soup.select_one(".add-to-calendar") is None


def test_postponed_with_a_new_date_to_follow_says_so_in_the_facts_and_the_banner(
    client, make_event
):
    event = change_event_status(make_event(), status="postponed", new_date_to_follow=True)
    soup = soup_of(client, event.url)
    assert text_of(when_fact(soup).select_one(".event-facts__date-note")) == (
        "Uitgesteld, nieuwe datum volgt"
    )
    banner = soup.select_one(".status-banner")
    assert "Een nieuwe datum volgt." in text_of(banner)


def test_postponed_without_a_new_date_promises_none(client, make_event):
    event = change_event_status(make_event(), status="postponed")
    text = text_of(soup_of(client, event.url).select_one("article"))
    assert "nieuwe datum volgt" not in text.lower()


def test_rescheduled_page_offers_to_update_the_calendar_and_shows_the_old_date(client, make_event):
    event = make_event()
    old_start = event.start
    event = change_event_status(event, status="rescheduled", start=old_start + timedelta(days=7))
    soup = soup_of(client, event.url)
    assert calendar_links(soup) == ["Agenda bijwerken (.ics)"]
    assert soup.select_one(".add-to-calendar a")["href"].endswith("/agenda.ics")
    previous = when_fact(soup).select_one(".event-facts__previous")
    assert text_of(previous.select_one("del")) == in_dutch(format_moment, old_start)
    assert not when_fact(soup).select_one(".event-facts__date").find_parent("del")


def test_moved_online_page_shows_the_link_and_strikes_the_venue(client, make_event):
    event = change_event_status(
        make_event(), status="moved_online", online_url="https://meet.example.org/x"
    )
    where = where_fact(soup_of(client, event.url))
    assert where.select_one(".event-facts__online a")["href"] == "https://meet.example.org/x"
    assert text_of(where.select_one("del")) == "Stadskantoor"
    assert where.select_one("address") is None


def test_scheduled_page_invites_with_calendar_links_after_the_facts(client, make_event):
    event = change_event_status(make_event(), status="scheduled", headline="Andere zaal")
    soup = soup_of(client, event.url)
    assert calendar_links(soup) == ["Zet in mijn agenda (.ics)", "Google Agenda", "Outlook.com"]
    article = soup.select_one("article")
    sections = [section["class"][0] for section in article.find_all("section", recursive=False)]
    assert sections[:3] == ["event-facts", "add-to-calendar", "status-banner"]


def test_past_event_says_it_is_over_without_calendar_links_or_registration(client, make_event):
    event = past_event(make_event, registration_mode="form")
    soup = soup_of(client, event.url)
    article = soup.select_one("article")
    assert text_of(article.select_one(".event__past")) == "Deze bijeenkomst is voorbij."
    assert article.select_one("h1").find_next("p") is article.select_one(".event__past")
    assert calendar_links(soup) == []
    assert soup.select_one("#aanmelden") is None
    assert soup.select_one("form.registration-form") is None


def test_past_event_with_an_external_form_takes_no_registrations(make_event):
    event = past_event(
        make_event,
        registration_mode="external",
        external_registration_url="https://example.org/aanmelden",
    )
    assert registration_state(event) == RegistrationState.CLOSED


# Listings and search


def test_listing_strikes_the_date_of_a_cancelled_event_and_does_not_show_its_invitation(
    client, make_event
):
    event = make_event(title="Politiek Café", intro="Je bent van harte uitgenodigd!")
    change_event_status(event, status="cancelled")
    for url in ("/", "/agenda/"):
        card = soup_of(client, url).select_one(".event-card")
        assert text_of(card.select_one(".status-badge")) == "Gaat niet door"
        assert card.select_one(".event-card__meta del time") is not None
        headline = in_dutch(lambda: str(behaviour_of("cancelled").default_headline))
        assert text_of(card.select_one(".event-card__intro")) == headline
        assert "uitgenodigd" not in text_of(card)


def test_archive_and_search_mark_a_past_event_as_over(client, make_event):
    past_event(make_event, title="Oude bijeenkomst")
    archive_card = soup_of(client, "/agenda/archief/").select_one(".event-card")
    assert text_of(archive_card.select_one(".status-badge")) == "Voorbij"
    search_card = soup_of(client, "/zoeken/", q="bijeenkomst").select_one(".event-card")
    assert text_of(search_card.select_one(".status-badge")) == "Voorbij"


def test_open_ended_event_is_listed_as_upcoming_until_its_day_is_over(client, make_event):
    today = timezone.localdate()
    make_event(title="Inloop vandaag", start=local(today, 0, 5), end=None)
    titles = [text_of(a) for a in soup_of(client, "/agenda/").select(".event-card__title a")]
    assert titles == ["Inloop vandaag"]
    card = soup_of(client, "/agenda/").select_one(".event-card__meta")
    assert "vanaf 0.05 uur" in text_of(card)


def test_printable_invitation_of_a_cancelled_event_says_so_and_offers_no_qr_code(
    client, make_event
):
    from cms_events.sharing.shortlinks import short_link_for

    event = change_event_status(make_event(registration_mode="form"), status="cancelled")
    soup = soup_of(client, f"/e/{short_link_for(event).code}/uitnodiging/")
    assert text_of(soup.select_one(".status-badge")) == "Gaat niet door"
    assert soup.select_one("h1").find_next("section")["class"][0] == "status-banner"
    assert soup.select_one(".invitation__qr") is None
