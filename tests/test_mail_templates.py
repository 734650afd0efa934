"""Mails in the editors' own words: every kind, every placeholder, in Dutch with “u”, Dutch with
“je” and English; placeholders checked on save; the event's text over the site's; the facts
block always below; no header injection."""

import email
import re
from datetime import date, time
from email import policy

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.utils import translation
from wagtail.models import Locale

from cms_events.models import (
    ChangeNotification,
    EventMailText,
    EventPage,
    MailLog,
    MailTemplate,
    RegistrationFormField,
)
from cms_events.registration.emails import build_message, registration_link
from cms_events.registration.services import capacity_for, register
from cms_events.registration.sessions import program_rounds
from home.demo_events import UTRECHT_SESSIONS, local, utrecht_program

pytestmark = pytest.mark.django_db

DAY = date(2030, 3, 14)  # a Thursday
KINDS = list(MailLog.Kind.values)
VARIANTS = [("nl", "u"), ("nl", "je"), ("en", "u")]
FORMAL = re.compile(r"\b(u|uw)\b", re.IGNORECASE)
INFORMAL = re.compile(r"\b(je|jij|jou|jouw)\b", re.IGNORECASE)
EVERY_PLACEHOLDER = (
    "{naam} | {titel} | {datum} | {tijd} | {plaats} | {pagina} | {zelfservice}\n{sessies}"
)
# The editor's words per language and form of address, with every placeholder.
TEXTS = {
    ("nl", "u"): (
        "Uw mail over {titel}",
        "Goedendag {naam}, fijn dat u komt.\n" + EVERY_PLACEHOLDER,
    ),
    ("nl", "je"): ("Jouw mail over {titel}", "Hoi {naam}, fijn dat je komt.\n" + EVERY_PLACEHOLDER),
    ("en", "u"): ("Your mail about {titel}", "Hello {naam}, glad you come.\n" + EVERY_PLACEHOLDER),
}
FACTS = {
    "nl": {
        "datum": "donderdag 14 maart 2030",
        "tijd": "van 15.00 tot 18.00 uur (inloop vanaf 14.30 uur)",
    },
    "en": {"datum": "Thursday 14 March 2030", "tijd": "from 15:00 to 18:00 (walk-in from 14:30)"},
}
BUILT_IN_GREETING = {"nl": "Beste Jan Jansen,", "en": "Dear Jan Jansen,"}
PLACE = "Stadskantoor, Stadsplateau 1, 3521 AZ Utrecht"


@pytest.fixture
def event(make_event):
    return make_event(
        title="Werkconferentie",
        start=local(DAY, 15),
        end=local(DAY, 18),
        walk_in_time=time(14, 30),
        registration_mode="form",
        program=utrecht_program([UTRECHT_SESSIONS, UTRECHT_SESSIONS], capacity=20),
        form_fields=[RegistrationFormField(label="Voorkeur", field_type="session_preferences")],
    )


def english(event):
    locale, _created = Locale.objects.get_or_create(language_code="en")
    page = event.copy_for_translation(locale, copy_parents=True)
    page.title = "Work conference"
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def site_text(kind, language="nl", form="u", subject=None, body=None):
    default_subject, default_body = TEXTS[(language, form)]
    template = MailTemplate(
        kind=kind,
        form_of_address=form,
        locale=Locale.objects.get_or_create(language_code=language)[0],
        subject=default_subject if subject is None else subject,
        body=default_body if body is None else body,
    )
    template.full_clean()
    template.save()
    return template


def registrant(event, language, run_on_commit):
    rounds = program_rounds(event)
    with run_on_commit():
        return register(
            event,
            name="Jan Jansen",
            email="jan@example.org",
            language=language,
            preferences={r.id: [r.sessions[0].id, r.sessions[1].id] for r in rounds},
        )


def mail_of(kind, registration):
    notification = None
    if kind == MailLog.Kind.NOTIFICATION:
        notification = ChangeNotification.objects.create(
            event=registration.event, page=registration.page, sequence=1, message="Zaal 2."
        )
    return MailLog(
        registration=registration, kind=kind, notification=notification, recipient="jan@x.org"
    )


def read(message):
    """Return (subject, text, html) of a message as a mail program reads it."""
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=policy.default)
    text = parsed.get_body(preferencelist=("plain",)).get_content()
    html = parsed.get_body(preferencelist=("html",)).get_content()
    return str(parsed["Subject"]), text, html


def setup_variant(event, language, form):
    """Return the page the registrant uses, with the event in `form`."""
    if form == "je":
        event.form_of_address = "je"
        event.save_revision().publish()
    return english(event) if language == "en" else event


