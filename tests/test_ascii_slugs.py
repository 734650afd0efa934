"""Event URLs are plain ASCII, as Dutch sites write them: “politiek-cafe”, never
“politiek-caf%C3%A9”, even on a host site that allows Unicode slugs."""

import io

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from wagtail.contrib.redirects.models import Redirect

from cms_events.models import EventPage

from .conftest import event_fields

pytestmark = pytest.mark.django_db


def test_the_demo_site_makes_ascii_slugs():
    assert settings.WAGTAIL_ALLOW_UNICODE_SLUGS is False


@pytest.mark.parametrize("slug", ["", "politiek-café"])
def test_an_event_gets_an_ascii_slug_on_a_site_that_allows_unicode(
    settings, event_index, client, slug
):
    settings.WAGTAIL_ALLOW_UNICODE_SLUGS = True
    event = EventPage(**event_fields(title="Politiek Café", slug=slug))
    event_index.add_child(instance=event)
    event.save_revision().publish()
    event.refresh_from_db()
    assert event.slug == "politiek-cafe"
    assert event.url == "/agenda/politiek-cafe/"
    assert client.get("/agenda/politiek-cafe/").status_code == 200


def test_the_ascii_slug_must_be_free_among_the_other_events(make_event, event_index):
    make_event(title="Politiek Café", slug="politiek-cafe")
    other = EventPage(**event_fields(title="Politiek Café", slug="politiek-café"))
    with pytest.raises(ValidationError) as raised:
        event_index.add_child(instance=other)
    assert "slug" in raised.value.message_dict


def test_the_demo_command_gives_accented_demo_urls_plain_ascii_with_a_redirect(
    demo_site, client, run_on_commit
):
    event = EventPage.objects.get(slug="divosa-politiek-cafe")
    EventPage.objects.filter(pk=event.pk).update(
        slug="divosa-politiek-café", url_path=event.url_path.replace("cafe", "café")
    )
    output = io.StringIO()
    with run_on_commit():
        call_command("load_demo_events", stdout=output)
    event.refresh_from_db()
    assert event.slug == "divosa-politiek-cafe"
    assert "Plain ASCII in the URL: divosa-politiek-café → divosa-politiek-cafe" in (
        output.getvalue()
    )
    assert EventPage.objects.filter(title=event.title).count() == 1
    assert Redirect.objects.filter(redirect_page=event).exists()
    assert client.get(event.url).status_code == 200
