"""Each date of a series has a short link, QR code and printable invitation of its own: the code
decodes to the date's short URL, which leads to the page on that date with the date chosen in
the form. Anything else in the place of the date is a 404."""

from datetime import date, timedelta
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cms_events.formatting import format_date
from cms_events.models import EventPage, Registration, SeriesDateChange
from cms_events.models.series import SHOWN_DATES
from cms_events.sharing.shortlinks import short_link_for
from home.demo_events import local

from .registration_helpers import form_data
from .test_qrcodes import decode

pytestmark = pytest.mark.django_db

DATES = 14  # Mondays, more than the SHOWN_DATES coming dates the page lists.


def first_monday():
    """A Monday one to two weeks ahead, so that every date of the series is to come."""
    today = timezone.localdate()
    return today + timedelta(days=14 - today.weekday())


@pytest.fixture
def drop_in(make_event):
    """A weekly drop-in with registration per date; its second date is called off, its third
    has a theme."""
    first = first_monday()
    event = make_event(
        title="Inloopochtend",
        slug="inloopochtend",
        intro="Je bent van harte uitgenodigd!",
        start=local(first, 10),
        end=local(first, 11, 30),
        repeat=EventPage.Repeat.WEEKLY,
        repeat_weekdays="0",
        repeat_count=DATES,
        registration_mode="form",
        registration_per_date=True,
        capacity=5,
    )
    for fields in (
        {"date": first + timedelta(days=7), "status": "cancelled"},
        {"date": first + timedelta(days=14), "subtitle": "Democratie voor iedereen"},
    ):
        event.date_changes.add(SeriesDateChange(locale=event.locale, **fields))
    event.save_revision().publish()
    event.refresh_from_db()
    return event


def cancelled_date():
    return first_monday() + timedelta(days=7)


def themed_date():
    return first_monday() + timedelta(days=14)


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def fact(soup, label):
    for item in soup.select(".event-facts__item"):
        if item.dt.get_text(strip=True) == label:
            return item.dd.get_text(" ", strip=True)
    return None


def chosen_date(soup):
    checked = soup.select_one("input[name=registration_date][checked]")
    return checked["value"] if checked else None


# The QR code and where it leads


def test_the_qr_code_of_a_date_leads_to_that_date_chosen_in_the_form(client, drop_in):
    day = themed_date()
    code = short_link_for(drop_in).code
    png = client.get(f"/e/{code}/{day.isoformat()}/qr.png?download=1")
    assert png["Content-Type"] == "image/png"
    assert png["Content-Disposition"] == (
        f'attachment; filename="qr-inloopochtend-{day.isoformat()}.png"'
    )
    url = decode(png.content).text
    assert url == f"http://testserver/e/{code}/{day.isoformat()}/"

    redirect = client.get(urlsplit(url).path)
    assert redirect.status_code == 302
    assert redirect["Location"] == f"{drop_in.url}?datum={day.isoformat()}&bron=qr#aanmelden"
    page = soup_of(client.get(redirect["Location"]))
    assert page.h1.get_text() == "Inloopochtend: Democratie voor iedereen"
    assert fact(page, "Wanneer").startswith(format_date(day))
    assert page.select_one("#aanmelden form.registration-form") is not None
    assert chosen_date(page) == day.isoformat()


def test_registering_through_the_qr_code_of_a_date_registers_for_that_date(client, drop_in):
    day = themed_date()
    target = client.get(f"/e/{short_link_for(drop_in).code}/{day.isoformat()}/")["Location"]
    target = target.split("#")[0]
    # What the browser sends: the form as shown, its preselected date included.
    data = form_data(client, drop_in, registration_date=chosen_date(soup_of(client.get(target))))
    assert client.post(target, data).status_code == 302
    registration = Registration.objects.get()
    assert (registration.series_date, registration.source) == (day, "qr")


def test_the_svg_of_a_date_is_a_standalone_svg_of_another_code(client, drop_in):
    code = short_link_for(drop_in).code
    svg = client.get(f"/e/{code}/{themed_date().isoformat()}/qr.svg")
    assert svg["Content-Type"] == "image/svg+xml"
    root = ElementTree.fromstring(svg.content)
    assert root.tag.endswith("svg")
    assert root.find(".//{http://www.w3.org/2000/svg}path") is not None
    assert svg.content != client.get(f"/e/{code}/qr.svg").content