def expected_facts(page, registration, language):
    return [
        "Jan Jansen",
        page.title,
        FACTS[language]["datum"],
        FACTS[language]["tijd"],
        PLACE,
        page.get_full_url(),
        registration_link(registration, page),
    ]


def assert_form_of_address(text, language, form):
    # Without the links: a random self-service token may hold “-U-” or “-je-”.
    text = re.sub(r"https?://[^\s\"<]+", "", text)
    if language == "nl":
        other = INFORMAL if form == "u" else FORMAL
        assert other.findall(text) == [], text


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("language", "form"), VARIANTS)
def test_each_mail_carries_the_editors_text_with_every_placeholder_filled(
    event, run_on_commit, kind, language, form
):
    page = setup_variant(event, language, form)
    # Both forms of address have a text: the event's form chooses.
    templates = {text_form: site_text(kind, "nl", text_form) for text_form in ("u", "je")}
    if language == "en":
        translated = templates[form].copy_for_translation(Locale.objects.get(language_code="en"))
        translated.subject, translated.body = TEXTS[("en", "u")]
        translated.save()
    registration = registrant(event, language, run_on_commit)
    subject, text, html = read(build_message(mail_of(kind, registration)))

    own_subject, own_body = TEXTS[(language, form)]
    assert subject == own_subject.replace("{titel}", page.title)
    assert own_body.splitlines()[0].replace("{naam}", "Jan Jansen") in text
    filled_line = " | ".join(expected_facts(page, registration, language))
    assert filled_line in text
    assert "Beleidsnota’s en visie sociaal domein" in text  # {sessies}
    assert "{" not in text and "}" not in text
    assert BUILT_IN_GREETING[language] not in text
    assert_form_of_address(subject + text + html, language, form)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("language", "form"), VARIANTS)
def test_without_a_text_each_mail_carries_the_built_in_one(
    event, run_on_commit, kind, language, form
):
    page = setup_variant(event, language, form)
    # A text in the other form of address is not used.
    site_text(kind, "nl", "je" if form == "u" else "u")
    registration = registrant(event, language, run_on_commit)
    subject, text, html = read(build_message(mail_of(kind, registration)))

    assert text.startswith(BUILT_IN_GREETING[language])
    assert page.title in subject
    missing = [fact for fact in expected_facts(page, registration, language) if fact not in text]
    assert missing == []
    assert_form_of_address(subject + text + html, language, form)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Beste {nam},", "Onbekende plaatshouder {nam}. Bedoelt u {naam}?"),
        ("Beste {Naam},", "Onbekende plaatshouder {Naam}. Bedoelt u {naam}?"),
        ("Beste {naam.__class__},", "Onbekende plaatshouder {naam.__class__}."),
        ("Beste {naam!r},", "Onbekende plaatshouder {naam!r}."),
        ("Beste {naam:>30},", "Onbekende plaatshouder {naam:>30}."),
        ("Om {0} uur", "Onbekende plaatshouder {0}. Gebruik een van deze:"),
        ("Beste {},", "Lege plaatshouder {}."),
        ("Beste {naam,", "Een accolade is niet gesloten"),
        ("Beste naam},", "Een accolade is niet gesloten"),
    ],
)
def test_a_misspelt_placeholder_or_an_open_brace_is_refused_on_save_in_dutch(event, body, message):
    template = MailTemplate(
        kind="confirmation", subject="Aanmelding", body=body, locale=Locale.get_default()
    )
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        template.full_clean()
    with translation.override("nl"):
        errors = refused.value.message_dict["body"]
    assert any(error.startswith(message) for error in errors), errors


def test_a_misspelt_placeholder_is_refused_in_the_admin(admin_client, event):
    url = "/admin/snippets/cms_events/mailtemplate/add/"
    locale = Locale.get_default()
    response = admin_client.post(
        url + f"?locale={locale.language_code}",
        {
            "kind": "confirmation",
            "form_of_address": "u",
            "subject": "Uw aanmelding voor {titel}",
            "body": "Beste {naam}, tot {datun}.",
        },
    )
    assert response.status_code == 200
    assert "Onbekende plaatshouder {datun}. Bedoelt u {datum}?" in response.content.decode()
    assert not MailTemplate.objects.exists()


def test_literal_braces_typed_twice_are_kept(event, run_on_commit):
    site_text("confirmation", body="Beste {naam}, {{dit}} blijft staan.")
    registration = registrant(event, "nl", run_on_commit)
    _subject, text, _html = read(build_message(mail_of("confirmation", registration)))
    assert "Beste Jan Jansen, {dit} blijft staan." in text


