"""Telling registrants that their event changed: one notification, one logged mail each.

Publishing a change of time, place or status while people are registered leaves a
`PendingNotification` (`record_change`). Someone who may mail registrants is asked (admin
view); `create_notification` then logs a mail for everyone registered (confirmed and waiting
list) in one transaction and sends them after the commit, and the pending change is done. A
cancellation also marks those registrations "cancelled by organiser"; they are kept until the
retention purge. An anonymised registration is never mailed.
"""

from django.db import transaction
from django.utils import timezone

from cms_events.models import (
    ChangeNotification,
    EventCapacity,
    MailLog,
    PendingNotification,
    Registration,
)
from cms_events.registration.services import active_registrations, capacity_for
from cms_events.status import EventStatus


def recipients(event):
    """Return the registrations a notification about `event` would go to."""
    return active_registrations(capacity_for(event)).filter(anonymised_at__isnull=True)


def needs_notification(event, sequence_before):
    """Return whether publishing `event` changed what its registrants were told."""
    return event.sequence > sequence_before and recipients(event).exists()


def record_change(event, sequence_before, user=None):
    """Keep a published change that registrants should hear of; return whether there is one.

    It waits as the event's `PendingNotification` until the notification is sent or someone
    decides that none is needed (`dismiss_change`).
    """
    if not needs_notification(event, sequence_before):
        return False
    PendingNotification.objects.update_or_create(
        event=capacity_for(event),
        defaults={"page": event, "sequence": event.sequence, "changed_by": user},
    )
    return True


def pending_change(event):
    """Return the event's change that registrants have not been told about, or None."""
    return (
        PendingNotification.objects.filter(event__translation_key=event.translation_key)
        .select_related("changed_by")
        .first()
    )


def dismiss_change(event):
    """Decide that registrants need not hear of the event's pending change."""
    PendingNotification.objects.filter(event__translation_key=event.translation_key).delete()


def default_message(event):
    """Return the message to prefill: the newest update, or the status's default text."""
    updates = event.get_updates()
    if updates:
        latest = updates[0]
        return "\n\n".join(part for part in (latest.headline, latest.body) if part)
    return str(event.status_behaviour.default_headline)


def existing_notification(event):
    """Return the notification already made for the event's current version, if any."""
    return ChangeNotification.objects.filter(
        event__translation_key=event.translation_key, sequence=event.sequence
    ).first()


def create_notification(event, *, message, user=None):
    """Log and queue a mail to every current registrant of `event`; return the notification."""
    from cms_events.registration.tasks import send_notification

    capacity = capacity_for(event)
    with transaction.atomic():
        EventCapacity.objects.select_for_update().get(pk=capacity.pk)
        notification = ChangeNotification.objects.create(
            event=capacity,
            page=event,
            sequence=event.sequence,
            cancels=event.status == EventStatus.CANCELLED,
            message=message,
            created_by=user,
        )
        registrations = list(active_registrations(capacity))
        MailLog.objects.bulk_create(
            MailLog(
                registration=registration,
                notification=notification,
                kind=MailLog.Kind.NOTIFICATION,
                recipient=registration.email,
            )
            for registration in registrations
            if registration.anonymised_at is None
        )
        PendingNotification.objects.filter(event=capacity).delete()
        if notification.cancels:
            Registration.objects.filter(pk__in=[r.pk for r in registrations]).update(
                status=Registration.Status.CANCELLED_BY_ORGANISER, cancelled_at=timezone.now()
            )
        transaction.on_commit(lambda: send_notification.enqueue(notification.pk))
    return notification


def progress(notification):
    """Return {status: count} of the notification's mails."""
    counts = dict.fromkeys(MailLog.Status.values, 0)
    for status in notification.mails.values_list("status", flat=True):
        counts[status] += 1
    return counts
