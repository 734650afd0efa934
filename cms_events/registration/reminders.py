"""Reminders: one mail to each confirmed registrant a few days before the event.

When: `CMS_EVENTS_REMINDER_DAYS_BEFORE` days (or the event's own number) before the start, to
the minute: the reminder moment. `manage.py run_worker` looks for due reminders every
`CMS_EVENTS_REMINDER_INTERVAL` seconds (`schedule.py`); `manage.py send_reminders` does one
round, for sites without the worker.

For which events: published, with the form on the page, reminders on, a status that holds
(`StatusBehaviour.sends_reminders`: not cancelled, not postponed, so also not while a new date
is still to follow), and not yet started. A reminder that comes late (the worker was down, or
the editor switched reminders on after the moment) still goes as long as the event has not
started.

To whom: confirmed registrations, not anonymised, that were confirmed before the reminder
moment. Whoever registered, or moved up from the waiting list, after it got a confirmation
with everything in it (and the .ics) moments before: a reminder would only repeat it. The
waiting list, withdrawals and cancellations by the organisers get none.

Once: one reminder per registration and event date, held by a unique constraint on the mail
log, so two workers that find the same reminder due log it once, and the mail's claim
(`tasks.deliver`) lets one of them send it. Just before sending, the reminder is checked
again (`still_applies`): one whose registrant withdrew, whose event was cancelled, postponed
or started, or whose date moved meanwhile is dropped, its log removed.

A series: each date reminds its own registrants (registration per date), or everyone
registered for the series as a whole (a course), before that date; a date called off reminds
no one.

A changed time: an event that moves to another day is a new date, with a reminder of its own
before it, also for those reminded of the old date. A new time on the same day gets no second
reminder: the change notification tells registrants (`notifications.py`).
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django_tasks import task

from cms_events.conf import get_setting
from cms_events.models import EventPage, MailLog, Occurrence, Registration
from cms_events.models.registration_settings import MAX_REMINDER_DAYS_BEFORE
from cms_events.registration.emails import event_for
from cms_events.registration.services import per_date
from cms_events.registration.tasks import deliver, log_scheduled_mails

# A reminder repeats nothing a mail of these kinds sent after the reminder moment said.
CONFIRMING_KINDS = (MailLog.Kind.CONFIRMATION, MailLog.Kind.MOVED_UP)


def reminder_days(event):
    """Return how many days before the start `event` reminds its registrants, or None."""
    if not event.send_reminder:
        return None
    days = event.reminder_days_before
    if days is None:
        days = get_setting("REMINDER_DAYS_BEFORE")
    return days or None


def reminder_moment(event):
    """Return when `event`'s reminder is due, or None when it sends none."""
    days = reminder_days(event)
    return None if days is None else event.start - timedelta(days=days)


def event_date(event):
    """Return the day (Dutch time) a reminder of `event` reminds of."""
    return timezone.localtime(event.start).date()


def goes_ahead(event, now):
    """Return whether `event` reminds its registrants at all: published, registration on the
    page, reminders on, a status that holds, and not started at `now`."""
    return (
        event.live
        and event.registration_mode == EventPage.Mode.FORM
        and reminder_days(event) is not None
        and event.status_behaviour.sends_reminders
        and not event.new_date_to_follow
        and now < event.start
    )


def reminder_is_due(event, now):
    """Return whether `event`'s reminder moment has come at `now` and it still goes ahead."""
    return goes_ahead(event, now) and reminder_moment(event) <= now


def events_due(now):
    """Return one event per event and date (translations share their registrations) whose
    reminder is due at `now`: a page, or for a series the page on that date (`EventOnDate`),
    with the date's own start and status."""
    horizon = now + timedelta(
        days=max(MAX_REMINDER_DAYS_BEFORE, get_setting("REMINDER_DAYS_BEFORE"))
    )
    candidates = (
        Occurrence.objects.filter(
            page__live=True,
            page__registration_mode=EventPage.Mode.FORM,
            page__send_reminder=True,
            start__gt=now,
            start__lte=horizon,
        )
        .select_related("page")
        .order_by("page_id", "start")
    )
    due = {}
    for occurrence in candidates:
        page = occurrence.page
        event = page.on_date(occurrence) if occurrence.in_series else page
        key = (page.translation_key, occurrence.date)
        if key not in due and reminder_is_due(event, now):
            due[key] = event
    return list(due.values())


def on_reminder_date(event, day):
    """Return `event` as a reminder for `day` speaks of it: for a series registered as a whole,
    the page on that date (None when the series no longer has it); else `event` itself."""
    if event is None or not getattr(event, "is_whole_series", False):
        return event
    return event.on_stored_date(day)


def registrations_due(event, now):
    """Return the registrations of `event` that are due a reminder at `now` and have none."""
    moment = reminder_moment(event)
    confirmed_later = MailLog.objects.filter(
        registration=OuterRef("pk"), kind__in=CONFIRMING_KINDS, created_at__gte=moment
    )
    reminded = MailLog.objects.filter(
        registration=OuterRef("pk"), kind=MailLog.Kind.REMINDER, event_date=event_date(event)
    )
    registrations = Registration.objects.filter(
        event__translation_key=event.translation_key,
        status=Registration.Status.CONFIRMED,
        anonymised_at__isnull=True,
        created_at__lt=moment,
    )
    if per_date(event):
        # Registered for one date of a series: reminded of that date only.
        registrations = registrations.filter(series_date=event.date)
    return registrations.exclude(Exists(confirmed_later)).exclude(Exists(reminded))


def log_due_reminders(now=None):
    """Log a reminder for every registration that is due one at `now`; return the ids of the
    reminders of the due events that have not been sent yet."""
    now = now or timezone.now()
    mail_ids = []
    for event in events_due(now):
        due = registrations_due(event, now)
        mail_ids += log_scheduled_mails(MailLog.Kind.REMINDER, event, event_date(event), due)
    return mail_ids


@task()
def send_reminders(mail_ids):
    """Send the logged reminders that no one sent yet; return how many were tried."""
    for mail_id in mail_ids:
        deliver(mail_id)
    return len(mail_ids)


def queue_due_reminders(now=None):
    """Log the due reminders and leave sending them to the task worker; return how many."""
    mail_ids = log_due_reminders(now)
    if mail_ids:
        transaction.on_commit(lambda: send_reminders.enqueue(mail_ids))
    return len(mail_ids)


def send_due_reminders(now=None):
    """Log the due reminders and send them in this process; return how many were tried."""
    return send_reminders.call(log_due_reminders(now))


def still_applies(mail, now=None):
    """Return whether a logged reminder should still go out at `now`."""
    registration = mail.registration
    if registration.status != Registration.Status.CONFIRMED:
        return False
    event = on_reminder_date(event_for(registration), mail.event_date)
    now = now or timezone.now()
    return event is not None and goes_ahead(event, now) and event_date(event) == mail.event_date


def drop_if_obsolete(mail):
    """Remove a claimed reminder that no longer applies; return whether it was removed.

    Removed rather than kept as unsent, so that the reminder is logged again should it apply
    again (reminders switched back on).
    """
    if still_applies(mail):
        return False
    MailLog.objects.filter(
        pk=mail.pk, status=MailLog.Status.SENDING, attempts=mail.attempts
    ).delete()
    return True
