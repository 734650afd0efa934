"""Validation of an event's facts: Dutch messages on the field that is wrong."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from cms_events.models import EventPage
from home.demo_events import item, local, session, session_round

from .conftest import event_fields


def errors_of(**overrides):
    event = EventPage(**event_fields(**overrides), slug="x", path="0001", depth=1)
    with translation.override("nl"):
        try:
            event.clean()
        except ValidationError as error:
            return {
                field: [str(m) for m in messages] for field, messages in error.message_dict.items()
            }
    return {}


def day(offset=30):
    from django.utils import timezone

    return timezone.localdate() + timedelta(days=offset)


def test_valid_event_has_no_errors(db):
    assert errors_of() == {}


def test_end_before_start_is_refused_in_dutch(db):
    errors = errors_of(start=local(day(), 14), end=local(day(), 13))
    assert errors == {"end": ["Het einde moet na het begin liggen."]}


def test_end_equal_to_start_is_refused(db):
    assert "end" in errors_of(start=local(day(), 14), end=local(day(), 14))


def test_all_day_event_may_end_on_its_first_day(db):
    assert errors_of(start=local(day(), 0), end=local(day(), 0), all_day=True) == {}


def test_all_day_event_cannot_end_before_its_first_day(db):
    errors = errors_of(
        start=local(day(), 0), end=local(day(-1 + 30), 0) - timedelta(days=1), all_day=True
    )
    assert errors["end"] == ["De laatste dag kan niet voor de eerste dag liggen."]


def test_walk_in_after_start_is_refused(db):
    errors = errors_of(walk_in_time=time(14, 30))
    assert errors == {"walk_in_time": ["De inloop kan niet na het begin (14.00) liggen."]}


def test_walk_in_before_start_is_accepted(db):
    assert errors_of(walk_in_time=time(13, 30)) == {}


def test_event_without_any_location_is_refused(db):
    errors = errors_of(venue_name="", street="", postcode="", city="")
    assert errors == {
        "venue_name": [
            "Vul een locatie of een online link in, of vink ‘online link volgt per mail’ of "
            "‘locatie volgt’ aan."
        ]
    }


@pytest.mark.parametrize(
    "overrides",
    [
        {"venue_name": "", "street": "", "postcode": "", "city": "", "location_to_follow": True},
        {"venue_name": "", "street": "", "postcode": "", "city": "", "online_url": "https://x.nl"},
        {"venue_name": "", "street": "", "postcode": "", "city": "", "online_link_by_mail": True},
    ],
)
def test_location_follows_or_online_link_or_link_by_mail_is_enough(db, overrides):
    assert errors_of(**overrides) == {}


def test_invalid_postcode_is_refused(db):
    assert errors_of(postcode="35611")["postcode"] == [
        "Vul een Nederlandse postcode in, zoals 3561 GE."
    ]


def test_address_without_city_is_refused(db):
    assert errors_of(city="")["city"] == ["Vul de plaats van dit adres in."]


def test_postcode_is_normalised_on_save(make_event):
    event = make_event(postcode="3561ge")
    event.refresh_from_db()
    assert event.postcode == "3561 GE"


def test_program_item_outside_the_event_is_refused(db):
    errors = errors_of(program=[item("13:00:00", "Te vroeg"), item("15:00:00", "Op tijd")])
    assert list(errors) == ["program"]


def test_program_item_from_walk_in_time_is_accepted(db):
    errors = errors_of(walk_in_time=time(13, 30), program=[item("13:30:00", "Inloop")])
    assert errors == {}


def test_program_item_ending_after_the_event_is_refused(db):
    errors = errors_of(program=[item("16:30:00", "Borrel", end="17:30:00")])
    assert list(errors) == ["program"]


def test_session_round_outside_the_event_is_refused(db):
    round_ = session_round("16:30:00", "18:00:00", "Ronde", [session("A"), session("B")])
    assert list(errors_of(program=[round_])) == ["program"]


def test_a_series_registered_per_date_cannot_have_rounds_of_work_sessions(db):
    start = local(day(), 14)
    round_ = session_round("14:30:00", "15:30:00", "Ronde", [session("A"), session("B")])
    series = {
        "start": start,
        "end": start + timedelta(hours=3),
        "repeat": EventPage.Repeat.WEEKLY,
        "repeat_weekdays": str(start.weekday()),
        "repeat_count": 4,
        "registration_mode": "form",
    }
    errors = errors_of(program=[round_], registration_per_date=True, **series)
    assert list(errors) == ["registration_per_date"]
    assert "werksessies" in errors["registration_per_date"][0]
    # A course (one registration for the whole series) keeps its sessions; so does a
    # drop-in without rounds.
    assert errors_of(program=[round_], registration_per_date=False, **series) == {}
    assert errors_of(registration_per_date=True, **series) == {}


def test_multi_day_program_is_not_checked_against_one_day(db):
    errors = errors_of(
        start=local(day(), 14), end=local(day(31), 12), program=[item("09:00:00", "Dag 2")]
    )
    assert errors == {}


def test_event_cannot_replace_itself(make_event):
    event = make_event()
    event.replaces_page = event
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        event.clean()
    assert error.value.message_dict == {
        "replaces_page": ["Een evenement kan zichzelf niet vervangen."]
    }


def test_open_end_is_accepted_and_the_program_may_run_late(db):
    program = [item("14:00:00", "Opening"), item("21:30:00", "Borrel")]
    assert errors_of(end=None, program=program) == {}


def test_open_end_program_still_starts_with_the_event(db):
    errors = errors_of(end=None, program=[item("13:00:00", "Te vroeg")])
    assert list(errors) == ["program"]


def test_a_price_needs_an_amount(db):
    assert errors_of(cost="price") == {
        "price": ["Vul de prijs in, of kies ‘gratis’ of ‘niet vermeld’."]
    }


@pytest.mark.parametrize("cost", ["free", "not_stated"])
def test_an_amount_needs_the_choice_a_price(db, cost):
    assert errors_of(cost=cost, price=10) == {
        "price": ["Een prijs hoort bij de keuze ‘een prijs’; maak dit veld leeg."]
    }
