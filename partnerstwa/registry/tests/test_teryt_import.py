import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from partnerstwa.registry.models import TerritorialUnit, TerytImport, UnitLevel
from partnerstwa.registry.services import TerytImportRefused, teryt_import
from partnerstwa.registry.teryt import TerytFormatError
from partnerstwa.registry.tests.files import HEADER, ROWS_2021, snapshot, write_csv, write_xml


@pytest.mark.django_db
def test_csv_import_builds_the_hierarchy_with_levels_types_and_parents(tmp_path):
    result = teryt_import(write_csv(tmp_path / "terc.csv", ROWS_2021))

    assert (result.created, result.updated, result.retired, result.unchanged) == (13, 0, 0, 0)
    units = {unit.code: unit for unit in TerritorialUnit.objects.select_related("parent")}
    assert units["02"].level == UnitLevel.VOIVODESHIP and units["02"].parent is None
    assert units["0201"].level == UnitLevel.POWIAT and units["0201"].parent.code == "02"
    assert units["0201011"].level == UnitLevel.GMINA and units["0201011"].parent.code == "0201"
    assert units["0201034"].level == UnitLevel.GMINA_PART
    assert units["0201034"].parent.code == "0201033"
    # Warsaw's districts belong to the city gmina, which has a number of its own.
    assert units["1465028"].parent.code == "1465011"
    assert units["0261"].is_city_with_powiat_rights and not units["0201"].is_city_with_powiat_rights
    assert units["0201011"].is_city and units["0201033"].is_city and not units["0201022"].is_city
    assert units["0201"].name_extra == "powiat"
    assert units["02"].valid_from == datetime.date(2021, 1, 1)
    assert all(unit.retired_on is None for unit in units.values())


@pytest.mark.django_db
@pytest.mark.parametrize("bom", [True, False])
@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_csv_is_read_with_or_without_bom_and_with_either_line_ending(tmp_path, bom, newline):
    teryt_import(write_csv(tmp_path / "terc.csv", ROWS_2021, bom=bom, newline=newline))
    assert TerritorialUnit.objects.count() == 13
    assert TerritorialUnit.objects.get(code="02").name == "DOLNOŚLĄSKIE"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("column_tag", "extra_name"), [("col", "NAZWA_DOD"), ("column", "NAZDOD"), ("col", "NAZDOD")]
)
def test_xml_in_the_current_and_the_older_form_gives_the_same_register(
    tmp_path, column_tag, extra_name
):
    teryt_import(write_csv(tmp_path / "terc.csv", ROWS_2021))
    from_csv = snapshot()
    TerritorialUnit.objects.update(parent=None)
    TerritorialUnit.objects.all().delete()
    TerytImport.objects.all().delete()

    teryt_import(
        write_xml(tmp_path / "terc.xml", ROWS_2021, column_tag=column_tag, extra_name=extra_name)
    )

    assert snapshot() == from_csv


@pytest.mark.django_db
def test_reimporting_the_same_file_changes_nothing(tmp_path):
    path = write_csv(tmp_path / "terc.csv", ROWS_2021)
    teryt_import(path)
    before = snapshot()
    imports_before = TerytImport.objects.count()

    result = teryt_import(path)

    assert (result.created, result.updated, result.retired, result.unchanged) == (0, 0, 0, 13)
    assert snapshot() == before
    assert TerytImport.objects.count() == imports_before


