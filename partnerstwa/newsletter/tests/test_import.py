"""Staff import of subscribers: the consent basis per row, all or nothing, through lib.tabular."""

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from partnerstwa.advocacy.tests.factories import staff_user
from partnerstwa.newsletter import imports, services
from partnerstwa.newsletter.models import (
    ConsentMethod,
    ConsentRecord,
    Subscriber,
    SubscriberStatus,
)
from partnerstwa.newsletter.tests.factories import SubscriberFactory

GOOD = (
    "email;consent_basis;language;topics;consent_date\n"
    "anna@example.org;lista obecności, konferencja 3 marca 2016;pl;events;2016-03-03\n"
    "john@example.org;sign-up sheet at a study visit;en;contest, programme-news;\n"
)


def test_a_clean_list_subscribes_everyone_with_the_basis_of_their_row(db):
    report = imports.subscribers_import(GOOD.encode(), file="lista.csv")
    assert report.ok and report.imported == 2
    anna = Subscriber.objects.get(email="anna@example.org")
    assert anna.status == SubscriberStatus.CONFIRMED
    assert [t.slug for t in anna.topics.all()] == ["events"]
    consent = ConsentRecord.objects.get(subscriber=anna)
    assert consent.method == ConsentMethod.IMPORT
    assert consent.basis == "lista obecności, konferencja 3 marca 2016"
    assert consent.given_at.date().isoformat() == "2016-03-03"
    john = Subscriber.objects.get(email="john@example.org")
    assert john.language == "en"
    assert sorted(t.slug for t in john.topics.all()) == ["contest", "programme-news"]


def test_one_bad_row_refuses_the_whole_list_and_names_the_row_and_column(db):
    text = GOOD + "bad-address;basis;pl;;\nmaria@example.org;;pl;;\nanna@example.org;x;pl;;\n"
    with translation.override("en"):
        report = imports.subscribers_import(text.encode(), file="lista.csv")
    assert not report.ok and report.imported == 0
    assert len(report.errors) == 3
    assert "row 4" in report.errors[0] and "email" in report.errors[0]
    assert "row 5" in report.errors[1] and "consent_basis" in report.errors[1]
    assert "row 6" in report.errors[2] and "row 2" in report.errors[2]  # repeats row 2
    assert not Subscriber.objects.exists() and not ConsentRecord.objects.exists()


def test_a_list_without_the_basis_column_is_refused(db):
    with translation.override("en"):
        report = imports.subscribers_import(b"email\nanna@example.org\n", file="lista.csv")
    assert not report.ok and "consent_basis" in report.errors[0]
    assert not Subscriber.objects.exists()


def test_suppressed_unsubscribed_and_subscribed_addresses_are_not_imported(db):
    services.address_suppress(address="anna@example.org", reason="complaint")
    left = SubscriberFactory(email="john@example.org")
    services.unsubscribe(subscriber=left)
    report = imports.subscribers_import(GOOD.encode(), file="lista.csv")
    assert report.ok and report.imported == 0 and len(report.skipped) == 2
    left.refresh_from_db()
    assert left.status == SubscriberStatus.UNSUBSCRIBED
    assert not Subscriber.objects.filter(email="anna@example.org").exists()


def test_a_workbook_is_read_too_and_a_broken_file_is_refused_with_a_message(client, db):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["E-mail", "Podstawa zgody", "Język"])
    sheet.append(["ewa@example.org", "formularz papierowy, szkolenie", "pl"])
    data = io.BytesIO()
    book.save(data)
    client.force_login(staff_user("biuro", "newsletter.add_subscriber"))
    url = reverse("newsletter:staff_import")
    response = client.post(url, {"file": SimpleUploadedFile("lista.xlsx", data.getvalue())})
    assert response.status_code == 200 and response.context["report"].imported == 1
    assert Subscriber.objects.filter(email="ewa@example.org").exists()
    response = client.post(url, {"file": SimpleUploadedFile("zla.xlsx", b"PK\x03\x04broken")})
    assert response.status_code == 400 and "zla.xlsx" in response.context["report"].errors[0]
    assert Subscriber.objects.count() == 1


def test_the_import_page_is_for_staff_who_may_add_subscribers(client, db):
    url = reverse("newsletter:staff_import")
    assert client.get(url).status_code == 302
    client.force_login(staff_user("biuro"))
    assert client.get(url).status_code == 403
