"""A mail for a sample person, as the admin previews it: built by `build_message()` for a
registration that is never stored, so no real registrant's data is ever shown.

`previewing(template)` makes the mails built inside the block use a text being edited (not yet
saved) instead of the stored ones: the live preview of the snippet editor.
"""

from contextlib import contextmanager

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from cms_events.models import (
    ChangeNotification,
    EventPage,
    MailLog,
    Registration,
    SessionPlacement,
    not_ended_filter,
)
from cms_events.registration import mail_templates
from cms_events.registration.emails import build_message
from cms_events.registration.sessions import program_rounds
from cms_events.visibility import public

SAMPLE_NAME = "Sanne de Vries"
SAMPLE_EMAIL = "sanne.de.vries@example.org"
# The thank-you mail's link for an event that has none yet (its mail is not on).
SAMPLE_LINK = "https://www.example.org/verslag"
SAMPLE_STATUS = {
    MailLog.Kind.WAITING_LIST: Registration.Status.WAITING_LIST,
    MailLog.Kind.CANCELLED: Registration.Status.CANCELLED_BY_REGISTRANT,
}


def sample_registration(event, kind):
    """Return a registration of a sample person for `event`, never saved, with sessions."""
    rounds = program_rounds(event)
    registration = Registration(
        # A primary key that no row has: the placements below are given, never queried.
        pk=0,
        page=event,
        name=SAMPLE_NAME,
        email=SAMPLE_EMAIL,
        language=event.locale.language_code,
        status=SAMPLE_STATUS.get(kind, Registration.Status.CONFIRMED),
        token="voorbeeld",
        session_preferences={
            round_.id: [session.id for session in round_.sessions[:2]] for round_ in rounds
        },
    )
    placements = []
    if kind in (MailLog.Kind.SCHEDULE, MailLog.Kind.REMINDER):
        placements = [
            SessionPlacement(
                round_id=round_.id,
                session_id=round_.sessions[0].id,
                session_title=round_.sessions[0].title,
            )
            for round_ in rounds
            if round_.sessions
        ]
    registration._prefetched_objects_cache = {"placements": placements}
    return registration


def sample_message(event, kind, recipient=SAMPLE_EMAIL):
    """Return the mail of `kind` about `event` for the sample person, sent to `recipient`."""
    notification = None
    if kind == MailLog.Kind.NOTIFICATION:
        # Lazy: translated inside the mail, in its language and form of address.
        notification = ChangeNotification(
            message=_("Here follows your message about the change."), cancels=False
        )
    if kind == MailLog.Kind.THANK_YOU and not event.thank_you_mail_url:
        # In memory only: a preview's event is never saved.
        event.thank_you_mail_url = SAMPLE_LINK
    mail = MailLog(
        registration=sample_registration(event, kind),
        kind=kind,
        notification=notification,
        recipient=recipient,
    )
    return build_message(mail)


@contextmanager
def previewing(template):
    """Use `template` (a `MailTemplate`, saved or not) for its kind inside the block."""
    token = mail_templates.previewed.set(template)
    try:
        yield
    finally:
        mail_templates.previewed.reset(token)


def sample_event(locale_id):
    """Return the event a site text is previewed with: the next public event in that language,
    else the latest one, else None."""
    events = public(EventPage.objects.live().filter(locale_id=locale_id))
    upcoming = events.filter(not_ended_filter(timezone.now())).order_by("start", "pk")
    return upcoming.first() or events.order_by("-start", "-pk").first()


def preview_response(template, request, mode_name):
    """Return the live preview of a site text being edited: its mail for a sample person."""
    event = sample_event(template.locale_id or Locale.get_default().pk)
    if event is None:
        return render(request, "cms_events/admin/mail_text_preview.html", {"event": None})
    # The fixed texts around the editor's words in the form of address it is written for.
    event.form_of_address = template.form_of_address
    with previewing(template):
        message = sample_message(event, template.kind)
    if mode_name == "html":
        return HttpResponse(message.alternatives[0][0])
    context = {"event": event, "subject": message.subject, "text": message.body}
    return render(request, "cms_events/admin/mail_text_preview.html", context)
