"""The transactional core of registration: state, capacity, waiting list, cancellation.

Every decision about a place is taken inside one write transaction that first locks the event's
`EventCapacity` row (`select_for_update` on PostgreSQL; SQLite takes its write lock when the
transaction begins, with `transaction_mode="IMMEDIATE"`), then re-counts. Mail is queued only
after the commit, so a failing mail server never costs a registration.
"""

from django.db import IntegrityError, models, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms_events.models import EventCapacity, MailLog, Registration
from cms_events.registration.addresses import normalise_email
from cms_events.registration.tasks import queue_mail
from cms_events.status import present


class RegistrationState(models.TextChoices):
    NONE = "none", _("No registration")
    EXTERNAL = "external", _("Registration elsewhere")
    NOT_YET_OPEN = "not_yet_open", _("Not yet open")
    OPEN = "open", _("Open")
    WAITING_LIST = "waiting_list", _("Full, waiting list open")
    FULL = "full", _("Full")
    CLOSED = "closed", _("Closed")
    CLOSED_BY_STATUS = "closed_by_status", _("Closed because of the event's status")


class RegistrationError(Exception):
    """A registration that cannot be taken; `message` says why, in the active language."""

    message = _("Registration is not possible.")

    def __init__(self, message=None):
        super().__init__(message or self.message)
        if message:
            self.message = message


class RegistrationClosed(RegistrationError):
    message = _("Registration for this event is closed.")


class RegistrationFull(RegistrationError):
    message = _("This event is full.")


class DuplicateRegistration(RegistrationError):
    message = _("This email address is already registered for this event.")


class DateNotOpen(RegistrationError):
    message = _("Choose one of the dates that are open for registration.")


def per_date(page):
    """Return whether people register for one date of `page` (a series) rather than for all."""
    return bool(getattr(page, "registration_per_date", False) and getattr(page, "is_series", False))


def date_registered_for(page, series_date):
    """Return `page` on `series_date` (`EventOnDate`), for a registration per date; raise
    `DateNotOpen` for a date the series does not have."""
    occurrence = page.occurrences.filter(date=series_date).first() if series_date else None
    if occurrence is None:
        raise DateNotOpen
    occurrence.page = page
    return page.on_date(occurrence)


def registrations_on(queryset, series_date):
    """Return the registrations of `queryset` for `series_date` (None: for the whole event)."""
    if series_date is None:
        return queryset.filter(series_date__isnull=True)
    return queryset.filter(series_date=series_date)


def capacity_for(page):
    """Return the `EventCapacity` shared by `page` and its translations."""
    capacity, _created = EventCapacity.objects.get_or_create(translation_key=page.translation_key)
    return capacity


def lock_capacity(page):
    """Return the `EventCapacity` of `page`, locked until the transaction ends (created if the
    event has none yet). Call inside a transaction."""
    locked = EventCapacity.objects.select_for_update()
    try:
        return locked.get(translation_key=page.translation_key)
    except EventCapacity.DoesNotExist:
        return locked.get(pk=capacity_for(page).pk)


def count_confirmed(capacity, series_date=None):
    confirmed = capacity.registrations.filter(status=Registration.Status.CONFIRMED)
    return registrations_on(confirmed, series_date).count()


def confirmed_places(page):
    """Return how many places of `page` and its translations are taken, in one query.

    For display only: it neither creates nor locks the capacity row; `register()` re-counts
    under the lock before it decides on a place.
    """
    registrations = Registration.objects.filter(event__translation_key=page.translation_key)
    return registrations.filter(status=Registration.Status.CONFIRMED).count()


def time_window_state(page, now=None):
    """Return the state that follows from mode, status and dates alone, or None if open."""
    now = now or timezone.now()
    if page.registration_mode == page.Mode.NONE:
        return RegistrationState.NONE
    presentation = present(page, now)
    if not presentation.behaviour.registration_open:
        return RegistrationState.CLOSED_BY_STATUS
    if not presentation.registration_open:
        return RegistrationState.CLOSED  # The event is over, also for an external form.
    if page.registration_mode == page.Mode.EXTERNAL:
        return RegistrationState.EXTERNAL
    if page.registration_opens_at and now < page.registration_opens_at:
        return RegistrationState.NOT_YET_OPEN
    if now >= (page.registration_closes_at or page.start):
        return RegistrationState.CLOSED
    return None


