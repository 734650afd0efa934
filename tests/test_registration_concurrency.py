"""Forty people register at the same moment for ten places: exactly ten get one.

Runs against whatever database the suite runs on: SQLite in the first pass of `make test`,
PostgreSQL (select_for_update) in the second.
"""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from cms_events.models import Registration
from cms_events.registration.services import RegistrationError, register
from home.demo_events import local

PEOPLE = 40
PLACES = 10


def weekly_series_per_date(make_event):
    """A weekly drop-in with ten places per date; returns it and its second date."""
    first = timezone.localdate() + timedelta(days=7)
    event = make_event(
        start=local(first, 10),
        end=local(first, 12),
        repeat="weekly",
        repeat_weekdays=str(first.weekday()),
        repeat_count=4,
        registration_mode="form",
        registration_per_date=True,
        capacity=PLACES,
    )
    return event, first + timedelta(days=7)


@pytest.mark.parametrize("per_date", [False, True], ids=["event", "one date of a series"])
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_forty_simultaneous_registrations_for_ten_places(make_event, per_date):
    if per_date:
        event, series_date = weekly_series_per_date(make_event)
        # Another date's registrations take none of this date's places.
        for number in range(3):
            register(
                event,
                name="Eerder",
                email=f"eerder{number}@example.org",
                series_date=series_date + timedelta(days=7),
            )
    else:
        event, series_date = make_event(registration_mode="form", capacity=PLACES), None
    start = threading.Barrier(PEOPLE)
    failures = []

    def attempt(number):
        try:
            start.wait()
            register(
                event,
                name=f"Persoon {number}",
                email=f"persoon{number}@example.org",
                series_date=series_date,
            )
        except Exception as error:  # every failure, of any kind, is a defect here
            failures.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert failures == []
    registrations = Registration.objects.filter(series_date=series_date)
    statuses = list(registrations.values_list("status", flat=True))
    assert len(statuses) == PEOPLE
    assert statuses.count(Registration.Status.CONFIRMED) == PLACES
    assert statuses.count(Registration.Status.WAITING_LIST) == PEOPLE - PLACES
    assert connection.vendor in ("sqlite", "postgresql")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_duplicates_leave_one_active_registration(make_event):
    event = make_event(registration_mode="form", capacity=PLACES)
    start = threading.Barrier(8)
    outcomes = []

    def attempt():
        try:
            start.wait()
            register(event, name="Dubbel", email="dubbel@example.org")
            outcomes.append("stored")
        except RegistrationError as error:
            outcomes.append(type(error).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(outcomes) == ["DuplicateRegistration"] * 7 + ["stored"]
    assert Registration.objects.count() == 1
