"""The demo command builds everything in structured fields, and running it twice changes nothing."""

import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.utils import timezone

from cms_events.calendar.recurrence import public_holidays
from cms_events.finding.filters import ACCESSIBILITY, ON_SITE, ONLINE, PERIODS
from cms_events.models import EventIndexPage, EventPage
from home import demo_events, demo_places
from home.models import HomePage

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("load_demo_events", *args, stdout=out)
    return out.getvalue()


def test_demo_command_is_idempotent():
    run()
    ids = sorted(EventPage.objects.values_list("pk", flat=True))
    output = run()
    assert "0 created, 10 existed" in output
    assert "English version" not in output
    assert sorted(EventPage.objects.values_list("pk", flat=True)) == ids
    # One Dutch tree, and its English translation of home, index and one event.
    for model, per_language in ((HomePage, 1), (EventIndexPage, 1)):
        languages = model.objects.values_list("locale__language_code", flat=True)
        assert sorted(languages) == ["en", "nl"] * per_language
    assert EventPage.objects.filter(locale__language_code="en").count() == 1


def test_force_rebuilds_the_demo_events():
    run()
    old = set(EventPage.objects.values_list("pk", flat=True))
    output = run("--force")
    assert "10 demo events removed" in output
    assert "English version published" in output
    new = set(EventPage.objects.values_list("pk", flat=True))
    assert len(new) == 11  # ten Dutch events and one English version
    assert not old & new


def test_demo_events_keep_facts_in_structured_fields():
    run()
    cafe = EventPage.objects.get(slug="divosa-politiek-cafe")
    assert (cafe.street, cafe.postcode, cafe.city) == ("Aidadreef 8", "3561 GE", "Utrecht")
    assert cafe.is_free
    assert cafe.replaces_name == "Divosa Prinsjesdagcafé"
    assert cafe.get_form_of_address() == "je"
    blocks = [child.block_type for child in cafe.program]
    assert blocks == ["item"] * 5
    subsessions = cafe.program[2].value
    assert list(subsessions["subthemes"]) == [
        "Bestaanszekerheid",
        "Kansengelijkheid",
        "Betrouwbare overheid",
    ]
    utrecht = EventPage.objects.get(slug="samen-werken-aan-een-sociaal-en-gezond-utrecht")
    assert utrecht.walk_in_time.strftime("%H:%M") == "14:30"
    assert utrecht.meeting_point == "centrale hal rechts bij de liften"
    assert utrecht.audience_label == EventPage.AudienceLabel.INVITEES
    rounds = [child for child in utrecht.program if child.block_type == "session_round"]
    assert len(rounds) == 2
    assert (utrecht.signature_name, utrecht.signature_role) == (
        "Ronald Venderbosch",
        "Directeur Gezond Stedelijk Leven voor Iedereen, gemeente Utrecht",
    )


def test_demo_has_upcoming_events_including_multi_day_and_online():
    run()
    upcoming = [e for e in EventPage.objects.filter(locale__language_code="nl") if not e.is_past]
    # Six single events and the weekly drop-in (an open series is never past).
    assert len(upcoming) == 8
    assert any(e.is_multi_day for e in upcoming)
    assert any(e.online_url for e in upcoming)
    assert any(not e.is_free for e in upcoming)


def test_the_demo_has_a_weekly_drop_in_with_a_theme_a_cancelled_date_and_no_holidays():
    run()
    drop_in = EventPage.objects.get(slug="voorbeeld-digicafe")
    dates = list(drop_in.occurrences.order_by("start"))
    today = timezone.localdate()
    assert any(o.date < today for o in dates) and any(o.date > today for o in dates)
    holidays = public_holidays([today.year, today.year + 1])
    assert not {o.date for o in dates} & set(holidays)
    assert [o.subtitle for o in dates if o.subtitle] == ["Veilig internetbankieren"]
    assert [o.status for o in dates if o.status != "scheduled"] == ["cancelled"]
    assert drop_in.registration_per_date and drop_in.describe_series().startswith("Elke maandag")


def card_titles(client, query):
    response = client.get("/agenda/", query)
    assert response.status_code == 200, query
    soup = BeautifulSoup(response.content, "html.parser")
    return [title.get_text(strip=True) for title in soup.select(".event-card__title")]


def test_every_filter_of_the_index_finds_something_on_the_day_the_demo_is_loaded(client):
    run()
    queries = [{"wanneer": period} for period, _label in PERIODS]
    queries += [{"thema": slug} for slug in demo_places.THEMES]
    queries += [{"doelgroep": slug} for slug in demo_places.AUDIENCES]
    queries += [{"toegankelijk": fact} for fact in ACCESSIBILITY]
    queries += [{"vorm": ONLINE}, {"vorm": ON_SITE}, {"gratis": "on"}, {"plaats": "Utrecht"}]
    found = {str(query): card_titles(client, query) for query in queries}
    assert not [query for query, titles in found.items() if not titles]
    # The days near the day of loading have their own events.
    assert "Voorbeeld: Buurtavond geldzaken" in found[str({"wanneer": "vandaag"})]
    assert "Voorbeeld: Informatieavond mantelzorg" in found[str({"wanneer": "morgen"})]
    assert "Voorbeeld: Repaircafé" in found[str({"wanneer": "weekend"})]


def test_a_later_load_dates_the_rolling_events_again_without_copies(monkeypatch):
    today = timezone.localdate()
    monkeypatch.setattr(timezone, "localdate", lambda: today - timedelta(days=10))
    run()
    monkeypatch.undo()
    ids = sorted(EventPage.objects.values_list("pk", flat=True))
    output = run()
    assert "0 created, 10 existed" in output
    assert output.count("Dated again:") == 3
    assert sorted(EventPage.objects.values_list("pk", flat=True)) == ids
    for slug, (start, end) in demo_events.rolling_dates(today).items():
        event = EventPage.objects.get(slug=slug)
        assert (event.start, event.end, event.live) == (start, end, True)
    assert "Dated again:" not in run()