def registration_state(page, confirmed=None, now=None):
    """Return the `RegistrationState` of `page`, counting places unless `confirmed` is given."""
    state = time_window_state(page, now)
    if state is not None:
        return state
    if page.capacity is None:
        return RegistrationState.OPEN
    if confirmed is None:
        confirmed = confirmed_places(page)
    if confirmed < page.capacity:
        return RegistrationState.OPEN
    if page.waiting_list_enabled:
        return RegistrationState.WAITING_LIST
    return RegistrationState.FULL


def places_left(page, confirmed=None):
    """Return how many places are left, or None when there is no limit."""
    if page.capacity is None:
        return None
    if confirmed is None:
        confirmed = confirmed_places(page)
    return max(0, page.capacity - confirmed)


def state_and_places_left(page, now=None, confirmed=None):
    """Return the `RegistrationState` and, when open with a limit, the places left.

    Counts the confirmed registrations at most once, and not at all when `confirmed` is given.
    A series with registration per date is open while one of its dates is (the form lists
    them, each with its own places).
    """
    if per_date(page) and page.registration_mode == page.Mode.FORM:
        state = time_window_state(page, now)
        if state in (RegistrationState.CLOSED_BY_STATUS, RegistrationState.NOT_YET_OPEN):
            return state, None
        states = {state for _occurrence, state, _places in open_dates(page, now)}
        if RegistrationState.OPEN in states:
            return RegistrationState.OPEN, None
        if states:
            return RegistrationState.WAITING_LIST, None
        return RegistrationState.CLOSED, None
    state = time_window_state(page, now)
    if state is not None or page.capacity is None:
        return state or RegistrationState.OPEN, None
    if confirmed is None:
        confirmed = confirmed_places(page)
    state = registration_state(page, confirmed=confirmed, now=now)
    return state, places_left(page, confirmed) if state == RegistrationState.OPEN else None


def open_dates(page, now=None):
    """Return [(occurrence, state, places left)] of the dates of a series with registration
    per date that still take registrations (open, or full with a waiting list), in date order,
    counting the places of all of them in one query."""
    now = now or timezone.now()
    dates = list(page.occurrences.filter(start__gt=now).select_related("venue").order_by("start"))
    confirmed = dict(
        Registration.objects.filter(
            event__translation_key=page.translation_key,
            status=Registration.Status.CONFIRMED,
            series_date__in=[occurrence.date for occurrence in dates],
        )
        .values_list("series_date")
        .annotate(count=Count("pk"))
    )
    found = []
    for occurrence in dates:
        occurrence.page = page
        on_date = page.on_date(occurrence)
        state = registration_state(on_date, confirmed=confirmed.get(occurrence.date, 0), now=now)
        if state in (RegistrationState.OPEN, RegistrationState.WAITING_LIST):
            places = places_left(on_date, confirmed.get(occurrence.date, 0))
            found.append((occurrence, state, places))
    return found


def register(
    page,
    *,
    name,
    email,
    answers=None,
    preferences=None,
    choice_titles=None,
    language="nl",
    source="",
    series_date=None,
    at_the_door=False,
    over_capacity=False,
    **extra_fields,
):
    """Store a registration as confirmed or on the waiting list, and queue its mail.

    For an event with registration per date, `series_date` is the date registered for: its
    places, waiting list and duplicate check are its own.

    After the sessions have been allocated, a confirmed registrant is placed in a session per
    round straight away, if there is room.

    `at_the_door` registers a walk-in (registration/check_in.py): the form's time window does
    not apply, only the event's status and its end; a full event refuses instead of offering
    the waiting list, unless staff admit the person `over_capacity`. `extra_fields` are stored
    on the registration (the check-in of a walk-in).

    Raise a `RegistrationError` when the event is closed, full without a waiting list, or
    already has an active registration for this email address (however it is written).
    """
    email = normalise_email(email)
    # Per date, the date's own status, start and end decide, and its places are its own.
    decides = date_registered_for(page, series_date) if per_date(page) else page
    if decides is page:
        series_date = None
    with transaction.atomic():
        locked = lock_capacity(page)
        if at_the_door and not open_at_the_door(decides):
            raise RegistrationClosed
        if not at_the_door and time_window_state(decides) is not None:
            raise DateNotOpen if series_date else RegistrationClosed
        counts = registrations_on(locked.registrations, series_date).aggregate(
            confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
            same_email=Count(
                "pk", filter=Q(status__in=Registration.ACTIVE_STATUSES, email__iexact=email)
            ),
        )
        if counts["same_email"]:
            raise DuplicateRegistration
        if at_the_door:
            status = decide_status_at_the_door(page, counts["confirmed"], over_capacity)
        else:
            status = decide_status(page, counts["confirmed"])
        registration = create_registration(
            locked,
            page=page,
            status=status,
            name=name,
            email=email,
            answers=answers or {},
            session_preferences=preferences or {},
            session_choice_titles=choice_titles or {},
            language=language,
            source=source,
            series_date=series_date,
            **extra_fields,
        )
        if status == Registration.Status.CONFIRMED:
            place_if_allocated(locked, page, registration)
        kind = (
            MailLog.Kind.CONFIRMATION
            if status == Registration.Status.CONFIRMED
            else MailLog.Kind.WAITING_LIST
        )
        queue_mail(registration, kind)
    return registration


