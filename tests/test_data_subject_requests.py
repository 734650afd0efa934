"""Data-subject requests (AVG inzage and vergetelheid): find, export and erase one person.

One person (piet.jansen@example.org) registered for three events, in Dutch and in English;
another person (Anna) registered for the same events and must stay untouched, except that she
moves up from the waiting list when Piet's place is freed.
"""

import csv
import io
import json
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission, User
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from wagtail.models import Locale

from cms_events.admin.registrations import count_by_status
from cms_events.models import (
    DataSubjectRequestLog,
    EventPage,
    MailLog,
    Registration,
    RegistrationFormField,
    SessionPlacement,
)
from cms_events.registration import data_subject
from cms_events.registration.services import cancel_registration, capacity_for, register
from cms_events.registration.sessions import program_rounds
from cms_events.registration.tasks import deliver
from home.demo_events import UTRECHT_SESSIONS, local, utrecht_program

pytestmark = pytest.mark.django_db

PIET = "piet.jansen@example.org"
ANNA = "anna@example.org"
INDEX = "/admin/events/data-subject-requests/"
EXPORT = INDEX + "export/"
ERASE = INDEX + "erase/"


def translate(event, title, labels=()):
    """Publish an English version of `event` with `title` and English question labels."""
    english_locale, _created = Locale.objects.get_or_create(language_code="en")
    english = event.copy_for_translation(english_locale, copy_parents=True)
    english.title = title
    english.save_revision().publish()
    for field, label in zip(english.form_fields.all(), labels, strict=False):
        field.label = label
        field.save()
    return english


@pytest.fixture
def events(make_event, run_on_commit):
    """Three events, two of them also in English, with Piet's and Anna's registrations."""
    past = make_event(
        title="Terugblikdag",
        registration_mode="form",
        form_fields=[RegistrationFormField(label="Organisatie", field_type="singleline")],
    )
    past_en = translate(past, "Look-back day", ["Organisation"])
    full = make_event(
        title="Werkconferentie",
        start=local(timezone.localdate() + timedelta(days=30), 14),
        end=local(timezone.localdate() + timedelta(days=30), 18),
        registration_mode="form",
        capacity=1,
        waiting_list_enabled=True,
        program=utrecht_program([UTRECHT_SESSIONS, UTRECHT_SESSIONS], capacity=20),
        form_fields=[
            RegistrationFormField(label="Dieetwensen", field_type="singleline"),
            RegistrationFormField(label="Voorkeur werksessies", field_type="session_preferences"),
        ],
    )
    open_ = make_event(title="Netwerkmiddag", registration_mode="form")
    open_en = translate(open_, "Networking afternoon")
    rounds = program_rounds(full)
    first, second = rounds[0].sessions[0], rounds[0].sessions[1]
    with run_on_commit():
        piet_past = register(
            past_en,
            name="Piet Jansen",
            email="Piet.Jansen@Example.org",
            answers={"organisatie": "Gemeente Utrecht"},
            language="en",
        )
        register(past, name="Anna de Vries", email=ANNA, answers={"organisatie": "Divosa"})
        piet_full = register(
            full,
            name="Piet Jansen",
            email=PIET,
            answers={"dieetwensen": "vegetarisch"},
            preferences={rounds[0].id: [first.id, second.id]},
            choice_titles={first.id: first.title, second.id: second.title},
        )
        register(full, name="Anna de Vries", email=ANNA, answers={"dieetwensen": "geen"})
        withdrawn = register(open_en, name="Piet J.", email=PIET.upper(), language="en")
        cancel_registration(withdrawn)
        register(open_, name="Piet Jansen", email=f"  {PIET} ")
        register(open_, name="Anna de Vries", email=ANNA)
    # The first event took its registrations while it was open; now it is over.
    past_day = timezone.localdate() - timedelta(days=10)
    EventPage.objects.filter(translation_key=past.translation_key).update(
        start=local(past_day, 10), end=local(past_day, 12)
    )
    SessionPlacement.objects.create(
        registration=piet_full,
        round_id=rounds[0].id,
        session_id=first.id,
        session_title=first.title,
        rank="first",
    )
    assert piet_past.language == "en"
    mail.outbox.clear()
    return {"past": past, "past_en": past_en, "full": full, "open": open_, "open_en": open_en}


