"""Allocating an event's registrants to its parallel sessions, and placing late registrants.

`preview` computes; `commit` stores under the event's lock and mails everyone their schedule.
The rules of the allocation itself are in `cms_events.registration.allocation`.
"""

from django.db import transaction
from django.utils import timezone

from cms_events.models import EventCapacity, MailLog, Registration, SessionPlacement
from cms_events.registration import allocation
from cms_events.registration.sessions import (
    placement_counts,
    program_rounds,
    session_titles,
    to_allocation_rounds,
)
from cms_events.registration.tasks import queue_mail


def preview(page, capacity):
    """Return the allocation of every confirmed registrant, computed but not stored."""
    rounds = program_rounds(page)
    confirmed = capacity.registrations.filter(status=Registration.Status.CONFIRMED)
    preferences = {
        registration.pk: registration.session_preferences or {}
        for registration in confirmed.order_by("created_at", "pk")
    }
    return allocation.allocate(
        to_allocation_rounds(rounds), preferences, seed=str(capacity.translation_key)
    )


def fingerprint(capacity):
    """Return a value that changes when the allocation's input changes (for preview → commit)."""
    confirmed = capacity.registrations.filter(status=Registration.Status.CONFIRMED)
    latest = confirmed.order_by("-updated_at").values_list("updated_at", flat=True).first()
    return f"{confirmed.count()}-{latest.isoformat() if latest else ''}"


def commit(page, capacity):
    """Store the allocation of every confirmed registrant and mail each their schedule.

    Return the `Allocation`. Runs under the event's lock, so no registration slips in between.
    """
    rounds = program_rounds(page)
    with transaction.atomic():
        locked = EventCapacity.objects.select_for_update().get(pk=capacity.pk)
        result = preview(page, locked)
        titles = session_titles(rounds)
        SessionPlacement.objects.filter(registration__event=locked).delete()
        SessionPlacement.objects.bulk_create(
            SessionPlacement(
                registration_id=registration_id,
                round_id=round_id,
                session_id=session_id,
                session_title=titles[session_id],
                rank=result.ranks[registration_id][round_id],
            )
            for registration_id, placed in result.placements.items()
            for round_id, session_id in placed.items()
        )
        locked.sessions_allocated_at = timezone.now()
        locked.save(update_fields=["sessions_allocated_at"])
        placed = [person for person, rounds_ in result.placements.items() if rounds_]
        for registration in locked.registrations.filter(pk__in=placed):
            queue_mail(registration, MailLog.Kind.SCHEDULE)
    return result


def place_late_registrant(page, registration):
    """Give a registrant who is confirmed after the allocation a session per round, if there is
    room; call inside the event's lock. Return the placements made."""
    rounds = program_rounds(page)
    already = set(registration.placements.values_list("round_id", flat=True))
    rounds = [round_ for round_ in rounds if round_.id not in already]
    if not rounds:
        return []
    result = allocation.allocate(
        to_allocation_rounds(rounds, placement_counts(registration.event)),
        {registration.pk: registration.session_preferences or {}},
    )
    titles = session_titles(rounds)
    return SessionPlacement.objects.bulk_create(
        SessionPlacement(
            registration=registration,
            round_id=round_id,
            session_id=session_id,
            session_title=titles[session_id],
            rank=result.ranks[registration.pk][round_id],
        )
        for round_id, session_id in result.placements[registration.pk].items()
    )
