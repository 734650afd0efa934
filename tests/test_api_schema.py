"""Schemathesis against the read API's own OpenAPI document (/api/v1/openapi.json), in
process through the WSGI application: every operation, with valid and invalid parameters,
answers without a 5xx, with a status code, content type, headers and body the document
declares, and refuses what the document rules out.

The document is the API's own (`api.get_openapi_schema()`, the one /api/v1/openapi.json
serves). The examples are few and derandomised, so the run takes seconds and CI is stable.
"""

import json

import pytest
import schemathesis
from django.core.serializers.json import DjangoJSONEncoder
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from wagtail.models import Locale

from cms_events.api.views import api
from cms_events.models import Organiser, Theme
from cms_events.registration.services import register
from cms_events.validation import has_control_characters
from tests.test_event_filters import vocabulary  # noqa: F401 (a fixture, used by name)

pytestmark = pytest.mark.django_db


def rejects_what_the_document_rules_out(ctx, response, case):
    """Schemathesis's negative_data_rejection, except for a query value with a control
    character: the request guard (cms_events/middleware.py) leaves such a parameter out, as
    if it had not been sent, on every URL of the site, so the API answers without it."""
    values = [
        value
        for values in (case.query or {}).values()
        for value in (values if isinstance(values, list) else [values])
    ]
    if any(has_control_characters(str(value)) for value in values):
        return None
    return negative_data_rejection(ctx, response, case)


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    rejects_what_the_document_rules_out,
]


@pytest.fixture
def site_data(request, make_event):
    """A site with every kind of fact: venues with accessibility facts, themes in two
    languages, an organiser, statuses, registration. While it lasts, a request through the
    WSGI application keeps the test's database connection open (as Django's test client
    does): it is the test's transaction."""
    request.getfixturevalue("vocabulary")
    english = Locale.objects.get_or_create(language_code="en")[0]
    theme = Theme.objects.get(slug="wonen")
    theme.copy_for_translation(english).save()
    organiser = Organiser.objects.create(
        name="Gemeente", website="https://example.org/", locale=Locale.get_default()
    )
    full = make_event(
        title="Vol",
        slug="vol",
        registration_mode="form",
        capacity=1,
        organised_by=organiser,
        cost="free",
    )
    register(full, name="Jan", email="jan@example.org")
    make_event(title="Afgelast", slug="afgelast", status="cancelled", end=None)
    make_event(title="Online", slug="online", status="moved_online", online_link_by_mail=True)
    translation = full.copy_for_translation(english, copy_parents=True)
    translation.save_revision().publish()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def load_schema():
    """Return the document as the API builds it (tests/test_api.py checks that the URL serves
    this very document), calling the WSGI application. Read when the tests are collected: no
    request and no database then."""
    document = json.loads(json.dumps(api.get_openapi_schema(), cls=DjangoJSONEncoder))
    loaded = schemathesis.openapi.from_dict(document)
    loaded.app = get_wsgi_application()
    return loaded


schema = load_schema()


@pytest.mark.usefixtures("site_data")
@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_as_its_document_says(case):
    case.call_and_validate(checks=CHECKS)
