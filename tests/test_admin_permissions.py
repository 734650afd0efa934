"""Registrants' names and addresses reach only users with the registration permissions.

The table is built from the URL resolver: every admin URL whose view lives in cms_events is
requested by users without the permissions, with GET and POST and the parameters the views
know (exports, previews, actions). A new admin view cannot be forgotten: it shows up here and
must be classified below.
"""

import json
import uuid
from datetime import time, timedelta

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core import mail
from django.shortcuts import resolve_url
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse
from django.utils import timezone

from cms_events.models import (
    ChangeNotification,
    CheckInRequest,
    DataSubjectRequestLog,
    MailLog,
    PendingNotification,
    Registration,
    RegistrationFormField,
    SessionPlacement,
)
from cms_events.publishing.status_change import change_event_status
from cms_events.registration.notifications import create_notification
from cms_events.registration.services import register
from cms_events.registration.session_allocation import fingerprint
from cms_events.registration.sessions import program_rounds
from home.demo_events import UTRECHT_SESSIONS, local, utrecht_program

pytestmark = pytest.mark.django_db

# Views that show or mail registrants: view_registration to see, change_registration to act.
REGISTRANT_VIEWS = {"cms_events_notify", "cms_events_registrations", "cms_events_sessions"}
# One person's registrations across events: a permission of its own (handle_data_subject_
# requests, tested in test_data_subject_requests.py); refused here to both users below.
PERSON_VIEWS = {
    "cms_events_data_subject",
    "cms_events_data_subject_export",
    "cms_events_data_subject_erase",
}
# The door (check-in page and its JSON endpoints): check_in_registration of its own. Door staff
# see name, sessions and status only, never addresses or answers; users who may see or change
# registrations may not check in without it.
DOOR_VIEWS = {
    "cms_events_check_in_events",
    "cms_events_check_in",
    "cms_events_check_in_people",
    "cms_events_check_in_action",
    "cms_events_check_in_walk_in",
}
# Views that show nobody: the page's own permissions decide. The mail preview shows a sample
# person and sends its test only to the user's own address (tests/test_mail_preview.py); the
# QR codes of a series and its dates are public links (tests/test_date_short_links.py); the
# series preview renders the editor's unsaved rule (tests/test_series_preview.py).
VIEWS_WITHOUT_REGISTRANTS = {
    "cms_events_change_status",
    "cms_events_mail_preview",
    "cms_events_qr_codes",
    "cms_events_series_preview",
    "cms_events_series_preview_new",
}

PEOPLE = [("Anneke Aanmelder", "anneke.aanmelder@example.org"), ("Bram Beller", "bram@example.org")]
GET_QUERIES = [
    "",
    "?export=csv",
    "?export=xlsx",
    "?preview=1",
    "?q=Anneke",
    "?status=confirmed",
    "?attendance=came",
    "?print=attendance",
    "?print=badges",
]


def view_module(callback):
    view = getattr(callback, "view_class", None)
    while view is None and hasattr(callback, "__wrapped__"):
        callback = callback.__wrapped__
        view = getattr(callback, "view_class", None)
    return (view or callback).__module__