def test_a_single_events_links_are_unchanged_and_it_has_no_dated_ones(client, make_event):
    event = make_event(title="Lezing", slug="lezing")
    code = short_link_for(event).code
    day = timezone.localtime(event.start).date().isoformat()
    assert client.get(f"/e/{code}/")["Location"] == f"{event.url}?bron=qr#aanmelden"
    assert decode(client.get(f"/e/{code}/qr.png").content).text == f"http://testserver/e/{code}/"
    for suffix in ("", "qr.png", "qr.svg", "uitnodiging/"):
        assert client.get(f"/e/{code}/{day}/{suffix}").status_code == 404


@pytest.fixture
def other_series(make_event):
    first = first_monday() + timedelta(days=1)
    return make_event(
        title="Taalcafé",
        slug="taalcafe",
        start=local(first, 19),
        end=local(first, 21),
        repeat=EventPage.Repeat.WEEKLY,
        repeat_weekdays="1",
        repeat_count=4,
    )


HOSTILE = [
    "%00",
    "2027-04-19%00",
    "9" * 5000,
    "2027-13-01",
    "2027-02-30",
    "0000-01-01",
    "-2027-04-19",
    "2027-4-19",
    "20270419",
    "%ef%bc%92027-04-19",  # a full-width digit
    "..",
]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("suffix", ["", "qr.png", "qr.svg", "uitnodiging/"])
def test_anything_but_a_date_of_the_series_is_not_found(drop_in, value, suffix):
    visitor = Client(raise_request_exception=False)
    code = short_link_for(drop_in).code
    assert visitor.get(f"/e/{code}/{value}/{suffix}").status_code == 404


@pytest.mark.parametrize("suffix", ["", "qr.png", "qr.svg", "uitnodiging/"])
def test_a_date_the_series_does_not_have_is_not_found(drop_in, other_series, suffix):
    code = short_link_for(drop_in).code
    visitor = Client(raise_request_exception=False)
    first = first_monday()
    not_held = [
        first + timedelta(days=1),  # a Tuesday: a date of the other series, not of this one
        first - timedelta(days=7),  # before the first date
        first + timedelta(days=7 * DATES),  # after the last
    ]
    for day in not_held:
        assert visitor.get(f"/e/{code}/{day.isoformat()}/{suffix}").status_code == 404
    # The other series' own link does have that date.
    other = short_link_for(other_series).code
    assert visitor.get(f"/e/{other}/{not_held[0].isoformat()}/{suffix}").status_code in (200, 302)


def test_the_dated_links_of_an_unpublished_series_are_gone(client, drop_in):
    code = short_link_for(drop_in).code
    drop_in.unpublish()
    for suffix in ("", "qr.png", "uitnodiging/"):
        assert client.get(f"/e/{code}/{themed_date().isoformat()}/{suffix}").status_code == 404


# On the page, on the invitation


def qr_figure(soup):
    figure = soup.select_one(".registration__qr")
    return figure.img["src"], figure.figcaption.get_text(" ", strip=True)


def test_the_page_of_a_date_shows_the_qr_code_of_that_date(client, drop_in):
    code = short_link_for(drop_in).code
    day = themed_date().isoformat()
    src, caption = qr_figure(soup_of(client.get(drop_in.url, {"datum": day})))
    assert src == f"/e/{code}/{day}/qr.svg"
    assert f"http://testserver/e/{code}/{day}/" in caption
    # The series page and the page of a date called off show the series' code: its form
    # offers the dates still open.
    for query in ({}, {"datum": cancelled_date().isoformat()}):
        src, caption = qr_figure(soup_of(client.get(drop_in.url, query)))
        assert src == f"/e/{code}/qr.svg"
        assert caption.endswith(f"http://testserver/e/{code}/")


def test_the_invitation_of_a_date_prints_its_facts_and_its_qr_code(client, drop_in):
    code = short_link_for(drop_in).code
    day = themed_date()
    soup = soup_of(client.get(f"/e/{code}/{day.isoformat()}/uitnodiging/"))
    assert soup.title.get_text() == "Uitnodiging: Inloopochtend: Democratie voor iedereen"
    assert soup.h1.get_text() == "Inloopochtend: Democratie voor iedereen"
    assert fact(soup, "Wanneer") == f"{format_date(day)}, van 10.00 tot 11.30 uur"
    assert soup.select_one(".status-banner") is None
    figure = soup.select_one(".invitation__qr")
    assert figure.img["src"] == f"/e/{code}/{day.isoformat()}/qr.svg"
    assert f"http://testserver/e/{code}/{day.isoformat()}/" in figure.figcaption.get_text()
    # The series' invitation describes the series.
    whole = soup_of(client.get(f"/e/{code}/uitnodiging/"))
    assert fact(whole, "Wanneer").startswith("Elke maandag van 10.00 tot 11.30 uur")
    assert whole.select_one(".invitation__qr img")["src"] == f"/e/{code}/qr.svg"


