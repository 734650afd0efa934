"""A form left open too long comes back with what was typed and can be sent again."""

import time
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.core import signing

from cms_events.models import Registration, RegistrationFormField
from cms_events.registration.forms import SIGNING_SALT

from .registration_helpers import errors, form_data

pytestmark = pytest.mark.django_db

EXPIRED = "Dit formulier is verlopen. Controleer uw antwoorden en verstuur het opnieuw."


@pytest.fixture
def event(make_event):
    return make_event(
        registration_mode="form",
        form_fields=[RegistrationFormField(label="Toelichting", field_type="multiline")],
    )


def time_stamp_of_a_form_loaded(seconds_ago):
    """Return the signed time stamp a form loaded `seconds_ago` carries (the clock turned back)."""
    moment = time.time() - seconds_ago
    with mock.patch("django.core.signing.time.time", return_value=moment):
        return signing.TimestampSigner(salt=SIGNING_SALT).sign(str(int(moment)))


def resubmission(response):
    """Return what a browser sends when the visitor presses the button again."""
    form = BeautifulSoup(response.content, "html.parser").select_one("form.registration-form")
    data = {field["name"]: field.get("value", "") for field in form.select("input")}
    data.update({area["name"]: area.get_text() for area in form.select("textarea")})
    data["consent"] = "on"
    data.pop("website")
    return data


def test_an_expired_form_is_shown_again_with_the_values_and_a_fresh_time_stamp(
    client, event, settings
):
    settings.CMS_EVENTS_FORM_MAX_AGE = 3600
    settings.CMS_EVENTS_HONEYPOT_MIN_SECONDS = 3
    stale = time_stamp_of_a_form_loaded(2 * 3600)
    data = form_data(client, event, toelichting="Graag vegetarisch", form_started=stale)
    response = client.post(event.url, data)
    assert response.status_code == 200
    assert errors(response) == [EXPIRED]
    again = resubmission(response)
    assert again["registrant_name"] == "Jan Jansen"
    assert again["registrant_email"] == "jan@example.org"
    assert again["toelichting"].strip() == "Graag vegetarisch"
    assert again["form_started"] != stale
    # Sent again at once: the visitor's time on the form counts, not the new stamp's age.
    response = client.post(event.url, again)
    assert response.status_code == 302
    assert Registration.objects.get().answers == {"toelichting": "Graag vegetarisch"}


def test_a_form_with_another_error_is_shown_again_with_a_stamp_that_stays_valid(
    client, event, settings
):
    settings.CMS_EVENTS_FORM_MAX_AGE = 3600
    almost_stale = time_stamp_of_a_form_loaded(3600 - 60)
    data = form_data(
        client, event, registrant_email="jan@", toelichting="x", form_started=almost_stale
    )
    response = client.post(event.url, data)
    again = resubmission(response)
    assert again["form_started"] != almost_stale
    again["registrant_email"] = "jan@example.org"
    with mock.patch("django.core.signing.time.time", return_value=time.time() + 120):
        assert client.post(event.url, again).status_code == 302
    assert Registration.objects.count() == 1


def test_a_tampered_time_stamp_still_counts_as_expired(client, event):
    data = form_data(client, event, toelichting="x", form_started="123:bad")
    response = client.post(event.url, data)
    assert errors(response) == [EXPIRED]
    assert resubmission(response)["form_started"] != "123:bad"
