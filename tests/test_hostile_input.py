"""Hostile input gets a clear answer, never a 500: control characters, NUL bytes, odd bodies."""

import csv
import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cms_events.models import Registration, RegistrationFormField
from cms_events.registration.exports import safe_cell
from cms_events.registration.services import register
from cms_events.sharing.shortlinks import short_link_for

from .registration_helpers import errors, form_data

pytestmark = pytest.mark.django_db

CONTROL_ERROR = (
    "Dit veld bevat een onzichtbaar stuurteken. Typ de tekst opnieuw, of plak hem zonder opmaak."
)


@pytest.fixture
def event(make_event):
    return make_event(
        title="Werkconferentie",
        registration_mode="form",
        form_fields=[
            RegistrationFormField(label="Organisatie", field_type="singleline"),
            RegistrationFormField(label="Toelichting", field_type="multiline", required=False),
        ],
    )


# Control characters in form input


@pytest.mark.parametrize(
    "field, value",
    [
        ("registrant_name", "Jan\x1bJansen"),
        ("registrant_name", "Jan\tJansen"),
        ("registrant_name", "Jan\x7f"),
        ("registrant_email", '"jan\x01"@example.org'),
        ("organisatie", "Gemeente\x0bUtrecht"),
        ("organisatie", "Gemeente\nUtrecht"),
        ("toelichting", "Regel\x1b[31m rood"),
        ("toelichting", "NUL\x00byte"),
    ],
)
def test_control_characters_are_refused_with_a_dutch_error_and_input_kept(
    client, event, field, value
):
    response = client.post(
        event.url, form_data(client, event, **{"organisatie": "X", field: value})
    )
    assert response.status_code == 200
    assert any(error.endswith(CONTROL_ERROR) for error in errors(response)), errors(response)
    assert not Registration.objects.exists()
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("[name=registrant_name]")["value"] != ""


def test_a_multi_line_answer_keeps_its_line_breaks_and_tabs(client, event):
    text = "Eerste regel\r\nTweede\tregel"
    response = client.post(event.url, form_data(client, event, organisatie="X", toelichting=text))
    assert response.status_code == 302
    assert Registration.objects.get().answers["toelichting"] == text


# Exports survive whatever is stored


@pytest.fixture
def stored_controls(make_event):
    """An event with a registrant whose data came in before control characters were refused."""
    from home.demo_events import UTRECHT_SESSIONS, local, utrecht_program

    day = timezone.localdate() + timedelta(days=30)
    event = make_event(
        start=local(day, 14),
        end=local(day, 18),
        registration_mode="form",
        program=utrecht_program([UTRECHT_SESSIONS, UTRECHT_SESSIONS], capacity=20),
        form_fields=[RegistrationFormField(label="Organisatie", field_type="singleline")],
    )
    register(
        event,
        name="Esc\x1bape\x01=1+1",
        email="esc@example.org",
        answers={"organisatie": '\x08=HYPERLINK("http://x")\x7f'},
    )
    register(event, name="=cmd|' /C calc'!A0", email="formule@example.org")
    return event


