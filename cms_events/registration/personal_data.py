"""Everything stored about one person's registrations, in words, for the screen and the file.

`describe(registrations)` returns one `RegistrationRecord` per registration in the active
language; `render_export(...)` turns them into a self-contained HTML file a person can open in
any browser, read, print or save as PDF (see the README on why HTML).
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from cms_events.formatting import format_event_when, format_moment
from cms_events.registration.exports import format_answer
from cms_events.registration.privacy import retention_deadline
from cms_events.registration.sessions import describe_preferences, program_rounds


@dataclass
class MailRecord:
    kind: str
    status: str
    recipient: str
    created_at: str
    sent_at: str
    attempts: int
    error: str


@dataclass
class RegistrationRecord:
    """One registration with every stored fact, as text in the active language."""

    registration: object
    event_title: str
    event_when: str
    event_url: str
    name: str
    email: str
    status: str
    language: str
    source: str
    registered_at: str
    updated_at: str
    cancelled_at: str
    kept_until: str
    checked_in_at: str = ""
    check_in_method: str = ""
    answers: list = field(default_factory=list)
    preferences: list = field(default_factory=list)
    placements: list = field(default_factory=list)
    mails: list = field(default_factory=list)


def moment(value):
    return format_moment(value) if value else ""


def language_name(code):
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code


def event_in_language(registration):
    """Return the event page in the active language, else the page registered on, or None."""
    page = registration.page.specific if registration.page else None
    if page is None:
        return None
    language = translation.get_language()
    translated = page.get_translations().filter(locale__language_code=language).specific()
    page = translated.first() or page
    if registration.series_date is not None:
        # Registered for one date of a series: that date's time, and how long it is kept.
        return page.on_stored_date(registration.series_date) or page
    return page


def answers_in_words(registration, event):
    """Return [(question, answer)]: the event's labels, or the key of a removed question."""
    labels = {f.clean_name: f.label for f in event.get_form_fields()} if event else {}
    return [
        (labels.get(key, key), format_answer(value)) for key, value in registration.answers.items()
    ]


def placements_in_words(registration, rounds):
    """Return [(round title, session title)] of every placement, also in removed rounds."""
    by_id = {round_.id: round_ for round_ in rounds}
    described = []
    for placement in registration.placements.all():
        round_ = by_id.get(placement.round_id)
        session = round_.session(placement.session_id) if round_ else None
        described.append(
            (
                round_.title if round_ else _("Removed round"),
                session.title if session else placement.session_title,
            )
        )
    return described


def mails_in_words(registration):
    return [
        MailRecord(
            kind=mail.get_kind_display(),
            status=mail.get_status_display(),
            recipient=mail.recipient,
            created_at=moment(mail.created_at),
            sent_at=moment(mail.sent_at),
            attempts=mail.attempts,
            error=mail.error,
        )
        for mail in registration.mails.all()
    ]


def describe_one(registration):
    event = event_in_language(registration)
    rounds = program_rounds(event) if event else []
    return RegistrationRecord(
        registration=registration,
        event_title=event.title if event else _("(removed event)"),
        event_when=format_event_when(event.start, event.end, event.all_day) if event else "",
        event_url=(event.get_full_url() or "") if event else "",
        name=registration.name,
        email=registration.email,
        status=registration.get_status_display(),
        language=language_name(registration.language),
        source=registration.source,
        registered_at=moment(registration.created_at),
        updated_at=moment(registration.updated_at),
        cancelled_at=moment(registration.cancelled_at),
        kept_until=moment(retention_deadline(event)) if event else "",
        checked_in_at=moment(registration.checked_in_at),
        check_in_method=registration.get_check_in_method_display(),
        answers=answers_in_words(registration, event),
        preferences=describe_preferences(registration, rounds),
        placements=placements_in_words(registration, rounds),
        mails=mails_in_words(registration),
    )


def describe(registrations):
    """Return a `RegistrationRecord` per registration, in the active language."""
    return [describe_one(registration) for registration in registrations]


def export_language(registrations):
    """Return the language of the person's latest registration (the file's default)."""
    latest = max(registrations, key=lambda r: r.created_at, default=None)
    return latest.language if latest else translation.get_language()


def render_export(email, registrations, *, language, site_name, now=None):
    """Return the HTML file with everything stored about `email`, in `language`, as bytes."""
    now = now or timezone.now()
    with translation.override(language):
        html = render_to_string(
            "cms_events/data_subject/export.html",
            {
                "email": email,
                "records": describe(registrations),
                "language": translation.get_language(),
                "site_name": site_name,
                "made_at": format_moment(now),
            },
        )
    return html.encode("utf-8")


def export_filename(now: datetime | None = None):
    """Return the file's name: the date only, never the address."""
    day = timezone.localdate(now or timezone.now())
    return f"persoonsgegevens-{day.isoformat()}.html"
