"""Door devices at the same moment: walk-ins race for the last places, and one check-in
arrives from two devices and twice from one. Nobody is admitted over capacity, nobody is
checked in twice. Runs on SQLite and on PostgreSQL, like test_registration_concurrency.py.
"""

import threading
import uuid

import pytest
from django.contrib.auth.models import User
from django.db import connections

from cms_events.models import CheckInRequest, Registration
from cms_events.registration.check_in import check_in, register_walk_in
from cms_events.registration.services import RegistrationFull, register

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def at_once(actions):
    """Run the callables in threads started together; return their results or errors."""
    start = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def run(index, action):
        try:
            start.wait()
            results[index] = action()
        except Exception as error:
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_walk_ins_racing_for_the_last_two_places(make_event):
    event = make_event(registration_mode="form", capacity=3)
    register(event, name="Al binnen", email="binnen@example.org")
    staff = User.objects.create_user("deur")

    def walk_in(number):
        return lambda: register_walk_in(
            event,
            name=f"Deurganger {number}",
            email=f"deur{number}@example.org",
            user=staff,
            client_id=uuid.uuid4(),
        )

    results = at_once([walk_in(number) for number in range(6)])
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 4 and all(isinstance(r, RegistrationFull) for r in refused)
    confirmed = Registration.objects.filter(status="confirmed")
    assert confirmed.count() == 3
    assert confirmed.filter(checked_in_at__isnull=False).count() == 2


def test_one_check_in_from_two_devices_and_twice_from_one(make_event):
    event = make_event(registration_mode="form")
    person = register(event, name="Anneke", email="anneke@example.org")
    staff = User.objects.create_user("deur")
    resent = uuid.uuid4()

    def device(client_id):
        return lambda: check_in(person, user=staff, method="scan", client_id=client_id)

    results = at_once([device(resent), device(resent), device(uuid.uuid4()), device(uuid.uuid4())])
    errors = [r for r in results if isinstance(r, Exception)]
    # The same id twice at once may be told to try again (its twin holds the lock); never more.
    assert all("twee keer tegelijk" in str(e) for e in errors) and len(errors) <= 1
    assert [r.already for r in results if not isinstance(r, Exception)].count(False) >= 1
    assert Registration.objects.get().checked_in_at is not None
    first = Registration.objects.get().checked_in_at
    assert CheckInRequest.objects.filter(client_id=resent).count() == 1
    assert CheckInRequest.objects.filter(already_checked_in=False).count() == 1
    assert Registration.objects.get().checked_in_at == first
