"""Allocating registrants to parallel sessions: a pure function, no database.

The rules, per round in program order:

1. Nobody is placed beyond a session's capacity (None = unlimited).
2. First choices are honoured for as many people as possible before any second choice: in a
   round every first choice is placed if the session has room; second choices only fill what
   is left. When a session has more first choices than places, the places go first to people
   who missed their first choice in an earlier round, then by a seeded lottery, not by who
   registered first.
3. Nobody gets the same session twice: sessions that repeat across rounds share a `key`
   (by default their title), and a person placed in it once is not placed in it again.
4. Whoever is left gets the session with the most room that they have not had yet; if there
   is none, they stay unplaced in that round and the result says so.
"""

import random
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Session:
    id: str
    key: str
    capacity: int | None = None


@dataclass(frozen=True)
class Round:
    id: str
    sessions: tuple[Session, ...]


@dataclass
class Allocation:
    """The outcome: who goes where, and how well preferences were met."""

    # person -> {round id: session id}
    placements: dict = field(default_factory=dict)
    # person -> {round id: "first" | "second" | "other"}
    ranks: dict = field(default_factory=dict)
    # round id -> [person, ...] that could not be placed
    unplaced: dict = field(default_factory=dict)

    def count(self, rank):
        return sum(list(ranks.values()).count(rank) for ranks in self.ranks.values())

    def share_of_first_choices(self):
        """Return the share of placements that were first choices (0 to 1)."""
        total = sum(len(ranks) for ranks in self.ranks.values())
        return self.count("first") / total if total else 0.0

    def load(self, round_id, session_id):
        return sum(1 for rounds in self.placements.values() if rounds.get(round_id) == session_id)


def allocate(rounds, preferences, *, seed=0):
    """Return an `Allocation` of people to sessions.

    `preferences` maps each person to {round id: [first session id, second session id]}; a
    person without preferences for a round is placed where there is room.
    """
    lottery = random.Random(seed)
    people = list(preferences)
    draw = {person: lottery.random() for person in people}
    result = Allocation(
        placements={person: {} for person in people}, ranks={person: {} for person in people}
    )
    had = {person: set() for person in people}
    missed_first = dict.fromkeys(people, 0)
    for round_ in rounds:
        sessions = {session.id: session for session in round_.sessions}
        load = dict.fromkeys(sessions, 0)
        for rank, label in ((0, "first"), (1, "second")):
            wishes = {}
            for person in people:
                if round_.id in result.placements[person]:
                    continue
                choice = choice_of(preferences[person], round_.id, rank)
                if choice in sessions and sessions[choice].key not in had[person]:
                    wishes.setdefault(choice, []).append(person)
            for session_id, wishers in wishes.items():
                wishers.sort(key=lambda p: (-missed_first[p], draw[p]))
                for person in wishers[: room(sessions[session_id], load[session_id])]:
                    place(result, had, load, person, round_.id, sessions[session_id], label)
        place_the_rest(result, had, load, people, round_, sessions, draw)
        for person in people:
            if result.ranks[person].get(round_.id) != "first":
                missed_first[person] += 1
    return result


def choice_of(wishes, round_id, rank):
    choices = wishes.get(round_id) or []
    return choices[rank] if len(choices) > rank else None


def room(session, load):
    if session.capacity is None:
        return 1_000_000_000
    return max(0, session.capacity - load)


def place(result, had, load, person, round_id, session, label):
    result.placements[person][round_id] = session.id
    result.ranks[person][round_id] = label
    had[person].add(session.key)
    load[session.id] += 1


def place_the_rest(result, had, load, people, round_, sessions, draw):
    """Put everyone still without a session where there is most room; report who is left."""
    left = [p for p in people if round_.id not in result.placements[p]]
    for person in sorted(left, key=lambda p: draw[p]):
        options = [
            s for s in sessions.values() if room(s, load[s.id]) > 0 and s.key not in had[person]
        ]
        if not options:
            result.unplaced.setdefault(round_.id, []).append(person)
            continue
        best = max(options, key=lambda s: room(s, load[s.id]))
        place(result, had, load, person, round_.id, best, "other")
