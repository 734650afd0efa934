"""Every mail to a registrant says what, when and where, and links to the page and to the
registration: each kind of mail, in Dutch with “u”, in Dutch with “je” and in English."""

import email
import re
from datetime import date, timedelta
from email import policy

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from wagtail.models import Locale, Site

from cms_events.models import EventSiteSettings, MailLog
from cms_events.publishing.status_change import change_event_status
from cms_events.registration.emails import registration_link
from cms_events.registration.notifications import create_notification
from cms_events.registration.services import cancel_registration, register
from cms_events.registration.tasks import queue_mail
from home.demo_events import local

pytestmark = pytest.mark.django_db

DAY = date(2030, 3, 14)  # a Thursday
NEW_DAY = DAY + timedelta(days=7)
# The date and times a reader finds in each language.
FACTS = {
    "nl": {
        DAY: "donderdag 14 maart 2030",
        NEW_DAY: "donderdag 21 maart 2030",
        "time": "van 14.00 tot 17.00 uur",
    },
    "en": {
        DAY: "Thursday 14 March 2030",
        NEW_DAY: "Thursday 21 March 2030",
        "time": "from 14:00 to 17:00",
    },
}
FORMAL = re.compile(r"\b(u|uw)\b", re.IGNORECASE)
INFORMAL = re.compile(r"\b(je|jij|jou|jouw)\b", re.IGNORECASE)
VARIANTS = [("nl", "u"), ("nl", "je"), ("en", "u")]


def prose(text):
    """Return `text` without its links: a random self-service token may hold “-U-” or “-je-”,
    which is no form of address."""
    return re.sub(r"https?://[^\s\"<]+", "", text)


@pytest.fixture
def event(make_event):
    return make_event(
        title="Werkconferentie",
        start=local(DAY, 14),
        end=local(DAY, 17),
        registration_mode="form",
        capacity=1,
        online_url="https://video.example.org/werkconferentie",
    )


def in_language(event, language):
    """Return the event's page in `language`, translating it into English when asked."""
    if language == "nl":
        return event
    locale, _created = Locale.objects.get_or_create(language_code=language)
    english = event.copy_for_translation(locale, copy_parents=True)
    english.title = "Work conference"
    english.save_revision().publish()
    return english


def use_site_form_of_address(form_of_address):
    site = Site.objects.get(is_default_site=True)
    EventSiteSettings.objects.update_or_create(
        site=site, defaults={"form_of_address": form_of_address}
    )


def parts(message):
    """Return the text and the parsed HTML of a sent message, as a mail program reads them."""
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=policy.default)
    text = parsed.get_body(preferencelist=("plain",)).get_content()
    html = parsed.get_body(preferencelist=("html",)).get_content()
    return text, BeautifulSoup(html, "html.parser")


def mails_of_every_kind(event, language, run_on_commit):
    """Go through every kind of mail with two registrants; return [(kind, day, message)]."""
    sent = []

    def collect(kind, day):
        sent.extend((kind, day, message) for message in mail.outbox)
        mail.outbox.clear()

    def notify(message, **change):
        nonlocal event
        event = change_event_status(event, **change)
        with run_on_commit():
            create_notification(event, message=message)

    with run_on_commit():
        first = register(event, name="Jan Jansen", email="jan@example.org", language=language)
    collect("confirmation", DAY)
    with run_on_commit():
        second = register(event, name="Ria Bakker", email="ria@example.org", language=language)
    collect("waiting list", DAY)
    with run_on_commit():
        cancel_registration(first)
    collect("withdrawal and moved up", DAY)
    with run_on_commit():
        queue_mail(second, MailLog.Kind.SCHEDULE)
    collect("session schedule", DAY)
    notify("Zaal 2 in plaats van zaal 1.", status="scheduled", headline="Andere zaal")
    collect("notification: update", DAY)
    notify("Alleen via de videoverbinding.", status="moved_online")
    collect("notification: moved online", DAY)
    notify("Door ziekte van de spreker.", status="postponed")
    collect("notification: postponed", DAY)
    notify(
        "Een week later.", status="rescheduled", start=local(NEW_DAY, 14), end=local(NEW_DAY, 17)
    )
    collect("notification: rescheduled", NEW_DAY)
    notify("Te weinig aanmeldingen.", status="cancelled")
    collect("notification: cancelled by the organisers", NEW_DAY)
    return sent


