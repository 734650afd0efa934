"""The admin's mail preview shows a sample person, never a registrant, and sends its test mail
to the editor's own address only, behind the page's permission and Django's CSRF check."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission, User
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale

from cms_events.formatting import format_date
from cms_events.models import MailLog, MailTemplate
from cms_events.registration.services import register
from home.demo_events import local

pytestmark = pytest.mark.django_db

REGISTRANT = ("Anneke Aanmelder", "anneke.aanmelder@example.org")


@pytest.fixture
def event(make_event, run_on_commit):
    day = timezone.localdate() + timedelta(days=30)
    event = make_event(
        title="Werkconferentie", start=local(day, 14), end=local(day, 17), registration_mode="form"
    )
    with run_on_commit():
        register(event, name=REGISTRANT[0], email=REGISTRANT[1])
    mail.outbox.clear()
    return event


def make_user(username, *codenames, groups=("Editors",), email="redacteur@example.org"):
    user = User.objects.create_user(username, email=email, password="x")
    user.groups.add(*Group.objects.filter(name__in=groups))
    user.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", *codenames]))
    return user


def preview_url(event, kind=""):
    return reverse("cms_events_mail_preview", args=[event.pk]) + (f"?soort={kind}" if kind else "")


@pytest.mark.parametrize("kind", MailLog.Kind.values)
def test_an_editor_previews_every_mail_with_a_sample_person(client, event, kind):
    client.force_login(make_user("editor"))
    response = client.get(preview_url(event, kind))
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    text = page.select_one("pre").get_text()
    assert "Sanne de Vries" in text
    assert event.get_full_url() in text
    html = BeautifulSoup(page.select_one("iframe")["srcdoc"], "html.parser")
    assert page.select_one("iframe")["sandbox"] in ("", [])  # no scripts, no forms
    assert "Sanne de Vries" in html.get_text()
    content = response.content.decode()
    assert REGISTRANT[0] not in content and REGISTRANT[1] not in content
    assert "De ingebouwde tekst" in content


def test_the_preview_says_whose_text_it_shows(client, event):
    MailTemplate.objects.create(
        kind="reminder", locale=Locale.get_default(), subject="Tot {datum}", body="Hallo {naam}!"
    )
    client.force_login(make_user("editor"))
    page = BeautifulSoup(client.get(preview_url(event, "reminder")).content, "html.parser")
    assert page.select_one("pre").get_text().startswith("Hallo Sanne de Vries!")
    assert "De tekst van de site" in page.get_text()


def test_the_test_mail_reaches_only_the_editor(client, event):
    client.force_login(make_user("editor"))
    response = client.post(preview_url(event), {"kind": "confirmation"})
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["redacteur@example.org"]]
    message = mail.outbox[0]
    assert (message.cc, message.bcc) == ([], [])
    assert message.subject == "[Test] Uw aanmelding voor Werkconferentie"
    assert "Sanne de Vries" in message.body
    assert REGISTRANT[1] not in message.body
    assert not MailLog.objects.filter(recipient="redacteur@example.org").exists()


def test_an_editor_without_an_address_gets_no_test_and_is_told(client, event):
    client.force_login(make_user("editor", email=""))
    response = client.post(preview_url(event), {"kind": "confirmation"}, follow=True)
    assert mail.outbox == []
    assert "geen e-mailadres" in response.content.decode()


def test_the_test_mail_needs_the_csrf_token(event):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("editor"))
    assert client.post(preview_url(event), {"kind": "confirmation"}).status_code == 403
    assert mail.outbox == []
    page = BeautifulSoup(client.get(preview_url(event)).content, "html.parser")
    token = page.select_one("input[name=csrfmiddlewaretoken]")["value"]
    response = client.post(
        preview_url(event), {"kind": "confirmation", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1


def test_users_who_may_not_edit_the_page_are_refused(client, event):
    client.force_login(make_user("outsider", groups=()))
    for response in (
        client.get(preview_url(event)),
        client.post(preview_url(event), {"kind": "confirmation"}),
    ):
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    assert mail.outbox == []


def test_the_sites_texts_need_the_snippet_permissions(client, event):
    url = reverse("wagtailsnippets_cms_events_mailtemplate:list")
    client.force_login(make_user("editor"))
    assert client.get(url).status_code == 302
    client.force_login(make_user("communications", "change_mailtemplate", "add_mailtemplate"))
    assert client.get(url).status_code == 200
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert url in menu


# The live preview while editing a site text


def preview_on_add():
    return reverse("wagtailsnippets_cms_events_mailtemplate:preview_on_add") + "?locale=nl"


def site_text_form(body, kind="reminder", form_of_address="u"):
    return {
        "kind": kind,
        "form_of_address": form_of_address,
        "subject": "Tot {datum}, {naam}",
        "body": body,
    }


def test_a_site_text_is_previewed_live_with_a_sample_person_and_a_public_event(admin_client, event):
    url = preview_on_add()
    checked = admin_client.post(url, site_text_form("Hallo {naam}, tot {datum} in {plaats}."))
    assert checked.json()["is_valid"] is True
    text_mode = admin_client.get(url)
    page = BeautifulSoup(text_mode.content, "html.parser")
    with translation.override("nl"):
        date = format_date(event.start)
    assert page.select_one("h1").get_text() == f"Onderwerp: Tot {date}, Sanne de Vries"
    text = page.select_one("pre").get_text()
    assert text.startswith(f"Hallo Sanne de Vries, tot {date} in Stadskantoor, ")
    assert "Werkconferentie" in page.get_text()
    assert REGISTRANT[0] not in text_mode.content.decode()
    html_mode = BeautifulSoup(admin_client.get(url + "&mode=html").content, "html.parser")
    assert html_mode.select_one("p").get_text().startswith("Hallo Sanne de Vries")


def test_the_live_preview_keeps_to_the_texts_form_of_address(admin_client, event):
    url = preview_on_add()
    body = "Hoi {naam}, tot {datum}."
    assert admin_client.post(url, site_text_form(body, form_of_address="je")).json()["is_valid"]
    text = BeautifulSoup(admin_client.get(url).content, "html.parser").select_one("pre")
    assert "Kun je toch niet komen?" in text.get_text()


def test_a_misspelt_placeholder_is_not_previewed(admin_client, event):
    checked = admin_client.post(preview_on_add(), site_text_form("Hallo {nam}."))
    assert checked.json()["is_valid"] is False


def test_the_live_preview_says_when_there_is_no_event_to_show(admin_client, event):
    event.unpublish()
    url = preview_on_add()
    assert admin_client.post(url, site_text_form("Hallo {naam}.")).json()["is_valid"]
    assert "nog geen gepubliceerd evenement" in admin_client.get(url).content.decode()


def test_the_live_preview_needs_the_snippet_permission(client, event):
    client.force_login(make_user("editor"))
    response = client.post(preview_on_add(), site_text_form("Hallo {naam}."))
    assert response.status_code in (302, 403)


def test_the_preview_names_the_fault_of_a_text_that_cannot_be_used(client, event):
    from cms_events.models import EventMailText

    # A translation saved past the check: the preview says so and shows the built-in text.
    EventMailText.objects.create(
        page=event, locale=event.locale, kind="confirmation", body="Dear {nmae},"
    )
    client.force_login(make_user("editor"))
    page = BeautifulSoup(client.get(preview_url(event)).content, "html.parser")
    fault = page.select_one(".help-critical").get_text(" ", strip=True)
    assert "Onbekende plaatshouder {nmae}. Gebruik een van deze: {naam}, {titel}" in fault
    assert page.select_one("pre").get_text().startswith("Beste Sanne de Vries,")


def test_the_preview_speaks_the_events_form_of_address(client, event):
    event.form_of_address = "je"
    event.save_revision().publish()
    client.force_login(make_user("editor"))
    page = BeautifulSoup(client.get(preview_url(event, "notification")).content, "html.parser")
    text = page.select_one("pre").get_text()
    assert "Hier volgt je bericht over de wijziging." in text
    assert "Kun je toch niet komen?" in text
