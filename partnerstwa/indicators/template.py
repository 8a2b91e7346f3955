"""The downloadable template of the programme data package: every sheet with its header and
one example row."""

import tablib

from partnerstwa.indicators.package import COLUMNS
from partnerstwa.lib import spreadsheets

EXAMPLES = {
    "organisations": ["brwinow", "Gmina Brwinów", "gmina", "1421033", "", ""],
    "memberships": ["brwinow", "ZMP", "2010-01-01", ""],
    "partnerships": ["pto", "Podwarszawskie Trójmiasto Ogrodów", "2013-03-01"],
    "partnership_members": ["pto", "brwinow", "leader", "2013-03-01"],
    "projects": [
        "pto-1",
        "pto",
        "Strategia rozwoju obszaru",
        "MF EOG 2009–2014",
        "2 485 383,00",
        "1491230.00",
        "2014-01-01",
        "2016-04-30",
    ],
    "events": [
        "szk-1",
        "training",
        "Szkolenie: współpraca",
        "2014-05-12",
        "2014-05-12",
        "Poznań",
        "PL",
    ],
    "attendance": ["szk-1", "Anna", "Nowak", "anna.nowak@example.org", "brwinow"],
    "contest_editions": ["slz-2014", "Samorządowy Lider Zarządzania 2014", "2014-06-02"],
}


def template_workbook() -> bytes:
    # Through the one writer, so "2 485 383,00" and dates stay text cells the import reads back.
    return spreadsheets.xlsx_book(
        [
            tablib.Dataset(EXAMPLES[name], headers=columns, title=name)
            for name, columns in COLUMNS.items()
        ],
        fit_columns=True,
    )
