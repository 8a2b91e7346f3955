import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # Real hashing is deliberately slow; tests need only that passwords round-trip.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
