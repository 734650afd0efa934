"""One mailbox registers once, however its address is written."""

import pytest

from cms_events.models import Registration
from cms_events.registration.addresses import normalise_email
from cms_events.registration.services import DuplicateRegistration, register

from .registration_helpers import errors, form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "written, normalised",
    [
        ("jan@example.org", "jan@example.org"),
        ("Jan@Example.ORG", "Jan@example.org"),
        ('"jan"@example.org', "jan@example.org"),
        ('"jan.de.vries"@example.org', "jan.de.vries@example.org"),
        ('"j\\an"@example.org', "jan@example.org"),
        ('"jan de vries"@example.org', '"jan de vries"@example.org'),
        ("jan@xn--bcher-kva.nl", "jan@bücher.nl"),
        ("jan@BÜCHER.nl", "jan@bücher.nl"),
        ("jan@XN--BCHER-KVA.NL", "jan@bücher.nl"),
        ("jan@ｅｘａｍｐｌｅ.org", "jan@example.org"),
    ],
)
def test_addresses_are_normalised(written, normalised):
    assert normalise_email(written) == normalised


@pytest.mark.parametrize(
    "first, second",
    [
        ("jan@bücher.nl", "jan@xn--bcher-kva.nl"),
        ("jan@xn--bcher-kva.nl", "JAN@BÜCHER.NL"),
        ('"jan"@example.org', "jan@example.org"),
        ("jan@example.org", '"JAN"@EXAMPLE.org'),
    ],
)
def test_the_same_mailbox_cannot_register_twice(make_event, first, second):
    event = make_event(registration_mode="form")
    register(event, name="Jan", email=first)
    with pytest.raises(DuplicateRegistration):
        register(event, name="Jan", email=second)
    assert Registration.objects.count() == 1


def test_the_form_refuses_the_punycode_twin_of_a_registered_address(client, make_event):
    event = make_event(registration_mode="form")
    client.post(event.url, form_data(client, event, registrant_email="jan@bücher.nl"))
    response = client.post(
        event.url, form_data(client, event, registrant_email='"jan"@XN--BCHER-KVA.nl')
    )
    assert response.status_code == 200
    assert errors(response) == ["Dit e-mailadres is al aangemeld voor deze bijeenkomst."]
    assert list(Registration.objects.values_list("email", flat=True)) == ["jan@bücher.nl"]


def test_a_data_subject_request_finds_the_mailbox_however_it_is_written(make_event):
    from cms_events.registration.data_subject import address_hash, find_registrations

    event = make_event(registration_mode="form")
    register(event, name="Jan", email='"jan"@Bücher.nl')
    for written in ("jan@bücher.nl", "JAN@XN--BCHER-KVA.NL", ' "jan"@xn--bcher-kva.nl '):
        assert [r.name for r in find_registrations(written)] == ["Jan"], written
        assert address_hash(written) == address_hash("jan@bücher.nl")
