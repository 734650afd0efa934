"""Public output names or links another page only when a visitor may see that page.

Each place is tried with a target in a private section (a view restriction) and with an
unpublished target; the rule is that of the feeds and search (`cms_events.visibility`).
Every test first shows that the place does link a public target, so that it can fail.
"""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.models import Locale, PageViewRestriction

from cms_events.models import EventIndexPage
from cms_events.registration.services import register
from home.demo_events import local, note, paragraph

pytestmark = pytest.mark.django_db

TITLE = "Geheim beraad"
SLUG = "geheim-beraad"


def hide(page, how):
    if how == "private":
        PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
    else:
        page.unpublish()


@pytest.fixture(params=["private", "unpublished"])
def how(request):
    return request.param


@pytest.fixture
def target(make_event):
    return make_event(title=TITLE, slug=SLUG, registration_mode="form")


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def assert_names_it(text):
    assert SLUG in text and TITLE in text


def assert_never_names_it(text):
    assert SLUG not in text
    assert TITLE not in text


def page_link(page, text="lees meer"):
    return f'<a linktype="page" id="{page.pk}">{text}</a>'


def test_replaces_note_names_only_a_visible_event(client, make_event, target, how):
    event = make_event(title="Nieuwe bijeenkomst", slug="nieuw", replaces_page=target)
    soup = BeautifulSoup(html_of(client, event.url), "html.parser")
    assert soup.select_one(".event__replaces a")["href"] == target.url
    hide(target, how)
    text = html_of(client, event.url)
    assert_never_names_it(text)
    assert BeautifulSoup(text, "html.parser").select_one(".event__replaces") is None


def test_replaces_note_falls_back_to_the_typed_name(client, make_event, target, how):
    event = make_event(replaces_page=target, replaces_name="de bijeenkomst van mei")
    hide(target, how)
    text = html_of(client, event.url)
    assert_never_names_it(text)
    note_text = BeautifulSoup(text, "html.parser").select_one(".event__replaces")
    assert "de bijeenkomst van mei" in note_text.get_text()
    assert note_text.a is None


def test_rich_text_links_only_to_visible_pages(client, make_event, target, how, event_index):
    event = make_event(
        title="Met links",
        slug="met-links",
        body=[paragraph(f"Zie ook {page_link(target)}.")],
        program=[note(f"Achtergrond: {page_link(target, 'het beraad')}")],
    )
    event_index.intro = f"<p>Eerder: {page_link(target)}</p>"
    event_index.save_revision().publish()
    home = event_index.get_parent().specific
    home.intro = f"<p>Uitgelicht: {page_link(target)}</p>"
    home.save_revision().publish()
    pages = [event.url, event_index.url, home.url]
    for url in pages:
        assert target.url in html_of(client, url), url
    hide(target, how)
    for url in pages:
        text = html_of(client, url)
        assert_never_names_it(text)
        assert "lees meer" in text  # the text stays, without the link


def test_listings_feeds_and_search_leave_hidden_events_out(client, event_index, target, how):
    urls = [
        event_index.url,
        "/",
        f"/agenda-feed/{event_index.pk}.ics",
        "/zoeken/?q=beraad",
    ]
    for url in urls:
        assert TITLE in html_of(client, url), url
    hide(target, how)
    for url in urls:
        assert_never_names_it(html_of(client, url))
    assert client.get(f"/evenement/{target.pk}/agenda.ics").status_code == 404


def test_archive_leaves_hidden_events_out(client, event_index, make_event, how):
    day = timezone.localdate() - timedelta(days=30)
    past = make_event(title=TITLE, slug=SLUG, start=local(day, 14), end=local(day, 16))
    url = event_index.url + "archief/"
    assert_names_it(html_of(client, url))
    hide(past, how)
    assert_never_names_it(html_of(client, url))


def test_the_menu_leaves_hidden_indexes_out(client, home_page, event_index, how):
    index = EventIndexPage(title=TITLE, slug=SLUG)
    home_page.add_child(instance=index)
    index.save_revision().publish()
    assert_names_it(html_of(client, event_index.url))
    hide(index, how)
    for url in (event_index.url, "/", "/zoeken/"):
        assert_never_names_it(html_of(client, url))


def test_the_language_switcher_leaves_hidden_translations_out(client, make_event, how):
    english = Locale.objects.get_or_create(language_code="en")[0]
    event = make_event(title="Tweetalig", slug="tweetalig")
    translation = event.copy_for_translation(english, copy_parents=True)
    translation.title, translation.slug = TITLE, SLUG
    translation.save_revision().publish()
    translation.refresh_from_db()
    switcher = BeautifulSoup(html_of(client, event.url), "html.parser").select_one(
        ".language-switcher"
    )
    assert switcher.select_one(f"a[href='{translation.url}']") is not None
    hide(translation, how)
    text = html_of(client, event.url)
    assert SLUG not in text
    assert BeautifulSoup(text, "html.parser").select_one(".language-switcher") is None


def test_the_self_service_page_links_its_event_only_while_visible(client, target, how):
    registration = register(target, name="Jan", email="jan@example.org")
    url = f"/aanmelding/{registration.token}/"
    assert BeautifulSoup(html_of(client, url), "html.parser").select_one(f"a[href='{target.url}']")
    hide(target, how)
    soup = BeautifulSoup(html_of(client, url), "html.parser")
    assert not [a for a in soup.select("a[href]") if SLUG in a["href"]]
    # The registrant still reads which event the registration is for.
    assert TITLE in soup.select_one(".registration-detail").get_text()