def test_a_dutch_text_must_keep_to_its_form_of_address(event):
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        site_text("reminder", form="je", body="Beste {naam}, wij zien u graag.")
    assert refused.value.message_dict["body"] == [
        "De tekst zegt “u”, maar de aanspreekvorm is “je”."
    ]


def test_one_text_per_kind_form_and_language(event):
    site_text("reminder")
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        site_text("reminder", body="Nog een keer, {naam}.")
    assert "Er is al een tekst voor deze mail" in str(refused.value)


def test_the_events_own_text_wins_over_the_sites(event, run_on_commit):
    site_text("confirmation")
    site_text("reminder")
    event.mail_texts.add(
        EventMailText(kind="confirmation", subject="Tot {datum}!", body="Hallo {naam}, welkom.")
    )
    event.save_revision().publish()
    registration = registrant(event, "nl", run_on_commit)
    subject, text, _html = read(build_message(mail_of("confirmation", registration)))
    assert subject == "Tot donderdag 14 maart 2030!"
    assert text.startswith("Hallo Jan Jansen, welkom.")
    assert "fijn dat u komt" not in text
    # Another kind still has the site's text.
    _subject, text, _html = read(build_message(mail_of("reminder", registration)))
    assert text.startswith("Goedendag Jan Jansen, fijn dat u komt.")


def test_an_own_text_without_subject_keeps_the_sites_subject_or_the_built_in_one(
    event, run_on_commit
):
    event.mail_texts.add(EventMailText(kind="confirmation", body="Hallo {naam}."))
    event.mail_texts.add(EventMailText(kind="reminder", body="Tot straks, {naam}."))
    event.save_revision().publish()
    site_text("reminder", subject="Denkt u aan {titel}?")
    registration = registrant(event, "nl", run_on_commit)
    subject, _text, _html = read(build_message(mail_of("confirmation", registration)))
    assert subject == "Uw aanmelding voor Werkconferentie"
    subject, _text, _html = read(build_message(mail_of("reminder", registration)))
    assert subject == "Denkt u aan Werkconferentie?"


def test_the_own_texts_are_translated_with_the_page(event, run_on_commit):
    event.mail_texts.add(EventMailText(kind="confirmation", body="Hallo {naam}."))
    event.save_revision().publish()
    page = english(event)
    assert [(t.kind, t.body) for t in page.mail_texts.all()] == [("confirmation", "Hallo {naam}.")]


@pytest.mark.parametrize("kind", KINDS)
def test_the_facts_block_and_calendar_follow_whatever_the_editor_writes(event, run_on_commit, kind):
    site_text(kind, body="Tot ziens.", subject="Bericht")
    registration = registrant(event, "nl", run_on_commit)
    message = build_message(mail_of(kind, registration))
    _subject, text, html = read(message)
    assert text.startswith("Tot ziens.")
    facts = [
        "Wanneer: donderdag 14 maart 2030, van 15.00 tot 18.00 uur (inloop vanaf 14.30 uur)",
        "Waar: Stadskantoor, Stadsplateau 1, 3521 AZ Utrecht",
        f"Meer informatie: {event.get_full_url()}",
        f"Uw aanmelding: {registration_link(registration, event)}",
    ]
    assert [fact for fact in facts if fact not in text.splitlines()] == []
    assert registration_link(registration, event) in html
    calendars = [part for part in message.attachments if part.get_content_type() == "text/calendar"]
    expects_calendar = kind in ("confirmation", "moved_up", "reminder", "notification", "cancelled")
    assert len(calendars) == (1 if expects_calendar else 0)


def test_the_session_list_is_not_repeated_when_the_text_names_the_sessions(event, run_on_commit):
    site_text("confirmation", body="Beste {naam}.")
    registration = registrant(event, "nl", run_on_commit)
    _subject, text, _html = read(build_message(mail_of("confirmation", registration)))
    assert "Uw voorkeur voor de sessies" in text
    MailTemplate.objects.update(body="Beste {naam}, uw keuzes:\n{sessies}")
    _subject, text, _html = read(build_message(mail_of("confirmation", registration)))
    assert "Uw voorkeur voor de sessies" not in text
    assert text.count("Ronde 1 van de werksessies") == 1


def test_a_stored_text_that_cannot_be_filled_is_never_sent(event, run_on_commit, caplog):
    site_text("confirmation")
    # Saved past the check, as a careless import or data migration could.
    MailTemplate.objects.update(subject="Over {titl", body="Beste {nam},")
    registration = registrant(event, "nl", run_on_commit)
    subject, text, _html = read(build_message(mail_of("confirmation", registration)))
    assert subject == "Uw aanmelding voor Werkconferentie"
    assert text.startswith("Beste Jan Jansen,")
    assert "{" not in text
    assert "not used" in caplog.text


