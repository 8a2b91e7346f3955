"""The reporter's signed link: confirming the address puts the report in the staff's queue."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from partnerstwa.advocacy import services
from partnerstwa.advocacy.links import CONFIRM_LINK
from partnerstwa.advocacy.models import BarrierReport, ReportState
from partnerstwa.lib.tokens import LinkExpired


@require_http_methods(["GET", "POST"])
def report_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the report and a button (mail scanners open links); POST confirms."""
    try:
        report = services.report_from_token(token)
    except BarrierReport.DoesNotExist:
        raise Http404 from None
    except LinkExpired:
        return render(
            request,
            "advocacy/link_expired.html",
            {"hours": int(CONFIRM_LINK.lifetime.total_seconds() // 3600)},
            status=410,
        )
    confirmed_now = False
    if request.method == "POST":
        confirmed_now = services.report_confirm(report=report)
        report.refresh_from_db()
    return render(
        request,
        "advocacy/report_confirm.html",
        {
            "report": report,
            "confirmed_now": confirmed_now,
            "unconfirmed": report.state == ReportState.UNCONFIRMED,
        },
    )
