"""Check-in at the door: find a registrant by the token in their QR code, check them in once,
and register walk-ins.

Door devices may lose their connection, so they queue actions and send them again; every action
carries an id the device chose (`CheckInRequest.client_id`). The first time an id arrives the
action is done and its outcome stored; every later time the stored outcome is returned. A
registrant is checked in once: a second check-in (another device, another id) keeps the first
time and says so.
"""

import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms_events.formatting import format_moment, format_time
from cms_events.models import CheckInRequest, Registration
from cms_events.registration.services import (
    RegistrationError,
    capacity_for,
    lock_capacity,
    per_date,
    register,
)
from cms_events.registration.sessions import program_rounds, schedule

logger = logging.getLogger(__name__)


class CheckInRefused(RegistrationError):
    message = _("This person cannot be checked in.")


@dataclass(frozen=True)
class Outcome:
    """What happened to one action: the registration and whether it was checked in before."""

    registration: Registration
    already: bool


def door_date(page, now=None):
    """Return the date the door is for: today, for a series with registration per date (its
    registrations are per date); None for everything else."""
    return timezone.localtime(now or timezone.now()).date() if per_date(page) else None


def on_door_date(registrations, page, now=None):
    """Return `registrations`, for a series with registration per date those of today."""
    day = door_date(page, now)
    return registrations if day is None else registrations.filter(series_date=day)


def door_registrations(page, now=None):
    """Return the registrations the door needs: active ones and those checked in already (of
    today's date, for a series with registration per date)."""
    capacity = capacity_for(page)
    return (
        on_door_date(capacity.registrations, page, now)
        .filter(anonymised_at__isnull=True)
        .exclude(status__in=cancelled_statuses(), checked_in_at__isnull=True)
        .prefetch_related("placements")
        .order_by("name", "pk")
    )


def cancelled_statuses():
    return [Registration.Status.CANCELLED_BY_REGISTRANT, Registration.Status.CANCELLED_BY_ORGANISER]


def check_in_time(registration, now=None):
    """Return when the registrant was checked in: “14.03 uur”, with the date if not today."""
    moment = registration.checked_in_at
    today = timezone.localdate(now or timezone.now())
    return format_time(moment) if timezone.localdate(moment) == today else format_moment(moment)


def checked_in_text(registration, now=None):
    """Return “ingecheckt om 14.03 uur”, or “” for someone not checked in."""
    if registration.checked_in_at is None:
        return ""
    # Translators: %(time)s is “14.03 uur”. Dutch: “ingecheckt om %(time)s”.
    return _("checked in at %(time)s") % {"time": check_in_time(registration, now)}


def already_checked_in_text(registration, now=None):
    """Return “al ingecheckt om 14.03 uur”, or “” for someone not checked in."""
    if registration.checked_in_at is None:
        return ""
    # Translators: said at the door about a person scanned or tapped a second time;
    # %(time)s is “14.03 uur”. Dutch: “al ingecheckt om %(time)s”.
    return _("already checked in at %(time)s") % {"time": check_in_time(registration, now)}


def door_facts(registration, rounds, now=None):
    """Return what the door sees of a registrant: name, sessions, status; nothing more."""
    return {
        "id": registration.pk,
        "token": registration.check_in_token,
        "name": registration.name,
        "status": registration.status,
        "status_label": str(registration.get_status_display()),
        "sessions": [
            f"{round_.title}: {title}" for round_, _session, title in schedule(registration, rounds)
        ],
        "checked_in_at": registration.checked_in_at.isoformat()
        if registration.checked_in_at
        else None,
        "checked_in_text": checked_in_text(registration, now),
        "already_text": already_checked_in_text(registration, now),
    }


def door_list(page, now=None):
    """Return `door_facts` for everyone the door may meet, by name."""
    rounds = program_rounds(page)
    registrations = door_registrations(page, now)
    return [door_facts(registration, rounds, now) for registration in registrations]