def test_a_subject_with_a_line_break_is_refused(event):
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        site_text("confirmation", subject="Hallo\r\nBcc: iedereen@example.org")
    assert "onzichtbaar stuurteken" in refused.value.message_dict["subject"][0]


def test_a_subject_stays_one_header_whatever_fills_it(event, run_on_commit):
    site_text("confirmation", subject="Uw sessies: {sessies}")
    MailTemplate.objects.update(subject="Over {titel}\nBcc: iedereen@example.org")
    registration = registrant(event, "nl", run_on_commit)
    message = build_message(mail_of("confirmation", registration))
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=policy.default)
    assert parsed["Bcc"] is None
    assert str(parsed["Subject"]) == "Over Werkconferentie Bcc: iedereen@example.org"
    MailTemplate.objects.update(subject="Uw sessies: {sessies}")
    parsed = email.message_from_bytes(
        build_message(mail_of("confirmation", registration)).message().as_bytes(),
        policy=policy.default,
    )
    subject = str(parsed["Subject"])
    assert "\n" not in subject
    assert "Uw sessies: - Ronde 1 van de werksessies: Beleidsnota’s" in subject
    assert capacity_for(event).registrations.count() == 1


def test_the_editors_text_is_plain_text_in_the_html_mail(event, run_on_commit):
    site_text("confirmation", body="<script>alert(1)</script> {{% if x %}} {naam}, zie {pagina}")
    registration = registrant(event, "nl", run_on_commit)
    _subject, text, html = read(build_message(mail_of("confirmation", registration)))
    assert "<script>alert(1)</script> {% if x %} Jan Jansen" in text
    page = BeautifulSoup(html, "html.parser")
    assert page.select("script") == []
    assert "<script>alert(1)</script> {% if x %} Jan Jansen" in page.get_text()
    assert event.get_full_url() in [a["href"] for a in page.select("p a[href]")]


def test_the_registration_tab_offers_own_mail_texts_with_the_placeholders(event, admin_client):
    edit = admin_client.get(f"/admin/pages/{event.pk}/edit/")
    assert edit.status_code == 200
    content = edit.content.decode()
    assert "Mails in eigen woorden" in content
    assert "{zelfservice}" in content


def test_two_own_texts_for_one_mail_are_refused(event):
    from cms_events.models.mail_templates import EventPageForm, repeated_kinds

    formset_class = EventPage.get_edit_handler().get_form_class().formsets["mail_texts"]
    assert issubclass(EventPage.get_edit_handler().get_form_class(), EventPageForm)
    rows = [("reminder", "Hallo {naam}."), ("confirmation", "Dag {naam}."), ("reminder", "Hoi.")]
    data = {"mail_texts-TOTAL_FORMS": "3", "mail_texts-INITIAL_FORMS": "0"}
    for index, (kind, body) in enumerate(rows):
        data |= {f"mail_texts-{index}-kind": kind, f"mail_texts-{index}-body": body}
    formset = formset_class(data, instance=event, prefix="mail_texts")
    assert formset.is_valid(), formset.errors
    assert repeated_kinds(formset) == ["reminder"]
    data["mail_texts-2-DELETE"] = "on"
    formset = formset_class(data, instance=event, prefix="mail_texts")
    assert formset.is_valid(), formset.errors
    assert repeated_kinds(formset) == []


@pytest.mark.parametrize("field", ["subject", "body"])
def test_a_nul_byte_or_other_control_character_is_refused_on_save(event, field):
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        site_text("confirmation", **{field: "Beste {naam},\x00\x1b tot ziens."})
    assert "onzichtbaar stuurteken" in refused.value.message_dict[field][0]
    assert not MailTemplate.objects.exists()


def test_a_translation_made_in_wagtail_localize_is_checked_too(event):
    from wagtail_localize.models import (
        StringSegment,
        StringTranslation,
        Translation,
        TranslationSource,
    )

    template = site_text("confirmation", body="Beste {naam}, tot {datum}.")
    english_locale, _created = Locale.objects.get_or_create(language_code="en")
    source, _created = TranslationSource.get_or_create_from_instance(template)
    translation_ = Translation.objects.create(source=source, target_locale=english_locale)
    words = {"subject": "Your mail about {titel}", "body": "Dear {nam}, see you {datum}."}
    for segment in StringSegment.objects.filter(source=source).select_related("context"):
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=english_locale,
            context=segment.context,
            data=words[segment.context.path],
        )
    with translation.override("en"), pytest.raises(ValidationError):
        translation_.save_target()
    assert not MailTemplate.objects.filter(locale=english_locale).exists()
    body = StringTranslation.objects.get(context__path="body")
    assert body.has_error
    assert "{nam}" in body.get_error()
