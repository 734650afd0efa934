"""Short links and QR codes: they decode to the short URL, which leads to the form."""

import io
from urllib.parse import urlsplit

import pytest
import zxingcpp
from bs4 import BeautifulSoup
from PIL import Image

from cms_events.models import Registration, RegistrationFormField
from cms_events.sharing.qrcodes import qr_png, qr_svg
from cms_events.sharing.shortlinks import short_link_for

from .registration_helpers import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(make_event):
    return make_event(
        title="Werkconferentie",
        registration_mode="form",
        form_fields=[RegistrationFormField(label="Organisatie", field_type="singleline")],
    )


def decode(png_bytes):
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png_bytes)))
    assert len(results) == 1
    return results[0]


def test_png_decodes_to_the_url_with_error_correction_m():
    result = decode(qr_png("https://example.org/e/abc2345/"))
    assert result.text == "https://example.org/e/abc2345/"
    assert result.format == zxingcpp.BarcodeFormat.QRCode
    assert result.ec_level in ("M", "Q", "H")


def test_svg_is_a_standalone_svg_document():
    from xml.etree import ElementTree

    root = ElementTree.fromstring(qr_svg("https://example.org/e/abc2345/"))
    assert root.tag.endswith("svg")
    assert root.find(".//{http://www.w3.org/2000/svg}path") is not None


def test_page_shows_the_qr_code_and_the_short_url_in_text(client, event):
    soup = BeautifulSoup(client.get(event.url).content, "html.parser")
    figure = soup.select_one(".registration__qr")
    code = short_link_for(event).code
    assert figure.img["src"] == f"/e/{code}/qr.svg"
    assert figure.img["alt"] == "QR-code naar het aanmeldformulier"
    assert f"http://testserver/e/{code}/" in figure.figcaption.get_text()
    svg = client.get(figure.img["src"])
    assert svg["Content-Type"] == "image/svg+xml"


def test_served_png_decodes_to_the_short_url_which_leads_to_the_form(client, event):
    code = short_link_for(event).code
    png = client.get(f"/e/{code}/qr.png?download=1")
    assert png["Content-Disposition"].startswith("attachment")
    url = decode(png.content).text
    assert url == f"http://testserver/e/{code}/"
    response = client.get(urlsplit(url).path)
    assert response.status_code == 302
    assert response["Location"] == f"{event.url}?bron=qr#aanmelden"
    soup = BeautifulSoup(client.get(response["Location"]).content, "html.parser")
    assert soup.select_one("#aanmelden form.registration-form") is not None


def test_registration_through_the_qr_code_records_its_source(client, event):
    target = client.get(f"/e/{short_link_for(event).code}/")["Location"].split("#")[0]
    client.post(target, form_data(client, event, organisatie="X"))
    assert Registration.objects.get().source == "qr"


def test_short_link_survives_slug_changes_and_moves(client, event, event_index):
    code = short_link_for(event).code
    event.slug = "nieuwe-naam"
    event.save_revision().publish()
    assert client.get(f"/e/{code}/")["Location"].startswith("/agenda/nieuwe-naam/")
    from cms_events.models import EventIndexPage

    other = EventIndexPage(title="Archief 2", slug="ander")
    event_index.get_parent().add_child(instance=other)
    other.save_revision().publish()
    event.refresh_from_db()
    event.move(other, pos="last-child")
    assert client.get(f"/e/{code}/")["Location"].startswith("/ander/nieuwe-naam/")


def test_unknown_and_unpublished_short_links_answer_404(client, event):
    code = short_link_for(event).code
    event.unpublish()
    for path in (f"/e/{code}/", f"/e/{code}/qr.png", "/e/onbekend/", f"/e/{code}/uitnodiging/"):
        assert client.get(path).status_code == 404


def test_printable_invitation_has_facts_program_and_qr_with_url(client, demo_site):
    from cms_events.models import EventPage

    sample = EventPage.objects.get(slug="voorbeeld-samen-werken-aan-een-sociaal-en-gezond-utrecht")
    code = short_link_for(sample).code
    soup = BeautifulSoup(client.get(f"/e/{code}/uitnodiging/").content, "html.parser")
    assert soup.h1.get_text() == sample.title
    assert soup.select_one(".event-facts") is not None
    program = [li.get_text(" ", strip=True) for li in soup.select(".invitation__program li")]
    assert program[0] == "14.30 uur Inloop"
    assert "15.30–16.15 uur Ronde 1 van de werksessies" in program
    assert f"/e/{code}/" in soup.select_one(".invitation__qr figcaption").get_text()


def test_editors_can_download_the_qr_code_from_the_admin(admin_client, event):
    page = admin_client.get(f"/admin/pages/{event.pk}/edit/").content.decode()
    code = short_link_for(event).code
    assert f"/e/{code}/qr.png?download=1" in page
