"""Telling registrants that their event changed: one notification, one logged mail each.

The editor is asked first (admin view); `create_notification` then logs a mail for everyone
registered (confirmed and waiting list) in one transaction and sends them after the commit.
A cancellation also marks those registrations "cancelled by organiser"; they are kept until
the retention purge.
"""

from django.db import transaction
from django.utils import timezone

from cms_events.models import ChangeNotification, EventCapacity, MailLog, Registration
from cms_events.registration.services import active_registrations, capacity_for
from cms_events.status import EventStatus


def recipients(event):
    """Return the registrations a notification about `event` would go to."""
    return active_registrations(capacity_for(event))


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
        )
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
