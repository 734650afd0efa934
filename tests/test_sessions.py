"""Session preferences on the form, places per session, allocation in the admin, schedules."""

import csv
import io
import random
from datetime import time, timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cms_events.models import MailLog, Registration, RegistrationFormField, SessionPlacement
from cms_events.registration import session_allocation
from cms_events.registration.services import cancel_registration, register
from cms_events.registration.sessions import describe_preferences, program_rounds
from home.demo_events import UTRECHT_SESSIONS, local, utrecht_program

from .registration_helpers import errors, form_data

pytestmark = pytest.mark.django_db

TITLES = [title for title, _description in UTRECHT_SESSIONS]


@pytest.fixture
def event(make_event):
    day = timezone.localdate() + timedelta(days=30)
    return make_event(
        title="Samen werken aan een sociaal en gezond Utrecht",
        start=local(day, 15),
        end=local(day, 18),
        walk_in_time=time(14, 30),
        registration_mode="form",
        capacity=200,
        program=utrecht_program([UTRECHT_SESSIONS, UTRECHT_SESSIONS], capacity=20),
        form_fields=[
            RegistrationFormField(label="Organisatie", field_type="singleline"),
            RegistrationFormField(label="Voorkeur werksessies", field_type="session_preferences"),
        ],
    )


@pytest.fixture
def editor(db):
    return User.objects.create_superuser("redacteur", "redactie@example.org", "geheim")


def soup_of(client, event):
    return BeautifulSoup(client.get(event.url).content, "html.parser")


def choice_names(soup):
    """Return [(legend, first select name, second select name)] of the preference fields."""
    return [
        (
            fieldset.legend.get_text(" ", strip=True),
            *[select["name"] for select in fieldset.select("select")],
        )
        for fieldset in soup.select("form.registration-form fieldset")
        if fieldset.select("select")
    ]


def session_id(event, round_index, title):
    round_ = program_rounds(event)[round_index]
    return next(s.id for s in round_.sessions if s.title == title)


def preferences(client, event, *wishes):
    """Return form data that chooses (first title, second title) per round."""
    names = choice_names(soup_of(client, event))
    data = {}
    for index, ((_legend, first, second), (first_title, second_title)) in enumerate(
        zip(names, wishes, strict=True)
    ):
        data[first] = session_id(event, index, first_title) if first_title else ""
        data[second] = session_id(event, index, second_title) if second_title else ""
    return data


def register_with(client, event, email, *wishes, **answers):
    data = form_data(client, event, registrant_email=email, organisatie="Buurtteam", **answers)
    data.update(preferences(client, event, *wishes))
    return client.post(event.url, data)


def test_form_asks_a_first_and_second_choice_per_round_with_labels(client, event):
    soup = soup_of(client, event)
    names = choice_names(soup)
    assert [legend for legend, *_names in names] == [
        "Voorkeur werksessies: Ronde 1 van de werksessies, van 15.30 tot 16.15 uur",
        "Voorkeur werksessies: Ronde 2 van de werksessies, van 16.45 tot 17.30 uur",
    ]
    for select in soup.select("form.registration-form fieldset select"):
        label = soup.select_one(f'label[for="{select["id"]}"]')
        assert label.get_text(strip=True) in ("Eerste keuze", "Tweede keuze")
        options = [option.get_text(strip=True) for option in select.select("option")]
        assert options == ["Kies een sessie", *TITLES]


def test_preferences_are_stored_by_block_id_and_kept_out_of_the_answers(
    client, event, run_on_commit
):
    with run_on_commit():
        response = register_with(
            client, event, "a@example.org", (TITLES[0], TITLES[1]), (TITLES[2], TITLES[3])
        )
    assert response.status_code == 302
    registration = Registration.objects.get()
    rounds = program_rounds(event)
    assert registration.session_preferences == {
        rounds[0].id: [rounds[0].sessions[0].id, rounds[0].sessions[1].id],
        rounds[1].id: [rounds[1].sessions[2].id, rounds[1].sessions[3].id],
    }
    assert registration.answers == {"organisatie": "Buurtteam"}
    assert registration.session_choice_titles[rounds[1].sessions[3].id] == TITLES[3]
    # The confirmation repeats the preferences.
    body = mail.outbox[0].body
    assert f"Ronde 1 van de werksessies: {TITLES[0]}, {TITLES[1]}" in body
    assert "U ontvangt uw indeling zodra de sessies zijn ingedeeld." in body


