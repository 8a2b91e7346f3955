"""lib.prepared: a read compiled once answers every later call exactly as the queryset built
afresh would, refuses what it cannot answer that way, and runs its statement on every call."""

import datetime
import itertools
import threading

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from partnerstwa.lib.bulk import OneOf
from partnerstwa.lib.prepared import prepared
from partnerstwa.partnerships.models import Partnership
from partnerstwa.partnerships.tests.factories import PartnershipFactory
from partnerstwa.registry.models import Person, TerritorialUnit, UnitLevel
from partnerstwa.registry.tests.factories import gmina, powiat, voivodeship

pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    voivodeship("02", "DOLNOŚLĄSKIE")
    powiat("0201", "bolesławiecki")
    powiat("0202", "dzierżoniowski")
    gmina("0201011", "Bolesławiec")
    gmina("0202021", "Bielawa")
    TerritorialUnit.objects.filter(code="0202").update(valid_from=datetime.date(2024, 5, 1))


def units_read(level, since):
    return (
        TerritorialUnit.objects.filter(level=level, valid_from__lte=since)
        .select_related("parent")
        .order_by("code")
    )


def test_a_prepared_read_finds_what_the_queryset_finds_for_each_value(units):
    read = prepared(level=str, since=datetime.date)(units_read)
    for level, since in [
        (UnitLevel.POWIAT, datetime.date(2023, 1, 1)),
        (UnitLevel.POWIAT, datetime.date(2025, 1, 1)),
        (UnitLevel.GMINA, datetime.date(2025, 1, 1)),
        ("no such level", datetime.date(2025, 1, 1)),
    ]:
        found = list(read(level=str(level), since=since))
        expected = list(units_read(level, since))
        assert [unit.code for unit in found] == [unit.code for unit in expected]
        assert [unit.parent and unit.parent.code for unit in found] == [
            unit.parent and unit.parent.code for unit in expected
        ]


def test_a_prepared_read_is_built_twice_and_compiled_once_however_often_it_runs(units):
    builds = []

    @prepared(level=str)
    def read(level):
        builds.append(level)
        return TerritorialUnit.objects.filter(level=level).order_by("code")

    with CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            assert [unit.code for unit in read(level="gmina")] == ["0201011", "0202021"]
    assert len(builds) == 2
    # The rows are read every time: nothing but the statement is kept.
    assert len(queries.captured_queries) == 5


