"""Registrations made before check-in existed each get a check-in token of their own."""

import uuid

import pytest

from tests.migration_helpers import back_to_the_latest_migrations, migrate  # noqa: F401

BEFORE = [("cms_events", "0020_thank_you_mail")]
AFTER = [("cms_events", "0021_check_in")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("back_to_the_latest_migrations")
def test_existing_registrations_get_distinct_check_in_tokens():
    old = migrate(BEFORE)
    capacity = old.get_model("cms_events", "EventCapacity").objects.create(
        translation_key=uuid.uuid4()
    )
    Registration = old.get_model("cms_events", "Registration")
    for number in range(3):
        Registration.objects.create(
            event=capacity,
            status="confirmed",
            name=f"P{number}",
            email=f"p{number}@example.org",
            token=f"self-service-{number}",
        )
    new = migrate(AFTER)
    registrations = new.get_model("cms_events", "Registration").objects.all()
    tokens = {r.check_in_token for r in registrations}
    assert len(tokens) == 3 and all(len(token) >= 40 for token in tokens)
    assert not tokens & {r.token for r in registrations}
    assert all(r.checked_in_at is None for r in registrations)