@pytest.fixture
def officer(db):
    """A staff member with the dedicated permission (and nothing else about registrations)."""
    user = User.objects.create_user("privacy", password="x")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="handle_data_subject_requests"),
    )
    return user


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def search(client, email):
    return client.post(INDEX, {"email": email})


def result_rows(response):
    table = soup(response).select_one("#data-subject-results ~ table")
    return [[td.get_text(" ", strip=True) for td in tr.select("td")] for tr in table.tbody("tr")]


def erase_form(client, email):
    """Return the erase form's data as the search result offers it."""
    form = soup(search(client, email)).select_one(f"form[action='{ERASE}']")
    return {i["name"]: i["value"] for i in form.select("input[type=hidden]")}


def personal_strings(registration):
    return [registration.name, registration.email, *map(str, registration.answers.values())]


# Finding


def test_search_finds_every_registration_of_the_address_in_every_event_and_language(
    officer_client, events
):
    response = search(officer_client, "  PIET.jansen@EXAMPLE.org ")
    assert response.status_code == 200
    rows = result_rows(response)
    assert [(row[0], row[2], row[3]) for row in rows] == [
        ("Terugblikdag", "Bevestigd", "Engels"),
        ("Werkconferentie", "Bevestigd", "Nederlands"),
        ("Netwerkmiddag", "Afgemeld door deelnemer", "Engels"),
        ("Netwerkmiddag", "Bevestigd", "Nederlands"),
    ]
    text = soup(response).get_text(" ", strip=True)
    assert ANNA not in text and "Anna" not in text
    assert (
        response["Cache-Control"].startswith("max-age=0")
        and "no-store" in response["Cache-Control"]
    )


def test_search_shows_answers_sessions_and_mails(officer_client, events):
    page = soup(search(officer_client, PIET))
    full = next(
        section
        for section in page.select("section.data-subject-record")
        if section.h3.get_text(strip=True) == "Werkconferentie"
    )
    facts = {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True)
        for dt in full.select("dt")
    }
    assert facts["Dieetwensen"] == "vegetarisch"
    first, second = UTRECHT_SESSIONS[0][0], UTRECHT_SESSIONS[1][0]
    assert facts["Voorkeuren, Ronde 1 van de werksessies"] == f"{first}, {second}"
    assert facts["Ingedeeld in, Ronde 1 van de werksessies"] == first
    mails = [[td.get_text(strip=True) for td in tr("td")] for tr in full.select("tbody tr")]
    assert [(row[0], row[1], row[4]) for row in mails] == [("Bevestiging", "Verstuurd", PIET)]


# Exporting


