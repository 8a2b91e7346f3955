import pytest
from django.conf import settings
from django.core.cache import caches


@pytest.fixture(autouse=True)
def _rate_counters_start_at_zero():
    # The API's rate counters live in a cache of the process: one test's requests must not count
    # against the next test's client.
    caches[settings.API_RATE_CACHE].clear()
    yield
    caches[settings.API_RATE_CACHE].clear()
