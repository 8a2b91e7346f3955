"""The library in Wagtail: document categories as snippets, the file view's guard and counter,
and the staff report of documents whose text could not be read."""

import django_filters
from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.documents import get_document_model
from wagtail.permissions import policy_registry
from wagtail.snippets.models import register_snippet

from partnerstwa.library import selectors, services
from partnerstwa.library.models import (
    DocumentCategory,
    DocumentNotice,
    Extraction,
    LibraryDocument,
)

register_snippet(DocumentCategory)
register_snippet(DocumentNotice)


@hooks.register("before_serve_document")
def guard_and_count(document, request):
    """A staff-only file does not exist for anyone else (404, as on the listing and its page);
    every file served is counted."""
    if not document.is_public and not selectors.sees_staff_only(request.user):
        raise Http404
    services.document_count_download(document)


class DocumentTextFilterSet(WagtailFilterSet):
    extraction_status = django_filters.ChoiceFilter(
        label=_("text extraction"), choices=Extraction.choices
    )

    class Meta:
        model = LibraryDocument
        fields = ["extraction_status", "is_public"]


class DocumentTextReport(ReportView):
    """Documents and the state of the text read from their files: a failed one is found by its
    title only, until staff replace its file."""

    page_title = _("Documents' text")
    header_icon = "doc-full"
    index_url_name = "library_text_report"
    index_results_url_name = "library_text_report_results"
    filterset_class = DocumentTextFilterSet
    any_permission_required = ["add", "change"]
    columns = [
        TitleColumn("title", label=_("title"), url_name="wagtaildocs:edit"),
        Column(
            "extraction_status",
            label=_("text extraction"),
            accessor="get_extraction_status_display",
        ),
        Column("is_public", label=_("public")),
        Column("download_count", label=_("downloads")),
        Column("created_at", label=_("created at")),
    ]
    list_export = ["title", "extraction_status", "is_public", "download_count", "created_at"]

    @property
    def permission_policy(self):
        return policy_registry.get_by_type(get_document_model())

    def get_queryset(self):
        return get_document_model().objects.order_by("-created_at")


@hooks.register("register_admin_urls")
def report_urls():
    return [
        path("reports/dokumenty-tekst/", DocumentTextReport.as_view(), name="library_text_report"),
        path(
            "reports/dokumenty-tekst/results/",
            DocumentTextReport.as_view(results_only=True),
            name="library_text_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def report_menu_item():
    return MenuItem(
        _("Documents' text"), reverse("library_text_report"), icon_name="doc-full", order=1000
    )
