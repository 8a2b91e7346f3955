"""Issue 11, Polish: every number next to a noun takes the form Polish grammar requires —
1 wiersz, 2 wiersze, 5 wierszy, 12 wierszy, 22 wiersze, 25 wierszy.

Two nets: every plural entry of the catalogue rendered for those numbers, and the visible text of
every public page of a sample site scanned for a number followed by a noun of this system in a
form that number can never take."""

import re

import polib
import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import ngettext, npgettext

from partnerstwa.portal.tests import sample_site

CATALOGUE = settings.BASE_DIR / "partnerstwa" / "locale" / "pl" / "LC_MESSAGES" / "django.po"
NUMBERS = (1, 2, 5, 12, 22, 25)


def polish_form(n: int) -> int:
    """0 for one, 1 for 2–4 (not 12–14, but 22–24…), 2 for the rest (5–21, 25–31…)."""
    if n == 1:
        return 0
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return 1
    return 2


def test_the_grammar_this_test_expects():
    assert [polish_form(n) for n in NUMBERS] == [0, 1, 2, 2, 1, 2]


def _plural_entries() -> list[polib.POEntry]:
    return [entry for entry in polib.pofile(str(CATALOGUE)) if entry.msgid_plural]


def test_the_catalogue_declares_polish_plural_rule():
    header = polib.pofile(str(CATALOGUE)).metadata["Plural-Forms"]
    assert header.startswith("nplurals=3;")


@pytest.mark.parametrize(
    "entry", _plural_entries(), ids=lambda entry: (entry.msgctxt or "") + "|" + entry.msgid[:40]
)
def test_every_plural_entry_renders_the_polish_form_for_1_2_5_12_22_25(entry):
    forms = [entry.msgstr_plural.get(index, "") for index in range(3)]
    assert all(forms), f"a Polish form is missing: {forms}"
    # Polish may share the singular with English ("%(n)s powiat"), never the plural.
    assert entry.msgid_plural not in forms[1:], f"the plural is still English: {forms}"
    with translation.override("pl"):
        for n in NUMBERS:
            if entry.msgctxt:
                shown = npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
            else:
                shown = ngettext(entry.msgid, entry.msgid_plural, n)
            assert shown == forms[polish_form(n)], f"n={n}: {shown!r}"


# The nouns of this system: nominative singular, nominative plural (2–4), genitive plural (5+).
# `personal`: masculine-personal nouns, whose 2–4 form is also the genitive ("2 uczestników").
NOUNS = {
    "wiersz": ("wiersz", "wiersze", "wierszy"),
    "wydarzenie": ("wydarzenie", "wydarzenia", "wydarzeń"),
    "miejsce": ("miejsce", "miejsca", "miejsc"),
    "partnerstwo": ("partnerstwo", "partnerstwa", "partnerstw"),
    "członek": ("członek", "członkowie", "członków"),
    "samorząd": ("samorząd", "samorządy", "samorządów"),
    "gmina": ("gmina", "gminy", "gmin"),
    "organizacja": ("organizacja", "organizacje", "organizacji"),
    "osoba": ("osoba", "osoby", "osób"),
    "uczestnik": ("uczestnik", "uczestnicy", "uczestników"),
    "zgłoszenie": ("zgłoszenie", "zgłoszenia", "zgłoszeń"),
    "dzień": ("dzień", "dni", "dni"),
    "rok": ("rok", "lata", "lat"),
}
PERSONAL = {"członek", "uczestnik"}
# Genitive singular: after "1" it may be a case, not a wrong number ("z 1 gminy").
GENITIVE_SINGULAR = {
    "wiersz": "wiersza",
    "wydarzenie": "wydarzenia",
    "miejsce": "miejsca",
    "partnerstwo": "partnerstwa",
    "członek": "członka",
    "samorząd": "samorządu",
    "gmina": "gminy",
    "organizacja": "organizacji",
    "osoba": "osoby",
    "uczestnik": "uczestnika",
    "zgłoszenie": "zgłoszenia",
    "dzień": "dnia",
    "rok": "roku",
}
# Prepositions after which a number takes the genitive ("od 2 lat", "z 3 gmin").
GENITIVE_PREPOSITIONS = {
    "z",
    "ze",
    "od",
    "do",
    "dla",
    "bez",
    "u",
    "około",
    "ok.",
    "wśród",
    "spośród",
    "podczas",
    "według",
    "oprócz",
    "zamiast",
    "wokół",
    "koło",
    "obok",
    "naprzeciw",
    "blisko",
}


