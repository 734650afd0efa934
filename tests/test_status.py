"""The status module: what each status means everywhere, and the banner on the page."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import translation

from cms_events.formatting import format_moment
from cms_events.publishing.status_change import change_event_status
from cms_events.status import BEHAVIOURS, EventStatus, behaviour_of

EXPECTED = {
    # status: (signal word, iCalendar STATUS, schema.org, registration open, notify)
    "scheduled": ("", "CONFIRMED", "EventScheduled", True, False),
    "cancelled": ("Gaat niet door", "CANCELLED", "EventCancelled", False, True),
    "postponed": ("Uitgesteld", "TENTATIVE", "EventPostponed", False, True),
    "rescheduled": ("Verplaatst", "CONFIRMED", "EventRescheduled", True, True),
    "moved_online": ("Online", "CONFIRMED", "EventMovedOnline", True, True),
}


def test_every_status_has_a_behaviour():
    assert set(BEHAVIOURS) == set(EventStatus)
    assert set(EXPECTED) == set(EventStatus.values)


@pytest.mark.parametrize("status", EXPECTED)
def test_status_maps_to_signal_word_ical_schema_registration_and_notification(status):
    signal, ical, schema, registration_open, notify = EXPECTED[status]
    behaviour = behaviour_of(status)
    with translation.override("nl"):
        assert str(behaviour.signal_word) == signal
    assert behaviour.ical_status == ical
    assert behaviour.schema_status == f"https://schema.org/{schema}"
    assert behaviour.registration_open is registration_open
    assert behaviour.notify_registrants is notify


@pytest.mark.parametrize("status", [s for s in EXPECTED if s != "scheduled"])
def test_every_status_other_than_scheduled_has_a_default_headline(status):
    with translation.override("nl"):
        assert str(behaviour_of(status).default_headline)


def banners(client, event):
    soup = BeautifulSoup(client.get(event.url).content, "html.parser")
    return soup, [
        (b.select_one(".status-banner__signal").get_text(strip=True), b.h2.get_text(strip=True))
        for b in soup.select("article .status-banner")
    ]


@pytest.mark.django_db
def test_scheduled_event_without_updates_has_no_banner(client, make_event):
    event = make_event()
    assert banners(client, event)[1] == []


@pytest.mark.django_db
def test_cancelled_event_shows_banner_at_top_and_bottom_and_in_the_title(client, make_event):
    event = make_event(title="Politiek Café")
    change_event_status(
        event,
        status="cancelled",
        headline="De bijeenkomst gaat niet door",
        body="Wegens te weinig aanmeldingen gaat deze bijeenkomst niet door.",
    )
    soup, found = banners(client, event)
    expected = ("Gaat niet door", "De bijeenkomst gaat niet door")
    assert found == [expected, expected]
    article = soup.select_one("article")
    top, bottom = article.select(".status-banner")
    # The banner comes first, right under the title, before the facts box.
    assert article.select_one("h1").find_next("section") is top
    assert top.find_next("section", class_="event-facts") is not None
    assert top.find_next("p", class_="event__intro") is not None
    assert bottom is article.find_all(recursive=False)[-1]
    assert soup.title.get_text().startswith("Gaat niet door: Politiek Café")
    assert "Wegens te weinig aanmeldingen" in top.get_text()


@pytest.mark.django_db
def test_status_without_update_shows_a_default_banner(client, make_event):
    event = make_event()
    change_event_status(event, status="postponed")
    _, found = banners(client, event)
    assert found[0] == ("Uitgesteld", "De bijeenkomst vindt niet plaats op de geplande datum.")


@pytest.mark.parametrize("status", [s for s in EXPECTED if s != "scheduled"])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_default_headline_does_not_repeat_the_signal_word(status, language):
    behaviour = behaviour_of(status)
    with translation.override(language):
        signal, headline = str(behaviour.signal_word).lower(), str(behaviour.default_headline)
    assert signal not in headline.lower()
    assert "update" not in headline.lower()


@pytest.mark.django_db
def test_earlier_updates_stay_readable_newest_first(client, make_event):
    event = make_event()
    change_event_status(event, status="scheduled", headline="Andere zaal")
    change_event_status(event, status="postponed", headline="Uitgesteld wegens ziekte")
    change_event_status(event, status="cancelled", headline="Gaat toch niet door")
    soup, found = banners(client, event)
    assert found[0][1] == "Gaat toch niet door"
    earlier = [h.get_text() for h in soup.select(".status-banner__earlier-list h3")]
    assert [text.split(": ", 1)[1] for text in earlier] == [
        "Uitgesteld wegens ziekte",
        "Andere zaal",
    ]


@pytest.mark.django_db
def test_rescheduled_event_says_when_it_was_planned_before(client, make_event):
    event = make_event()
    old_start = event.start
    week = timedelta(days=7)
    change_event_status(event, status="rescheduled", start=event.start + week, end=event.end + week)
    event.refresh_from_db()
    assert event.previous_start == old_start
    soup, _ = banners(client, event)
    previous = soup.select_one(".status-banner__previous")
    with translation.override("nl"):
        old, new = format_moment(old_start), format_moment(old_start + week)
    assert previous.get_text() == f"Verplaatst van {old} naar {new}."
    assert previous.select_one("del time").get_text() == old


@pytest.mark.django_db
def test_badges_with_text_on_index_and_home_and_status_in_admin_title(client, make_event):
    event = make_event(title="Café")
    change_event_status(event, status="cancelled")
    for url in ("/", "/agenda/"):
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        assert soup.select_one(".event-card .status-badge").get_text() == "Gaat niet door"
    event.refresh_from_db()
    with translation.override("nl"):
        assert event.get_admin_display_title() == "Café (Gaat niet door)"


@pytest.mark.django_db
def test_search_results_show_the_status_badge(client, make_event):
    event = make_event(title="Politiek Café")
    make_event(title="Ander café")
    change_event_status(event, status="cancelled")
    soup = BeautifulSoup(client.get("/zoeken/", {"q": "café"}).content, "html.parser")
    cards = {
        card.select_one(".event-card__title").get_text(strip=True): card.select_one(".status-badge")
        for card in soup.select(".event-card")
    }
    assert set(cards) == {"Politiek Café", "Ander café"}
    assert cards["Politiek Café"].get_text() == "Gaat niet door"
    assert cards["Ander café"] is None
