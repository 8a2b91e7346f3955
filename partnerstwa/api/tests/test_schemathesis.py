"""The API against its own contract, in-process (schemathesis through WSGI): every operation,
a few generated requests each, no server error and every answer as the schema says. CI runs the
longer fuzzing against the demo (.ci/schemathesis)."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from partnerstwa.api.api import api
from partnerstwa.api.tests.factories import world

CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.response_headers_conformance,
]

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
schema.app = get_wsgi_application()
# A NUL character is refused before any view, by the site's middleware (400, plain text).
schema.config.generation.update(allow_x00=False)


@pytest.fixture
def seeded(db, settings):
    settings.API_RATE = "100000/m"
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    # As Django's test client does: the request's end must not close the test's connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield world()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_as_its_schema_says(case, seeded):
    case.call_and_validate(checks=CHECKS)
