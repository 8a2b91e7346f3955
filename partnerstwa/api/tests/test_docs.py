import re

import pytest

from partnerstwa.api.api import api

pytestmark = pytest.mark.django_db


def test_the_schema_is_openapi_3_and_names_every_operation(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["version"] == "1"
    assert "/api/v1/partnerships/{id}" in schema["paths"]


def test_the_documentation_page_lists_every_operation_without_scripts(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    for path, methods in schema["paths"].items():
        for method in methods:
            assert f"{method.upper()} {path}" in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_the_apis_own_address_leads_to_its_documentation(client):
    response = client.get("/api/v1/")
    assert response.status_code == 302 and response["Location"] == "/api/v1/docs/"
