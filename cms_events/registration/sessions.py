"""Parallel sessions: the rounds in an event's program, people's preferences, and placements.

Rounds and sessions are identified by their StreamField block ids. The ids survive renaming,
reordering and translation (wagtail-localize copies them), so a preference stays linked to the
session it was given for. What a registrant chose is also kept by title, so that a session that
was removed from the program later still shows in their answers.
"""

from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _

from cms_events.models import Registration, SessionPlacement
from cms_events.registration import allocation

RANKS = ("first", "second")


@dataclass(frozen=True)
class SessionInfo:
    id: str
    title: str
    capacity: int | None
    host: str
    key: str


@dataclass(frozen=True)
class RoundInfo:
    id: str
    title: str
    start: object
    end: object
    sessions: tuple[SessionInfo, ...]

    def session(self, session_id):
        return next((s for s in self.sessions if s.id == session_id), None)


def session_key(title):
    """Return what makes two sessions “the same” when they repeat across rounds: the title."""
    return " ".join(title.casefold().split())


def program_rounds(page):
    """Return the rounds of parallel sessions in `page`'s program, in program order."""
    rounds = []
    for block in page.program:
        if block.block_type != "session_round":
            continue
        sessions = tuple(
            SessionInfo(
                id=bound.id,
                title=bound.value["title"],
                capacity=bound.value["capacity"],
                host=bound.value["host"],
                key=session_key(bound.value["title"]),
            )
            for bound in block.value["sessions"].bound_blocks
        )
        rounds.append(
            RoundInfo(
                block.id, block.value["title"], block.value["start"], block.value["end"], sessions
            )
        )
    return rounds


def placement_counts(capacity):
    """Return {(round id, session id): confirmed registrants placed there}; `capacity` is an
    `EventCapacity` or its id."""
    rows = (
        SessionPlacement.objects.filter(
            registration__event=capacity, registration__status=Registration.Status.CONFIRMED
        )
        .values("round_id", "session_id")
        .annotate(number=Count("pk"))
    )
    return {(row["round_id"], row["session_id"]): row["number"] for row in rows}


def places_left(session, round_id, counts):
    """Return the places left in a session, or None when it has no limit."""
    if session.capacity is None:
        return None
    return max(0, session.capacity - counts.get((round_id, session.id), 0))


def confirmed_preferences(capacity):
    """Return the session preferences of an event's confirmed registrants (a query)."""
    confirmed = capacity.registrations.filter(status=Registration.Status.CONFIRMED)
    return confirmed.values_list("session_preferences", flat=True)


def demand(all_preferences, rounds):
    """Return {(round id, session id): {"first": n, "second": n}} over `all_preferences`, the
    session preferences of the confirmed registrants."""
    result = {
        (round_.id, session.id): dict.fromkeys(RANKS, 0)
        for round_ in rounds
        for session in round_.sessions
    }
    for preferences in all_preferences:
        for round_id, choices in (preferences or {}).items():
            for rank, session_id in zip(RANKS, choices or [], strict=False):
                if (round_id, session_id) in result:
                    result[round_id, session_id][rank] += 1
    return result


def to_allocation_rounds(rounds, taken=None):
    """Return the rounds as `allocation.Round`s, with what `taken` already holds subtracted."""
    taken = taken or {}
    return [
        allocation.Round(
            round_.id,
            tuple(
                allocation.Session(
                    session.id,
                    key=session.key,
                    capacity=(
                        None
                        if session.capacity is None
                        else max(0, session.capacity - taken.get((round_.id, session.id), 0))
                    ),
                )
                for session in round_.sessions
            ),
        )
        for round_ in rounds
    ]


def session_titles(rounds):
    return {session.id: session.title for round_ in rounds for session in round_.sessions}


def describe_preferences(registration, rounds):
    """Return [(round title, [session title, ...])] as the registrant chose, in program order.

    Renamed sessions show their current title; removed ones the title they had when chosen.
    """
    preferences = registration.session_preferences or {}
    remembered = registration.session_choice_titles or {}
    described = []
    known_rounds = {round_.id for round_ in rounds}
    for round_ in rounds:
        choices = preferences.get(round_.id) or []
        titles = [
            choice_title(round_.session(choice), remembered.get(choice)) for choice in choices
        ]
        if titles:
            described.append((round_.title, titles))
    for round_id, choices in preferences.items():
        if round_id not in known_rounds and choices:
            titles = [choice_title(None, remembered.get(choice)) for choice in choices]
            described.append((_("Removed round"), titles))
    return described


def choice_title(session, remembered):
    if session is not None:
        return session.title
    return _("%(title)s (no longer on the program)") % {"title": remembered or "?"}


def schedule(registration, rounds):
    """Return [(round, session or None, title)] of a registrant's placements, in program order."""
    placed = {p.round_id: p for p in registration.placements.all()}
    result = []
    for round_ in rounds:
        placement = placed.get(round_.id)
        if placement is not None:
            session = round_.session(placement.session_id)
            result.append((round_, session, session.title if session else placement.session_title))
    return result


@dataclass(frozen=True)
class Availability:
    """Places left per session: after the allocation by placements, before it by first choices.

    Before the allocation a place is not yet promised to anyone: a session with more first
    choices than places is “in demand”, not full.
    """

    allocated: bool
    places: dict  # {session id: places left, or None for no limit}

    def for_round(self, round_id):
        return self.places.get(round_id, {})


@dataclass(frozen=True)
class ConfirmedSnapshot:
    """The confirmed registrations of an event as a page shows them: read in one query."""

    preferences: list
    allocated: bool
    capacity_id: int | None

    @property
    def count(self):
        return len(self.preferences)


def confirmed_snapshot(page):
    """Return the `ConfirmedSnapshot` of `page` and its translations, without creating or
    locking the capacity row (for display; `register()` re-counts under the lock)."""
    rows = Registration.objects.filter(
        event__translation_key=page.translation_key, status=Registration.Status.CONFIRMED
    ).values_list("session_preferences", "event__sessions_allocated_at", "event_id")
    rows = list(rows)
    return ConfirmedSnapshot(
        preferences=[preferences or {} for preferences, _at, _id in rows],
        allocated=bool(rows and rows[0][1]),
        capacity_id=rows[0][2] if rows else None,
    )


def availability(snapshot, rounds):
    """Return the `Availability` of every session in `rounds`, given the event's
    `ConfirmedSnapshot`."""
    allocated = snapshot.allocated
    if not any(session.capacity for round_ in rounds for session in round_.sessions):
        return Availability(allocated=allocated, places={})
    if allocated:
        taken = placement_counts(snapshot.capacity_id)
    else:
        wanted = demand(snapshot.preferences, rounds)
        taken = {key: counts["first"] for key, counts in wanted.items()}
    return Availability(
        allocated=allocated,
        places={
            round_.id: {
                session.id: places_left(session, round_.id, taken) for session in round_.sessions
            }
            for round_ in rounds
        },
    )