def wrong_forms() -> dict[int, set[str]]:
    """For each grammatical class of number (0: one, 1: 2–4, 2: 5+), the noun forms it can never
    take in any case. Forms a case could explain are left out: "1 gminy" (z 1 gminy), "5 dni"."""
    wrong = {0: set(), 1: set(), 2: set()}
    for noun, (singular, few, many) in NOUNS.items():
        genitive = GENITIVE_SINGULAR[noun]
        wrong[0] |= {few, many} - {singular, genitive}
        # 2–4 with the singular is never right; with the genitive plural only after a
        # preposition that takes it, checked where the text is read.
        wrong[1] |= {singular}
        if noun not in PERSONAL and many != few:
            wrong[1] |= {"GEN:" + many}
        wrong[2] |= {few} - {many}
        if noun not in ("dzień", "rok"):  # "5 dzień", "2016 roku" may be ordinals
            wrong[2] |= {singular, genitive} - {many}
    return wrong


WRONG = wrong_forms()
NOUN_FORMS = sorted(
    {form for forms in NOUNS.values() for form in forms} | set(GENITIVE_SINGULAR.values()),
    key=len,
    reverse=True,
)
# A whole number (grouped with no-break spaces, or up to four digits without a leading zero: not a
# TERYT code), not part of a decimal, a word or a range, then a noun in lower case (a capital
# starts the next item: "2015 Partnerstwo …").
NUMBER_NOUN = re.compile(
    r"(?:(?P<before>[^\W\d_]+\.?)\s+)?(?<![\w,.\-–/])(?<!\d\u00a0)"
    r"(?P<number>\d{1,3}(?:\u00a0\d{3})+|[1-9]\d{0,3}|0)"
    r"(?![\d,.]\d)[\s\u00a0]+(?P<noun>" + "|".join(NOUN_FORMS) + r")\b"
)


def disagreements(text: str) -> list[str]:
    found = []
    for match in NUMBER_NOUN.finditer(text):
        number = int(match.group("number").replace("\u00a0", ""))
        noun = match.group("noun").lower()
        form = polish_form(number)
        after_preposition = (match.group("before") or "").lower() in GENITIVE_PREPOSITIONS
        if noun in WRONG[form] or ("GEN:" + noun in WRONG[form] and not after_preposition):
            found.append(match.group(0))
    return found


def test_the_page_scan_catches_wrong_forms_and_lets_right_ones_pass():
    wrong = "5 wiersze · 3 wierszy · 1 wiersze · 22 wierszy · 12 gminy · 2 wydarzeń · 1 lat"
    assert len(disagreements(wrong)) == 7
    right = (
        "1 wiersz · 3 wiersze · 5 wierszy · 22 wiersze · 12 gmin · z 2 wydarzeń · od 3 lat · "
        "2 uczestników · z 1 gminy · 5 dni · 2,5 miejsca · 1\u00a0235 organizacji"
    )
    assert disagreements(right) == []


@pytest.mark.django_db
def test_numbers_next_to_nouns_on_every_public_page_agree_in_polish(client):
    """Scope: the nouns of NOUNS, written right after a number, on every public page of the
    sample site (its counts give each plural class), in Polish."""
    sample_site.build()
    found = {}
    for page in sample_site.public_pages():
        wrong = disagreements(sample_site.visible_text(client.get(page).content.decode()))
        if wrong:
            found[page] = wrong
    assert not found, found
