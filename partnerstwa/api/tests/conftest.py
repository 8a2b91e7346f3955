import pytest
from django.conf import settings
from django.core.cache import caches


@pytest.fixture(autouse=True)
def _rate_counters_and_kept_answers_start_empty():
    # The API's rate counters and kept answers live in caches of the process: one test's requests
    # must neither count against the next test's client nor answer it.
    caches[settings.API_RATE_CACHE].clear()
    caches[settings.API_KEEP_CACHE].clear()
    yield
    caches[settings.API_RATE_CACHE].clear()
    caches[settings.API_KEEP_CACHE].clear()
