"""Issue 11, Polish: dates in the genitive ("31 października 2016", "27 lipca 2012"), never a day
beside the nominative month ("31 październik", "27 Lipiec"), and no capitalised month name in
the middle of a sentence."""

import re

import pytest

from partnerstwa.portal.tests import sample_site

NOMINATIVE = [
    "styczeń",
    "luty",
    "marzec",
    "kwiecień",
    "maj",
    "czerwiec",
    "lipiec",
    "sierpień",
    "wrzesień",
    "październik",
    "listopad",
    "grudzień",
]
GENITIVE = [
    "stycznia",
    "lutego",
    "marca",
    "kwietnia",
    "maja",
    "czerwca",
    "lipca",
    "sierpnia",
    "września",
    "października",
    "listopada",
    "grudnia",
]
DAY_AND_NOMINATIVE = re.compile(
    r"(?<![\d.,])(?:[1-9]|[12]\d|3[01])\.?[\s\u00a0]+(?:" + "|".join(NOMINATIVE) + r")\b",
    re.IGNORECASE,
)
# A capitalised month after a lower-case word, a digit or a comma: mid-sentence, not the start
# of a heading, a cell or a sentence.
CAPITALISED_MID_SENTENCE = re.compile(
    r"(?<=[a-ząćęłńóśźż\d,–-])[\s\u00a0]+(?:"
    + "|".join(month.capitalize() for month in NOMINATIVE + GENITIVE)
    + r")\b"
)


def wrong_dates(text: str) -> list[str]:
    found = [match.group(0) for match in DAY_AND_NOMINATIVE.finditer(text)]
    found += [match.group(0).strip() for match in CAPITALISED_MID_SENTENCE.finditer(text)]
    return found


def test_the_scan_catches_nominative_and_capitalised_months_and_spares_genitive_dates():
    found = wrong_dates("31 październik 2016 · 27 Lipiec 2012 · od 3 Marca 2013")
    assert found == ["31 październik", "27 Lipiec", "Lipiec", "Marca"]  # Lipiec: both wrongs
    assert wrong_dates("zakończono 2 Maja") == ["Maja"]
    right = "31 października 2016 · 27 lipca 2012 · Grudzień 2026 · ¦ Maj 2027 · 5 maja"
    assert wrong_dates(right) == []


@pytest.mark.django_db
def test_every_public_page_writes_dates_in_the_genitive_in_polish(client):
    """Scope: every public page of the sample site (events, editions, partnerships, the
    calendar, the figures), in Polish."""
    sample_site.build()
    found = {}
    for page in sample_site.public_pages():
        wrong = wrong_dates(sample_site.visible_text(client.get(page).content.decode()))
        if wrong:
            found[page] = wrong
    assert not found, found
