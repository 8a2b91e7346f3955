import pytest

from partnerstwa.portal.tests.browser import load_sample_registry


@pytest.fixture
def registry(transactional_db, tmp_path):
    """A small register (one voivodeship, one powiat, two gminas), a city in ZMP, the demo."""
    return load_sample_registry(tmp_path)
