from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from partnerstwa.registry.models import PopulationFigure, TerritorialUnit
from partnerstwa.registry.population import PopulationFormatError
from partnerstwa.registry.services import population_import, teryt_import
from partnerstwa.registry.tests.factories import gmina
from partnerstwa.registry.tests.files import row, write

GUS_FILE = (
    Path(settings.BASE_DIR)
    / "partnerstwa/data/gus/ludnosc_wg_ekonomicznych_grup_wieku_2010-2019.csv"
)


@pytest.fixture(autouse=True)
def register(db):
    for code in ("0201011", "0201022"):
        gmina(code)


@pytest.mark.django_db
def test_figures_are_loaded_with_the_total_as_the_sum_of_the_three_age_groups(tmp_path):
    path = write(
        tmp_path / "p.csv",
        [row("0201011", "Bolesławiec (1)", ["10", "11"], ["60", "61"], ["30", "31"], ["20", "22"])],
    )
    result = population_import(path)
    assert (result.created, result.updated) == (2, 0)
    figure = PopulationFigure.objects.get(unit_code="0201011", year=2019)
    assert (figure.pre_working, figure.working, figure.post_working, figure.total) == (
        11,
        61,
        22,
        94,
    )


@pytest.mark.django_db
def test_reimport_changes_nothing_and_a_corrected_file_updates(tmp_path):
    path = write(
        tmp_path / "p.csv",
        [row("0201011", "B", ["10", "11"], ["60", "61"], ["1", "1"], ["20", "22"])],
    )
    population_import(path)
    assert population_import(path).unchanged == 2
    corrected = write(
        tmp_path / "q.csv",
        [row("0201011", "B", ["10", "12"], ["60", "61"], ["1", "1"], ["20", "22"])],
    )
    assert population_import(corrected).updated == 1
    assert PopulationFigure.objects.get(unit_code="0201011", year=2019).total == 95


@pytest.mark.django_db
def test_a_year_with_a_missing_group_has_no_figure(tmp_path):
    path = write(
        tmp_path / "p.csv",
        [row("0201011", "B", ["10", "-"], ["60", "61"], ["1", "1"], ["20", "22"])],
    )
    population_import(path)
    assert list(PopulationFigure.objects.values_list("year", flat=True)) == [2018]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rows", "reason_part", "line"),
    [
        ([row("02010", "B", ["1", "1"], ["1", "1"], ["1", "1"], ["1", "1"])], "02010", 2),
        ([row("0201011", "B", ["1", "x"], ["1", "1"], ["1", "1"], ["1", "1"])], "x", 2),
        (
            [row("0201011", "B", ["1", "999999999"], ["1", "1"], ["1", "1"], ["1", "1"])],
            "999999999",
            2,
        ),
        (
            [row("0201011", "B", ["1", "1"], ["1", "1"], ["1", "1"], ["1", "1"])] * 2,
            "0201011",
            3,
        ),
    ],
)
def test_a_bad_file_is_rejected_whole(tmp_path, rows, reason_part, line):
    good = write(
        tmp_path / "good.csv", [row("0201022", "C", ["1", "1"], ["1", "1"], ["1", "1"], ["1", "1"])]
    )
    population_import(good)
    before = list(PopulationFigure.objects.values())
    with pytest.raises(PopulationFormatError) as error:
        population_import(write(tmp_path / "bad.csv", rows))
    assert error.value.row == line and reason_part in str(error.value)
    assert list(PopulationFigure.objects.values()) == before


@pytest.mark.django_db
def test_the_command_reports_and_refuses(tmp_path):
    out = StringIO()
    call_command(
        "import_population",
        str(
            write(
                tmp_path / "p.csv",
                [row("0201011", "B", ["1", "1"], ["1", "1"], ["1", "1"], ["1", "1"])],
            )
        ),
        stdout=out,
    )
    assert "2" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_text("WOJ;POW\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_population", str(bad))


REGISTER = Path(settings.BASE_DIR) / "partnerstwa/data/teryt/TERC_Urzedowy_2022-01-01.csv"


@pytest.mark.slow
@pytest.mark.django_db
def test_the_shipped_gus_file_loads_ten_years_for_every_unit_the_register_knows():
    """The GUS export lists 68 units that ceased or changed type before the register's date
    (2022): the file is refused until they are left out on purpose (issue 9, finding 8)."""
    PopulationFigure.objects.all().delete()
    TerritorialUnit.objects.update(parent=None)
    TerritorialUnit.objects.all().delete()
    teryt_import(REGISTER)
    with pytest.raises(CommandError) as refused:
        call_command("import_population", str(GUS_FILE))
    assert "wiersz 12, Kod „0202031”" in str(refused.value)  # Pieszyce, urban until 2021
    out = StringIO()

    call_command("import_population", str(GUS_FILE), "--skip-absent-units", stdout=out)

    assert out.getvalue().strip().endswith(": 68")
    assert PopulationFigure.objects.count() > 3700 * 9
    assert set(PopulationFigure.objects.values_list("year", flat=True).distinct()) == set(
        range(2010, 2020)
    )
    assert PopulationFigure.objects.get(unit_code="3263011", year=2019).total > 40000  # Świnoujście
    known = set(TerritorialUnit.objects.values_list("code", flat=True))
    assert set(PopulationFigure.objects.values_list("unit_code", flat=True)) <= known
