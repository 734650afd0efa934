"""The thank-you mail: one mail to each confirmed registrant after the event, with a link (a
report, the slides, a survey), for events that switch it on.

When: `CMS_EVENTS_THANK_YOU_HOURS_AFTER` hours (or the event's own number) after the end: the
thank-you moment. An event with an open end counts from the midnight after its start, an
all-day event from the midnight after its last day (`over_at`); the mail never names an end
time the editor did not give.
`manage.py run_worker` looks for due thank-you mails every `CMS_EVENTS_THANK_YOU_INTERVAL`
seconds (`schedule.py`); `manage.py send_thank_you_mails` does one round, for sites without
the worker. A thank-you that is more than `LATEST_DAYS_AFTER` days late (the worker was down,
or the mail was switched on for an event long past) is not sent: it would come out of the blue.

For which events: published, with the form on the page, the thank-you mail on, a status that
held (`StatusBehaviour.sends_reminders`: not cancelled, not postponed, no new date to follow),
and over at the thank-you moment.

To whom: `thank_you_recipients()`, the one place that says so: confirmed registrations, not
anonymised. The waiting list, withdrawals and cancellations by the organisers get none.

Once: one thank-you per registration, held by a unique constraint on the mail log, and the
mail's claim (`tasks.deliver`) lets one worker send it. Just before sending, it is checked again
(`still_applies`): one whose registrant is no longer among the recipients, or whose event was
cancelled, postponed or moved to a later end meanwhile, is dropped and its log removed.

Nothing is kept beyond the mail log, which the retention purge clears with the registration.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django_tasks import task

from cms_events.conf import get_setting
from cms_events.models import EventPage, MailLog, Occurrence, Registration
from cms_events.models.event import start_of_next_day
from cms_events.models.registration_settings import MAX_THANK_YOU_HOURS_AFTER
from cms_events.registration.emails import event_for
from cms_events.registration.reminders import event_date, on_reminder_date
from cms_events.registration.services import per_date
from cms_events.registration.tasks import deliver, log_scheduled_mails

# A thank-you this many days after its moment is no longer sent.
LATEST_DAYS_AFTER = 7


def hours_after(event):
    """Return how many hours after the end `event` sends its thank-you mail, or None."""
    if not event.send_thank_you_mail:
        return None
    hours = event.thank_you_mail_hours_after
    return get_setting("THANK_YOU_HOURS_AFTER") if hours is None else hours


def over_at(event):
    """Return when `event` is over: its end; for an open end or an all-day event (whose end
    is its last day), the midnight after that day."""
    if event.all_day or event.end is None:
        return start_of_next_day(event.end or event.start)
    return event.end


def thank_you_moment(event):
    """Return when `event`'s thank-you is due, or None when it sends none."""
    hours = hours_after(event)
    return None if hours is None else over_at(event) + timedelta(hours=hours)


def goes_ahead(event):
    """Return whether `event` thanks its registrants at all: published, registration on the
    page, the thank-you mail on with its link, and a status that held."""
    return (
        event.live
        and event.registration_mode == EventPage.Mode.FORM
        and hours_after(event) is not None
        and bool(event.thank_you_mail_url)
        and event.status_behaviour.sends_reminders
        and not event.new_date_to_follow
    )


def thank_you_is_due(event, now):
    """Return whether `event`'s thank-you moment has come at `now`, no more than
    `LATEST_DAYS_AFTER` days ago, and the event is over and thanks its registrants."""
    if not goes_ahead(event):
        return False
    moment = thank_you_moment(event)
    return over_at(event) < now and moment <= now < moment + timedelta(days=LATEST_DAYS_AFTER)


def thank_you_recipients(event):
    """Return the registrations of `event` (in every language) that a thank-you goes to.

    Override the rule here only: logging, sending and the last check before sending all ask
    this function.
    """
    registrations = Registration.objects.filter(
        event__translation_key=event.translation_key,
        status=Registration.Status.CONFIRMED,
        anonymised_at__isnull=True,
    )
    if per_date(event):
        # Registered for one date of a series: thanked after that date.
        registrations = registrations.filter(series_date=event.date)
    came = registrations.filter(checked_in_at__isnull=False)
    if came.exists():
        # The door checked people in: thank those who came.
        return came
    return registrations


def events_due(now):
    """Return one event per event and date (translations share their registrations) whose
    thank-you is due at `now`: a single event; for a series with registration per date each
    date that is over (`EventOnDate`); for a series registered as a whole (a course), its
    last date, once the series is over."""
    # Wide enough for the midnight after an open end or an all-day event's last day.
    earliest = now - timedelta(hours=MAX_THANK_YOU_HOURS_AFTER, days=LATEST_DAYS_AFTER + 1)
    ended = Q(end__lt=now, end__gte=earliest) | Q(
        end__isnull=True, start__lt=now, start__gte=earliest
    )
    candidates = (
        Occurrence.objects.filter(
            ended,
            page__live=True,
            page__registration_mode=EventPage.Mode.FORM,
            page__send_thank_you_mail=True,
        )
        .select_related("page")
        .order_by("page_id", "start")
    )
    due = {}
    for occurrence in candidates:
        page = occurrence.page
        event = page
        if occurrence.in_series:
            event = page.on_date(occurrence)
            last = page.series_end
            if not per_date(page) and (last is None or last != occurrence.effective_end):
                continue
        key = (page.translation_key, occurrence.date)
        if key not in due and thank_you_is_due(event, now):
            due[key] = event
    return list(due.values())


def registrations_due(event):
    """Return the recipients of `event`'s thank-you that have none logged yet."""
    thanked = MailLog.objects.filter(registration=OuterRef("pk"), kind=MailLog.Kind.THANK_YOU)
    return thank_you_recipients(event).exclude(Exists(thanked))


def log_due_thank_yous(now=None):
    """Log a thank-you for every recipient of the events due one at `now`; return the ids of
    the thank-you mails of those events that have not been sent yet."""
    now = now or timezone.now()
    mail_ids = []
    for event in events_due(now):
        due = registrations_due(event)
        mail_ids += log_scheduled_mails(MailLog.Kind.THANK_YOU, event, event_date(event), due)
    return mail_ids


@task()
def send_thank_yous(mail_ids):
    """Send the logged thank-you mails that no one sent yet; return how many were tried."""
    for mail_id in mail_ids:
        deliver(mail_id)
    return len(mail_ids)


def queue_due_thank_yous(now=None):
    """Log the due thank-you mails and leave sending them to the task worker; return how
    many."""
    mail_ids = log_due_thank_yous(now)
    if mail_ids:
        transaction.on_commit(lambda: send_thank_yous.enqueue(mail_ids))
    return len(mail_ids)


def send_due_thank_yous(now=None):
    """Log the due thank-you mails and send them in this process; return how many were tried."""
    return send_thank_yous.call(log_due_thank_yous(now))


def still_applies(mail, now=None):
    """Return whether a logged thank-you should still go out at `now`."""
    registration = mail.registration
    # A series: the date the thank-you was logged for.
    event = on_reminder_date(event_for(registration), mail.event_date)
    if event is None or not thank_you_is_due(event, now or timezone.now()):
        return False
    return thank_you_recipients(event).filter(pk=registration.pk).exists()


def drop_if_obsolete(mail):
    """Remove a claimed thank-you that no longer applies; return whether it was removed.

    Removed rather than kept as unsent, so that it is logged again should it apply again.
    """
    if still_applies(mail):
        return False
    MailLog.objects.filter(
        pk=mail.pk, status=MailLog.Status.SENDING, attempts=mail.attempts
    ).delete()
    return True
