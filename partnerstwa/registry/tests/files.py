"""Register and population files as the tests write them (TERC CSV and XML, BDL CSV)."""

from partnerstwa.registry.models import TerritorialUnit

HEADER = "WOJ;POW;GMI;RODZ;NAZWA;NAZWA_DOD;STAN_NA"
ROWS_2021 = [
    "02;;;;DOLNOŚLĄSKIE;województwo;2021-01-01",
    "02;01;;;bolesławiecki;powiat;2021-01-01",
    "02;01;01;1;Bolesławiec;gmina miejska;2021-01-01",
    "02;01;02;2;Bolesławiec;gmina wiejska;2021-01-01",
    "02;01;03;3;Nowogrodziec;gmina miejsko-wiejska;2021-01-01",
    "02;01;03;4;Nowogrodziec;miasto;2021-01-01",
    "02;01;03;5;Nowogrodziec;obszar wiejski;2021-01-01",
    "02;61;;;Jelenia Góra;miasto na prawach powiatu;2021-01-01",
    "02;61;01;1;Jelenia Góra;gmina miejska;2021-01-01",
    "14;;;;MAZOWIECKIE;województwo;2021-01-01",
    "14;65;;;Warszawa;miasto stołeczne, na prawach powiatu;2021-01-01",
    "14;65;01;1;Warszawa;gmina miejska, miasto stołeczne;2021-01-01",
    "14;65;02;8;Bemowo;dzielnica;2021-01-01",
]


def write_csv(path, rows, *, bom=True, newline="\r\n", header=HEADER):
    text = newline.join([header, *rows]) + newline
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


def write_xml(path, rows, *, column_tag="col", extra_name="NAZWA_DOD", date="2021-01-01"):
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<teryt>",
        f'<catalog name="TERC" type="all" date="{date}">',
    ]
    for row in rows:
        values = row.split(";")
        names = ["WOJ", "POW", "GMI", "RODZ", "NAZWA", extra_name, "STAN_NA"]
        parts.append("<row>")
        for name, value in zip(names, values, strict=True):
            if value:
                parts.append(f'<{column_tag} name="{name}">{value}</{column_tag}>')
            else:
                parts.append(f'<{column_tag} name="{name}"/>')
        parts.append("</row>")
    parts += ["</catalog>", "</teryt>"]
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def snapshot():
    return list(
        TerritorialUnit.objects.order_by("code").values_list(
            "code",
            "level",
            "unit_type",
            "name",
            "name_extra",
            "parent__code",
            "valid_from",
            "retired_on",
        )
    )


GROUPS = [
    "w wieku przedprodukcyjnym",
    "w wieku produkcyjnym",
    "w wieku produkcyjnym mobilnym",
    "w wieku poprodukcyjnym",
]


def write(path, rows, years=(2018, 2019)):
    header = ['"Kod"', '"Nazwa"'] + [f'"{g};ogółem;{y};[osoba]"' for g in GROUPS for y in years]
    lines = [";".join(header) + ";"] + [";".join(row) + ";" for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def row(code, name, pre, work, mobile, post):
    # values per group, each for 2018 then 2019
    return [code, f'"{name}"', *pre, *work, *mobile, *post]
