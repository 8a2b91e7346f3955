"""Events in a real browser: a visitor registers, checks and corrects their details on the page
behind the link mailed to them and confirms, gets the confirmation e-mail and cancels with its
link; every public events page passes an axe WCAG 2.2 AA scan."""

import datetime
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import mail
from django.test import Client
from playwright.sync_api import expect

from partnerstwa.activities.links import cancel_token, confirm_token, evaluation_token
from partnerstwa.activities.models import (
    Attendance,
    Certificate,
    Registration,
    RegistrationRequest,
)
from partnerstwa.activities.services import certificates_issue_for_event, registration_request
from partnerstwa.activities.tests.factories import event, register
from partnerstwa.portal.tests import browser

pytestmark = pytest.mark.browser


@pytest.fixture
def training(transactional_db, live_server, settings):
    settings.SITE_URL = live_server.url
    return event(title="Szkolenie z partnerstw", capacity=10, venue_name="Sala sesyjna")


def test_a_visitor_registers_gets_the_confirmation_and_cancels(page, training):
    page.goto("/wydarzenia/")
    page.click(f"a[href='/wydarzenia/{training.slug}/']")
    page.fill("#id_first_name", "Zofia")
    page.fill("#id_last_name", "Wiśniewska")
    page.fill("#id_email", "zofia@example.org")
    page.fill("#id_organisation", "Fundacja Rozwoju Lokalnego")
    page.check("#id_consent")
    page.click("form.stacked button[type=submit]")

    expect(page.locator(".messages")).to_contain_text("Wysłaliśmy")
    assert not Registration.objects.exists()  # nothing is booked until the owner confirms
    (request,) = mail.outbox
    assert request.to == ["zofia@example.org"]
    page.goto(re.search(r"http\S+/wydarzenia/potwierdzenie/\S+/", request.body).group(0))
    # The page shows what was typed, to check and correct before anything is booked.
    expect(page.locator("#id_first_name")).to_have_value("Zofia")
    expect(page.locator("#id_organisation")).to_have_value("Fundacja Rozwoju Lokalnego")
    page.fill("#id_position", "Prezeska zarządu")
    page.click("main form button[type=submit]")
    expect(page.locator(".error-summary")).to_be_visible()  # the owner's own consent is asked
    assert not Registration.objects.exists()
    page.check("#id_consent")
    page.click("main form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("potwierdzone")
    registration = Registration.objects.get()
    assert (registration.state, registration.position) == ("confirmed", "Prezeska zarządu")
    assert len(mail.outbox) == 2
    message = mail.outbox[1]
    assert message.to == ["zofia@example.org"] and "Szkolenie z partnerstw" in message.subject
    cancel_url = re.search(r"http\S+/wydarzenia/rezygnacja/\S+/", message.body).group(0)

    page.goto(cancel_url)
    page.click("main form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("anulowane")
    assert Registration.objects.get().state == "cancelled"


def public_pages(training) -> list[str]:
    registration = register(training, 1)
    Attendance.objects.create(
        session=training.sessions.get(), person=registration.person, method="check_in"
    )
    certificates_issue_for_event(event=training)
    code = Certificate.objects.get().code
    registration_request(
        event_id=training.pk,
        first_name="Jan",
        last_name="Kowalski",
        email="jan@example.org",
        consent_text="Zgoda",
    )
    today = datetime.date.today()
    return [
        f"/wydarzenia/potwierdzenie/{confirm_token(RegistrationRequest.objects.get())}/",
        "/wydarzenia/",
        "/wydarzenia/?kiedy=minione",
        f"/wydarzenia/kalendarz/{today.year}/{today.month}/",
        f"/wydarzenia/{training.slug}/",
        f"/wydarzenia/rezygnacja/{cancel_token(registration)}/",
        f"/ewaluacja/{evaluation_token(registration)}/",
        f"/certyfikaty/{code}/",
        f"/certyfikaty/{code}/?nazwisko=Anna+Nowak1",
    ]


def test_event_pages_have_no_serious_wcag_22_aa_violations(page, training):
    for path in public_pages(training):
        response = page.goto(path)
        assert response is not None and response.ok, path
        results = Axe().run(page, options=browser.AXE_OPTIONS).response
        violations = browser.serious_violations(results)
        assert not violations, f"axe found on {path}:\n{browser.describe_violations(violations)}"


def test_the_registration_form_shows_errors_a_screen_reader_reaches(page, training):
    page.goto(f"/wydarzenia/{training.slug}/")
    page.fill("#id_email", "to-nie-adres")
    page.click("form.stacked button[type=submit]")
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_have_attribute("role", "alert")
    expect(page.locator("#id_email")).to_have_attribute("aria-invalid", "true")
    assert not Registration.objects.exists()


def test_staff_check_people_in_with_one_tap_on_a_phone(
    page, browser_context, training, live_server
):
    registration = register(training, 1)
    staff = get_user_model().objects.create_user("biuro", password="x", is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_attendance", "view_registration"])
    )
    client = Client()
    client.force_login(staff)
    browser_context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.set_viewport_size(browser.PHONE)
    page.goto(f"/biuro/wydarzenia/{training.slug}/sesje/1/obecnosc/")
    row = page.locator(f"#osoba-{registration.person_id}")
    expect(row.locator("button")).to_have_attribute("aria-pressed", "false")
    url_before = page.url

    row.locator("button").click()

    expect(page.locator(f"#osoba-{registration.person_id} button")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert page.url == url_before  # htmx swapped the row; no page load
    assert Attendance.objects.filter(person=registration.person).count() == 1
