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
    not_ended_filter,
)
from cms_events.registration.services import active_registrations, capacity_for, per_date
from cms_events.status import EventStatus


def pending_dates(event):
    """Return the dates (ISO) of the event's pending change, for registration per date."""
    pending = PendingNotification.objects.filter(event__translation_key=event.translation_key)
    return (pending.values_list("series_dates", flat=True).first()) or []


def recipients(event, dates=None):
    """Return the registrations a notification about `event` would go to: for registration
    per date, those of the changed `dates` (by default the pending change's) only."""
    registrations = active_registrations(capacity_for(event)).filter(anonymised_at__isnull=True)
    if per_date(event):
        dates = pending_dates(event) if dates is None else dates
        registrations = registrations.filter(series_date__in=dates)
    return registrations


# What every date of a series shares, kept in `date_facts` beside the dates.
SHARED = "shared"


def date_facts(event):
    """Return {ISO date: what registrants were told of it} of a series with registration per
    date (empty otherwise), and under `SHARED` what all its dates share (where, and how to
    join online), to tell after publishing which dates changed."""
    if not per_date(event):
        return {}
    facts = {
        occurrence.date.isoformat(): date_fact(occurrence) for occurrence in event.occurrences.all()
    }
    place = event.place
    facts[SHARED] = (
        (place.name, place.street, place.postcode, place.city, place.meeting_point),
        event.online_url,
        event.online_link_by_mail,
        event.location_to_follow,
    )
    return facts


def date_fact(occurrence):
    return (occurrence.start, occurrence.end, occurrence.status, occurrence.venue_id)


def changed_dates(event, facts_before):
    """Return the dates (ISO) whose time, status or venue changed, or that went; when what
    all dates share changed, every date still to come."""
    now = date_facts(event)
    changed = {day for day, fact in facts_before.items() if day != SHARED and now.get(day) != fact}
    if SHARED in facts_before and facts_before[SHARED] != now.get(SHARED):
        coming = event.occurrences.filter(not_ended_filter(timezone.now()))
        changed |= {day.isoformat() for day in coming.values_list("date", flat=True)}
    return sorted(changed)


def needs_notification(event, sequence_before, dates=None):
    """Return whether publishing `event` changed what its registrants were told."""
    return event.sequence > sequence_before and recipients(event, dates).exists()


def record_change(event, sequence_before, user=None, facts_before=None):
    """Keep a published change that registrants should hear of; return whether there is one.

    It waits as the event's `PendingNotification` until the notification is sent or someone
    decides that none is needed (`dismiss_change`). For registration per date, only the
    registrants of the dates that changed (`facts_before`: `date_facts()` before) are told;
    the dates add up until the notification is sent.
    """
    dates = None
    if per_date(event):
        dates = sorted(set(changed_dates(event, facts_before or {})) | set(pending_dates(event)))
    if not needs_notification(event, sequence_before, dates):
        return False
    PendingNotification.objects.update_or_create(
        event=capacity_for(event),
        defaults={
            "page": event,
            "sequence": event.sequence,
            "changed_by": user,
            "series_dates": dates or [],
        },
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
        dates = pending_dates(event) if per_date(event) else []
        notification = ChangeNotification.objects.create(
            event=capacity,
            page=event,
            sequence=event.sequence,
            cancels=event.status == EventStatus.CANCELLED,
            message=message,
            created_by=user,
            series_dates=dates,
        )
        registrations = list(recipients(event, dates) if dates else active_registrations(capacity))
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
        cancelled = registrations
        if dates and not notification.cancels:
            # Per date: the registrations of the dates that no longer take place.
            held = set(
                event.occurrences.filter(date__in=dates)
                .exclude(status=EventStatus.CANCELLED)
                .values_list("date", flat=True)
            )
            cancelled = [r for r in registrations if r.series_date not in held]
        if notification.cancels or (dates and cancelled):
            Registration.objects.filter(pk__in=[r.pk for r in cancelled]).update(
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
