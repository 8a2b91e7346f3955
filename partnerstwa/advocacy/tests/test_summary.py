import datetime
import io

from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from partnerstwa.advocacy import services
from partnerstwa.advocacy.models import BarrierStatus
from partnerstwa.advocacy.tests.factories import (
    ALL_PERMISSIONS,
    barrier,
    recommendation,
    staff_user,
)

URL = reverse("advocacy:staff_summary")


def _period(db):
    inside = barrier(title="Zgłoszona w 2016", reported_on=datetime.date(2016, 5, 1))
    barrier(title="Zgłoszona w 2014", reported_on=datetime.date(2014, 5, 1))
    services.barrier_set_status(barrier=inside, status=BarrierStatus.UNDER_ANALYSIS)
    recommendation([inside], title="Wysłana w 2016", sent_on=datetime.date(2016, 6, 1))
    return {"od": "2016-01-01", "do": "2016-12-31"}


def test_the_workbook_counts_the_periods_barriers_by_status_and_lists_its_recommendations(
    client, db
):
    period = _period(db)
    client.force_login(staff_user("biuro", *ALL_PERMISSIONS))
    response = client.get(URL, {**period, "format": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    totals, barriers, recommendations = (list(sheet.values) for sheet in book.worksheets)
    assert ("w analizie", 1) in totals and ("Wszystkie zgłoszone bariery", 1) in totals
    assert [row[0] for row in barriers[1:]] == ["Zgłoszona w 2016"]
    assert [row[0] for row in recommendations[1:]] == ["Wysłana w 2016"]
    assert recommendations[1][2] == "1 czerwca 2016"


def test_the_pdf_holds_the_same_period_in_polish(client, db):
    period = _period(db)
    client.force_login(staff_user("biuro", *ALL_PERMISSIONS))
    response = client.get(URL, {**period, "format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Zgłoszona w 2016" in text and "Zgłoszona w 2014" not in text
    assert "1 stycznia 2016" in text


def test_a_period_ending_before_it_starts_is_refused(client, db):
    client.force_login(staff_user("biuro", *ALL_PERMISSIONS))
    response = client.get(URL, {"od": "2016-12-31", "do": "2016-01-01", "format": "xlsx"})
    assert response.status_code == 400
