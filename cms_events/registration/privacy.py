"""Retention (AVG): after an event's retention period, registrations lose their personal data.

Counts survive: an anonymised registration keeps its status, language, source and session
preferences, but no name, email address, answers or usable link, and its mail log forgets the
recipient and any error text. Mail not sent by then is never sent. Of the check-in only the
fact and time of arrival stay (attendance totals): the QR code stops working, the staff member
who checked the person in and any reason given at the door for admitting them are removed.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from cms_events.conf import get_setting
from cms_events.models import CheckInRequest, EventPage, MailLog, Registration, ended_filter
from cms_events.models.registration import new_token


def retention_deadline(event):
    """Return the moment after which `event`'s registrations are anonymised."""
    days = (
        event.retention_days if event.retention_days is not None else get_setting("RETENTION_DAYS")
    )
    return event.effective_end + timedelta(days=days)


def expired_registrations(now=None):
    """Return the registrations whose event's retention period is over."""
    now = now or timezone.now()
    keys = [
        event.translation_key
        for event in EventPage.objects.filter(ended_filter(now)).only(
            "start", "end", "retention_days", "translation_key"
        )
        if retention_deadline(event) < now
    ]
    pending = Registration.objects.filter(anonymised_at__isnull=True)
    orphans = pending.filter(
        page__isnull=True, created_at__lt=now - timedelta(days=get_setting("RETENTION_DAYS"))
    )
    return pending.filter(event__translation_key__in=keys) | orphans


@transaction.atomic
def anonymise(registrations, now=None):
    """Remove the personal data of `registrations`; return how many were anonymised."""
    now = now or timezone.now()
    count = 0
    for registration in registrations.select_for_update(of=("self",)):
        registration.name = ""
        registration.email = f"geanonimiseerd-{registration.pk}@invalid"
        registration.answers = {}
        registration.token = new_token()
        registration.check_in_token = new_token()
        registration.checked_in_by = None
        registration.anonymised_at = now
        registration.save(
            update_fields=[
                "name",
                "email",
                "answers",
                "token",
                "check_in_token",
                "checked_in_by",
                "anonymised_at",
            ]
        )
        count += 1
    CheckInRequest.objects.filter(registration__anonymised_at=now).update(
        user=None, override_reason=""
    )
    mails = MailLog.objects.filter(registration__anonymised_at=now)
    mails.update(recipient="", error="")
    # Mail not sent yet never goes out: its address is gone (and a worker that picks one up
    # later finds the registration anonymised, see tasks.deliver).
    mails.exclude(status=MailLog.Status.SENT).update(status=MailLog.Status.SKIPPED)
    return count


def purge_expired_registrations(now=None):
    """Anonymise every registration past its retention period; return the number."""
    return anonymise(expired_registrations(now), now)
