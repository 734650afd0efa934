"""Retention (AVG): after an event's retention period, registrations lose their personal data.

Counts survive: an anonymised registration keeps its status, language, source and session
preferences, but no name, email address, answers or usable link, and its mail log forgets the
recipient and any error text. Mail not sent by then is never sent. Of the check-in only the
fact and time of arrival stay (attendance totals): the QR code stops working, the staff member
who checked the person in and any reason given at the door for admitting them are removed.
"""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cms_events.conf import get_setting
from cms_events.models import (
    CheckInRequest,
    EventPage,
    MailLog,
    Occurrence,
    Registration,
    ended_filter,
)
from cms_events.models.event import RULE_FIELDS, start_of_next_day
from cms_events.models.registration import new_token


def retention_days(event):
    return (
        event.retention_days if event.retention_days is not None else get_setting("RETENTION_DAYS")
    )


def retention_deadline(event):
    """Return the moment after which `event`'s registrations are anonymised; None while a
    series without an end goes on."""
    end = event.effective_end  # a single event, or one date of a series (`EventOnDate`)
    if getattr(event, "is_whole_series", False):
        end = event.series_end
    return None if end is None else end + timedelta(days=retention_days(event))


def expired_registrations(now=None):
    """Return the registrations whose retention period is over: that of their event, or for a
    registration for one date of a series, that of its date."""
    now = now or timezone.now()
    fields = ("start", "end", "all_day", "retention_days", "translation_key", *RULE_FIELDS)
    ended = EventPage.objects.filter(ended_filter(now)).only(*fields)
    keys = [
        event.translation_key
        for event in ended.prefetch_related("date_changes")
        if (deadline := retention_deadline(event)) is not None and deadline < now
    ]
    pending = Registration.objects.filter(anonymised_at__isnull=True)
    orphans = pending.filter(
        page__isnull=True, created_at__lt=now - timedelta(days=get_setting("RETENTION_DAYS"))
    )
    return pending.filter(event__translation_key__in=keys) | orphans | expired_dates(pending, now)


def expired_dates(pending, now):
    """Return the registrations of `pending` for one date of a series whose date ended more
    than the event's retention period ago (a date gone from the series counts from its day)."""
    wanted = set(
        pending.filter(series_date__isnull=False)
        .values_list("event__translation_key", "series_date")
        .distinct()
    )
    if not wanted:
        return pending.none()
    keys = {key for key, _day in wanted}
    days = dict(
        EventPage.objects.filter(translation_key__in=keys).values_list(
            "translation_key", "retention_days"
        )
    )
    ends = {}
    for key, day, start, end in Occurrence.objects.filter(
        page__translation_key__in=keys
    ).values_list("page__translation_key", "date", "start", "end"):
        ends[(key, day)] = end or start_of_next_day(start)
    expired = Q(pk__in=[])
    for key, day in wanted:
        end = ends.get((key, day)) or start_of_next_day(local_midnight(day))
        keep = days.get(key)
        keep = get_setting("RETENTION_DAYS") if keep is None else keep
        if end + timedelta(days=keep) < now:
            expired |= Q(event__translation_key=key, series_date=day)
    return pending.filter(expired)


def local_midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


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
