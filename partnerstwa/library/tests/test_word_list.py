"""Point 4: the Polish normaliser meets every pair of the measured word list (a query form and
the form a document holds), the list bench/lemmatisers.py compares lemmatisers on."""

from pathlib import Path

from partnerstwa.lib.polish_search import normalise, query_terms

PAIRS = Path(__file__).parent / "data" / "polish_word_pairs.tsv"


def _pairs() -> list[tuple[str, str]]:
    lines = PAIRS.read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines if line and not line.startswith("#")]


def test_the_word_list_has_at_least_thirty_pairs():
    assert len(_pairs()) >= 30


def test_every_query_form_of_the_word_list_finds_its_document_form():
    missed = [
        (query, word)
        for query, word in _pairs()
        if not query_terms(query)[0] & set(normalise(word).split())
    ]
    assert missed == []
