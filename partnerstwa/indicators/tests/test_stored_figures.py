"""The figures are computed once after the records they are computed from change, stored, and
read back by the dashboard, the records pages, the open data, the reports and the home page
until the next change: a change of each kind of source record makes them computed afresh."""

import datetime
import json
from decimal import Decimal
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerstwa.activities.models import Attendance, Event
from partnerstwa.contests.models import ContestEdition
from partnerstwa.indicators import computation, selectors, snapshots
from partnerstwa.indicators.computation import CODES, calculate, compute
from partnerstwa.indicators.reports import report_lines
from partnerstwa.indicators.tests.conftest import build_programme, event
from partnerstwa.lib import figures, freshness
from partnerstwa.lib.models import StoredFigures
from partnerstwa.partnerships.models import Partnership, PartnershipMember
from partnerstwa.registry.models import Association, Organisation
from partnerstwa.registry.services import membership_create
from partnerstwa.registry.tests.factories import PersonFactory, gmina

D = datetime.date
AS_OF = D(2016, 10, 31)
pytestmark = pytest.mark.django_db
# The records the figures are computed from: a request that reads stored figures reads none.
SOURCE_TABLES = (
    "partnerships_partnershipmember",
    "activities_attendance",
    "activities_event",
    "registry_associationmembership",
    "contests_contestedition",
)


@pytest.fixture
def committed(db, commit):
    """The programme of conftest.py written as a committed transaction (its apps' versions
    bumped), versions read afresh on every call; returns a function that commits a change."""
    commit(build_programme)
    return commit


@pytest.fixture
def calculations():
    """How many times the figures were computed from the records."""
    calls = []

    def counting(day, association):
        calls.append((day, association))
        return calculate(day, association)

    with mock.patch.object(computation, "calculate", counting):
        yield calls


def _source_queries(queries) -> list[str]:
    """The queries that count or sum source records (the figures' computation)."""
    return [
        q["sql"]
        for q in queries
        if any(table in q["sql"] for table in SOURCE_TABLES)
        and ("COUNT(" in q["sql"] or "SUM(" in q["sql"])
    ]


def test_the_figures_are_computed_once_and_a_second_call_reads_them_back(committed, calculations):
    first = compute(AS_OF, "ZMP")
    second = compute(AS_OF, "ZMP")
    assert calculations == [(AS_OF, "ZMP")]
    assert first == second == calculate(AS_OF, "ZMP")


def test_a_second_dashboard_request_counts_no_source_record(committed, client, calculations):
    assert client.get("/wskazniki/?na_dzien=2016-10-31").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/wskazniki/?na_dzien=2016-10-31")
    assert response.status_code == 200
    assert _source_queries(queries.captured_queries) == []
    assert calculations == [(AS_OF, "ZMP")]


def test_every_read_the_pages_make_counts_no_source_record_the_second_time(committed):
    def reads():
        return [
            compute(AS_OF, "ZMP"),
            selectors.over_the_years(2012, AS_OF, "ZMP"),
            selectors.by_voivodeship(AS_OF),
            selectors.by_kind(AS_OF),
            selectors.includes_illustrative(AS_OF, "ZMP"),
            selectors.illustrative_by_indicator(AS_OF, "ZMP"),
            [
                (kind, [row.pk for row in rows], total)
                for kind, rows, total in (
                    selectors.records_shown(code, AS_OF, "ZMP") for code in CODES
                )
            ],
        ]

    first = reads()
    with CaptureQueriesContext(connection) as queries:
        second = reads()
    assert second == first
    assert _source_queries(queries.captured_queries) == []


@pytest.mark.parametrize("url", ["/wskazniki.json?na_dzien=2016-10-31", "/wskazniki/trainings/"])
def test_a_second_request_of_the_open_data_or_a_records_page_counts_no_source_record(
    committed, client, url
):
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert first.status_code == second.status_code == 200
    if first.context:  # the records page (its form's token differs between responses)
        assert first.context["rows"] == second.context["rows"] and first.context["total"] == 2
    else:
        assert first.content == second.content
    assert _source_queries(queries.captured_queries) == []
    # The records page reads its shown events by primary key, no attendance of theirs.
    assert not [q for q in queries.captured_queries if 'attendance"."session_id' in q["sql"]]