def test_export_is_a_readable_html_file_with_all_stored_data_never_cached(officer_client, events):
    response = officer_client.post(EXPORT, {"email": PIET.upper(), "language": "en"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="persoonsgegevens-')
    assert "piet" not in disposition
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    document = soup(response)
    assert document.html["lang"] == "en"
    assert document.select_one("meta[http-equiv=Content-Security-Policy]")["content"].startswith(
        "default-src 'none'"
    )
    sections = document.select("section.data-subject-record")
    assert [s.h2.get_text(strip=True) for s in sections] == [
        "Look-back day",
        "Werkconferentie",
        "Networking afternoon",
        "Networking afternoon",
    ]
    facts = [
        {
            dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True)
            for dt in section.select("dt")
        }
        for section in sections
    ]
    assert facts[0]["Name"] == "Piet Jansen"
    # As stored: registration writes the domain in lower case (registration/addresses.py).
    assert facts[0]["Email address"] == "Piet.Jansen@example.org"
    assert facts[0]["Organisation"] == "Gemeente Utrecht"
    assert facts[0]["Language"] == "English"
    assert facts[0]["Status"] == "Confirmed"
    assert facts[1]["Dieetwensen"] == "vegetarisch"
    assert facts[1]["Language"] == "Dutch"
    assert facts[2]["Status"] == "Cancelled by registrant"
    assert facts[2]["Withdrawn or cancelled at"]
    assert all("Kept until" in f and f["Registered at"] for f in facts)
    mails = [
        [td.get_text(strip=True) for td in row("td")]
        for section in sections
        for row in section.select("tbody tr")
    ]
    assert sorted((row[0], row[4]) for row in mails) == sorted(
        [
            ("Confirmation", "Piet.Jansen@example.org"),
            ("Confirmation", PIET),
            ("Confirmation", "PIET.JANSEN@example.org"),
            ("Cancellation confirmed", "PIET.JANSEN@example.org"),
            ("Confirmation", PIET),
        ]
    )
    text = document.get_text(" ", strip=True)
    assert "Anna" not in text and ANNA not in text and "Divosa" not in text
    tokens = Registration.objects.filter(email__iexact=PIET).values_list("token", flat=True)
    assert not any(token in response.content.decode() for token in tokens)


def test_export_in_dutch_speaks_dutch(officer_client, events):
    document = soup(officer_client.post(EXPORT, {"email": PIET, "language": "nl"}))
    assert document.html["lang"] == "nl"
    assert document.h1.get_text(strip=True) == "Uw aanmeldingen bij Evenementen"
    first = document.select_one("section.data-subject-record")
    assert first.h2.get_text(strip=True) == "Terugblikdag"
    assert [dt.get_text(strip=True) for dt in first.select("dt")][:3] == [
        "Datum van de bijeenkomst",
        "Pagina",
        "Naam",
    ]


# Erasing


def test_erase_asks_for_confirmation_first(officer_client, events):
    response = officer_client.post(ERASE, erase_form(officer_client, PIET))
    assert response.status_code == 200
    assert soup(response).select_one("button[name=confirm]") is not None
    assert data_subject.find_registrations(PIET).count() == 4
    assert officer_client.get(ERASE).status_code == 302


def test_export_and_erase_across_three_events_in_two_languages(officer_client, events, client):
    past_counts = count_by_status(capacity_for(events["past"]))
    anna_before = {r.pk: personal_strings(r) for r in Registration.objects.filter(email=ANNA)}
    export = officer_client.post(EXPORT, {"email": PIET, "language": "en"})
    assert len(soup(export).select("section.data-subject-record")) == 4

    data = erase_form(officer_client, PIET)
    response = officer_client.post(ERASE, {**data, "confirm": "1"})
    assert response.status_code == 302

    # Searching finds nothing, and the page says what was done.
    page = officer_client.get(response["Location"])
    assert "4 aanmeldingen gewist" in soup(page).select_one(".messages").get_text()
    empty = soup(search(officer_client, PIET))
    assert "Over dit adres is niets opgeslagen" in empty.get_text(" ", strip=True)
    assert data_subject.remaining_personal_data(PIET) == {"registrations": 0, "mails": 0}
    # The mail log no longer holds the address.
    assert not MailLog.objects.filter(recipient__icontains="piet").exists()
    # Erased as by the retention purge.
    erased = Registration.objects.exclude(email=ANNA)
    assert erased.count() == 4
    for registration in erased:
        assert registration.name == ""
        assert registration.answers == {}
        assert registration.email == f"geanonimiseerd-{registration.pk}@invalid"
        assert registration.anonymised_at is not None
    # The past event's counts are as after a purge; Anna is untouched.
    assert count_by_status(capacity_for(events["past"])) == past_counts
    assert {
        r.pk: personal_strings(r) for r in Registration.objects.filter(email=ANNA)
    } == anna_before
    # The events' lists and exports no longer show Piet.
    admin = User.objects.create_superuser("beheer", password="x")
    client.force_login(admin)
    for key in ("past", "full", "open"):
        url = reverse("cms_events_registrations", args=[events[key].pk])
        listing = client.get(url).content.decode()
        assert "Piet" not in listing and "piet" not in listing.lower()
        rows = list(
            csv.reader(
                io.StringIO(client.get(url + "?export=csv").content.decode("utf-8-sig")),
                delimiter=";",
            )
        )
        assert [row[0] for row in rows[1:]] == ["Anna de Vries"]


def test_erasing_an_upcoming_place_moves_up_the_waiting_list_and_mails_only_them(
    officer_client, events, run_on_commit
):
    full = capacity_for(events["full"])
    assert count_by_status(full)["waiting_list"] == 1
    piet = full.registrations.get(email=PIET)
    pending = MailLog.objects.create(registration=piet, kind="notification", recipient=PIET)
    with run_on_commit():
        officer_client.post(ERASE, {**erase_form(officer_client, PIET), "confirm": "1"})
    counts = count_by_status(full)
    assert (counts["confirmed"], counts["waiting_list"], counts["cancelled_registrant"]) == (
        1,
        0,
        1,
    )
    anna = full.registrations.get(email=ANNA)
    assert anna.status == "confirmed"
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([ANNA], "Er is een plaats voor u vrijgekomen: Werkconferentie")
    ]
    # A mail queued before the erasure never goes out afterwards.
    deliver(pending.pk)
    pending.refresh_from_db()
    assert pending.status == "skipped" and pending.recipient == ""
    assert len(mail.outbox) == 1
    # The past event's registration kept its status; the open event's was withdrawn.
    statuses = dict(
        Registration.objects.exclude(email=ANNA)
        .filter(event__translation_key=events["past"].translation_key)
        .values_list("event__translation_key", "status")
    )
    assert list(statuses.values()) == ["confirmed"]
    open_statuses = sorted(
        capacity_for(events["open"])
        .registrations.exclude(email=ANNA)
        .values_list("status", flat=True)
    )
    assert open_statuses == ["cancelled_registrant", "cancelled_registrant"]


