from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET

from partnerstwa.lib import spreadsheets
from partnerstwa.lib.downloads import XLSX, download
from partnerstwa.privacy.processing import ACTIVITIES
from partnerstwa.privacy.register import register_dataset


def _rights_url() -> str:
    # The rights app sits above privacy: its page is named, not imported, and may be absent.
    try:
        return reverse("rights:start")
    except NoReverseMatch:
        return ""


@require_GET
def notice(request: HttpRequest) -> HttpResponse:
    """The notice of Articles 13 and 14 GDPR, from the settings and the declared activities."""
    return render(
        request,
        "privacy/notice.html",
        {
            "controller": settings.PRIVACY_CONTROLLER,
            "controller_address": settings.PRIVACY_CONTROLLER_ADDRESS,
            "controller_email": settings.PRIVACY_CONTROLLER_EMAIL,
            "dpo_email": settings.PRIVACY_DPO_EMAIL,
            "dpo_address": settings.PRIVACY_DPO_ADDRESS,
            "activities": ACTIVITIES,
            "rights_url": _rights_url(),
        },
    )


@staff_member_required
@permission_required("rights.view_datasubjectrequest", raise_exception=True)
@require_GET
def register(request: HttpRequest) -> HttpResponse:
    return download(
        spreadsheets.xlsx_book([register_dataset()], fit_columns=True),
        "rejestr-czynnosci-przetwarzania.xlsx",
        XLSX,
    )
