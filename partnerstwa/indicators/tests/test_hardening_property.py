"""Issue 9's acceptance property for the indicators' public pages: whatever a visitor puts in the
as-of picker or the query string of the dashboard, a figure's records page or the open-data
endpoint, the answer is never a 500 and nothing is written."""

import pytest
from django.db import connection
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from partnerstwa.indicators.computation import INDICATORS
from partnerstwa.lib.tests.hostile import FAST
from partnerstwa.partnerships.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


DAYS = st.one_of(
    st.text(max_size=20),
    st.dates().map(str),
    st.sampled_from(["0001-01-01", "9999-12-31", "2016-02-30", "2016-10-31", "١٩٩٠-٠١-٠١", ""]),
)
PATHS = st.sampled_from(
    ["/wskazniki/", "/wskazniki.json"]
    + [f"/wskazniki/{indicator.code}/" for indicator in INDICATORS]
    + ["/wskazniki/nie-ma-takiego/"]
)


def _row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            if not table.startswith(("django_", "auth_")):
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
                counts[table] = cursor.fetchone()[0]
        return counts


@pytest.fixture
def programme():
    PartnershipFactory(name="Jedno", slug="jedno")


@FAST
@given(path=PATHS, day=DAYS, start=DAYS, other=st.text(max_size=10))
def test_any_as_of_day_or_query_on_the_indicator_pages_answers_without_an_error(
    programme, path, day, start, other
):
    before = _row_counts()
    response = Client().get(path, {"na_dzien": day, "od": start, "strona": other})
    if "\x00" in day + start + other:
        assert response.status_code == 400  # the NUL guard answers before any view
    else:
        assert response.status_code in (200, 404)
    assert _row_counts() == before
