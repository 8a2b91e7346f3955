from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from partnerstwa.lib import freshness
from partnerstwa.lib.forms import filtering
from partnerstwa.library import selectors
from partnerstwa.library.forms import DocumentFilterForm, SearchForm
from partnerstwa.library.models import DocumentNotice, LibraryDocument

PAGE_SIZE = 20


@require_GET
def document_list(request: HttpRequest) -> HttpResponse:
    if filtering(request, DocumentFilterForm) or selectors.sees_staff_only(request.user):
        form = DocumentFilterForm(request.GET, years=selectors.document_years(request.user))
        filters, blank_filters = (form.cleaned_data if form.is_valid() else {}), None
    else:  # the public documents' form with nothing chosen, as most visitors get it
        form, filters, blank_filters = None, {}, _blank_filters()
    category = filters.get("category")
    documents = selectors.document_listing(
        request.user, category=category.slug if category else "", year=filters.get("year")
    )
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    notices = selectors.notice_listing(
        category=category.slug if category else "", year=filters.get("year")
    )
    context = {"form": form, "blank_filters": blank_filters, "page": page, "notices": notices}
    return render(request, "library/document_list.html", context)


@freshness.kept("library", key=get_language)
def _blank_filters() -> str:
    """The filter form with nothing chosen over the public documents: made once per change of
    the library (its categories and years) and per language, not per page."""
    return render_to_string(
        "portal/_filters.html",
        {
            "form": DocumentFilterForm(None, years=selectors.document_years(None)),
            "filter_label": _("Filter documents"),
            "clear_url": reverse("library:list"),
        },
    )


@require_GET
def document_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    try:
        document = selectors.document_for(request.user, pk)
    except LibraryDocument.DoesNotExist:
        raise Http404 from None
    if slug != document.slug:
        return redirect("library:detail", pk, document.slug, permanent=True)
    return render(request, "library/document_detail.html", {"document": document})


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    text = form.cleaned_data["q"].strip() if form.is_valid() else ""
    results = selectors.search(request.user, text) if text else selectors.Results([])
    page = Paginator(results.hits, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_passages(list(page.object_list), text)
    return render(
        request,
        "library/search.html",
        {"form": form, "query": text, "page": page, "incomplete": results.incomplete},
    )


@require_GET
def notice_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    notice = get_object_or_404(DocumentNotice.objects.select_related("category"), pk=pk)
    if slug != notice.slug:
        return redirect("library:notice", pk, notice.slug, permanent=True)
    return render(request, "library/notice_detail.html", {"notice": notice})
