"""What an uncached page render keeps between requests, and when it is forgotten.

The request's Site, the children routing finds, the demo header's pages (until the page tree
changes), an event's questions (until one changes), and the HTML of an event's program and body
per published revision. The page cache is off here (the test settings), so every GET renders.
"""

from datetime import time, timedelta

import pytest
from bs4 import BeautifulSoup
from django.test import Client, RequestFactory
from django.utils import timezone
from wagtail.models import PageViewRestriction, Site

from cms_events.models import RegistrationFormField
from cms_events.publishing.tree_version import tree_version

pytestmark = pytest.mark.django_db


def text_of(response, selector):
    found = BeautifulSoup(response.content, "html.parser").select_one(selector)
    return found.get_text(" ", strip=True) if found else None


def program_entry(title):
    return {"type": "item", "value": {"start": "14:00", "end": "15:00", "title": title}}


@pytest.fixture
def event(make_event):
    return make_event(
        title="Werkconferentie",
        slug="werkconferentie",
        body=[{"type": "paragraph", "value": "<p>Eerste tekst</p>"}],
    )


def test_a_published_change_of_the_body_shows_at_once(event):
    client = Client()
    assert "Eerste tekst" in text_of(client.get(event.url), ".event__body")
    page = type(event).objects.get(pk=event.pk)
    page.body = [{"type": "paragraph", "value": "<p>Nieuwe tekst</p>"}]
    page.save_revision().publish()
    assert "Nieuwe tekst" in text_of(client.get(event.url), ".event__body")


def test_a_preview_shows_the_draft_and_the_page_keeps_the_published_body(event):
    Client().get(event.url)
    page = type(event).objects.get(pk=event.pk)
    page.body = [{"type": "paragraph", "value": "<p>Concepttekst</p>"}]
    page.save_revision()
    draft = page.get_latest_revision_as_object()
    preview = draft.make_preview_request(original_request=RequestFactory().get("/"))
    assert "Concepttekst" in text_of(preview, ".event__body")
    assert "Eerste tekst" in text_of(Client().get(event.url), ".event__body")


def test_a_renamed_page_is_routed_under_its_new_slug_at_once(event):
    client = Client()
    assert client.get(event.url).status_code == 200
    old_url = event.url
    page = type(event).objects.get(pk=event.pk)
    page.slug = "werkconferentie-2"
    page.save_revision().publish()
    assert client.get(old_url).status_code == 404
    page.refresh_from_db()
    assert page.url.endswith("/werkconferentie-2/")
    assert client.get(page.url).status_code == 200


def test_an_unpublished_page_is_not_routed_to_any_more(event):
    client = Client()
    assert client.get(event.url).status_code == 200
    type(event).objects.get(pk=event.pk).unpublish()
    assert client.get(event.url).status_code == 404


def test_a_view_restriction_holds_at_once(event):
    client = Client()
    assert client.get(event.url).status_code == 200
    PageViewRestriction.objects.create(page=event, restriction_type="password", password="x")
    assert "Werkconferentie" not in client.get(event.url).content.decode().split("<main", 1)[-1]


def test_the_page_tree_gets_a_new_version_when_a_page_or_site_changes(event):
    first = tree_version()
    assert tree_version() == first
    page = type(event).objects.get(pk=event.pk)
    page.title = "Werkconferentie (concept)"
    page.save_revision()
    # A draft is not what visitors see: what is kept for them stays.
    assert tree_version() == first
    page.save_revision().publish()
    second = tree_version()
    assert second != first
    site = Site.objects.get()
    site.site_name = "Evenementen"
    site.save()
    assert tree_version() != second


def test_a_changed_question_shows_in_the_form_at_once(make_event):
    event = make_event(
        title="Met vraag",
        slug="met-vraag",
        registration_mode="form",
        capacity=10,
        form_fields=[RegistrationFormField(label="Organisatie", field_type="singleline")],
    )
    client = Client()
    assert "Organisatie" in text_of(client.get(event.url), "form.registration-form")
    field = event.form_fields.get()
    field.label = "Werkgever"
    field.save()
    page = type(event).objects.get(pk=event.pk)
    page.save_revision().publish()
    form = text_of(client.get(event.url), "form.registration-form")
    assert "Werkgever" in form and "Organisatie" not in form


def test_the_program_with_places_per_session_is_kept_until_a_registration_changes_them(
    make_event, run_on_commit
):
    from django.test.signals import template_rendered

    from cms_events.registration.services import register
    from cms_events.registration.sessions import program_rounds
    from home.demo_events import UTRECHT_SESSIONS, local, utrecht_program

    day = timezone.localdate() + timedelta(days=30)
    event = make_event(
        title="Werksessies",
        slug="werksessies",
        start=local(day, 15),
        end=local(day, 18),
        walk_in_time=time(14, 30),
        registration_mode="form",
        capacity=50,
        program=utrecht_program([UTRECHT_SESSIONS, UTRECHT_SESSIONS], capacity=20),
        form_fields=[
            RegistrationFormField(label="Voorkeur werksessies", field_type="session_preferences")
        ],
    )
    rendered = []

    def record(sender, template, **kwargs):
        rendered.append(template.name)

    def places(response):
        soup = BeautifulSoup(response.content, "html.parser")
        return [p.get_text(strip=True) for p in soup.select(".session__places")]

    client = Client()
    template_rendered.connect(record)
    try:
        assert places(client.get(event.url))[0] == "Nog 20 plaatsen vrij"
        assert "cms_events/includes/program.html" in rendered
        rendered.clear()
        assert places(client.get(event.url))[0] == "Nog 20 plaatsen vrij"
        assert "cms_events/includes/program.html" not in rendered

        round_ = program_rounds(event)[0]
        first, second = round_.sessions[0].id, round_.sessions[1].id
        register(
            event,
            name="Deelnemer",
            email="deelnemer@example.org",
            preferences={round_.id: [first, second]},
        )
        rendered.clear()
        assert places(client.get(event.url))[0] == "Nog 19 plaatsen vrij"
        assert "cms_events/includes/program.html" in rendered
    finally:
        template_rendered.disconnect(record)


def test_themes_kept_with_the_routed_event_follow_a_rename_and_a_delete(make_event):
    from wagtail.models import Locale

    from cms_events.models import Theme

    locale = Locale.get_default()
    housing = Theme.objects.create(name="Wonen", locale=locale)
    work = Theme.objects.create(name="Werk", locale=locale)
    event = make_event(title="Themadag", slug="themadag")
    event.themes = [housing, work]
    event.save_revision().publish()
    client = Client()

    def themes_shown():
        from tests.test_venues import facts

        return facts(BeautifulSoup(client.get(event.url).content, "html.parser")).get("Thema’s")

    assert themes_shown() == "Werk, Wonen"
    assert themes_shown() == "Werk, Wonen"
    work.name = "Werk en inkomen"
    work.save()
    assert themes_shown() == "Werk en inkomen, Wonen"
    housing.delete()
    assert themes_shown() == "Werk en inkomen"
