"""The registrations view for editors: counts, search, filters, actions, safe exports."""

import csv
import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission, User
from openpyxl import load_workbook

from cms_events.models import Registration, RegistrationFormField
from cms_events.registration.exports import safe_cell
from cms_events.registration.services import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(make_event):
    event = make_event(
        title="Werkconferentie",
        registration_mode="form",
        capacity=1,
        form_fields=[RegistrationFormField(label="Organisatie", field_type="singleline")],
    )
    register(event, name="Anna", email="anna@example.org", answers={"organisatie": "=HYPERLINK(1)"})
    register(event, name="Bert", email="bert@example.org", answers={"organisatie": "Gemeente"})
    return event


def url(event, query=""):
    return f"/admin/events/{event.pk}/registrations/{query}"


def editor(*permissions):
    user = User.objects.create_user("redacteur", password="x", is_staff=False)
    group = Group.objects.get(name="Editors")
    user.groups.add(group)
    user.user_permissions.add(*Permission.objects.filter(codename__in=permissions))
    access = Permission.objects.get(codename="access_admin")
    user.user_permissions.add(access)
    return user


def test_counts_and_rows(admin_client, event):
    soup = BeautifulSoup(admin_client.get(url(event)).content, "html.parser")
    counts = soup.select_one(".cms-events-counts").get_text(" ", strip=True)
    assert "1 bevestigd (van 1)" in counts
    assert "1 op de wachtlijst" in counts
    names = [row.td.get_text() for row in soup.select("table.listing tbody tr")]
    assert names == ["Anna", "Bert"]


def test_search_and_filter(admin_client, event):
    soup = BeautifulSoup(admin_client.get(url(event, "?q=gemeente")).content, "html.parser")
    assert [row.td.get_text() for row in soup.select("tbody tr")] == ["Bert"]
    soup = BeautifulSoup(admin_client.get(url(event, "?status=confirmed")).content, "html.parser")
    assert [row.td.get_text() for row in soup.select("tbody tr")] == ["Anna"]


def test_csv_export_uses_semicolons_and_neutralises_formulas(admin_client, event):
    response = admin_client.get(url(event, "?export=csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Naam", "E-mailadres", "Status"]
    assert rows[0][-2:] == ["Organisatie", "Ingecheckt"]
    assert rows[1][0] == "Anna"
    assert rows[1][-2] == "'=HYPERLINK(1)"


def test_xlsx_export_stores_text_not_formulas(admin_client, event):
    response = admin_client.get(url(event, "?export=xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1][0] == "Anna"
    assert values[0][-2] == "Organisatie"
    assert values[1][-2] == "'=HYPERLINK(1)"
    assert all(cell.data_type == "s" for row in sheet.iter_rows() for cell in row if cell.value)


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1"])
def test_safe_cell_prefixes_formula_starts(value):
    assert safe_cell(value) == "'" + value


def test_organiser_cancels_and_the_waiting_list_moves_up(admin_client, event):
    anna = Registration.objects.get(name="Anna")
    response = admin_client.post(url(event), {"registration": anna.pk, "action": "cancel"})
    assert response.status_code == 302
    statuses = dict(Registration.objects.values_list("name", "status"))
    assert statuses == {"Anna": "cancelled_organiser", "Bert": "confirmed"}
    soup = BeautifulSoup(admin_client.get(url(event)).content, "html.parser")
    counts = soup.select_one(".cms-events-counts").get_text(" ", strip=True)
    assert "1 geannuleerd door de organisatie" in counts
    assert "afgemeld" not in counts.replace("0 afgemeld", "")
    row = next(tr for tr in soup.select("tbody tr") if tr.td.get_text() == "Anna")
    assert "Geannuleerd door de organisatie" in row.get_text()
    buttons = [button.get_text(strip=True) for button in row.select("button")]
    assert buttons == []


def test_a_withdrawn_registration_can_be_confirmed_again(admin_client, event):
    from cms_events.registration.services import cancel_registration

    cancel_registration(Registration.objects.get(name="Anna"))
    soup = BeautifulSoup(admin_client.get(url(event)).content, "html.parser")
    assert "1 afgemeld" in soup.select_one(".cms-events-counts").get_text(" ", strip=True)
    row = next(tr for tr in soup.select("tbody tr") if tr.td.get_text() == "Anna")
    assert "Afgemeld door deelnemer" in row.get_text()
    assert [button.get_text(strip=True) for button in row.select("button")] == ["Bevestigen"]


def test_organiser_moves_someone_from_the_waiting_list(admin_client, event):
    bert = Registration.objects.get(name="Bert")
    admin_client.post(url(event), {"registration": bert.pk, "action": "confirm"})
    assert Registration.objects.get(name="Bert").status == "confirmed"


def test_editor_without_permission_sees_no_personal_data(client, event):
    client.force_login(editor())
    response = client.get(url(event))
    assert response.status_code in (302, 403)
    assert b"anna@example.org" not in response.content
    assert client.get(url(event, "?export=csv")).status_code in (302, 403)


def test_editor_with_view_permission_cannot_change(client, event):
    client.force_login(editor("view_registration"))
    assert client.get(url(event)).status_code == 200
    anna = Registration.objects.get(name="Anna")
    client.post(url(event), {"registration": anna.pk, "action": "cancel"})
    assert Registration.objects.get(name="Anna").status == "confirmed"


def test_dashboard_lists_upcoming_events_with_counts(admin_client, event):
    soup = BeautifulSoup(admin_client.get("/admin/").content, "html.parser")
    panel = soup.select_one("#cms-events-dashboard-heading").find_parent("section")
    cells = [td.get_text(strip=True) for td in panel.select("tbody td")]
    assert cells[0] == "Werkconferentie"
    assert cells[2:] == ["1 / 1", "1"]


def test_rows_show_what_was_mailed(admin_client, event):
    from cms_events.models import MailLog

    MailLog.objects.filter(registration__name="Anna").update(status="sent")
    MailLog.objects.filter(registration__name="Bert").update(status="failed")
    soup = BeautifulSoup(admin_client.get(url(event)).content, "html.parser")
    header = [th.get_text() for th in soup.select("thead th")]
    column = header.index("E-mail")
    cells = [row.select("td")[column].get_text() for row in soup.select("tbody tr")]
    assert cells == ["Bevestiging: Verstuurd", "Bericht wachtlijst: Mislukt"]