def test_erase_stops_when_the_registrations_changed_since_the_confirmation(
    officer_client, events, make_event
):
    data = erase_form(officer_client, PIET)
    # Meanwhile he registers for another event (one mailbox registers once per event).
    another = make_event(title="Nog een middag", registration_mode="form")
    cancel_registration(
        register(another, name="Piet", email="PIET.JANSEN@example.org", language="en")
    )
    response = officer_client.post(ERASE, {**data, "confirm": "1"})
    assert response.status_code == 200
    assert "veranderd" in soup(response).select_one(".messages").get_text()
    assert len(soup(response).select("tbody tr")) == 5
    assert data_subject.find_registrations(PIET).count() == 5
    again = {i["name"]: i["value"] for i in soup(response).select("form input[type=hidden]")}
    officer_client.post(ERASE, {**again, "confirm": "1"})
    assert data_subject.remaining_personal_data(PIET) == {"registrations": 0, "mails": 0}


# The log


def test_log_records_what_was_done_without_personal_data(officer_client, officer, events):
    search(officer_client, PIET)
    officer_client.post(EXPORT, {"email": PIET, "language": "nl"})
    officer_client.post(ERASE, {**erase_form(officer_client, PIET), "confirm": "1"})
    entries = list(DataSubjectRequestLog.objects.order_by("created_at", "pk"))
    assert [e.action for e in entries] == ["search", "export", "search", "erase"]
    capacities = sorted(capacity_for(events[key]).pk for key in ("past", "full", "open"))
    expected_hash = salted_hmac(
        "cms_events.data_subject_request", PIET, algorithm="sha256"
    ).hexdigest()
    for entry in entries:
        assert entry.user == officer and entry.user_name == "privacy"
        assert entry.registration_count == 4
        assert entry.event_ids == capacities
        assert entry.address_hash == expected_hash
    stored = json.dumps(list(DataSubjectRequestLog.objects.values()), default=str).lower()
    for personal in ("piet", "jansen", "example.org", "gemeente", "vegetarisch"):
        assert personal not in stored
    # The log shows in the tool, with the events by title and the same address code.
    page = soup(officer_client.get(INDEX))
    rows = page.select("#data-subject-log ~ table tbody tr")
    cells = [[td.get_text(" ", strip=True) for td in row("td")] for row in rows]
    assert [row[2] for row in cells] == ["Gewist", "Opgezocht", "Geëxporteerd", "Opgezocht"]
    assert cells[0][4] == "Terugblikdag; Werkconferentie; Netwerkmiddag"
    assert {row[5] for row in cells} == {expected_hash[:10]}
    # A new request for the same address is recognised, in any spelling.
    again = soup(search(officer_client, " Piet.Jansen@EXAMPLE.ORG"))
    assert "4 keer eerder behandeld" in again.get_text(" ", strip=True)


def test_hash_of_a_key_in_the_fallbacks_still_recognises_the_address(officer, settings):
    data_subject.log_request(officer, "erase", PIET, [])
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-after-rotation"
    assert data_subject.earlier_requests(PIET.upper()).count() == 1
    assert data_subject.address_hash(PIET) != DataSubjectRequestLog.objects.get().address_hash


# Permissions and hostile input: one event with Piet's registration is enough.


@pytest.fixture
def piet_registered(make_event):
    event = make_event(
        title="Werkconferentie",
        registration_mode="form",
        form_fields=[RegistrationFormField(label="Dieetwensen", field_type="singleline")],
    )
    return register(event, name="Piet Jansen", email=PIET, answers={"dieetwensen": "vegetarisch"})


def editor_without_the_permission():
    """An editor who may see and change registrations, but not handle AVG requests."""
    user = User.objects.create_user("redacteur", password="x")
    user.groups.add(Group.objects.get(name="Editors"))
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["access_admin", "view_registration", "change_registration"]
        )
    )
    return user


