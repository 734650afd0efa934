"""An editor creates a venue once in the admin, chooses it for two events, and changes its
address: both pages, their .ics and JSON-LD follow, and their SEQUENCE goes up."""

import json
import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from icalendar import Calendar

from cms_events.models import EventPage, Venue

pytestmark = pytest.mark.django_db


def form_values(form):
    """Return the values a browser would send for `form` as it is shown (no JavaScript)."""
    data = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.has_attr("disabled"):
            continue
        if field.name == "select":
            chosen = field.find_all("option", selected=True)
            values = [option.get("value", option.get_text()) for option in chosen]
            if not field.has_attr("multiple") and not values:
                first = field.find("option")
                values = [first.get("value", first.get_text())] if first else []
            data.setdefault(name, []).extend(values)
        elif field.name == "textarea":
            data.setdefault(name, []).append(field.get_text())
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
        elif field.get("type") not in ("submit", "button", "file"):
            data.setdefault(name, []).append(field.get("value", ""))
    return data


def submit(client, url, changes, action=None):
    """GET the admin form at `url`, apply `changes` ({name: value or list}), POST it back."""
    page = BeautifulSoup(client.get(url).content, "html.parser")
    forms = page.find_all("form", attrs={"method": re.compile("^post$", re.IGNORECASE)})
    form = max(forms, key=lambda form: len(form.find_all(["input", "select", "textarea"])))
    data = form_values(form)
    for name, value in changes.items():
        data[name] = value if isinstance(value, list) else [value]
    if action:
        data[action] = [action]
    return client.post(url, data)


VENUE_FORM = {
    "name": "Buurthuis De Linde",
    "slug": "",
    "street": "Lindelaan 4",
    "postcode": "3511ab",
    "city": "Utrecht",
    "latitude": "52.09",
    "longitude": "5.12",
    "step_free_entrance": "yes",
    "accessible_toilet": "yes",
}


def create_venue_in_admin(client):
    url = reverse("wagtailsnippets_cms_events_venue:add")
    response = submit(client, url, VENUE_FORM)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Venue.objects.get(slug="buurthuis-de-linde")


def choose_venue(client, event, venue, **changes):
    url = reverse("wagtailadmin_pages:edit", args=[event.pk])
    changes["venue"] = str(venue.pk)
    # Wagtail draws StreamFields with JavaScript; these events have empty ones.
    changes.update({"body-count": "0", "program-count": "0"})
    response = submit(client, url, changes, action="action-publish")
    assert response.status_code == 302, response.content.decode()[:3000]
    return EventPage.objects.get(pk=event.pk)


def ics_entry(client, event):
    calendar = Calendar.from_ical(client.get(f"/evenement/{event.pk}/agenda.ics").content)
    return calendar.walk("VEVENT")[0]


def jsonld_of(client, event):
    soup = BeautifulSoup(client.get(event.url).content, "html.parser")
    return json.loads(soup.find("script", type="application/ld+json").string)


def test_the_event_form_offers_the_venue_chooser(admin_client, make_event):
    event = make_event()
    content = admin_client.get(reverse("wagtailadmin_pages:edit", args=[event.pk])).content
    assert reverse("wagtailsnippetchoosers_cms_events_venue:choose").encode() in content
    assert reverse("wagtailsnippetchoosers_cms_events_organiser:choose").encode() in content


def test_the_chooser_lists_the_venues(admin_client):
    venue = create_venue_in_admin(admin_client)
    response = admin_client.get(reverse("wagtailsnippetchoosers_cms_events_venue:choose"))
    assert response.status_code == 200
    assert venue.name in response.content.decode()


def test_one_venue_for_two_events_and_a_changed_address_reaches_both(admin_client, make_event):
    venue = create_venue_in_admin(admin_client)
    assert venue.postcode == "3511 AB"
    # The first event had its address typed in: the editor empties it for the venue. The
    # second keeps a leftover typed address, which the venue overrides.
    no_free_text = {"venue_name": "", "street": "", "postcode": "", "city": ""}
    events = [
        choose_venue(
            admin_client, make_event(title="Eerste", slug="eerste"), venue, **no_free_text
        ),
        choose_venue(admin_client, make_event(title="Tweede", slug="tweede"), venue),
    ]
    assert events[0].venue_name == ""
    before = {}
    for event in events:
        assert event.venue == venue
        entry = ics_entry(admin_client, event)
        assert str(entry["LOCATION"]) == "Buurthuis De Linde, Lindelaan 4, 3511 AB Utrecht"
        before[event.pk] = int(entry["SEQUENCE"])

    url = reverse("wagtailsnippets_cms_events_venue:edit", args=[venue.pk])
    response = submit(admin_client, url, {"street": "Lindelaan 40"})
    assert response.status_code == 302, response.content.decode()[:2000]

    admin_client.logout()  # what a visitor sees
    for event in events:
        entry = ics_entry(admin_client, event)
        assert str(entry["LOCATION"]) == "Buurthuis De Linde, Lindelaan 40, 3511 AB Utrecht"
        assert int(entry["SEQUENCE"]) == before[event.pk] + 1
        data = jsonld_of(admin_client, event)
        assert data["location"]["address"]["streetAddress"] == "Lindelaan 40"
        page = BeautifulSoup(admin_client.get(event.url).content, "html.parser")
        assert "Lindelaan 40" in page.select_one(".event-facts__address").get_text()


def test_a_venue_in_use_is_not_deleted(admin_client, make_event):
    venue = create_venue_in_admin(admin_client)
    make_event(venue=venue)
    url = reverse("wagtailsnippets_cms_events_venue:delete", args=[venue.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url)
    assert response.status_code < 500
    assert Venue.objects.filter(pk=venue.pk).exists()
