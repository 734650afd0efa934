"""The mails to registrants: plain text and HTML, in the registrant's language, with .ics.

`build_message(mail_log)` returns a ready `EmailMultiAlternatives`; sending is the task's job.
"""

from email.mime.base import MIMEBase
from email.mime.image import MIMEImage

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from cms_events.calendar.ical import build_event_calendar
from cms_events.formatting import format_event_moment, format_moment, format_place_lines
from cms_events.locales import use_form_of_address
from cms_events.models import MailLog
from cms_events.registration.mail_templates import editor_mail
from cms_events.registration.sessions import describe_preferences, program_rounds, schedule
from cms_events.sharing.qrcodes import qr_png
from cms_events.status import EventStatus

# Translators: mail subjects; %(title)s is the event's title.
SUBJECTS = {
    MailLog.Kind.CONFIRMATION: gettext_noop("Your registration for %(title)s"),
    MailLog.Kind.WAITING_LIST: gettext_noop("You are on the waiting list for %(title)s"),
    MailLog.Kind.MOVED_UP: gettext_noop("A place has become free for you: %(title)s"),
    MailLog.Kind.CANCELLED: gettext_noop("Your registration for %(title)s has been withdrawn"),
    MailLog.Kind.NOTIFICATION: gettext_noop("Change: %(title)s"),
    MailLog.Kind.SCHEDULE: gettext_noop("Your sessions at %(title)s"),
    MailLog.Kind.REMINDER: gettext_noop("Reminder: %(title)s"),
    MailLog.Kind.THANK_YOU: gettext_noop("Thank you: %(title)s"),
}

# The calendar method sent along: a place in the calendar, or its removal. None for the
# thank-you mail: the event is over.
CALENDAR_METHODS = {
    MailLog.Kind.CONFIRMATION: "REQUEST",
    MailLog.Kind.MOVED_UP: "REQUEST",
    MailLog.Kind.REMINDER: "REQUEST",
    MailLog.Kind.CANCELLED: "CANCEL",
}


# Mails to a person with a place carry their check-in QR code (registration/check_in.py).
CHECK_IN_QR_KINDS = (MailLog.Kind.CONFIRMATION, MailLog.Kind.MOVED_UP, MailLog.Kind.REMINDER)
CHECK_IN_QR_CID = "inchecken@cms-events"


def check_in_qr_part(mail):
    """Return the PNG of the registrant's check-in QR code as an inline MIME part, or None.

    The code holds the opaque check-in token only: no name, address or link.
    """
    registration = mail.registration
    if (
        mail.kind not in CHECK_IN_QR_KINDS
        or registration.status != registration.Status.CONFIRMED
        or registration.anonymised_at
    ):
        return None
    part = MIMEImage(qr_png(registration.check_in_token, box_size=8), "png")
    part.add_header("Content-ID", f"<{CHECK_IN_QR_CID}>")
    part.add_header("Content-Disposition", "inline", filename="inchecken.png")
    return part


def registration_link(registration, page):
    """Return the absolute self-service link of a registration (token only, no personal data)."""
    # The site's root URL from Wagtail's cached site root paths, without loading the Site.
    url_parts = page.get_url_parts() if page else None
    root = url_parts[1] if url_parts and url_parts[1] else settings.WAGTAILADMIN_BASE_URL
    return root + reverse("cms_events:registration", args=[registration.token])


def event_for(registration):
    """Return the page in the registrant's language, falling back to the one they used; for a
    registration for one date of a series, the page on that date (`EventOnDate`): its time,
    status, place and .ics are that date's."""
    page = registration.page.specific if registration.page else None
    if page is None:
        return None
    if registration.page.locale.language_code != registration.language:
        translated = page.get_translations(inclusive=True).filter(
            locale__language_code=registration.language
        )
        page = translated.live().specific().first() or page
    if registration.series_date is None:
        return page
    # A date gone from the series: the series' facts.
    return page.on_stored_date(registration.series_date) or page


