"""The series preview follows the editor's form before anything is saved: the admin renders the
rule in words and its next dates from the unsaved fields, with the panel's own fragment, for
who may edit the event (or add one), and answers hostile input with a message, never a 500."""

import time
from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission, User
from django.test import Client
from django.urls import reverse

from cms_events.admin.series_preview import MAX_DATE_CHANGES
from cms_events.models import EventPage, SeriesDateChange
from home.demo_events import local

pytestmark = pytest.mark.django_db

EASTER_MONDAY = date(2031, 4, 14)
# What the editor fills in on the tabs “Praktisch” and “Reeks”: the Mondays from 3 March
# 2031, 10.00 to 11.30, until the end of June, not on public holidays.
WEEKLY = {
    "start": "2031-03-03 10:00",
    "end": "2031-03-03 11:30",
    "repeat": "weekly",
    "repeat_interval": "1",
    "repeat_weekdays": ["0"],
    "repeat_until": "2031-06-30",
    "skip_public_holidays": "on",
}
NO_DATES_YET = "Deze herhaling geeft nog geen datums:"


@pytest.fixture
def event(make_event):
    """A single event being edited: the preview reads the form, not the saved page."""
    return make_event(title="Leesclub")


def preview_url(event):
    return reverse("cms_events_series_preview", args=[event.pk])


class Preview:
    """The fragment as the editor sees it: the sentence (or the message) and the dates."""

    def __init__(self, response):
        assert response.status_code == 200, response.content
        assert response["Cache-Control"].startswith("max-age=0")
        self.soup = BeautifulSoup(response.content, "html.parser")
        first = self.soup.find("p")
        self.text = " ".join(first.get_text().split())
        self.is_error = self.text.startswith(NO_DATES_YET)
        self.error = self.text.removeprefix(NO_DATES_YET).strip() if self.is_error else ""
        self.sentence = "" if self.is_error else self.text
        self.dates = [" ".join(li.get_text().split()) for li in self.soup.select("ul li")]
        self.skipped = [s.get_text() for s in self.soup.select("ul li s")]


def preview(client, event, method="post", **fields):
    data = {**WEEKLY, **fields}
    data = {name: value for name, value in data.items() if value is not None}
    return Preview(getattr(client, method)(preview_url(event), data))


def date_changes(*changes):
    """Return the inline's form fields as Wagtail's editor posts them."""
    data = {"date_changes-TOTAL_FORMS": str(len(changes)), "date_changes-INITIAL_FORMS": "0"}
    for number, change in enumerate(changes):
        for name, value in {"kind": "changed", "status": "scheduled", **change}.items():
            data[f"date_changes-{number}-{name}"] = value
    return data


# The rule in words and its dates


def test_a_weekly_rule_in_words_with_its_next_dates_and_the_holidays_skipped(admin_client, event):
    shown = preview(admin_client, event)
    assert shown.sentence == (
        "Elke maandag van 10.00 tot 11.30 uur, van 3 maart tot en met 30 juni 2031, "
        "niet op feestdagen"
    )
    assert len(shown.dates) == 12
    assert shown.dates[0] == "maandag 3 maart 2031"
    assert shown.skipped == ["maandag 14 april 2031"]
    assert shown.dates[6] == "maandag 14 april 2031 — gaat niet door: Tweede paasdag"
    # Nothing was saved: the page is still a single event.
    assert EventPage.objects.get(pk=event.pk).repeat == ""


def test_ticking_a_second_weekday_changes_the_sentence_and_the_dates(admin_client, event):
    one_day = preview(admin_client, event)
    two_days = preview(admin_client, event, repeat_weekdays=["0", "2"])
    assert one_day.sentence.startswith("Elke maandag van")
    assert two_days.sentence.startswith("Elke maandag en woensdag van 10.00 tot 11.30 uur")
    assert two_days.dates[:3] == [
        "maandag 3 maart 2031",
        "woensdag 5 maart 2031",
        "maandag 10 maart 2031",
    ]


def test_every_other_week_until_a_number_of_times(admin_client, event):
    shown = preview(admin_client, event, repeat_interval="2", repeat_until="", repeat_count="3")
    assert shown.sentence == (
        "Om de 2 weken op maandag van 10.00 tot 11.30 uur, vanaf 3 maart 2031, 3 keer, "
        "niet op feestdagen"
    )
    assert shown.dates == ["maandag 3 maart 2031", "maandag 17 maart 2031", "maandag 31 maart 2031"]


def test_a_monthly_rule_on_a_date(admin_client, event):
    shown = preview(
        admin_client,
        event,
        start="2031-01-15 19:30",
        end="",
        repeat="monthly_by_date",
        repeat_until="2031-12-31",
        skip_public_holidays=None,
    )
    assert (
        shown.sentence
        == "Elke maand op de 15e vanaf 19.30 uur, van 15 januari tot en met 31 december 2031"
    )
    assert shown.dates[:2] == ["woensdag 15 januari 2031", "zaterdag 15 februari 2031"]
    assert len(shown.dates) == 12


