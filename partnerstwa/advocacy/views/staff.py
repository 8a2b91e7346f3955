"""Staff pages: staff accounts holding the permission the page needs (reports carry contact
details)."""

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from partnerstwa.advocacy import exports, pdf, selectors, services
from partnerstwa.advocacy.forms import (
    MergeForm,
    PeriodForm,
    PublishForm,
    RejectForm,
    StatusForm,
)
from partnerstwa.advocacy.models import BarrierReport, LegalBarrier, ReportState
from partnerstwa.lib import spreadsheets
from partnerstwa.lib.downloads import PDF, XLSX, download
from partnerstwa.lib.forms import add_validation_error


def staff_with(permission: str):
    def decorator(view):
        return staff_member_required(permission_required(permission, raise_exception=True)(view))

    return decorator


@staff_with("advocacy.view_barrierreport")
@require_GET
def staff_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "advocacy/staff/index.html",
        {
            "queue": selectors.review_queue(),
            "overdue": selectors.overdue_recommendations().count(),
        },
    )


@staff_with("advocacy.change_barrierreport")
@require_http_methods(["GET", "POST"])
def staff_report(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(
        BarrierReport.objects.select_related(
            "organisation", "partnership", "area", "barrier"
        ).exclude(state=ReportState.UNCONFIRMED),
        pk=pk,
    )
    publish_form = PublishForm(
        request.POST if "publish" in request.POST else None,
        initial={
            "area": report.area_id,
            "title": report.title,
            "description": report.description,
            "legal_acts": report.legal_acts,
        },
    )
    reject_form = RejectForm(request.POST if "reject" in request.POST else None)
    if request.method == "POST" and "publish" in request.POST and publish_form.is_valid():
        data = publish_form.cleaned_data
        try:
            barrier = services.report_publish(
                report=report,
                by=request.user,
                into=data["into"],
                area=data["area"],
                title=data["title"],
                description=data["description"],
                legal_acts=data["legal_acts"],
            )
        except ValidationError as error:
            add_validation_error(publish_form, error)
        else:
            messages.success(request, _("The barrier is published; the sender will be told."))
            return redirect("advocacy:staff_barrier", pk=barrier.pk)
    if request.method == "POST" and "reject" in request.POST and reject_form.is_valid():
        try:
            services.report_reject(
                report=report, by=request.user, reason=reject_form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_validation_error(reject_form, error)
        else:
            messages.success(request, _("The report is rejected; the sender will be told."))
            return redirect("advocacy:staff_index")
    return render(
        request,
        "advocacy/staff/report.html",
        {
            "report": report,
            "publish_form": publish_form,
            "reject_form": reject_form,
            "reviewable": report.state == ReportState.PENDING,
        },
        status=400 if publish_form.errors or reject_form.errors else 200,
    )


@staff_with("advocacy.change_legalbarrier")
@require_http_methods(["GET", "POST"])
def staff_barrier(request: HttpRequest, pk: int) -> HttpResponse:
    barrier = get_object_or_404(LegalBarrier.objects.select_related("area", "merged_into"), pk=pk)
    form = StatusForm(request.POST or None, initial={"status": barrier.status})
    if request.method == "POST" and form.is_valid():
        try:
            services.barrier_set_status(
                barrier=barrier,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Status changed."))
            return redirect("advocacy:staff_barrier", pk=barrier.pk)
    return render(
        request,
        "advocacy/staff/barrier.html",
        {
            "barrier": barrier,
            "form": form,
            "history": selectors.barrier_history(barrier),
            "recommendations": barrier.recommendations.select_related("addressee"),
        },
        status=400 if form.errors else 200,
    )


@staff_with("advocacy.change_legalbarrier")
@require_http_methods(["GET", "POST"])
def staff_merge(request: HttpRequest) -> HttpResponse:
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            kept = services.barrier_merge(
                keep=form.cleaned_data["keep"],
                duplicate=form.cleaned_data["duplicate"],
                by=request.user,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The barriers are merged."))
            return redirect("advocacy:staff_barrier", pk=kept.pk)
    return render(
        request, "advocacy/staff/merge.html", {"form": form}, status=400 if form.errors else 200
    )


@staff_with("advocacy.view_recommendation")
@require_GET
def staff_overdue(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "advocacy/staff/overdue.html",
        {"recommendations": selectors.overdue_recommendations(today), "today": today},
    )


@staff_with("advocacy.view_legalbarrier")
@require_GET
def staff_summary(request: HttpRequest) -> HttpResponse:
    """The goal-2 report for a period: on the page, as XLSX (?format=xlsx) or PDF (?format=pdf)."""
    today = timezone.localdate()
    form = PeriodForm(request.GET or {"od": today.replace(month=1, day=1), "do": today})
    if not form.is_valid():
        return render(request, "advocacy/staff/summary.html", {"form": form}, status=400)
    first, last = form.cleaned_data["od"], form.cleaned_data["do"]
    summary = selectors.summary(first, last)
    name = f"bariery-{first.isoformat()}-{last.isoformat()}"
    if request.GET.get("format") == "xlsx":
        book = spreadsheets.xlsx_book(exports.summary_datasets(summary), fit_columns=True)
        return download(book, f"{name}.xlsx", XLSX)
    if request.GET.get("format") == "pdf":
        return download(pdf.summary_pdf(summary), f"{name}.pdf", PDF)
    return render(
        request,
        "advocacy/staff/summary.html",
        {"form": form, "summary": summary, "datasets": exports.summary_datasets(summary)},
    )
