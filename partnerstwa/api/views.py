from django.http import HttpRequest, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from partnerstwa.api.http import error_response


def not_found(request: HttpRequest) -> JsonResponse:
    return error_response(404, _("There is no such address in the API."))


@require_GET
def documentation(request: HttpRequest):
    return render(request, "api/docs.html", {})