def test_the_first_wednesday_of_the_month(admin_client, event):
    shown = preview(
        admin_client,
        event,
        start="2031-03-05 14:00",
        end="2031-03-05 16:00",
        repeat="monthly_by_weekday",
        repeat_week_of_month="1",
        repeat_until="",
        repeat_count="4",
    )
    assert shown.sentence == (
        "Elke eerste woensdag van de maand van 14.00 tot 16.00 uur, vanaf 5 maart 2031, 4 keer, "
        "niet op feestdagen"
    )
    assert shown.dates == [
        "woensdag 5 maart 2031",
        "woensdag 2 april 2031",
        "woensdag 7 mei 2031",
        "woensdag 4 juni 2031",
    ]


def test_the_dates_that_differ_in_the_form_count_and_removed_or_unfinished_ones_do_not(
    admin_client, event
):
    changes = date_changes(
        {"date": "2031-03-10", "kind": "left_out"},
        {"date": "2031-03-17", "status": "cancelled", "subtitle": "Geen leesclub"},
        {"date": "2031-03-20", "kind": "extra"},
        {"date": "2031-03-31"},  # changed, but nothing that shows here yet
        {"date": "2031-03-24", "kind": "left_out", "DELETE": "1"},
        {"date": ""},  # just added, not filled in yet
    )
    shown = preview(admin_client, event, **changes)
    assert shown.sentence.endswith("niet op 10 maart 2031, ook op 20 maart 2031")
    assert shown.dates[:6] == [
        "maandag 3 maart 2031",
        "maandag 10 maart 2031 — gaat niet door: vervalt",
        "maandag 17 maart 2031 — Geannuleerd “Geen leesclub”",
        "donderdag 20 maart 2031 — extra datum",
        "maandag 24 maart 2031",
        "maandag 31 maart 2031",
    ]


def test_the_fragment_is_the_panels_own_for_the_saved_fields(admin_client, make_event):
    """One template: the panel of the saved series lists what the preview of its fields lists."""
    series = make_event(
        title="Inloopochtend",
        start=local(date(2031, 3, 3), 10),
        end=local(date(2031, 3, 3), 11, 30),
        repeat="weekly",
        repeat_weekdays="0",
        repeat_until=date(2031, 6, 30),
        skip_public_holidays=True,
    )
    series.date_changes.add(
        SeriesDateChange(locale=series.locale, date=date(2031, 3, 17), subtitle="Poëzie")
    )
    series.save_revision().publish()
    edit_url = reverse("wagtailadmin_pages:edit", args=[series.pk])
    editor = BeautifulSoup(admin_client.get(edit_url).content, "html.parser")
    panel = editor.select_one(".series-preview")
    assert panel["aria-live"] == "polite"
    assert panel["data-series-preview-url"] == preview_url(series)
    assert editor.find("script", src=lambda src: src and "series-preview.js" in src)
    live = preview(
        admin_client, series, **date_changes({"date": "2031-03-17", "subtitle": "Poëzie"})
    )
    assert [" ".join(li.get_text().split()) for li in panel.select("li")] == live.dates
    assert " ".join(panel.find("strong").get_text().split()) == live.sentence


def test_a_new_page_asks_its_parent_for_the_preview(admin_client, event_index):
    add_url = f"/admin/pages/add/cms_events/eventpage/{event_index.pk}/"
    panel = BeautifulSoup(admin_client.get(add_url).content, "html.parser").select_one(
        ".series-preview"
    )
    url = reverse("cms_events_series_preview_new", args=[event_index.pk])
    assert panel["data-series-preview-url"] == url
    assert "Een losse bijeenkomst" in panel.get_text()
    shown = Preview(admin_client.post(url, WEEKLY))
    assert shown.sentence.startswith("Elke maandag van 10.00 tot 11.30 uur")


def test_get_parameters_give_the_same_preview(admin_client, event):
    assert preview(admin_client, event, method="get").text == preview(admin_client, event).text


# Rules that give no dates yet


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"repeat": ""}, None),
        ({"start": ""}, "Vul het begin in: de datum en tijden van de eerste datum."),
        (
            {"repeat_count": "10"},
            "Laat de reeks eindigen op een datum of na een aantal keer, niet allebei.",
        ),
        ({"repeat_until": "2031-01-01"}, "De laatste datum kan niet voor de eerste liggen."),
        ({"repeat_interval": ""}, "Om de hoeveel weken of maanden: Dit is een verplicht veld."),
        ({"repeat_interval": "53"}, "Herhaal elke 1 tot 52 weken of maanden."),
        (
            {"end": "2031-03-04 11:30"},
            "Een reeks herhaalt een bijeenkomst van één dag; kort het einde in.",
        ),
        ({"end": "2031-03-03 09:00"}, "De eindtijd moet na de begintijd liggen."),
        (
            {"repeat": "monthly_by_weekday"},
            "Kies de eerste, tweede, derde, vierde of laatste week van de maand.",
        ),
        (
            {"start": "2031-03-31 10:00", "end": "", "repeat": "monthly_by_date"},
            "Een maandelijkse reeks op een datum kan beginnen op de 1e tot en met de 28e; kies "
            "voor het eind van de maand “de laatste” weekdag.",
        ),
    ],
)
def test_an_unfinished_or_contradictory_rule_gets_its_dutch_message(
    admin_client, event, fields, message
):
    shown = preview(admin_client, event, **fields)
    if message is None:
        assert (
            shown.text
            == "Een losse bijeenkomst. Kies hoe die zich herhaalt om er een reeks van te maken."
        )
    else:
        assert shown.error == message
        assert not shown.dates


