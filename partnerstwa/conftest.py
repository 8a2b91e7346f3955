import pytest

# Browser fixtures (chromium, browser_context, page) for every app's browser tests.
from partnerstwa.portal.tests.browser import (  # noqa: F401
    browser_context_fixture,
    chromium_fixture,
    page_fixture,
)


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # Real hashing is deliberately slow; tests need only that passwords round-trip.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
