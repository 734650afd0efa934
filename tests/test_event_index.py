"""The events index: ordering, pagination, and nothing unpublished or private."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.models import PageViewRestriction

from home.demo_events import local


def titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in soup.select(".event-card__title a")]


def days(n):
    return timezone.localdate() + timedelta(days=n)


@pytest.mark.django_db
def test_unpublished_and_private_events_are_not_listed(client, make_event):
    make_event(title="Openbaar")
    make_event(title="Concept", publish=False)
    private = make_event(title="Besloten")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    assert titles(client.get("/agenda/")) == ["Openbaar"]
    assert titles(client.get("/")) == ["Openbaar"]


@pytest.mark.django_db
def test_an_event_in_progress_is_still_upcoming(client, make_event):
    now = timezone.localtime()
    make_event(title="Loopt nu", start=now - timedelta(hours=1), end=now + timedelta(hours=1))
    assert titles(client.get("/agenda/")) == ["Loopt nu"]


@pytest.mark.django_db
def test_index_paginates_with_dutch_navigation(client, make_event, settings):
    settings.CMS_EVENTS_PAGE_SIZE = 2
    for n in range(5):
        make_event(title=f"Event {n}", start=local(days(n + 1), 10), end=local(days(n + 1), 12))
    assert titles(client.get("/agenda/")) == ["Event 0", "Event 1"]
    page3 = client.get("/agenda/?pagina=3")
    assert titles(page3) == ["Event 4"]
    soup = BeautifulSoup(page3.content, "html.parser")
    assert "Pagina 3 van 3" in soup.select_one(".pagination").get_text()
    assert titles(client.get("/agenda/?pagina=abc")) == ["Event 0", "Event 1"]


@pytest.mark.django_db
def test_archive_lists_past_events_newest_first(client, make_event):
    make_event(title="Lang geleden", start=local(days(-60), 10), end=local(days(-60), 12))
    make_event(title="Vorige week", start=local(days(-7), 10), end=local(days(-7), 12))
    make_event(title="Straks", start=local(days(3), 10), end=local(days(3), 12))
    assert titles(client.get("/agenda/archief/")) == ["Vorige week", "Lang geleden"]
    assert titles(client.get("/agenda/")) == ["Straks"]


@pytest.mark.django_db
def test_unpublished_event_page_answers_404(client, make_event):
    event = make_event(title="Concept", publish=False)
    assert client.get(f"/agenda/{event.slug}/").status_code == 404