# Who may see it


def make_user(username, groups=()):
    user = User.objects.create_user(username, password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


def test_only_who_may_edit_the_event_or_add_one_gets_the_preview(client, event, event_index):
    new_url = reverse("cms_events_series_preview_new", args=[event_index.pk])
    urls = [preview_url(event), new_url]
    for url in urls:
        response = client.post(url, WEEKLY)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    client.force_login(make_user("lezer"))
    for url in urls:
        for response in (client.post(url, WEEKLY), client.get(url, WEEKLY)):
            assert response.status_code == 403
            assert b"Elke maandag" not in response.content
    client.force_login(make_user("redacteur", groups=["Editors"]))
    for url in urls:
        assert Preview(client.post(url, WEEKLY)).sentence.startswith("Elke maandag")
    # An event cannot be added below an event, nor previewed there; unknown pages are not found.
    below_event = reverse("cms_events_series_preview_new", args=[event.pk])
    assert client.post(below_event, WEEKLY).status_code == 403
    for page_id in (10**18 - 1, 10**20):
        for route in ("events", "events/new-below"):
            url = f"{reverse('wagtailadmin_home')}{route}/{page_id}/series-preview/"
            assert client.post(url, WEEKLY).status_code == 404
    index_as_event = reverse("cms_events_series_preview", args=[event_index.pk])
    assert client.post(index_as_event, WEEKLY).status_code == 404


def test_a_post_without_the_csrf_token_is_refused(admin_user, event):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    assert client.post(preview_url(event), WEEKLY).status_code == 403


# Hostile input


CONTROL_CHARACTER = (
    "Dit veld bevat een onzichtbaar stuurteken. Typ de tekst opnieuw, of plak hem zonder opmaak."
)


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"repeat": "weekly\x00"}, CONTROL_CHARACTER),
        ({"start": "2031-03-03\x00 10:00"}, CONTROL_CHARACTER),
        (date_changes({"date": "2031-03-10", "subtitle": "Po\x00ëzie"}), CONTROL_CHARACTER),
        (
            {"repeat": "yearly"},
            "Herhaalt zich: Selecteer een geldige keuze. yearly is geen beschikbare keuze.",
        ),
        (
            {"repeat_count": str(10**9), "repeat_until": ""},
            "Een reeks vindt 1 tot en met 1000 keer plaats.",
        ),
        (
            {"repeat_interval": "9" * 5000},
            "Om de hoeveel weken of maanden: Voer een geheel getal in.",
        ),
        (
            {"repeat_interval": "-1"},
            "Om de hoeveel weken of maanden: Zorg ervoor dat deze waarde minstens 0 is.",
        ),
        ({"start": "2031-02-30 10:00"}, "Begin: Voer een geldige datum/tijd in."),
        ({"repeat_until": "2031-13-01"}, "Tot en met: Voer een geldige datum in."),
        ({"start": "9999-12-31 10:00", "end": ""}, "Een reeks begint vóór het jaar 3000."),
        ({"repeat_weekdays": ["7"]}, None),
        ({"repeat_week_of_month": "5", "repeat": "monthly_by_weekday"}, None),
    ],
)
def test_hostile_input_gets_a_message_never_a_500(admin_client, event, fields, message):
    shown = preview(admin_client, event, **fields)
    assert shown.is_error
    assert "\x00" not in shown.soup.get_text()
    if message:
        assert shown.error == message


def test_the_work_is_capped_whatever_is_asked(admin_client, event):
    started = time.monotonic()
    # The most dates a rule may give, each day of the week, holidays looked up over the years,
    # and a billion dates that differ announced.
    many = date_changes(*[{"date": "2031-03-10", "kind": "left_out"}] * (MAX_DATE_CHANGES + 5))
    many["date_changes-TOTAL_FORMS"] = str(10**9)
    shown = preview(
        admin_client,
        event,
        repeat_weekdays=[str(day) for day in range(7)],
        repeat_until="",
        repeat_count="1000",
        **many,
    )
    assert shown.sentence.endswith("1000 keer, niet op feestdagen, niet op 10 maart 2031")
    assert len(shown.dates) == 12
    shown = preview(
        admin_client,
        event,
        start="2999-12-01 10:00",
        end="",
        repeat="monthly_by_date",
        repeat_interval="52",
        repeat_until="2999-12-31",
    )
    assert shown.dates[0] == "zondag 1 december 2999"
    # A last date from the year 3000 on is refused, as a first date is.
    shown = preview(
        admin_client,
        event,
        start="2999-12-01 10:00",
        end="",
        repeat="monthly_by_date",
        repeat_until="9999-12-31",
    )
    assert shown.error == "Een reeks eindigt vóór het jaar 3000."
    assert time.monotonic() - started < 20