def decide_status(page, confirmed):
    if page.capacity is None or confirmed < page.capacity:
        return Registration.Status.CONFIRMED
    if page.waiting_list_enabled:
        return Registration.Status.WAITING_LIST
    raise RegistrationFull


def open_at_the_door(page, now=None):
    """Return whether people may still be registered at the door: the event's status allows
    registration and the event has not ended. The form's own time window does not apply."""
    now = now or timezone.now()
    return (
        page.registration_mode == page.Mode.FORM
        and page.status_behaviour.registration_open
        and not page.ends_before(now)
    )


def decide_status_at_the_door(page, confirmed, over_capacity):
    """Confirm a walk-in if there is a place or staff admit them over capacity."""
    if over_capacity or page.capacity is None or confirmed < page.capacity:
        return Registration.Status.CONFIRMED
    raise RegistrationFull


def create_registration(capacity, **fields):
    """Insert the row; a duplicate caught by the database becomes a clear error.

    Call inside the transaction that holds the capacity lock: the error rolls it back.
    """
    try:
        return Registration.objects.create(event=capacity, **fields)
    except IntegrityError as error:
        raise DuplicateRegistration from error


def active_registrations(capacity):
    return capacity.registrations.filter(status__in=Registration.ACTIVE_STATUSES)


def cancel_registration(registration, *, by_organiser=False, notify=True):
    """Withdraw a registration; if it held a place, move the first on the waiting list up.

    The registrant is mailed a confirmation of their withdrawal unless the organiser
    cancelled or `notify` is false (an erasure: the address is about to be removed).
    Return the registration that moved up, or None.
    """
    with transaction.atomic():
        EventCapacity.objects.select_for_update().get(pk=registration.event_id)
        registration.refresh_from_db()
        if not registration.is_active:
            return None
        held_place = registration.status == Registration.Status.CONFIRMED
        registration.status = (
            Registration.Status.CANCELLED_BY_ORGANISER
            if by_organiser
            else Registration.Status.CANCELLED_BY_REGISTRANT
        )
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        if notify and not by_organiser:
            queue_mail(registration, MailLog.Kind.CANCELLED)
        return (
            promote_from_waiting_list(
                registration.event, registration.page, registration.series_date
            )
            if held_place
            else None
        )


def promote_from_waiting_list(capacity, page, series_date=None):
    """Confirm the longest-waiting registrant (of `series_date`, for a registration per date)
    if a place is free; call inside the lock."""
    if page is None:
        return None
    page = page.specific
    if page.capacity is not None and count_confirmed(capacity, series_date) >= page.capacity:
        return None
    waiting = registrations_on(
        capacity.registrations.filter(status=Registration.Status.WAITING_LIST), series_date
    )
    first = waiting.order_by("created_at", "pk").first()
    if first is None:
        return None
    first.status = Registration.Status.CONFIRMED
    first.save(update_fields=["status", "updated_at"])
    place_if_allocated(capacity, page, first)
    queue_mail(first, MailLog.Kind.MOVED_UP)
    return first


def move_registration(registration, status):
    """Let an organiser set a registration to confirmed or waiting list, ignoring capacity."""
    with transaction.atomic():
        locked = EventCapacity.objects.select_for_update().get(pk=registration.event_id)
        registration.status = status
        registration.cancelled_at = None
        try:
            with transaction.atomic():
                registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        except IntegrityError as error:
            raise DuplicateRegistration from error
        if status == Registration.Status.CONFIRMED:
            if registration.page is not None:
                place_if_allocated(locked, registration.page.specific, registration)
            queue_mail(registration, MailLog.Kind.MOVED_UP)
    return registration


def place_if_allocated(capacity, page, registration):
    """Place a newly confirmed registrant in the sessions, once they have been allocated."""
    if capacity.sessions_allocated_at is None:
        return
    from cms_events.registration.session_allocation import place_late_registrant

    place_late_registrant(page, registration)
