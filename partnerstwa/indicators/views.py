from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from partnerstwa.indicators.template import template_workbook


@require_GET
def package_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        template_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="pakiet-programu-wzor.xlsx"'
    return response