@pytest.mark.django_db
def test_a_newer_file_renames_adds_and_retires_without_deleting(tmp_path):
    teryt_import(write_csv(tmp_path / "old.csv", ROWS_2021))
    old_gmina_pk = TerritorialUnit.objects.get(code="0201022").pk
    newer = [row.replace("2021-01-01", "2022-01-01") for row in ROWS_2021]
    newer = [row for row in newer if not row.startswith("02;01;02;")]  # a gmina merged away
    newer = [row.replace("Bemowo;dzielnica", "Bemowo Nowe;dzielnica") for row in newer]
    newer.append("02;01;04;2;Osiecznica;gmina wiejska;2022-01-01")

    # Forced: in a register of 13 units one retirement is over the whole-register share.
    result = teryt_import(write_csv(tmp_path / "new.csv", newer), force=True)

    assert (result.created, result.updated, result.retired) == (1, 1, 1)
    retired = TerritorialUnit.objects.get(code="0201022")
    assert retired.pk == old_gmina_pk
    assert retired.retired_on == datetime.date(2022, 1, 1)
    renamed = TerritorialUnit.objects.get(code="1465028")
    assert renamed.name == "Bemowo Nowe" and renamed.valid_from == datetime.date(2022, 1, 1)
    unchanged = TerritorialUnit.objects.get(code="0201011")
    assert unchanged.valid_from == datetime.date(2021, 1, 1)
    assert TerritorialUnit.objects.get(code="0201042").parent.code == "0201"
    assert TerritorialUnit.objects.in_force().count() == 13


@pytest.mark.django_db
def test_a_unit_that_comes_back_is_in_force_again(tmp_path):
    teryt_import(write_csv(tmp_path / "a.csv", ROWS_2021))
    without = [
        r.replace("2021-01-01", "2022-01-01") for r in ROWS_2021 if not r.startswith("02;01;02;")
    ]
    teryt_import(write_csv(tmp_path / "b.csv", without), force=True)  # 1 of 13 units: forced
    again = [r.replace("2021-01-01", "2023-01-01") for r in ROWS_2021]

    result = teryt_import(write_csv(tmp_path / "c.csv", again))

    assert result.updated == 1
    assert TerritorialUnit.objects.get(code="0201022").retired_on is None


@pytest.mark.django_db
def test_an_older_register_than_the_loaded_one_is_refused(tmp_path):
    newer = [r.replace("2021-01-01", "2022-01-01") for r in ROWS_2021]
    teryt_import(write_csv(tmp_path / "new.csv", newer))
    before = snapshot()

    with pytest.raises(TerytImportRefused):
        teryt_import(write_csv(tmp_path / "old.csv", ROWS_2021[:3]))

    assert snapshot() == before