def url_patterns(patterns=None, prefix=""):
    """Yield (route, pattern) for every URL pattern of the project."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def extension_admin_url_names():
    """Return the names of the admin URLs whose views come from cms_events."""
    admin = reverse("wagtailadmin_home").lstrip("/")
    return sorted(
        pattern.name
        for route, pattern in url_patterns()
        if route.startswith(admin)
        and (
            view_module(pattern.callback).startswith("cms_events")
            or "cms_events" in (pattern.name or "")
        )
    )


def test_every_admin_view_of_the_extension_is_classified():
    names = set(extension_admin_url_names())
    assert names, "no admin URL of cms_events found"
    assert names == REGISTRANT_VIEWS | PERSON_VIEWS | DOOR_VIEWS | VIEWS_WITHOUT_REGISTRANTS


def make_user(username, *codenames, groups=("Moderators",)):
    user = User.objects.create_user(username, password="x")
    user.groups.add(*Group.objects.filter(name__in=groups))
    user.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", *codenames]))
    return user


@pytest.fixture
def event(make_event, run_on_commit):
    day = timezone.localdate() + timedelta(days=30)
    event = make_event(
        title="Werkconferentie",
        start=local(day, 15),
        end=local(day, 18),
        walk_in_time=time(14, 30),
        registration_mode="form",
        capacity=1,
        program=utrecht_program([UTRECHT_SESSIONS, UTRECHT_SESSIONS], capacity=20),
        form_fields=[
            RegistrationFormField(label="Organisatie", field_type="singleline"),
            RegistrationFormField(label="Voorkeur", field_type="session_preferences"),
        ],
    )
    rounds = program_rounds(event)
    with run_on_commit():
        for name, email in PEOPLE:
            register(
                event,
                name=name,
                email=email,
                answers={"organisatie": "Gemeente"},
                preferences={r.id: [r.sessions[0].id, r.sessions[1].id] for r in rounds},
            )
    return event


@pytest.fixture(params=["question", "progress"])
def notify_state(request, event, run_on_commit):
    """The notify view asks before a notification is sent, and shows its progress after."""
    with run_on_commit():
        if request.param == "progress":
            create_notification(event, message="Let op")
        else:
            change_event_status(event, status="moved_online")
            PendingNotification.objects.create(
                event=event_capacity(event), page=event, sequence=event.sequence + 1
            )
    mail.outbox.clear()
    return request.param


def event_capacity(event):
    from cms_events.registration.services import capacity_for

    return capacity_for(event)


def url_of(name, event):
    """Return the URL of the admin view `name`, about `event` when it takes one."""
    try:
        return reverse(name, args=[event.pk])
    except NoReverseMatch:
        return reverse(name)


def post_bodies(event):
    anneke = Registration.objects.get(name=PEOPLE[0][0])
    return [
        {"email": PEOPLE[0][1]},
        {"email": PEOPLE[0][1], "language": "nl", "confirmed": "1"},
        {"action": "cancel", "registration": anneke.pk},
        {"action": "waiting_list", "registration": anneke.pk},
        {"action": "retry"},
        {"action": "dismiss"},
        {"message": "Eigen bericht", "preview": "1"},
        {"message": "Eigen bericht", "send": "1"},
        {"fingerprint": fingerprint(event_capacity(event))},
        {"kind": "confirmation"},
    ]


def state(event):
    """Everything a request could change about the registrants."""
    return (
        sorted(Registration.objects.values_list("name", "status")),
        MailLog.objects.count(),
        ChangeNotification.objects.count(),
        PendingNotification.objects.count(),
        SessionPlacement.objects.count(),
        DataSubjectRequestLog.objects.count(),
        Registration.objects.filter(checked_in_at__isnull=False).count(),
        CheckInRequest.objects.count(),
        len(mail.outbox),
    )


def assert_shows_nobody(response):
    text = response.content.decode("utf-8", "replace")
    for name, email in PEOPLE:
        assert name not in text and email not in text, response.request["PATH_INFO"]
        assert name not in response.get("Content-Disposition", "")


def assert_refused(response):
    assert response.status_code in (302, 403), response.request
    if response.status_code == 302:
        assert "/accounts/login/" not in response["Location"]


@pytest.mark.parametrize("name", extension_admin_url_names())
def test_a_user_without_registration_permissions_sees_and_mails_nobody(
    client, event, notify_state, name, run_on_commit
):
    client.force_login(make_user("moderator"))
    url = url_of(name, event)
    before = state(event)
    for query in GET_QUERIES:
        response = client.get(url + query)
        if name not in VIEWS_WITHOUT_REGISTRANTS:
            assert_refused(response)
        assert_shows_nobody(response)
        assert_shows_nobody(client.get(url + query, follow=True))
    for body in post_bodies(event):
        with run_on_commit():
            response = client.post(url, body)
        if name not in VIEWS_WITHOUT_REGISTRANTS:
            assert_refused(response)
        assert_shows_nobody(response)
        assert_shows_nobody(client.get(response.get("Location", url), follow=True))
    assert state(event) == before


@pytest.mark.parametrize("name", sorted(REGISTRANT_VIEWS | PERSON_VIEWS | DOOR_VIEWS))
def test_a_user_who_may_only_view_registrations_cannot_act(
    client, event, notify_state, name, run_on_commit
):
    client.force_login(make_user("viewer", "view_registration"))
    url = url_of(name, event)
    response = client.get(url)
    if name in PERSON_VIEWS | DOOR_VIEWS:
        assert_refused(response)
        assert_shows_nobody(client.get(url, follow=True))
    else:
        assert response.status_code == 200
    before = state(event)
    for body in post_bodies(event):
        with run_on_commit():
            assert_refused(client.post(url, body))
    assert state(event) == before


def door_body(event, **fields):
    return json.dumps({"client_id": str(uuid.uuid4()), **fields})


@pytest.mark.parametrize("codenames", [(), ("view_registration", "change_registration")])
def test_checking_in_needs_the_check_in_permission(client, event, codenames):
    """Not even who manages registrations checks people in without it (JSON bodies too)."""
    client.force_login(make_user("manager", *codenames))
    anneke = Registration.objects.get(name=PEOPLE[0][0])
    bodies = {
        "cms_events_check_in_action": door_body(event, token=anneke.check_in_token, method="scan"),
        "cms_events_check_in_walk_in": door_body(event, name="Cas", email="cas@example.org"),
    }
    before = state(event)
    for name, body in bodies.items():
        response = client.post(url_of(name, event), body, content_type="application/json")
        assert_refused(response)
        assert_shows_nobody(response)
    assert state(event) == before


@pytest.mark.parametrize("name", sorted(REGISTRANT_VIEWS | PERSON_VIEWS))
def test_door_staff_see_no_registrations_beyond_the_door(client, event, name):
    client.force_login(make_user("door", "check_in_registration"))
    url = url_of(name, event)
    for query in GET_QUERIES:
        assert_refused(client.get(url + query))


def test_door_staff_see_names_but_no_addresses_or_answers(client, event):
    client.force_login(make_user("door", "check_in_registration"))
    events = client.get(url_of("cms_events_check_in_events", event))
    assert events.status_code == 200
    assert url_of("cms_events_check_in", event) in events.content.decode()
    for name in ("cms_events_check_in", "cms_events_check_in_people"):
        response = client.get(url_of(name, event))
        assert response.status_code == 200
        text = response.content.decode()
        for person, email in PEOPLE:
            assert person in text and email not in text
        assert "Gemeente" not in text  # the answers


@pytest.mark.parametrize("name", extension_admin_url_names())
def test_anonymous_visitors_are_sent_to_the_wagtail_login(client, event, name):
    url = url_of(name, event)
    for response in (client.get(url), client.post(url, {"action": "cancel"})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
        assert_shows_nobody(response)


@pytest.mark.parametrize("name", sorted(REGISTRANT_VIEWS))
def test_refused_users_are_not_sent_to_a_login_page_that_does_not_exist(
    client, event, name, settings
):
    """Without LOGIN_URL in the host's settings, Django would send them to /accounts/login/."""
    settings.LOGIN_URL = "/accounts/login/"  # Django's default
    client.force_login(make_user("editor", groups=("Editors",)))
    response = client.get(reverse(name, args=[event.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert client.get(response["Location"]).status_code == 200


def test_the_demo_sends_logins_to_the_wagtail_login(settings):
    assert resolve_url(settings.LOGIN_URL) == reverse("wagtailadmin_login")


# A change published by someone who may not see registrants


def test_a_status_change_without_registration_permissions_leaves_the_notification_pending(
    client, event, run_on_commit
):
    client.force_login(make_user("moderator"))
    url = reverse("cms_events_change_status", args=[event.pk])
    mail.outbox.clear()
    with run_on_commit():
        response = client.post(
            url, {"status": "cancelled", "headline": "Gaat niet door", "publish": "1"}
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_explore", args=[event.get_parent().pk])
    page = client.get(response["Location"])
    assert_shows_nobody(page)
    assert "nog niet over deze wijziging geïnformeerd" in page.content.decode()
    event.refresh_from_db()
    assert event.status == "cancelled"
    pending = PendingNotification.objects.get()
    assert (pending.sequence, pending.changed_by.username) == (event.sequence, "moderator")
    assert mail.outbox == []
    assert not ChangeNotification.objects.exists()


def test_the_page_editor_path_leaves_the_notification_pending_too(rf, event):
    from django.contrib.messages.storage.cookie import CookieStorage

    from cms_events.wagtail_hooks import ask_to_notify_registrants, remember_calendar_version

    request = rf.post(f"/admin/pages/{event.pk}/edit/")
    request.user = make_user("moderator")
    request._messages = CookieStorage(request)
    remember_calendar_version(request, event)
    changed = change_event_status(event, status="moved_online")
    assert ask_to_notify_registrants(request, changed) is None
    assert PendingNotification.objects.get().sequence == changed.sequence


@pytest.fixture
def pending(event, client, run_on_commit):
    client.force_login(make_user("moderator"))
    with run_on_commit():
        client.post(
            reverse("cms_events_change_status", args=[event.pk]),
            {"status": "cancelled", "headline": "Gaat niet door", "publish": "1"},
        )
    client.logout()
    mail.outbox.clear()
    return PendingNotification.objects.get()


def test_a_pending_notification_is_shown_to_who_manages_registrations_and_sent_once(
    client, event, pending, run_on_commit
):
    from bs4 import BeautifulSoup

    notify = reverse("cms_events_notify", args=[event.pk])
    client.force_login(make_user("manager", "view_registration", "change_registration"))
    dashboard = BeautifulSoup(client.get("/admin/").content, "html.parser")
    links = [a["href"] for a in dashboard.select("#cms-events-pending-heading + table a")]
    assert links == [notify]
    registrations = client.get(reverse("cms_events_registrations", args=[event.pk]))
    assert notify in [a["href"] for a in BeautifulSoup(registrations.content, "html.parser")("a")]
    with run_on_commit():
        response = client.post(notify, {"message": "Helaas gaat het niet door.", "send": "1"})
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted(email for _name, email in PEOPLE)
    assert not PendingNotification.objects.exists()
    dashboard = BeautifulSoup(client.get("/admin/").content, "html.parser")
    assert dashboard.select_one("#cms-events-pending-heading") is None


def test_deciding_not_to_notify_clears_the_pending_notification(client, event, pending):
    client.force_login(make_user("manager", "view_registration", "change_registration"))
    response = client.post(reverse("cms_events_notify", args=[event.pk]), {"action": "dismiss"})
    assert response.status_code == 302
    assert not PendingNotification.objects.exists()
    assert not ChangeNotification.objects.exists()
    assert mail.outbox == []


def test_who_may_mail_registrants_is_asked_at_once(admin_client, event, run_on_commit):
    with run_on_commit():
        response = admin_client.post(
            reverse("cms_events_change_status", args=[event.pk]),
            {"status": "cancelled", "headline": "Gaat niet door", "publish": "1"},
        )
    assert response["Location"] == reverse("cms_events_notify", args=[event.pk])
    assert PendingNotification.objects.exists()


# The snippets of the extension (venues, organisers, themes, audiences). Their admin URLs come
# from Wagtail's snippet viewsets, found here by namespace: Wagtail's model permissions decide
# who manages them. The choosers show what the public pages show (names and addresses), so
# every admin user who edits events may use them.

SNIPPET_MODELS = ("venue", "organiser", "theme", "audience")


def namespaced_url_names(patterns=None, namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from namespaced_url_names(pattern.url_patterns, inner)
        elif pattern.name:
            yield namespace + pattern.name


def snippet_url_names(prefix):
    """Return the URL names of the extension's snippets under Wagtail's `prefix` namespaces."""
    namespaces = tuple(f"{prefix}_cms_events_{model}:" for model in SNIPPET_MODELS)
    return sorted(name for name in namespaced_url_names() if name.startswith(namespaces))


def make_entry(name):
    from wagtail.models import Locale

    from cms_events.models import Audience, Organiser, Theme, Venue

    model_name = name.split(":")[0].rsplit("_", 1)[-1]
    model = {"venue": Venue, "organiser": Organiser, "theme": Theme, "audience": Audience}[
        model_name
    ]
    fields = {"city": "Utrecht"} if model is Venue else {}
    return model.objects.create(name="Origineel", locale=Locale.get_default(), **fields)


def snippet_url(name, entry):
    try:
        return reverse(name, args=[entry.pk])
    except NoReverseMatch:
        return reverse(name)


def test_the_snippet_views_of_the_extension_are_found():
    managed = snippet_url_names("wagtailsnippets")
    assert {"wagtailsnippets_cms_events_venue:add", "wagtailsnippets_cms_events_venue:edit"} <= set(
        managed
    )
    assert len(managed) >= 4 * 7
    assert "wagtailsnippetchoosers_cms_events_venue:choose" in snippet_url_names(
        "wagtailsnippetchoosers"
    )


@pytest.mark.parametrize("name", snippet_url_names("wagtailsnippets"))
def test_managing_snippets_needs_the_models_permissions(client, home_page, name):
    entry = make_entry(name)
    count = type(entry).objects.count()
    client.force_login(make_user("moderator"))
    url = snippet_url(name, entry)
    assert_refused(client.get(url))
    assert_refused(client.post(url, {"name": "Overgenomen", "city": "Elders"}))
    entry.refresh_from_db()
    assert entry.name == "Origineel"
    assert type(entry).objects.count() == count


@pytest.mark.parametrize("name", snippet_url_names("wagtailsnippets"))
def test_anonymous_visitors_are_sent_to_the_login_for_snippets(client, home_page, name):
    response = client.get(snippet_url(name, make_entry(name)))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


@pytest.mark.parametrize("model", SNIPPET_MODELS)
def test_who_has_the_models_permissions_manages_the_snippets(client, home_page, model):
    entry = make_entry(f"wagtailsnippets_cms_events_{model}:edit")
    client.force_login(make_user("editor", f"add_{model}", f"change_{model}", f"view_{model}"))
    for view in ("list", "add", "edit"):
        url = snippet_url(f"wagtailsnippets_cms_events_{model}:{view}", entry)
        assert client.get(url).status_code == 200, url


def chooser_names(*, creating):
    return [
        name
        for name in snippet_url_names("wagtailsnippetchoosers")
        if name.endswith(":create") == creating
    ]


@pytest.mark.parametrize("name", chooser_names(creating=False))
def test_the_choosers_are_for_admin_users_only(client, home_page, name):
    entry = make_entry(name)
    url = snippet_url(name, entry)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    client.force_login(make_user("moderator"))
    assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("name", chooser_names(creating=True))
def test_creating_in_a_chooser_needs_the_add_permission(client, home_page, name):
    entry = make_entry(name)
    count = type(entry).objects.count()
    url = snippet_url(name, entry)
    client.force_login(make_user("moderator"))
    assert_refused(client.get(url))
    assert_refused(client.post(url, {"name": "Nieuw", "city": "Utrecht"}))
    assert type(entry).objects.count() == count
