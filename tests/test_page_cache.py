"""The page cache: one copy of a page for every anonymous visitor, and nothing private in it.

The suite runs without the page cache (tests elsewhere change data inside one transaction,
where purges after the commit never run); these tests turn it on, in local memory.
"""

import pytest
from bs4 import BeautifulSoup
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client, RequestFactory
from wagtail.models import PageViewRestriction

from cms_events.models import Registration, RegistrationFormField
from cms_events.publishing import page_cache
from cms_events.publishing.page_cache import purge_paths
from cms_events.publishing.status_change import change_event_status
from cms_events.registration.services import cancel_registration, register
from cms_events.status import EventStatus

from .registration_helpers import errors, form_data, register_via_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.CMS_EVENTS_PAGE_CACHE = "default"


@pytest.fixture
def event(make_event):
    return make_event(
        title="Werkconferentie",
        slug="werkconferentie",
        registration_mode="form",
        capacity=10,
        form_fields=[RegistrationFormField(label="Organisatie", field_type="singleline")],
    )


def visit(url):
    """GET `url` as a new visitor: no cookies."""
    return Client().get(url)


def kept(response):
    """Whether `response` came out of the page cache (a kept copy carries its Age)."""
    return response.has_header("Age")


def places(response):
    return BeautifulSoup(response.content, "html.parser").select_one(".registration__places")


