"""`visibility.public()` hides exactly what Wagtail's `PageQuerySet.public()` hides."""

import pytest
from wagtail.models import Page, PageViewRestriction

from cms_events.models import EventIndexPage, EventPage
from cms_events.visibility import public

pytestmark = pytest.mark.django_db


def test_public_matches_wagtails_public_for_restricted_pages_and_sections(
    home_page, event_index, make_event
):
    open_event = make_event(title="Open", slug="open")
    private_event = make_event(title="Besloten", slug="besloten")
    closed_index = EventIndexPage(title="Intern", slug="intern")
    home_page.add_child(instance=closed_index)
    closed_index.save_revision().publish()
    inside = make_event(title="Binnen", slug="binnen", parent=closed_index)
    PageViewRestriction.objects.create(page=private_event, restriction_type="login")
    PageViewRestriction.objects.create(page=closed_index, restriction_type="password", password="x")
    for queryset in (Page.objects.all(), EventPage.objects.all(), EventIndexPage.objects.all()):
        assert set(public(queryset)) == set(queryset.public())
    assert set(public(EventPage.objects.all())) == {open_event}
    assert inside not in public(Page.objects.all())


def test_public_keeps_everything_without_restrictions(home_page, make_event):
    make_event(title="Een", slug="een")
    assert set(public(Page.objects.all())) == set(Page.objects.all())
