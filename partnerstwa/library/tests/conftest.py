import pytest


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    # Library files go under PRIVATE_ROOT: each test gets its own.
    settings.PRIVATE_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