@pytest.mark.parametrize(("language", "form_of_address"), VARIANTS)
def test_every_mail_says_what_when_where_and_links_to_page_and_registration(
    event, run_on_commit, language, form_of_address
):
    use_site_form_of_address(form_of_address)
    page = in_language(event, language)
    page_url = page.get_full_url()
    sent = mails_of_every_kind(event, language, run_on_commit)

    kinds = [kind for kind, _day, _message in sent]
    assert kinds == [
        "confirmation",
        "waiting list",
        "withdrawal and moved up",
        "withdrawal and moved up",
        "session schedule",
        "notification: update",
        "notification: moved online",
        "notification: postponed",
        "notification: rescheduled",
        "notification: cancelled by the organisers",
    ]
    for kind, day, message in sent:
        text, html = parts(message)
        registration = MailLog.objects.filter(recipient=message.to[0]).first().registration
        manage_url = registration_link(registration, page)
        # Once the event has moved online, the venue no longer applies: the link is the place.
        place = [] if kind == "notification: moved online" else ["Stadskantoor", "Utrecht"]
        facts = [
            page.title,
            FACTS[language][day],
            FACTS[language]["time"],
            *place,
            "https://video.example.org/werkconferentie",
            page_url,
            manage_url,
        ]
        missing = [fact for fact in facts if fact not in text]
        assert missing == [], (kind, missing, text)
        if not place:
            assert "Stadskantoor" not in text, kind
        assert page.title in message.subject, kind
        hrefs = {link["href"] for link in html.select("a[href]")}
        assert {page_url, manage_url} <= hrefs, kind
        html_text = html.get_text(" ")
        assert all(fact in html_text for fact in facts[:3] + place), kind
        if language == "nl":
            other_form = INFORMAL if form_of_address == "u" else FORMAL
            assert other_form.findall(prose(text)) == [], (kind, text)
            assert other_form.findall(prose(html_text)) == [], (kind, html_text)


def test_the_facts_of_an_online_event_give_the_link_as_its_place(make_event, run_on_commit):
    event = make_event(
        venue_name="",
        street="",
        postcode="",
        city="",
        online_url="https://video.example.org/webinar",
        registration_mode="form",
    )
    with run_on_commit():
        register(event, name="Jan Jansen", email="jan@example.org")
    text, _html = parts(mail.outbox[0])
    assert "Online: https://video.example.org/webinar" in text
    assert "Waar:" not in text


@pytest.mark.parametrize(
    ("fields", "where"),
    [
        ({"location_to_follow": True}, "Waar: Locatie volgt"),
        ({"location_to_follow": True, "city": "Utrecht"}, "Waar: Locatie in Utrecht volgt"),
        (
            {"online_link_by_mail": True},
            "Waar: Online. De link om deel te nemen volgt per mail.",
        ),
    ],
)
def test_a_place_or_link_still_to_follow_is_said_in_the_mail(
    make_event, run_on_commit, fields, where
):
    place = {"venue_name": "", "street": "", "postcode": "", "city": ""}
    event = make_event(**{**place, **fields}, registration_mode="form")
    with run_on_commit():
        register(event, name="Jan Jansen", email="jan@example.org")
    text, _html = parts(mail.outbox[0])
    assert where in text.splitlines()


def test_the_event_chooses_je_over_the_sites_u(event, run_on_commit):
    event.form_of_address = "je"
    event.save_revision().publish()
    with run_on_commit():
        register(event, name="Jan Jansen", email="jan@example.org")
    text, _html = parts(mail.outbox[0])
    assert mail.outbox[0].subject == "Je aanmelding voor Werkconferentie"
    assert "Bedankt voor je aanmelding voor Werkconferentie" in text
    assert FORMAL.findall(text) == []