def cache_control(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


def test_two_new_visitors_get_the_same_page_without_cookie_or_session(event):
    first, second = visit(event.url), visit(event.url)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert BeautifulSoup(first.content, "html.parser").select_one("form.registration-form")
    assert not first.cookies and not second.cookies
    assert not Session.objects.exists()
    assert not kept(first) and kept(second)
    assert cache_control(second) == {"max-age=0", "s-maxage=30"}
    assert "Vary" not in first and "Vary" not in second


def test_plain_pages_are_kept_as_long_as_the_setting_says(event_index, make_event, settings):
    settings.CMS_EVENTS_CACHE_SECONDS = 120
    visit(event_index.url)
    response = visit(event_index.url)
    assert kept(response)
    assert cache_control(response) == {"max-age=0", "s-maxage=120"}
    assert "s-maxage=120" in visit(make_event(title="Lezing").url)["Cache-Control"]


def test_a_registration_shows_in_the_next_visit(event, run_on_commit):
    assert places(visit(event.url)).get_text() == "Nog 10 plaatsen vrij."
    with run_on_commit():
        assert register_via_page(Client(), event, organisatie="X").status_code == 302
    assert places(visit(event.url)).get_text() == "Nog 9 plaatsen vrij."


def test_a_withdrawal_shows_in_the_next_visit(event, run_on_commit):
    with run_on_commit():
        registration = register(event, name="Jan", email="jan@example.org")
    assert places(visit(event.url)).get_text() == "Nog 9 plaatsen vrij."
    with run_on_commit():
        cancel_registration(registration)
    assert places(visit(event.url)).get_text() == "Nog 10 plaatsen vrij."


def test_the_waiting_list_leaves_the_kept_page_alone(make_event, run_on_commit):
    event = make_event(title="Vol", slug="vol", registration_mode="form", capacity=1)
    with run_on_commit():
        register(event, name="Jan", email="jan@example.org")
    visit(event.url)
    with run_on_commit():
        waiting = register(event, name="Piet", email="piet@example.org")
    assert waiting.status == Registration.Status.WAITING_LIST
    assert kept(visit(event.url))


def test_a_purged_page_is_built_again_for_every_language_and_query(event):
    visit(event.url)
    visit(event.url + "?bron=qr")
    purge_paths([event.url])
    assert not kept(visit(event.url))
    assert not kept(visit(event.url + "?bron=qr"))


def test_made_up_query_strings_are_not_kept(event):
    visit(event.url + "?x=1")
    assert not kept(visit(event.url + "?x=1"))
    visit(event.url + "?utm_source=nieuwsbrief")
    assert kept(visit(event.url + "?utm_source=nieuwsbrief"))


def test_a_form_shown_again_with_errors_is_never_kept(event):
    data = form_data(Client(), event, registrant_email="jan@")
    response = Client().post(event.url, data)
    assert errors(response)
    assert {"private", "no-store"} <= cache_control(response)
    for _ in range(2):
        assert not errors(visit(event.url))


def test_the_thanks_are_private_and_the_plain_page_stays_shared(event):
    visit(event.url)
    response = register_via_page(Client(), event, organisatie="X")
    thanks = visit(response["Location"])
    assert {"private", "no-store"} <= cache_control(thanks)
    assert thanks["X-Robots-Tag"] == "noindex"
    assert BeautifulSoup(thanks.content, "html.parser").select_one(".registration__thanks")
    assert not kept(visit(response["Location"]))
    plain = BeautifulSoup(visit(event.url).content, "html.parser")
    assert plain.select_one(".registration__thanks") is None


def test_editors_see_their_userbar_and_are_never_kept(event, admin_client):
    editor = admin_client.get(event.url)
    assert BeautifulSoup(editor.content, "html.parser").select_one("wagtail-userbar")
    assert {"private", "no-store"} <= cache_control(editor)
    visitor = visit(event.url)
    assert BeautifulSoup(visitor.content, "html.parser").select_one("wagtail-userbar") is None
    assert "private" not in cache_control(visitor)
    # An editor is never served a visitor's copy either.
    assert not kept(admin_client.get(event.url))


def test_the_admin_is_never_kept(event, admin_client):
    for _ in range(2):
        response = admin_client.get(f"/admin/pages/{event.pk}/edit/")
        assert response.status_code == 200
        assert "private" in cache_control(response)
        assert not kept(response)
    assert visit("/admin/").status_code == 302


def test_a_preview_is_never_kept_nor_answered_from_the_cache(event, admin_client):
    visit(event.url)
    draft = type(event).objects.get(pk=event.pk)
    draft.title = "Concept: nieuwe titel"
    draft.save_revision()
    editor_request = RequestFactory().get(
        "/admin/", HTTP_COOKIE=f"sessionid={admin_client.cookies['sessionid'].value}"
    )
    preview = draft.make_preview_request(original_request=editor_request)
    assert "Concept: nieuwe titel" in preview.content.decode()
    assert "private" in cache_control(preview)
    visitor = visit(event.url).content.decode()
    assert "Werkconferentie" in visitor and "Concept" not in visitor


@pytest.mark.parametrize("restriction_type", ["password", "login"])
def test_a_restricted_page_is_never_kept(event, restriction_type):
    PageViewRestriction.objects.create(
        page=event, restriction_type=restriction_type, password="geheim"
    )
    for _ in range(2):
        response = visit(event.url)
        assert {"private", "no-store"} <= cache_control(response)
        assert not kept(response)
        assert "Werkconferentie" not in response.content.decode().split("<main", 1)[-1]


def test_the_self_service_page_is_never_kept(event):
    registration = register(event, name="Jan", email="jan@example.org")
    url = f"/aanmelding/{registration.token}/"
    for _ in range(2):
        response = visit(url)
        assert "Jan" in response.content.decode()
        assert {"private", "no-store"} <= cache_control(response)
        assert not kept(response)


def test_publishing_purges_the_kept_page(event, django_capture_on_commit_callbacks):
    visit(event.url)
    page = type(event).objects.get(pk=event.pk)
    page.title = "Werkconferentie, nieuwe datum"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert "Werkconferentie, nieuwe datum" in visit(event.url).content.decode()


def test_a_status_change_purges_the_event_and_its_index(
    event, event_index, django_capture_on_commit_callbacks
):
    visit(event.url)
    visit(event_index.url)
    with django_capture_on_commit_callbacks(execute=True):
        change_event_status(event, status=EventStatus.CANCELLED, headline="Gaat niet door")
    soup = BeautifulSoup(visit(event.url).content, "html.parser")
    assert soup.select_one("form.registration-form") is None
    assert "Gaat niet door" in soup.get_text()
    index = BeautifulSoup(visit(event_index.url).content, "html.parser")
    assert index.select_one(".status-badge--cancelled")


def test_a_kept_page_carries_the_headers_it_was_built_with(event):
    built = visit(event.url)
    answered = visit(event.url)
    assert kept(answered)
    for header in (
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "X-Frame-Options",
        "Content-Language",
        "Content-Type",
    ):
        assert answered[header] == built[header], header
    assert answered.content == built.content


def test_a_page_cache_hit_runs_no_query_and_no_session(event, django_assert_num_queries):
    visit(event.url)
    with django_assert_num_queries(0):
        response = visit(event.url)
    assert kept(response) and not response.cookies


def test_a_purge_by_another_process_holds_here_within_the_local_seconds(
    event, settings, monkeypatch
):
    settings.CMS_EVENTS_PAGE_CACHE_LOCAL_SECONDS = 1
    clock = [1000.0]
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: clock[0])
    visit(event.url)
    assert kept(visit(event.url))
    # Another process purges: the version in the shared cache goes, this process's memory stays.
    cache.delete(page_cache.version_key(event.url))
    clock[0] += 0.5
    assert kept(visit(event.url))
    clock[0] += 0.6
    assert not kept(visit(event.url))


def test_a_purge_in_this_process_holds_at_once(event, settings):
    settings.CMS_EVENTS_PAGE_CACHE_LOCAL_SECONDS = 60
    visit(event.url)
    assert kept(visit(event.url))
    purge_paths([event.url])
    assert not kept(visit(event.url))


def test_a_kept_page_is_never_answered_after_its_shared_lifetime(event, settings, monkeypatch):
    settings.CMS_EVENTS_PAGE_CACHE_LOCAL_SECONDS = 3600
    visit(event.url)
    assert kept(visit(event.url))
    later = page_cache.time.time() + 31
    monkeypatch.setattr(page_cache.time, "time", lambda: later)
    assert not kept(visit(event.url))


def test_static_files_pass_by_the_page_cache(rf):
    assert page_cache.passes_by(rf.get("/static/css/site.css"))
    assert not page_cache.passes_by(rf.get("/agenda/"))