@pytest.mark.parametrize(
    ("wishes", "message"),
    [
        (((TITLES[0], TITLES[0]), (TITLES[1], TITLES[2])), "Kies twee verschillende sessies."),
        (((TITLES[0], None), (TITLES[1], TITLES[2])), "Kies een eerste en een tweede keuze."),
        (((None, TITLES[0]), (TITLES[1], TITLES[2])), "Kies een eerste en een tweede keuze."),
        (((None, None), (TITLES[1], TITLES[2])), "Kies een eerste en een tweede keuze."),
    ],
)
def test_wrong_preferences_get_a_dutch_error_and_keep_the_input(client, event, wishes, message):
    response = register_with(client, event, "a@example.org", *wishes, functie="x")
    assert response.status_code == 200
    assert any(message in error for error in errors(response)), errors(response)
    assert not Registration.objects.exists()
    soup = BeautifulSoup(response.content, "html.parser")
    second_round = soup.select("form.registration-form fieldset")[1]
    chosen = [s.select_one("option[selected]")["value"] for s in second_round.select("select")]
    assert chosen == [session_id(event, 1, TITLES[1]), session_id(event, 1, TITLES[2])]
    link = soup.select_one(".error-summary a")["href"]
    assert soup.select_one(link) is not None, "the error summary links to a real control"


def test_optional_preferences_may_be_left_empty_but_not_half(client, event):
    field = event.form_fields.get(field_type="session_preferences")
    field.required = False
    field.save()
    assert register_with(client, event, "a@example.org", (None, None), (None, None)).status_code
    assert Registration.objects.get().session_preferences == {}
    response = register_with(client, event, "b@example.org", (None, TITLES[1]), (None, None))
    assert any("Kies ook een eerste keuze." in e for e in errors(response))


def test_renamed_session_is_renamed_in_the_form_and_removed_one_still_shows(client, event):
    register_with(client, event, "a@example.org", (TITLES[0], TITLES[1]), (TITLES[2], TITLES[3]))
    revision_page = event.get_latest_revision_as_object()
    first_round = next(b for b in revision_page.program if b.block_type == "session_round").value
    first_round["sessions"][0]["title"] = "Visie op het sociaal domein"
    del first_round["sessions"][1]
    revision_page.save_revision().publish()
    event.refresh_from_db()
    options = [
        o.get_text(strip=True)
        for o in soup_of(client, event).select("fieldset select")[0].select("option")
    ]
    assert options == ["Kies een sessie", "Visie op het sociaal domein", TITLES[2], TITLES[3]]
    described = describe_preferences(Registration.objects.get(), program_rounds(event))
    assert described[0] == (
        "Ronde 1 van de werksessies",
        ["Visie op het sociaal domein", f"{TITLES[1]} (staat niet meer op het programma)"],
    )


def places_texts(client, event):
    soup = soup_of(client, event)
    return [p.get_text(strip=True) for p in soup.select(".program__sessions .session__places")]


def test_page_shows_places_per_session_before_and_after_allocation(client, event, editor):
    assert places_texts(client, event) == ["Nog 20 plaatsen vrij"] * 8
    for n in range(20):
        register(
            event,
            name=f"Deelnemer {n}",
            email=f"d{n}@example.org",
            preferences={
                program_rounds(event)[0].id: [
                    session_id(event, 0, TITLES[0]),
                    session_id(event, 0, TITLES[1]),
                ]
            },
        )
    texts = places_texts(client, event)
    assert texts[0] == "Veel belangstelling: meer eerste keuzes dan plaatsen"
    assert texts[1:4] == ["Nog 20 plaatsen vrij"] * 3

    session_allocation.commit(event, event_capacity(event))
    texts = places_texts(client, event)
    assert texts[0] == "Vol"
    # Round 2: the 20 had no preference there and were spread over the other sessions
    # (nobody is placed in the session they had in round 1).
    assert sum(int(t.split()[1]) for t in texts[4:]) == 80 - 20
    # After the allocation, a full session is marked in the form too.
    option = soup_of(client, event).select("fieldset select")[0].select("option")[1]
    assert option.get_text(strip=True) == f"{TITLES[0]} (vol)"


