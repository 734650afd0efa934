"""“Je” or “u”: a site setting, and an event's own choice, for every fixed Dutch text a visitor
and a registrant read; editors' own texts and the language machinery stay as they are."""

import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Locale, Site

from cms_events.locales import FormOfAddress, use_form_of_address
from cms_events.models import EventSiteSettings, Registration
from cms_events.registration.services import register

from .registration_helpers import form_data

pytestmark = pytest.mark.django_db

FORMAL = re.compile(r"\b(u|uw)\b", re.IGNORECASE)
INFORMAL = re.compile(r"\b(je|jij|jou|jouw)\b", re.IGNORECASE)
OTHER_FORM = {"u": INFORMAL, "je": FORMAL}


def set_site_form_of_address(form_of_address):
    EventSiteSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={"form_of_address": form_of_address},
    )


@pytest.fixture
def event(make_event):
    # The editor's own texts address nobody, so that every “u” or “je” on the page is fixed text.
    return make_event(
        title="Werkconferentie",
        intro="Een middag over samenwerking.",
        registration_mode="form",
        capacity=1,
    )


def main_text(response):
    assert response.status_code in (200, 429), response.status_code
    return BeautifulSoup(response.content, "html.parser").select_one("main").get_text(" ")


def test_informal_texts_keep_the_language_dutch_and_the_urls_without_prefix(event):
    with translation.override("nl"), use_form_of_address(FormOfAddress.INFORMAL):
        assert gettext("Your registration") == "Je aanmelding"
        assert translation.get_language() == "nl"
        assert event.url == "/agenda/werkconferentie/"
        assert reverse("search") == "/zoeken/"
        # Wagtail builds page URLs inside translation.override(); the form of address stays.
        assert gettext("Your registration") == "Je aanmelding"
        with translation.override("en"):
            assert gettext("Your registration") == "Your registration"
        assert gettext("Your registration") == "Je aanmelding"
    with translation.override("nl"):
        assert gettext("Your registration") == "Uw aanmelding"


@pytest.mark.parametrize("form_of_address", ["u", "je"])
def test_page_form_errors_and_thanks_keep_to_the_sites_form_of_address(
    client, event, form_of_address
):
    set_site_form_of_address(form_of_address)
    other_form = OTHER_FORM[form_of_address]
    pages = {"form": main_text(client.get(event.url))}
    data = form_data(client, event)
    pages["errors"] = main_text(client.post(event.url, {**data, "consent": ""}))
    pages["expired form"] = main_text(client.post(event.url, {**data, "form_started": "x"}))
    pages["thanks"] = main_text(client.get(client.post(event.url, data)["Location"]))
    pages["waiting list"] = main_text(client.get(event.url))
    second = form_data(client, event, registrant_email="ria@example.org")
    thanks_link = client.post(event.url, second)["Location"]
    pages["thanks for the waiting list"] = main_text(client.get(thanks_link))
    token = Registration.objects.get(email="jan@example.org").token
    pages["own registration"] = main_text(client.get(f"/aanmelding/{token}/"))
    pages["index"] = main_text(client.get(event.get_parent().url))

    for name, text in pages.items():
        assert other_form.findall(text) == [], (name, text)
    says = {
        "u": [
            "uw gegevens",
            "Bedankt voor uw aanmelding",
            "U kunt zich aanmelden",
            "Uw aanmelding",
        ],
        "je": [
            "je gegevens",
            "Bedankt voor je aanmelding",
            "Je kunt je aanmelden",
            "Je aanmelding",
        ],
    }[form_of_address]
    assert says[0] in pages["errors"]
    assert {"u": "Controleer uw antwoorden", "je": "Controleer je antwoorden"}[
        form_of_address
    ] in pages["expired form"]
    assert says[1] in pages["thanks"]
    assert says[2] in pages["waiting list"]
    assert {"u": "daarom staat u op de wachtlijst", "je": "daarom sta je op de wachtlijst"}[
        form_of_address
    ] in pages["thanks for the waiting list"]
    assert says[3] in pages["own registration"]
    assert {"u": "in uw agenda", "je": "in je agenda"}[form_of_address] in pages["index"]


def test_the_event_overrides_the_site_and_the_editors_text_stays(client, event):
    set_site_form_of_address("je")
    event.form_of_address = FormOfAddress.FORMAL
    event.registration_intro = "Meld je aan voor 1 maart."
    event.save_revision().publish()
    text = main_text(client.get(event.url))
    assert "Meld je aan voor 1 maart." in text
    assert "Ik ga ermee akkoord" in text
    assert INFORMAL.findall(text.replace("Meld je aan voor 1 maart.", "")) == []
    register(event, name="A", email="a@example.org")
    assert "U kunt zich aanmelden voor de wachtlijst" in main_text(client.get(event.url))


def test_english_pages_are_not_touched_by_je(client, event):
    set_site_form_of_address("je")
    english = event.copy_for_translation(
        Locale.objects.get_or_create(language_code="en")[0], copy_parents=True
    )
    english.title = "Work conference"
    english.save_revision().publish()
    register(event, name="A", email="a@example.org")
    text = main_text(client.get(english.url))
    assert "You can register for the waiting list" in text


def test_editors_choose_the_form_of_address_in_the_sites_settings(admin_client, event):
    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["cms_events", "eventsitesettings", site.pk])
    page = BeautifulSoup(admin_client.get(url).content, "html.parser")
    choices = [option.get_text(strip=True) for option in page.select("select option, label")]
    assert "‘je’ (informeel)" in choices
    admin_client.post(url, {"form_of_address": "je"})
    assert EventSiteSettings.for_site(site).form_of_address == "je"
    assert "Je kunt je aanmelden" not in main_text(admin_client.get(event.url))
    register(event, name="A", email="a@example.org")
    assert "Je kunt je aanmelden" in main_text(admin_client.get(event.url))


def test_a_site_without_wagtails_settings_app_is_warned(monkeypatch):
    from cms_events import checks

    assert checks.check_site_settings_app(None) == []
    installed = checks.apps.is_installed
    monkeypatch.setattr(
        checks.apps,
        "is_installed",
        lambda name: name != "wagtail.contrib.settings" and installed(name),
    )
    assert [message.id for message in checks.check_site_settings_app(None)] == ["cms_events.W001"]
