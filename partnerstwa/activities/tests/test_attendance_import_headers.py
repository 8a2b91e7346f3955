"""Issue 11, staff: the attendance import accepts Polish headers as well as English, offers a
template, and suggests the closest registry organisations for a name it cannot match."""

import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from partnerstwa.activities.attendance_import import (
    ImportFileError,
    attendance_import,
    template_workbook,
)
from partnerstwa.activities.models import Attendance
from partnerstwa.activities.tests.factories import event
from partnerstwa.registry.tests.factories import OrganisationFactory, gmina, powiat

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    return event().sessions.get()


@pytest.fixture
def registry():
    koszalin = gmina("3261011", "Koszalin")
    boleslawiec = powiat("0201", "bolesławiecki")
    return {
        "koszalin": OrganisationFactory(
            kind="gmina", name="Miasto Koszalin", territorial_unit=koszalin
        ),
        "boleslawiecki": OrganisationFactory(
            kind="powiat", name="Powiat bolesławiecki", territorial_unit=boleslawiec
        ),
        "other": OrganisationFactory(kind="ngo", name="Fundacja Rozwoju Demokracji Lokalnej"),
    }


def csv_file(tmp_path, text: str):
    path = tmp_path / "lista.csv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "header",
    [
        "imię,nazwisko,e-mail,organizacja",
        "Imię;Nazwisko;Adres e-mail;Organizacja",
        "IMIE,NAZWISKO,EMAIL,ORGANIZACJA",
        "Nazwisko,Imię,adres email,organizacja",
        "First name,Last name,E-mail,Organisation",
        "first_name,last_name,email,organization",
    ],
)
def test_polish_and_english_headers_are_accepted_in_any_case_and_order(
    tmp_path, session, registry, header
):
    names = [cell.strip().casefold() for cell in header.replace(";", ",").split(",")]
    values = {
        "imię": "Jan",
        "imie": "Jan",
        "first name": "Jan",
        "first_name": "Jan",
        "nazwisko": "Kowalski",
        "last name": "Kowalski",
        "last_name": "Kowalski",
    }
    row = [
        values.get(name) or ("jan@example.org" if "mail" in name else "Miasto Koszalin")
        for name in names
    ]
    separator = ";" if ";" in header else ","
    path = csv_file(tmp_path, f"{header}\n{separator.join(row)}\n")

    report = attendance_import(path, session=session, user=None, commit=True)

    assert report.ok, report.errors
    attendance = Attendance.objects.select_related("person", "organisation").get()
    assert (attendance.person.first_name, attendance.person.last_name) == ("Jan", "Kowalski")
    assert attendance.person.email == "jan@example.org"
    assert attendance.organisation == registry["koszalin"]


def test_a_missing_column_is_named_in_the_interface_language(tmp_path, session):
    path = csv_file(tmp_path, "imię,nazwisko,organizacja\nJan,Kowalski,\n")
    with pytest.raises(ImportFileError) as raised:
        attendance_import(path, session=session, user=None, commit=False)
    assert "brak kolumn e-mail" in str(raised.value)


@pytest.mark.parametrize(
    ("language", "headers"),
    [
        ("pl", ["imię", "nazwisko", "e-mail", "organizacja"]),
        ("en", ["first name", "last name", "e-mail", "organisation"]),
    ],
)
def test_the_template_has_the_headers_in_the_interface_language(language, headers):
    with translation.override(language):
        content = template_workbook()
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert [cell.value for cell in sheet[1]] == headers
    assert sheet.max_row == 1


def test_a_filled_in_template_imports(tmp_path, session, registry):
    book = openpyxl.load_workbook(io.BytesIO(template_workbook()))
    book.active.append(["Anna", "Nowak", "anna@example.org", "Powiat bolesławiecki"])
    path = tmp_path / "wzor.xlsx"
    book.save(path)
    assert attendance_import(path, session=session, user=None, commit=True).ok
    assert Attendance.objects.get().organisation == registry["boleslawiecki"]


def test_the_import_page_links_to_the_template_which_downloads(admin_client, session):
    page = admin_client.get(reverse("activities:staff_import", args=[session.event.slug]))
    url = reverse("activities:staff_import_template")
    assert f'href="{url}"' in page.content.decode()
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "lista-obecnosci.xlsx" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == ["imię", "nazwisko", "e-mail", "organizacja"]


def test_only_staff_download_the_template(client):
    assert client.get(reverse("activities:staff_import_template")).status_code == 302


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        ("Urząd Miasta Koszalina", "Miasto Koszalin"),
        ("Starostwo Powiatowe w Bolesławcu", "Powiat bolesławiecki"),
        ("UM Koszalin", "Miasto Koszalin"),
    ],
)
def test_an_unknown_organisation_suggests_the_closest_in_the_registry(
    tmp_path, session, registry, typed, suggested
):
    path = csv_file(tmp_path, f"imię,nazwisko,e-mail,organizacja\nJan,K,,{typed}\n")
    report = attendance_import(path, session=session, user=None, commit=False)
    assert not report.ok
    [error] = report.errors
    assert error.suggestions[0] == suggested
    assert registry["other"].name not in error.suggestions


def test_a_name_like_nothing_in_the_registry_suggests_nothing(tmp_path, session, registry):
    path = csv_file(tmp_path, "imię,nazwisko,e-mail,organizacja\nJan,K,,Zupełnie Inna Nazwa\n")
    [error] = attendance_import(path, session=session, user=None, commit=False).errors
    assert error.suggestions == []


def test_the_suggestions_show_on_the_preview_page_and_nothing_is_written(
    admin_client, tmp_path, settings, registry
):
    settings.PRIVATE_ROOT = tmp_path
    training = event()
    url = reverse("activities:staff_import", args=[training.slug])
    upload = io.BytesIO(
        "imię,nazwisko,e-mail,organizacja\n"
        "Anna,Nowak,anna@example.org,Miasto Koszalin\n"
        "Jan,Kowalski,jan@example.org,Urząd Miasta Koszalina\n".encode()
    )
    upload.name = "lista.csv"

    response = admin_client.post(url, {"session": 1, "file": upload})

    page = response.content.decode()
    assert response.status_code == 400
    assert "Najbliższe w rejestrze:" in page and "<q>Miasto Koszalin</q>" in page
    assert "Potwierdź import" not in page
    # All or nothing: the good row waits for the bad one to be fixed.
    assert not Attendance.objects.exists()