MALFORMED = [
    ("bad code", lambda rows: [*rows[:3], "02;1;05;2;Zła;gmina wiejska;2021-01-01"], 5, "POW"),
    (
        "letters in code",
        lambda rows: [*rows[:3], "02;01;0X;2;Zła;gmina wiejska;2021-01-01"],
        5,
        "GMI",
    ),
    (
        "wrong type code",
        lambda rows: [*rows[:3], "02;01;05;7;Zła;gmina wiejska;2021-01-01"],
        5,
        "RODZ",
    ),
    ("type without gmina", lambda rows: [*rows[:1], "02;02;;2;Zły;powiat;2021-01-01"], 3, "RODZ"),
    ("missing column", lambda rows: [*rows[:2], "02;01;05;2;Zła;2021-01-01"], 4, "7"),
    ("bad date", lambda rows: [*rows[:2], "02;01;05;2;Zła;gmina wiejska;2021-13-01"], 4, "STAN_NA"),
    ("duplicate code", lambda rows: [*rows[:3], rows[2]], 5, "0201011"),
    ("orphan", lambda rows: [*rows[:1], "02;02;01;2;Sierota;gmina wiejska;2021-01-01"], 3, "0202"),
    ("empty name", lambda rows: [*rows[:1], "02;02;;;;powiat;2021-01-01"], 3, "NAZWA"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("case", "make_rows", "row", "mention"), MALFORMED, ids=[m[0] for m in MALFORMED]
)
def test_a_malformed_csv_is_rejected_with_its_row_and_reason_and_changes_nothing(
    tmp_path, case, make_rows, row, mention
):
    teryt_import(write_csv(tmp_path / "good.csv", ROWS_2021))
    before = snapshot()
    bad = [r.replace("2021-01-01", "2022-01-01") for r in make_rows(ROWS_2021)]

    with pytest.raises(TerytFormatError) as error:
        teryt_import(write_csv(tmp_path / "bad.csv", bad))

    assert error.value.row == row
    assert mention in str(error.value)
    assert snapshot() == before


@pytest.mark.django_db
def test_a_wrong_header_is_rejected(tmp_path):
    path = write_csv(tmp_path / "bad.csv", ROWS_2021, header="WOJ;POW;GMI;RODZ;NAZWA;STAN_NA")
    with pytest.raises(TerytFormatError) as error:
        teryt_import(path)
    assert error.value.row == 1 and "WOJ;POW;GMI;RODZ;NAZWA;NAZWA_DOD;STAN_NA" in error.value.reason
    assert not TerritorialUnit.objects.exists()


@pytest.mark.django_db
def test_a_file_in_another_encoding_is_rejected_with_the_row_of_the_first_bad_byte(tmp_path):
    path = tmp_path / "cp1250.csv"
    path.write_bytes(("\r\n".join([HEADER, *ROWS_2021]) + "\r\n").encode("cp1250"))
    with pytest.raises(TerytFormatError) as error:
        teryt_import(path)
    assert error.value.row == 2 and "UTF-8" in error.value.reason
    assert not TerritorialUnit.objects.exists()


@pytest.mark.django_db
def test_truncated_xml_is_rejected_and_changes_nothing(tmp_path):
    teryt_import(write_csv(tmp_path / "good.csv", ROWS_2021))
    before = snapshot()
    full = write_xml(
        tmp_path / "full.xml", [r.replace("2021", "2022") for r in ROWS_2021], date="2022-01-01"
    )
    truncated = tmp_path / "truncated.xml"
    truncated.write_bytes(full.read_bytes()[: len(full.read_bytes()) // 2])

    with pytest.raises(TerytFormatError) as error:
        teryt_import(truncated)

    assert "XML" in error.value.reason
    assert snapshot() == before


@pytest.mark.django_db
def test_xml_with_entities_is_refused(tmp_path):
    path = tmp_path / "bomb.xml"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaa">]><teryt><catalog name="TERC">'
        '<row><col name="NAZWA">&a;</col></row></catalog></teryt>',
        encoding="utf-8",
    )
    with pytest.raises(TerytFormatError):
        teryt_import(path)


@pytest.mark.django_db
def test_a_catalog_other_than_terc_is_rejected(tmp_path):
    path = write_xml(tmp_path / "simc.xml", ROWS_2021)
    path.write_text(
        path.read_text(encoding="utf-8").replace('name="TERC"', 'name="SIMC"'), encoding="utf-8"
    )
    with pytest.raises(TerytFormatError) as error:
        teryt_import(path)
    assert "SIMC" in error.value.reason


@pytest.mark.django_db
def test_command_prints_a_summary_line(tmp_path):
    out = StringIO()
    call_command("import_teryt", str(write_csv(tmp_path / "t.csv", ROWS_2021)), stdout=out)
    assert out.getvalue().strip().splitlines()[-1] == (
        "TERYT 2021-01-01: 13 utworzono, 0 zaktualizowano, 0 wycofano, 0 bez zmian"
    )


@pytest.mark.django_db
def test_command_rejects_a_malformed_file_with_a_non_zero_status(tmp_path):
    bad = write_csv(tmp_path / "bad.csv", [*ROWS_2021[:2], "02;01;01;7;Zła;x;2021-01-01"])
    with pytest.raises(CommandError) as error:
        call_command("import_teryt", str(bad))
    assert "wiersz 4" in str(error.value) and "RODZ" in str(error.value)
    assert not TerritorialUnit.objects.exists()


@pytest.mark.django_db
def test_command_reports_a_missing_file(tmp_path):
    with pytest.raises(CommandError):
        call_command("import_teryt", str(tmp_path / "none.csv"))