def test_the_home_page_figures_are_the_stored_ones(committed, calculations):
    from partnerstwa.content.selectors import results

    first = results(as_of=AS_OF)
    second = results(as_of=AS_OF)
    assert calculations == [(AS_OF, "ZMP")]
    assert [f.value for f in first.figures] == [f.value for f in second.figures]
    assert first.projects_value_pln == Decimal("1100.00")


def test_the_report_command_and_the_report_read_the_stored_figures(committed, calculations):
    out = StringIO()
    call_command("programme_report", "--as-of", "2016-10-31", "--format", "json", stdout=out)
    lines = report_lines(AS_OF, "ZMP", None)
    assert calculations == [(AS_OF, "ZMP")]
    assert json.loads(out.getvalue())["partnerships"] == 2
    assert {line.code: line.value for line in lines} == calculate(AS_OF, "ZMP")


def _add_member(commit):
    late_city = Organisation.objects.get(territorial_unit__code="0261011")
    commit(
        lambda: PartnershipMember.objects.create(
            partnership=Partnership.objects.get(name="Drugie"),
            organisation=late_city,
            role="member",
            joined_on=D(2016, 1, 1),
        )
    )
    return "entities", 6  # Jelenia Góra counts from 2016 through "Drugie"


def _add_association_membership(commit):
    town = Organisation.objects.get(territorial_unit__code="0201043")
    zmp = Association.objects.get(code="ZMP")
    commit(lambda: membership_create(association=zmp, organisation=town, joined_on=D(2016, 1, 1)))
    return "member_cities", 2


def _add_event(commit):
    commit(lambda: event("training", D(2016, 3, 1)))
    return "trainings", 2


def _add_attendance(commit):
    def write():
        session = Event.objects.get(kind="study_visit").sessions.get()
        Attendance.objects.create(
            session=session, person=PersonFactory(email="nowa@example.org"), method="import"
        )

    commit(write)
    return "study_visit_participants", 2


def _add_contest_edition(commit):
    commit(
        lambda: ContestEdition.objects.create(
            name="2016", slug="e2016", year=2016, decided_on=D(2016, 6, 2)
        )
    )
    return "contest_editions", 2


def _change_an_organisation(commit):
    # A registry record alone: the rural gmina's unit corrected to an urban one, a city.
    commit(
        lambda: Organisation.objects.filter(territorial_unit__code="0201022").update(
            territorial_unit=gmina("0202011", "Bielawa")
        )
    )
    return "cities", 3


@pytest.mark.parametrize(
    "change",
    [
        _add_member,
        _add_association_membership,
        _add_event,
        _add_attendance,
        _add_contest_edition,
        _change_an_organisation,
    ],
)
def test_the_figures_are_computed_afresh_after_a_change_to_a_source_record(committed, change):
    before = compute(AS_OF, "ZMP")
    code, expected = change(committed)
    after = compute(AS_OF, "ZMP")
    assert after[code] == expected
    assert after == calculate(AS_OF, "ZMP")
    assert after != before


def test_the_stored_figures_equal_a_fresh_computation_on_every_day(committed):
    for day in (D(2012, 12, 31), D(2014, 6, 2), AS_OF, D(2017, 12, 31)):
        compute(day, "ZMP")
        assert compute(day, "ZMP") == calculate(day, "ZMP")


def test_the_stored_dashboard_figures_equal_fresh_ones(committed):
    computed = [
        selectors.over_the_years(2012, AS_OF, "ZMP"),
        selectors.by_voivodeship(AS_OF),
        selectors.by_kind(AS_OF),
    ]
    stored = [
        selectors.over_the_years(2012, AS_OF, "ZMP"),
        selectors.by_voivodeship(AS_OF),
        selectors.by_kind(AS_OF),
    ]
    assert StoredFigures.objects.count() == 3
    assert stored == computed
    assert selectors.by_kind(AS_OF) == [
        {"kind": kind["kind"], "label": kind["label"], "count": kind["count"]}
        for kind in computed[2]
    ]