def event_capacity(event):
    from cms_events.registration.services import capacity_for

    return capacity_for(event)


def generated_registrations(event, number, seed=7):
    """Register `number` people with random but realistic preferences (one popular session)."""
    rng = random.Random(seed)
    rounds = program_rounds(event)
    for n in range(number):
        wishes = {}
        for round_ in rounds:
            first = rng.choices(round_.sessions, weights=[5, 3, 1, 1])[0]
            second = rng.choice([s for s in round_.sessions if s is not first])
            wishes[round_.id] = [first.id, second.id]
        register(event, name=f"Deelnemer {n:03}", email=f"p{n}@example.org", preferences=wishes)


def test_allocating_120_registrants_to_2_rounds_of_4_sessions_of_20(event, run_on_commit):
    with run_on_commit():
        generated_registrations(event, 120)
    capacity = event_capacity(event)
    mail.outbox.clear()
    with run_on_commit():
        result = session_allocation.commit(event, capacity)
    rounds = program_rounds(event)
    placements = SessionPlacement.objects.filter(registration__event=capacity)
    assert placements.count() == 160  # 2 rounds x 4 sessions x 20 places: all filled
    for round_ in rounds:
        for session in round_.sessions:
            assert placements.filter(round_id=round_.id, session_id=session.id).count() == 20
    for registration in capacity.registrations.prefetch_related("placements"):
        titles = [p.session_title for p in registration.placements.all()]
        assert len(titles) == len(set(titles)), "nobody gets the same session twice"
        for placement in registration.placements.all():
            choices = registration.session_preferences[placement.round_id]
            expected = {"first": choices[0], "second": choices[1]}.get(placement.rank)
            if expected:
                assert placement.session_id == expected
    share = result.share_of_first_choices()
    print(f"first choices met: {result.count('first')} of 160 placements ({share:.0%})")
    assert share > 0.4
    schedules = MailLog.objects.filter(kind=MailLog.Kind.SCHEDULE, status=MailLog.Status.SENT)
    placed_people = {p.registration_id for p in placements}
    assert schedules.count() == len(placed_people) == len(mail.outbox)
    sample = next(m for m in mail.outbox if "Ronde 2" in m.body)
    assert "Uw werksessies bij" in sample.subject
    assert "De werksessies van" in sample.body


def test_late_registrant_is_placed_straight_away_where_there_is_room(client, event, run_on_commit):
    rounds = program_rounds(event)
    register(
        event,
        name="Vroeg",
        email="vroeg@example.org",
        preferences={rounds[0].id: [rounds[0].sessions[0].id, rounds[0].sessions[1].id]},
    )
    session_allocation.commit(event, event_capacity(event))
    mail.outbox.clear()
    with run_on_commit():
        response = register_with(
            client, event, "laat@example.org", (TITLES[1], TITLES[2]), (TITLES[0], TITLES[3])
        )
    assert response.status_code == 302
    late = Registration.objects.get(email="laat@example.org")
    placed = {p.round_id: (p.session_id, p.rank) for p in late.placements.all()}
    assert placed == {
        rounds[0].id: (rounds[0].sessions[1].id, "first"),
        rounds[1].id: (rounds[1].sessions[0].id, "first"),
    }
    body = mail.outbox[0].body
    assert f"Ronde 1 van de werksessies (van 15.30 tot 16.15 uur): {TITLES[1]}" in body