def calendar_part(mail, event, page_url):
    """Return the text/calendar MIME part for the mail, or None."""
    method = CALENDAR_METHODS.get(mail.kind)
    if mail.kind == MailLog.Kind.NOTIFICATION:
        # One date of a series called off takes that date (RECURRENCE-ID) out of the calendar.
        cancels = mail.notification.cancels or event.status == EventStatus.CANCELLED
        method = "CANCEL" if cancels else "REQUEST"
    if method is None:
        return None
    registration = mail.registration
    calendar = build_event_calendar(
        event, url=page_url, method=method, attendee=(registration.email, registration.name)
    )
    part = MIMEBase("text", "calendar", method=method, charset="utf-8")
    part.set_payload(calendar.to_ical().decode("utf-8"), charset="utf-8")
    part.add_header("Content-Disposition", "attachment", filename="uitnodiging.ics")
    return part


def session_context(registration, event):
    """Return the registrant's session preferences and, once allocated, their schedule."""
    rounds = program_rounds(event) if event else []
    if not rounds:
        return {}
    return {
        "session_preferences": describe_preferences(registration, rounds),
        "session_schedule": [
            {"round": round_, "title": title, "host": session.host if session else ""}
            for round_, session, title in schedule(registration, rounds)
        ],
    }


def online_note(event):
    """Return what to say about taking part online when there is no link to give."""
    if event.online_url:
        return ""
    if event.online_link_by_mail:
        return gettext("Online. The link to take part follows by email.")
    return gettext("Online") if event.status_behaviour.online_only else ""


def series_when(event):
    """Return the rule of a series in words, or "" for one date or a single event."""
    if getattr(event, "is_whole_series", False):
        return event.describe_series()
    return ""


def mail_facts(event, page_url, manage_url):
    """Return the facts every mail carries: what, when, where, the page and the self-service
    link, formatted in the active language (`cms_events.formatting`)."""
    if event is None:
        return {"manage_url": manage_url}
    subtitle = getattr(event, "subtitle", "")
    return {
        "title": f"{event.title}: {subtitle}" if subtitle else event.title,
        # A series registered for as a whole: its rule (“Elke woensdag …”), not its first date.
        "when": series_when(event) or format_event_moment(event),
        "status": event.status_behaviour.signal_word,
        "previous_start": format_moment(event.previous_start)
        if event.status == EventStatus.RESCHEDULED and event.previous_start
        else "",
        "place": format_place_lines(event),
        "online_url": event.online_url,
        "online_note": online_note(event),
        "page_url": page_url,
        "manage_url": manage_url,
    }


def thank_you_url(mail, event):
    """Return the link a thank-you mail gives (a report, slides, a survey), else ""."""
    if mail.kind != MailLog.Kind.THANK_YOU or event is None:
        return ""
    return event.thank_you_mail_url


def build_message(mail):
    """Return the email for a `MailLog`, rendered in the registrant's language and in the
    event's form of address."""
    registration = mail.registration
    event = event_for(registration)
    if mail.kind == MailLog.Kind.REMINDER and mail.event_date:
        # A reminder speaks of its date, also for a series registered as a whole.
        from cms_events.registration.reminders import on_reminder_date

        event = on_reminder_date(event, mail.event_date) or event
    form_of_address = event.get_form_of_address() if event else None
    with translation.override(registration.language), use_form_of_address(form_of_address):
        page_url = event.get_full_url() if event else ""
        qr_part = check_in_qr_part(mail)
        context = {
            "check_in_qr_cid": CHECK_IN_QR_CID if qr_part else "",
            "registration": registration,
            "event": event,
            "facts": mail_facts(event, page_url, registration_link(registration, event)),
            "kind": mail.kind,
            "notification": mail.notification,
            "thank_you_url": thank_you_url(mail, event),
            **session_context(registration, event),
        }
        subject = gettext(SUBJECTS[mail.kind]) % {"title": event.title if event else ""}
        if mail.kind == MailLog.Kind.NOTIFICATION and event and event.status_behaviour.signal_word:
            subject = f"{event.status_behaviour.signal_word}: {event.title}"
        # The editor's own words, if any (registration/mail_templates.py); the facts follow.
        own = editor_mail(mail.kind, context, form_of_address)
        context["editor_mail"] = own
        subject = (own and own.subject) or subject
        text = render_to_string("cms_events/emails/registration.txt", context)
        html = render_to_string("cms_events/emails/registration.html", context)
        message = EmailMultiAlternatives(subject, text, to=[mail.recipient])
        message.attach_alternative(html, "text/html")
        part = calendar_part(mail, event, page_url) if event else None
    for extra in (part, qr_part):  # the calendar first, as before
        if extra is not None:
            message.attach(extra)
    return message