def test_a_list_is_one_parameter_however_long(units):
    read = prepared(codes=list[str])(
        lambda codes: (
            TerritorialUnit.objects.filter(OneOf(F("code"), codes))
            .order_by("code")
            .values_list("code", flat=True)
        )
    )
    many = ["0201", "0201011", *(f"99{index:05}" for index in range(200))]
    statements = []

    def record(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        assert list(read(codes=["0201"])) == ["0201"]
        assert list(read(codes=many)) == ["0201", "0201011"]
        assert list(read(codes=[])) == []
    assert len({sql for sql, _params in statements}) == 1
    assert [len(params) for _sql, params in statements] == [1, 1, 1]


def test_a_list_of_numbers_beyond_any_column_still_finds_the_others(units):
    read = prepared(pks=list[int])(
        lambda pks: TerritorialUnit.objects.filter(OneOf(F("pk"), pks)).values_list(
            "code", flat=True
        )
    )
    pk = TerritorialUnit.objects.get(code="02").pk
    assert list(read(pks=[pk, 10**30])) == ["02"]


def test_a_number_beyond_any_column_finds_nothing_instead_of_failing(units):
    read = prepared(pk=int)(lambda pk: TerritorialUnit.objects.filter(pk=pk))
    assert list(read(pk=10**30)) == []
    with pytest.raises(TerritorialUnit.DoesNotExist):
        read.get(pk=-(10**30))


def test_get_answers_the_one_row_or_the_models_own_errors(units):
    read = prepared(level=str)(lambda level: TerritorialUnit.objects.filter(level=level))
    assert read.get(level=UnitLevel.VOIVODESHIP).code == "02"
    with pytest.raises(TerritorialUnit.DoesNotExist):
        read.get(level="none")
    with pytest.raises(TerritorialUnit.MultipleObjectsReturned):
        read.get(level=UnitLevel.GMINA)


def test_a_moment_is_compared_as_the_queryset_compares_it():
    moments = [datetime.datetime(2026, 1, day, 12, tzinfo=datetime.UTC) for day in (1, 2, 3)]
    for number, moment in enumerate(moments):
        Person.objects.create(first_name="A", last_name=f"N{number}", created_at=moment)
    Person.objects.filter(last_name="N0").update(created_at=moments[0])
    read = prepared(since=datetime.datetime)(
        lambda since: (
            Person.objects.filter(created_at__gte=since)
            .order_by("last_name")
            .values_list("last_name", flat=True)
        )
    )
    since = moments[1].astimezone(datetime.timezone(datetime.timedelta(hours=1)))
    assert list(read(since=since)) == list(
        Person.objects.filter(created_at__gte=since)
        .order_by("last_name")
        .values_list("last_name", flat=True)
    )
    assert list(read(since=since)) == ["N1", "N2"]


def test_a_read_may_take_scores_of_values_of_each_kind():
    """Seventy moments, days and numbers: each value's stand-ins stay distinct and valid."""
    moments = [datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(hours=h)
               for h in range(70)]  # fmt: skip
    for number, moment in enumerate(moments):
        Person.objects.create(first_name="A", last_name=f"N{number:02}")
        Person.objects.filter(last_name=f"N{number:02}").update(created_at=moment)  # auto_now_add
    names = {f"at_{i}": datetime.datetime for i in range(70)}
    names |= {f"day_{i}": datetime.date for i in range(70)}
    names |= {f"key_{i}": int for i in range(70)}

    def build(**values):
        moments = [values[f"at_{i}"] for i in range(70)]
        days = [values[f"day_{i}"] for i in range(70)]
        keys = [values[f"key_{i}"] for i in range(70)]
        return (
            Person.objects.filter(created_at__in=moments)
            .exclude(created_at__date__in=days, pk__in=keys)
            .order_by("last_name")
            .values_list("last_name", flat=True)
        )

    read = prepared(**names)(build)
    values = {f"at_{i}": moment for i, moment in enumerate(moments[::2] * 2)}
    values |= {f"day_{i}": datetime.date(2020, 1, 1) for i in range(70)}
    values |= {f"key_{i}": 0 for i in range(70)}
    assert list(read(**values)) == list(build(**values))
    assert list(read(**values)) == [f"N{number:02}" for number in range(0, 70, 2)]


def test_each_language_has_its_own_statement():
    PartnershipFactory(name_pl="Ala", name_en="Zeta", slug="a")
    PartnershipFactory(name_pl="Żaba", name_en="Alpha", slug="b")
    read = prepared(slug=str)(
        lambda slug: (
            Partnership.objects.exclude(slug=slug).order_by("name").values_list("slug", flat=True)
        )
    )
    with translation.override("pl"):
        assert list(read(slug="none")) == ["a", "b"]
    with translation.override("en"):
        assert list(read(slug="none")) == ["b", "a"]


def test_a_read_that_depends_on_anything_besides_its_values_is_refused(units):
    calls = itertools.count()
    read = prepared(level=str)(
        lambda level: TerritorialUnit.objects.filter(level=level, pk__gt=next(calls))
    )
    with pytest.raises(ImproperlyConfigured, match="something besides the values"):
        list(read(level="gmina"))


def test_a_value_the_lookup_transforms_is_refused(units):
    read = prepared(name=str)(lambda name: TerritorialUnit.objects.filter(name__icontains=name))
    with pytest.raises(ImproperlyConfigured, match="transforms its value"):
        list(read(name="bol"))


def test_a_prepared_read_cannot_be_changed(units):
    read = prepared(level=str)(lambda level: TerritorialUnit.objects.filter(level=level))
    with pytest.raises(TypeError, match="cannot be changed"):
        read(level="gmina").filter(code="0201011")
    with pytest.raises(TypeError, match="cannot be changed"):
        read(level="gmina").count()
    rows = read(level="gmina")
    assert len(rows) == 2 and rows[0].level == "gmina"


def test_a_value_the_read_does_not_use_is_refused(units):
    read = prepared(level=str)(lambda level: TerritorialUnit.objects.all())
    with pytest.raises(ImproperlyConfigured, match="did not reach the SQL as given"):
        list(read(level="gmina"))


def test_a_value_of_another_type_is_refused():
    read = prepared(pk=int)(lambda pk: TerritorialUnit.objects.filter(pk=pk))
    with pytest.raises(TypeError):
        read(pk="1")
    with pytest.raises(TypeError):
        read(pk=None)
    with pytest.raises(TypeError):
        read(key=1)


@pytest.mark.django_db(transaction=True)
def test_a_read_compiled_in_one_thread_runs_on_the_connection_of_another():
    voivodeship("02", "DOLNOŚLĄSKIE")
    read = prepared(code=str)(
        lambda code: TerritorialUnit.objects.filter(code=code).values_list("name", flat=True)
    )
    assert list(read(code="02")) == ["DOLNOŚLĄSKIE"]
    found, failed = [], []

    def elsewhere():
        try:
            found.extend(read(code="02"))
        except Exception as error:  # reported below, with the thread's own message
            failed.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()
    assert failed == [] and found == ["DOLNOŚLĄSKIE"]


def test_what_a_read_depends_on_besides_its_values_keys_its_statement(units):
    excluded = ["0201"]
    read = prepared(level=str, depends_on=lambda: tuple(excluded))(
        lambda level: (
            TerritorialUnit.objects.filter(level=level)
            .exclude(code__in=excluded)
            .order_by("code")
            .values_list("code", flat=True)
        )
    )
    assert list(read(level="powiat")) == ["0202"]
    excluded[:] = ["0202"]
    assert list(read(level="powiat")) == ["0201"]
    excluded[:] = []
    assert list(read(level="powiat")) == ["0201", "0202"]


def test_a_number_beyond_its_columns_range_finds_nothing_instead_of_failing():
    from partnerstwa.registry.models import PopulationFigure

    PopulationFigure.objects.create(
        unit_code="02", year=2019, pre_working=1, working=2, post_working=3, total=6
    )
    read = prepared(year=int)(
        lambda year: PopulationFigure.objects.filter(year=year).values_list("total", flat=True)
    )
    assert list(read(year=2019)) == [6]
    assert list(read(year=40_000)) == []  # a positive small integer holds up to 32,767
    assert list(read(year=-1)) == []
