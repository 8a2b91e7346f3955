"""Pages anyone may open: published barriers, their feed and the form to report one."""

from django.conf import settings
from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.decorators import ratelimit

from partnerstwa.advocacy import selectors, services
from partnerstwa.advocacy.forms import FilterForm, ReportForm
from partnerstwa.advocacy.links import CONFIRM_LINK
from partnerstwa.advocacy.models import BarrierStatus, LegalBarrier, StatusChange
from partnerstwa.lib import freshness
from partnerstwa.lib.forms import add_validation_error, filtering

PAGE_SIZE = 20
SENT_PARAMETER = "wyslano"
SENT = gettext_lazy(
    "Thank you. We have sent a message to the address you gave: confirm your report with the "
    "link in it. Staff read the report only after you confirm, and publish it after review. We "
    "send at most one such message an hour to an address, so if it has not arrived, check your "
    "spam folder first."
)


@require_GET
def barrier_list(request: HttpRequest) -> HttpResponse:
    area = status = ""
    if filtering(request, FilterForm):
        form, blank_filters = FilterForm(request.GET), None
        if form.is_valid():
            area, status = form.cleaned_data["obszar"], form.cleaned_data["status"]
    else:
        form, blank_filters = None, _blank_filters()
    page = Paginator(selectors.public_barriers(area=area, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    counts = selectors.status_counts()
    return render(
        request,
        "advocacy/list.html",
        {
            "form": form,
            "blank_filters": blank_filters,
            "page": page,
            "statuses": [(choice, counts.get(choice.value, 0)) for choice in BarrierStatus],
        },
    )


@freshness.kept("advocacy", key=get_language)
def _blank_filters() -> str:
    """The filter form with nothing chosen, as most visitors get it: made once per change of
    the areas in use and per language, not per page."""
    return render_to_string(
        "portal/_filters.html",
        {
            "form": FilterForm(None),
            "filter_label": _("Filter barriers"),
            "clear_url": reverse("advocacy:list"),
        },
    )


@require_GET
def barrier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        barrier = selectors.barrier_public(pk)
    except LegalBarrier.DoesNotExist:
        raise Http404 from None
    if barrier.merged_into_id is not None:
        # A duplicate's address leads to the barrier it was merged into.
        return redirect(barrier.merged_into, permanent=True)
    return render(
        request,
        "advocacy/detail.html",
        {
            "barrier": barrier,
            "history": selectors.barrier_history(barrier),
            "recommendations": barrier.sent_recommendations,
        },
    )


@ratelimit(
    key="ip", rate=lambda group, request: settings.REGISTRATION_RATE, method="POST", block=True
)
@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest) -> HttpResponse:
    form = ReportForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.report_submit(
                title=data["title"],
                description=data["description"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                organisation=data["organisation"],
                partnership=data["partnership"],
                area=data["area"],
                legal_acts=data["legal_acts"],
                language=data["language"],
                consent_text=str(form.fields["consent"].help_text),
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            # The same answer whether or not the address is known or was mailed lately: nobody
            # learns from this page who has written to us.
            messages.success(request, SENT)
            return redirect(reverse("advocacy:report") + f"?{SENT_PARAMETER}=1")
    return render(
        request,
        "advocacy/report_form.html",
        {
            "form": form,
            "sent": request.GET.get(SENT_PARAMETER) == "1",
            "confirm_hours": int(CONFIRM_LINK.lifetime.total_seconds() // 3600),
        },
        status=400 if form.errors else 200,
    )


class ChangesFeed(Feed):
    """Atom: each step of a published barrier, newest first."""

    feed_type = Atom1Feed

    def title(self) -> str:
        return _("Legal barriers: status changes")

    def link(self) -> str:
        return reverse("advocacy:list")

    def subtitle(self) -> str:
        return _("Each step of the legal barriers local governments reported to the programme.")

    def items(self) -> list[StatusChange]:
        return selectors.public_changes()

    def item_title(self, item: StatusChange) -> str:
        return f"{item.barrier.title}: {item.get_to_status_display()}"

    def item_description(self, item: StatusChange) -> str:
        return item.reason

    def item_link(self, item: StatusChange) -> str:
        return item.barrier.get_absolute_url() + f"#zmiana-{item.pk}"

    def item_pubdate(self, item: StatusChange):
        return item.changed_at

    def item_updateddate(self, item: StatusChange):
        return item.changed_at


@require_GET
def changes_feed(request: HttpRequest) -> HttpResponse:
    return ChangesFeed()(request)
