"""Staff pages under /biuro/newsletter/: campaigns and their progress, preview, test, schedule,
send. Campaigns are written in the CMS (/cms/, Snippets)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnerstwa.lib.forms import add_validation_error
from partnerstwa.newsletter import imports, rendering, selectors, services
from partnerstwa.newsletter.forms import ImportForm, ScheduleForm, TestSendForm
from partnerstwa.newsletter.models import Campaign, CampaignStatus, Subscriber


def staff_with(permission: str):
    def decorator(view):
        return staff_member_required(permission_required(permission, raise_exception=True)(view))

    return decorator


@staff_with("newsletter.view_campaign")
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    by_status = dict(
        Subscriber.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return render(
        request,
        "newsletter/staff/index.html",
        {"campaigns": selectors.campaigns_with_progress(), "subscribers": by_status},
    )


@staff_with("newsletter.view_campaign")
@require_http_methods(["GET", "POST"])
def campaign(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(Campaign, pk=pk)
    may_change = request.user.has_perm("newsletter.change_campaign")
    test_form = TestSendForm(request.POST if "test" in request.POST else None)
    schedule_form = ScheduleForm(request.POST if "schedule" in request.POST else None)
    if request.method == "POST":
        if not may_change:
            return HttpResponse(status=403)
        if "test" in request.POST and test_form.is_valid():
            services.campaign_send_test(
                campaign=record, addresses=test_form.cleaned_data["addresses"]
            )
            messages.success(request, _("The test is on its way in both languages."))
            return redirect(request.path)
        if "schedule" in request.POST and schedule_form.is_valid():
            try:
                services.campaign_schedule(campaign=record, at=schedule_form.cleaned_data["at"])
            except ValidationError as error:
                add_validation_error(schedule_form, error)
            else:
                messages.success(request, _("The campaign is scheduled."))
                return redirect(request.path)
        if "unschedule" in request.POST:
            services.campaign_unschedule(campaign=record)
            return redirect(request.path)
    texts = {code: rendering.render(record, code) for code in ("pl", "en")}
    return render(
        request,
        "newsletter/staff/campaign.html",
        {
            "campaign": record,
            "progress": selectors.progress(record.pk),
            "recipients": selectors.segment(record).count()
            if record.status in (CampaignStatus.DRAFT, CampaignStatus.SCHEDULED)
            else None,
            "texts": texts,
            "test_form": test_form,
            "schedule_form": schedule_form,
            "may_change": may_change,
            "may_send": may_change
            and record.status in (CampaignStatus.DRAFT, CampaignStatus.SCHEDULED),
        },
        status=400 if test_form.errors or schedule_form.errors else 200,
    )


@staff_with("newsletter.change_campaign")
@require_POST
def campaign_send(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(Campaign, pk=pk)
    if services.campaign_start(campaign=record) or record.status == CampaignStatus.SENDING:
        messages.success(request, _("Sending has started."))
    return redirect("newsletter:staff_campaign", pk=record.pk)


@staff_with("newsletter.view_campaign")
@require_GET
def campaign_preview(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    record = get_object_or_404(Campaign, pk=pk)
    if language not in ("pl", "en"):
        return HttpResponse(status=404)
    response = HttpResponse(rendering.preview_html(record, language))
    response["X-Frame-Options"] = "SAMEORIGIN"
    return response


@staff_with("newsletter.add_subscriber")
@require_http_methods(["GET", "POST"])
def subscribers_import(request: HttpRequest) -> HttpResponse:
    """All or nothing: a list with any error is refused whole, its errors named by row."""
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            form.add_error("file", _("The file is too large."))
        else:
            report = imports.subscribers_import(upload.read(), file=upload.name)
    return render(
        request,
        "newsletter/staff/import.html",
        {"form": form, "report": report},
        status=400 if form.errors or (report and not report.ok) else 200,
    )