def test_moved_up_registrant_is_placed_and_cancelled_one_frees_the_session(event):
    event.capacity = 1
    event.save_revision().publish()
    rounds = program_rounds(event)
    wishes = {rounds[0].id: [rounds[0].sessions[0].id, rounds[0].sessions[1].id]}
    first = register(event, name="Eerste", email="een@example.org", preferences=wishes)
    second = register(event, name="Tweede", email="twee@example.org", preferences=wishes)
    assert second.status == Registration.Status.WAITING_LIST
    session_allocation.commit(event, event_capacity(event))
    assert not second.placements.exists()
    cancel_registration(first)
    second.refresh_from_db()
    assert second.status == Registration.Status.CONFIRMED
    assert second.placements.get(round_id=rounds[0].id).session_id == rounds[0].sessions[0].id


def rows_of(soup):
    return soup.select("table.listing")[0].select("tbody tr")


def admin_url(event):
    return reverse("cms_events_sessions", args=[event.pk])


def test_admin_shows_demand_previews_then_commits_the_allocation(
    client, editor, event, run_on_commit
):
    generated_registrations(event, 30)
    client.force_login(editor)
    soup = BeautifulSoup(client.get(admin_url(event)).content, "html.parser")
    round_ = program_rounds(event)[0]
    wishes = [r.session_preferences[round_.id] for r in Registration.objects.all()]
    for row, session in zip(rows_of(soup), round_.sessions, strict=True):
        cells = [cell.get_text(strip=True) for cell in row.select("th, td")]
        assert cells == [
            session.title,
            "20",
            str(sum(1 for first, _second in wishes if first == session.id)),
            str(sum(1 for _first, second in wishes if second == session.id)),
            "0",
        ]
    preview = BeautifulSoup(client.get(admin_url(event) + "?preview=1").content, "html.parser")
    assert "Voorbeeld van de indeling" in preview.get_text()
    assert not SessionPlacement.objects.exists(), "a preview stores nothing"
    fingerprint = preview.select_one("input[name=fingerprint]")["value"]

    # A registration in between makes the preview stale: nothing is committed.
    register(event, name="Tussendoor", email="tussendoor@example.org")
    response = client.post(admin_url(event), {"fingerprint": fingerprint})
    assert response["Location"].endswith("?preview=1")
    assert not SessionPlacement.objects.exists()

    fingerprint = BeautifulSoup(
        client.get(admin_url(event) + "?preview=1").content, "html.parser"
    ).select_one("input[name=fingerprint]")["value"]
    mail.outbox.clear()
    with run_on_commit():
        response = client.post(admin_url(event), {"fingerprint": fingerprint}, follow=True)
    assert "De sessies zijn ingedeeld: 31 deelnemers ingedeeld" in response.content.decode()
    assert SessionPlacement.objects.count() == 31 * 2
    assert len(mail.outbox) == 31
    assert {m.subject for m in mail.outbox} == {f"Uw werksessies bij {event.title}"}


def test_session_lists_export_name_organisation_and_choice(client, editor, event):
    rounds = program_rounds(event)
    register(
        event,
        name="Anna de Vries",
        email="anna@example.org",
        answers={"organisatie": "=Wijkteam"},
        preferences={rounds[0].id: [rounds[0].sessions[2].id, rounds[0].sessions[0].id]},
    )
    session_allocation.commit(event, event_capacity(event))
    client.force_login(editor)
    response = client.get(admin_url(event) + f"?export=csv&session={rounds[0].sessions[2].id}")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows == [
        ["Ronde", "Sessie", "Naam", "Organisatie", "Keuze"],
        ["Ronde 1 van de werksessies", TITLES[2], "Anna de Vries", "'=Wijkteam", "Eerste keuze"],
    ]
    page = BeautifulSoup(client.get(admin_url(event)).content, "html.parser")
    assert "Lijsten voor de sessieleiders" in page.get_text()


def test_sessions_admin_needs_permission(client, event):
    viewer = User.objects.create_user("kijker", password="x")
    client.force_login(viewer)
    assert client.get(admin_url(event)).status_code in (302, 403)