def test_a_made_up_record_is_marked_from_the_stored_figures(committed, client):
    def data():
        return json.loads(client.get("/wskazniki.json?na_dzien=2016-10-31").content)

    assert data()["includes_illustrative"] is False
    assert not any(line.includes_illustrative for line in report_lines(AS_OF, "ZMP", None))
    committed(lambda: Partnership.objects.filter(name="Drugie").update(is_illustrative=True))
    assert data()["includes_illustrative"] is True
    marked = {line.code for line in report_lines(AS_OF, "ZMP", None) if line.includes_illustrative}
    assert {"partnerships", "projects_value_pln"} <= marked and "trainings" not in marked
    page = client.get("/wskazniki/partnerships/?na_dzien=2016-10-31")
    assert {row.name: row.is_illustrative for row in page.context["rows"]} == {
        "Drugie": True,
        "Pierwsze": False,
    }
    assert page.content.decode().count("tag-illustrative") == 1


def test_concurrent_first_requests_store_the_figures_once():
    figures.store("figures test", "1-1-1-1", {"a": 1})
    figures.store("figures test", "1-1-1-1", {"a": 1})  # the second one lost the race
    assert StoredFigures.objects.filter(name="figures test").count() == 1


def test_figures_of_older_data_are_deleted_when_their_newer_ones_are_stored(committed):
    compute(AS_OF, "ZMP")
    compute(D(2015, 1, 1), "ZMP")
    old = set(StoredFigures.objects.values_list("fingerprint", flat=True))
    assert len(old) == 1
    _add_event(committed)
    compute(AS_OF, "ZMP")
    kept = dict(StoredFigures.objects.values_list("name", "fingerprint"))
    # The day computed afresh replaced its own; the other day's stay as its previous figures.
    assert kept[f"figures {AS_OF.isoformat()} ZMP"] not in old
    assert kept["figures 2015-01-01 ZMP"] in old
    assert StoredFigures.objects.count() == 2


def test_requests_arriving_while_another_computes_get_the_previous_figures(committed, calculations):
    before = compute(AS_OF, "ZMP")
    _add_event(committed)
    name = f"figures {AS_OF.isoformat()} ZMP"
    # Another request (or machine) has claimed the computation of the changed data.
    assert figures._claim(name, freshness.fingerprint(snapshots.SCOPES))
    assert compute(AS_OF, "ZMP") == before
    assert calculations == [(AS_OF, "ZMP")]
    assert StoredFigures.objects.filter(name=name).count() == 1


def test_the_first_request_after_a_change_computes_and_the_next_reads_the_new_figures(
    committed, calculations
):
    compute(AS_OF, "ZMP")
    _add_event(committed)
    after = compute(AS_OF, "ZMP")
    assert after["trainings"] == 2
    assert compute(AS_OF, "ZMP") == after
    assert calculations == [(AS_OF, "ZMP"), (AS_OF, "ZMP")]


def test_a_request_with_no_previous_figures_computes_even_while_another_does(
    committed, calculations
):
    name = f"figures {AS_OF.isoformat()} ZMP"
    assert figures._claim(name, freshness.fingerprint(snapshots.SCOPES))
    assert compute(AS_OF, "ZMP") == calculate(AS_OF, "ZMP")
    assert calculations == [(AS_OF, "ZMP")]


def test_no_more_than_keep_results_are_kept(committed, monkeypatch):
    monkeypatch.setattr(figures, "KEEP", 3)
    for month in range(1, 7):
        compute(D(2016, month, 1), "ZMP")
    assert StoredFigures.objects.count() == 3
    assert compute(D(2016, 6, 1), "ZMP") == calculate(D(2016, 6, 1), "ZMP")


def test_figures_computed_inside_a_transaction_that_wrote_are_its_own_and_not_stored(committed):
    compute(AS_OF, "ZMP")
    event("training", D(2016, 3, 1))  # not committed: its version is not bumped yet
    assert compute(AS_OF, "ZMP")["trainings"] == 2
    assert StoredFigures.objects.count() == 1


def test_every_indicator_is_stored(committed):
    compute(AS_OF, "ZMP")
    # Every code, whatever order the database keeps a JSON object's keys in (PostgreSQL's jsonb
    # sorts them); compute() rebuilds them in the indicators' order.
    assert sorted(StoredFigures.objects.get().data) == sorted(CODES)
    assert list(compute(AS_OF, "ZMP")) == CODES