def find_by_token(page, token):
    """Return the registration of `page` whose QR code holds `token`, or None."""
    registrations = on_door_date(capacity_for(page).registrations, page)
    return registrations.filter(check_in_token=token, anonymised_at__isnull=True).first()


def check_in(registration, *, user, method, client_id, now=None):
    """Check `registration` in, once; return an `Outcome`.

    Raise `CheckInRefused` for a registration without a confirmed place.
    """
    now = now or timezone.now()
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        previous = CheckInRequest.objects.filter(client_id=client_id).first()
        if previous is not None:
            return Outcome(registration, already=previous.already_checked_in)
        if registration.status != Registration.Status.CONFIRMED:
            raise CheckInRefused(
                _("%(name)s has no confirmed place (%(status)s).")
                % {"name": registration.name, "status": registration.get_status_display()}
            )
        already = registration.checked_in_at is not None
        if not already:
            registration.checked_in_at = now
            registration.checked_in_by = user
            registration.check_in_method = method
            registration.save(
                update_fields=["checked_in_at", "checked_in_by", "check_in_method", "updated_at"]
            )
        log_request(
            client_id,
            registration,
            user,
            CheckInRequest.Action.CHECK_IN,
            already_checked_in=already,
        )
    return Outcome(registration, already=already)


def register_walk_in(
    page, *, name, email, user, client_id, over_capacity=False, reason="", now=None
):
    """Register a person at the door and check them in; return an `Outcome`.

    Capacity is decided as for any registration, under the event's lock; staff may admit a
    person over capacity with a reason, which is logged. Raise a `RegistrationError` when the
    event is closed or full, or the address is registered already.
    """
    now = now or timezone.now()
    reason = reason.strip()
    if over_capacity and not reason:
        raise RegistrationError(_("Give a reason for admitting this person over capacity."))
    with transaction.atomic():
        lock_capacity(page)
        previous = CheckInRequest.objects.filter(client_id=client_id).first()
        if previous is not None:
            return Outcome(previous.registration, already=previous.already_checked_in)
        registration = register(
            page,
            name=name,
            email=email,
            language=page.locale.language_code,
            source="walk_in",
            # A series with registration per date: a walk-in comes for today's date.
            series_date=door_date(page, now),
            at_the_door=True,
            over_capacity=over_capacity,
            checked_in_at=now,
            checked_in_by=user,
            check_in_method=Registration.CheckInMethod.WALK_IN,
        )
        request = log_request(
            client_id,
            registration,
            user,
            CheckInRequest.Action.WALK_IN,
            over_capacity=over_capacity and registration_was_over_capacity(page, registration),
            reason=reason if over_capacity else "",
        )
    if request.capacity_overridden:
        logger.warning(
            "Walk-in admitted over capacity: event %s, registration %s, by user %s",
            registration.event_id,
            registration.pk,
            getattr(user, "pk", None),
        )
    return Outcome(registration, already=False)


def registration_was_over_capacity(page, registration):
    """Return whether `registration` took a place beyond the event's capacity."""
    if page.capacity is None:
        return False
    confirmed = registration.event.registrations.filter(
        status=Registration.Status.CONFIRMED, series_date=registration.series_date
    )
    return confirmed.count() > page.capacity


def log_request(
    client_id,
    registration,
    user,
    action,
    *,
    already_checked_in=False,
    over_capacity=False,
    reason="",
):
    try:
        with transaction.atomic():
            return CheckInRequest.objects.create(
                client_id=client_id,
                event_id=registration.event_id,
                registration=registration,
                action=action,
                user=user,
                already_checked_in=already_checked_in,
                capacity_overridden=over_capacity,
                override_reason=reason,
            )
    except IntegrityError as error:
        # The same id sent twice at once: the other request holds the registration's lock
        # and has stored its outcome; this one rolls back and the device sends again.
        raise CheckInRefused(_("This action arrived twice at once; try again.")) from error