def test_excel_and_csv_exports_survive_stored_control_characters(admin_client, stored_controls):
    url = f"/admin/events/{stored_controls.pk}/registrations/"
    response = admin_client.get(url + "?export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["Esc\ufffdape\ufffd=1+1", "'=cmd|' /C calc'!A0"]
    answers = [row[7] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert answers[0] == '\ufffd=HYPERLINK("http://x")\ufffd'
    response = admin_client.get(url + "?export=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [row[0] for row in rows[1:]] == names


def test_session_lists_survive_stored_control_characters(admin_client, stored_controls):
    from cms_events.registration import session_allocation
    from cms_events.registration.services import capacity_for

    session_allocation.commit(stored_controls, capacity_for(stored_controls))
    url = f"/admin/events/{stored_controls.pk}/sessions/"
    response = admin_client.get(url + "?export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = {row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert names == {"Esc\ufffdape\ufffd=1+1", "'=cmd|' /C calc'!A0"}
    assert admin_client.get(url + "?export=csv").status_code == 200


@pytest.mark.parametrize(
    "value, expected",
    [
        ("\x1b", "\ufffd"),
        ("a\tb\nc\rd", "a\tb\nc\rd"),
        ("\x00=1", "\ufffd=1"),
        ("=1", "'=1"),
        ("\t=1", "'\t=1"),
    ],
)
def test_safe_cell_replaces_what_a_spreadsheet_cannot_hold(value, expected):
    assert safe_cell(value) == expected


# NUL bytes and other invalid values in URLs


def nul_urls(event, registration):
    code = short_link_for(event).code
    token = registration.token
    urls = [
        f"/aanmelding/{token}%00/",
        "/aanmelding/%00/",
        f"/e/{code}%00/",
        f"/e/{code}%00/uitnodiging/",
        f"/e/{code}%00/qr.svg",
        "/zoeken/?q=a%00b",
        "/zoeken/?q=jan&pagina=%00",
        "/agenda/?pagina=1%00",
        "/agenda/%00/",
        f"{event.url}?bron=qr%00",
        f"/aanmelding/{token}/?x=%00",
    ]
    return urls + ["/en" + url for url in urls]


def test_nul_bytes_in_paths_and_queries_get_a_proper_page(event):
    client = Client(raise_request_exception=False)
    registration = register(event, name="Jan", email="jan@example.org")
    for url in nul_urls(event, registration):
        response = client.get(url)
        assert response.status_code in (200, 302, 400, 404), url
        if response.status_code in (400, 404):
            soup = BeautifulSoup(response.content, "html.parser")
            assert soup.select_one("main h1") is not None, url


@pytest.mark.parametrize("query", ['"', 'werk "conf', '"><fz-x>', "werk'", "\\", "NEAR(werk"])
def test_search_answers_any_query_and_shows_it_escaped(client, event, query):
    response = client.get("/zoeken/", {"q": query})
    assert response.status_code == 200
    assert (
        BeautifulSoup(response.content, "html.parser").select_one("#search-query")["value"] == query
    )
    assert b"<fz-x>" not in response.content


def test_a_session_cookie_with_a_nul_byte_is_ignored(event):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "abcdefgh\x00ijklmnop"
    assert client.get(event.url).status_code == 200


def test_registration_through_a_link_with_a_broken_source_is_stored(event):
    client = Client(raise_request_exception=False)
    for source in ("qr%00", "%ff%fe", "<script>", "x" * 200):
        data = form_data(client, event, organisatie="X", registrant_email=f"{len(source)}@ex.org")
        response = client.post(f"{event.url}?bron={source}", data)
        assert response.status_code == 302, source
    assert Registration.objects.count() == 4
    assert set(Registration.objects.values_list("source", flat=True)) == {""}


def test_a_valid_source_is_kept(client, event):
    client.post(f"{event.url}?bron=nieuwsbrief-2", form_data(client, event, organisatie="X"))
    assert Registration.objects.get().source == "nieuwsbrief-2"


# Bodies that Django cannot decode


@pytest.mark.parametrize(
    "content_type",
    [
        "application/x-www-form-urlencoded; charset=utf-16",
        "application/x-www-form-urlencoded; charset=utf8",
        "multipart/form-data; boundary=x; charset=utf-16",
    ],
)
@pytest.mark.parametrize("url", ["/", "/agenda/", "/zoeken/", "/aanmelding/abc/", "/admin/"])
def test_a_body_in_another_charset_answers_400_not_500(event, content_type, url):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies["csrftoken"] = "x" * 32
    body = "naam=Jan&csrfmiddlewaretoken=abc".encode("utf-16")
    response = client.generic("POST", url, body, content_type=content_type)
    assert response.status_code in (400, 403)


def test_the_registration_form_answers_400_to_a_utf16_body(event):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies["csrftoken"] = "x" * 32
    response = client.generic(
        "POST",
        event.url,
        "a=b".encode("utf-16"),
        content_type="application/x-www-form-urlencoded; charset=utf-16",
    )
    assert response.status_code == 400
    assert BeautifulSoup(response.content, "html.parser").select_one("main h1") is not None


# Every field has a maximum length


@pytest.mark.parametrize(
    "field, length",
    [
        ("registrant_name", 256),
        ("registrant_email", 255),
        ("organisatie", 256),
        ("toelichting", 4001),
    ],
)
def test_every_field_has_a_maximum_length_with_a_dutch_error(client, event, field, length):
    value = ("a" * (length - 12) + "@example.org") if field == "registrant_email" else "a" * length
    response = client.post(
        event.url, form_data(client, event, **{"organisatie": "X", field: value})
    )
    assert response.status_code == 200
    assert any("niet meer dan" in error for error in errors(response)), errors(response)
    assert not Registration.objects.exists()


def test_the_form_tells_the_browser_every_maximum_length(client, event):
    soup = BeautifulSoup(client.get(event.url).content, "html.parser")
    form = soup.select_one("form.registration-form")
    typed = form.select("input[type=text], input[type=email], textarea")
    assert {field["name"] for field in typed} >= {
        "registrant_name",
        "registrant_email",
        "organisatie",
        "toelichting",
    }
    assert all(field.get("maxlength") for field in typed), [f["name"] for f in typed]


# Page ids in the admin's URLs


def admin_routes_with_a_page_id():
    from cms_events.admin.urls import urlpatterns

    return [pattern.name for pattern in urlpatterns if "page_id" in str(pattern.pattern)]


@pytest.mark.parametrize("name", admin_routes_with_a_page_id())
def test_a_page_id_too_long_for_the_database_is_not_found(admin_client, event, name):
    url = reverse(name, args=[event.pk]).replace(f"/{event.pk}/", f"/{10**20}/", 1)
    assert admin_client.get(url).status_code == 404
    assert admin_client.post(url).status_code == 404