def test_the_invitation_of_a_date_called_off_does_not_invite(client, drop_in):
    code = short_link_for(drop_in).code
    day = cancelled_date()
    soup = soup_of(client.get(f"/e/{code}/{day.isoformat()}/uitnodiging/"))
    assert soup.title.get_text() == "Gaat niet door: Inloopochtend"
    assert soup.select_one(".status-badge").get_text(strip=True) == "Gaat niet door"
    assert soup.select_one("h1").find_next("section")["class"][0] == "status-banner"
    assert soup.select_one(".event-facts del time")["datetime"].startswith(day.isoformat())
    assert soup.select_one(".invitation__qr") is None
    assert "uitgenodigd" not in soup.get_text()


# The page cache


def test_the_page_cache_keeps_each_date_with_its_own_qr_code(drop_in, settings):
    settings.CMS_EVENTS_PAGE_CACHE = "default"
    code = short_link_for(drop_in).code
    day = themed_date().isoformat()
    target = Client().get(f"/e/{code}/{day}/")["Location"].split("#")[0]
    first, second = Client().get(target), Client().get(target)
    assert not first.has_header("Age") and second.has_header("Age")
    assert first.content == second.content
    assert qr_figure(soup_of(second))[0] == f"/e/{code}/{day}/qr.svg"
    assert chosen_date(soup_of(second)) == day
    Client().get(drop_in.url)
    series = Client().get(drop_in.url)
    assert series.has_header("Age")
    assert qr_figure(soup_of(series))[0] == f"/e/{code}/qr.svg"


# The admin


def test_the_qr_code_button_of_a_series_leads_to_the_qr_codes_of_its_dates(admin_client, drop_in):
    view = reverse("cms_events_qr_codes", args=[drop_in.pk])
    edit = soup_of(admin_client.get(f"/admin/pages/{drop_in.pk}/edit/"))
    assert edit.select_one(f'a[href="{view}"]').get_text(strip=True) == "QR-codes"

    soup = soup_of(admin_client.get(view))
    code = short_link_for(drop_in).code
    links = {a["href"] for a in soup.select(".cms-events-qr-codes a")}
    assert {f"/e/{code}/qr.png?download=1", f"/e/{code}/uitnodiging/"} <= links
    rows = soup.select("table.listing tbody tr")
    assert len(rows) == SHOWN_DATES
    shown = [date.fromisoformat(row.time["datetime"][:10]) for row in rows]
    assert shown == [first_monday() + timedelta(days=7 * n) for n in range(SHOWN_DATES)]
    assert "Geannuleerd" in rows[1].th.get_text()
    assert "Democratie voor iedereen" in rows[2].th.get_text()
    day = themed_date().isoformat()
    hrefs = [a["href"] for a in rows[2].select("a")]
    assert hrefs == [
        f"http://testserver/e/{code}/{day}/",
        f"/e/{code}/{day}/qr.png?download=1",
        f"/e/{code}/{day}/qr.svg?download=1",
        f"/e/{code}/{day}/uitnodiging/",
    ]
    png = admin_client.get(hrefs[1])
    assert decode(png.content).text == hrefs[0]


def test_the_qr_codes_are_refused_to_who_may_not_edit_the_series(client, drop_in):
    user = User.objects.create_user("lezer", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    view = reverse("cms_events_qr_codes", args=[drop_in.pk])
    response = client.get(view)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    code = short_link_for(drop_in).code
    assert f"/e/{code}/" not in client.get(view, follow=True).content.decode()
    # Nor does the page listing offer the button.
    listing = client.get(reverse("wagtailadmin_explore", args=[drop_in.get_parent().pk]))
    assert view not in listing.content.decode()


def test_a_page_that_is_not_published_or_not_an_event_has_no_qr_codes(admin_client, drop_in):
    drop_in.unpublish()
    assert admin_client.get(reverse("cms_events_qr_codes", args=[drop_in.pk])).status_code == 404
    index = drop_in.get_parent()
    assert admin_client.get(reverse("cms_events_qr_codes", args=[index.pk])).status_code == 404
