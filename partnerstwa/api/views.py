"""The API's pages: its documentation (made from the OpenAPI schema) and the staff pages where
tokens for integrations are created, inspected and revoked."""

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnerstwa.api import catalog, datasets, services
from partnerstwa.api.docs import operations
from partnerstwa.api.forms import TokenForm
from partnerstwa.api.http import conditional, error_response
from partnerstwa.api.models import ApiToken
from partnerstwa.lib import spreadsheets
from partnerstwa.lib.downloads import download

# Uses shown on a token's page, latest first.
USES_SHOWN = 100


def not_found(request: HttpRequest) -> JsonResponse:
    return error_response(404, _("There is no such address in the API."))


@require_GET
def documentation(request: HttpRequest) -> HttpResponse:
    return render(request, "api/docs.html", {"groups": operations()})


def staff_with(permission: str):
    def decorator(view):
        return staff_member_required(permission_required(permission, raise_exception=True)(view))

    return decorator


def _token_for(request: HttpRequest, pk: int) -> ApiToken:
    """A token the account may see: its own, or any with the change permission (others: 404)."""
    return get_object_or_404(ApiToken.objects.visible_to(request.user), pk=pk)


@staff_with("api.view_apitoken")
@require_GET
def token_list(request: HttpRequest) -> HttpResponse:
    tokens = ApiToken.objects.visible_to(request.user).select_related("created_by")
    return render(request, "api/staff/tokens.html", {"tokens": tokens})


@staff_with("api.add_apitoken")
@require_http_methods(["GET", "POST"])
def token_new(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        issued = services.token_create(
            name=form.cleaned_data["name"],
            user=request.user,
            read_personal=form.cleaned_data["read_personal"],
            write_attendance=form.cleaned_data["write_attendance"],
            event_ids=[event.pk for event in form.cleaned_data["events"]],
        )
        # Shown in this answer only (not redirected to a page that could show it again): the
        # token is kept nowhere but as its hash.
        response = render(request, "api/staff/token_created.html", {"issued": issued})
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "api/staff/token_new.html", {"form": form})


@staff_with("api.view_apitoken")
@require_GET
def token_detail(request: HttpRequest, pk: int) -> HttpResponse:
    token = _token_for(request, pk)
    return render(
        request,
        "api/staff/token.html",
        {
            "token": token,
            "events": token.events.order_by("-starts_at"),
            "uses": token.uses.all()[:USES_SHOWN],
            "use_count": token.uses.count(),
        },
    )


@staff_with("api.view_apitoken")
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = _token_for(request, pk)
    services.token_revoke(token=token)
    return redirect("api:token", pk=token.pk)


# --- Datasets (dane.gov.pl) ---------------------------------------------------------------------

DATA_SCOPES = ("registry", "partnerships", "activities", "contests", "indicators", "advocacy")


@require_GET
def catalog_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "api/catalog.html",
        {"datasets": datasets.DATASETS, "formats": datasets.FORMATS, "licence": datasets.licence()},
    )


@require_GET
@conditional(DATA_SCOPES, clock="day")
def catalog_jsonld(request: HttpRequest) -> HttpResponse:
    return JsonResponse(
        catalog.catalog(request),
        content_type="application/ld+json",
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )


@require_GET
@conditional(DATA_SCOPES, clock="day")
def dataset_file(request: HttpRequest, slug: str, file_type: str) -> HttpResponse:
    dataset = datasets.BY_SLUG.get(slug)
    if dataset is None or file_type not in datasets.FORMATS:
        raise Http404
    return download(
        spreadsheets.export(dataset.table(), file_type),
        f"{slug}.{file_type}",
        spreadsheets.CONTENT_TYPES[file_type],
    )