def make_user(who):
    if who == "editor":
        return editor_without_the_permission()
    if who == "superuser":
        return User.objects.create_superuser("beheer", password="x")
    user = User.objects.create_user("privacy", password="x")
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "handle_data_subject_requests"])
    )
    return user


# Every URL of the tool, GET and POST: (method, URL, data, status for a user with the
# permission). The erasing POST goes last: with a fingerprint that does not match what is
# stored, it leads back to the confirmation and erases nothing.
REQUESTS = [
    ("get", INDEX, {}, 200),
    ("post", INDEX, {"email": PIET}, 200),
    ("get", EXPORT, {}, 302),
    ("post", EXPORT, {"email": PIET, "language": "nl"}, 200),
    ("get", ERASE, {}, 302),
    ("post", ERASE, {"email": PIET, "fingerprint": "x"}, 200),
    ("post", ERASE, {"email": PIET, "fingerprint": "x", "confirm": "1"}, 200),
]


@pytest.mark.parametrize("who", ["officer", "superuser"])
def test_users_with_the_permission_reach_every_url_of_the_tool(client, piet_registered, who):
    client.force_login(make_user(who))
    for method, url, data, status in REQUESTS:
        response = getattr(client, method)(url, data)
        assert response.status_code == status, (method, url, data)
    assert DataSubjectRequestLog.objects.count() == 2  # the search and the export


@pytest.mark.parametrize("who", ["anonymous", "editor"])
def test_users_without_the_permission_get_nowhere_and_see_no_personal_data(
    client, piet_registered, who
):
    if who == "editor":
        client.force_login(make_user(who))
    for method, url, data, _status in REQUESTS:
        response = getattr(client, method)(url, data)
        # Wagtail answers a refused admin request with a redirect: to the login page, or to
        # the dashboard with its "no permission" message.
        assert response.status_code == 302, (method, url)
        expected = f"/admin/login/?next={url}" if who == "anonymous" else "/admin/"
        assert response["Location"] == expected, (method, url)
        content = response.content.decode().lower()
        assert "piet" not in content and "vegetarisch" not in content
    if who == "editor":
        dashboard = soup(client.get("/admin/")).select_one(".messages").get_text(" ", strip=True)
        assert "Sorry, je hebt geen toegang tot dit gedeelte." in dashboard
    assert not DataSubjectRequestLog.objects.exists()
    assert data_subject.find_registrations(PIET).count() == 1


def menu_item_names(client):
    props = soup(client.get("/admin/")).select_one("#wagtail-sidebar-props")
    return json.dumps(json.loads(props.string))


def test_the_events_menu_offers_the_tool_only_with_the_permission(client, event_index):
    client.force_login(make_user("officer"))
    assert '"data-subject-requests"' in menu_item_names(client)
    client.force_login(editor_without_the_permission())
    names = menu_item_names(client)
    assert '"data-subject-requests"' not in names
    assert '"event-pages"' in names


def test_the_permission_can_be_given_to_a_group(admin_client):
    page = soup(admin_client.get("/admin/groups/new/"))
    permission = Permission.objects.get(codename="handle_data_subject_requests")
    row = page.select_one(f"input[value='{permission.pk}']").find_parent("tr")
    assert row.find(["th", "td"]).get_text(strip=True) == "AVG-verzoek"


@pytest.mark.parametrize(
    "value",
    [
        "piet\x00@example.org",
        "piet\x07jansen@example.org",
        "piet@example.org\r\nBcc: x@example.org",
        "a" * 100_000 + "@example.org",
        "",
        "<script>alert(1)</script>@example.org",
        "piet jansen",
    ],
)
def test_hostile_input_in_the_search_gets_a_clear_error(officer_client, piet_registered, value):
    response = search(officer_client, value)
    assert response.status_code == 200
    assert soup(response).select_one(".error-message"), "no error is shown"
    assert "<script>" not in response.content.decode()
    for url, extra in ((EXPORT, {"language": "nl"}), (ERASE, {"fingerprint": "x"})):
        response = officer_client.post(url, {"email": value, **extra})
        assert response.status_code == 302
        assert soup(officer_client.get(response["Location"])).select_one(".messages li")
    assert not DataSubjectRequestLog.objects.exists()
    assert data_subject.find_registrations(PIET).count() == 1
