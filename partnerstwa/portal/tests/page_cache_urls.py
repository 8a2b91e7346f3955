"""A page using a CSP nonce, for the page cache's tests (no public page uses one yet)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

CALLS: list[int] = []


def nonce_page(request: HttpRequest) -> HttpResponse:
    CALLS.append(1)
    return HttpResponse(
        f'<script nonce="{request.csp_nonce}">1</script>', headers={"Content-Language": "pl"}
    )


urlpatterns = [path("z-nonce/", nonce_page, name="nonce_page")]
