"""Polish text made searchable: each word folded to ASCII (diacritics optional) and, beside it,
the folded lemmas Morfeusz 2 gives it (inflection-tolerant: "samorządów" -> "samorzad", "gmin" ->
"gmina"). Documents and pages index the normalised form of their text; queries are normalised
the same way, so both sides meet. Morfeusz 2 found all 44 pairs of the library's word list,
simplemma 42, pystempel 37 (bench/lemmatisers.py)."""

import re
import threading
from functools import lru_cache

import morfeusz2

from partnerstwa.lib.text import fold

# Words of letters and digits; hyphenated names split into their parts.
_WORD = re.compile(r"\w+", re.UNICODE)
_SPACES = re.compile(r"\s+")
# Longer "words" are not Polish words (hashes, run-together text): folded, never analysed.
_LONGEST_WORD = 40
# Characters of text looked at together when finding a passage.
_SLICE = 2000
_local = threading.local()


def _analyser() -> morfeusz2.Morfeusz:
    # One analyser per thread: Morfeusz instances are not shared between threads.
    if not hasattr(_local, "analyser"):
        _local.analyser = morfeusz2.Morfeusz(generate=False)
    return _local.analyser


@lru_cache(maxsize=200_000)
def lemmas(word: str) -> frozenset[str]:
    """The folded lemmas of one word's readings ("Gminom" -> {"gmina"}, "miast" -> {"miasto",
    "miast"}); a word Morfeusz does not know is its own lemma."""
    word = word.lower()
    if len(word) > _LONGEST_WORD:
        return frozenset({fold(word)})
    readings = _analyser().analyse(word)
    # Readings from the word's first node: an agglutinated ending ("-śmy") adds no lemma.
    found = {reading[2][1].split(":")[0] for reading in readings if reading[0] == 0}
    return frozenset(fold(lemma) for lemma in found if lemma) or frozenset({fold(word)})


def words(text: str) -> list[str]:
    return _WORD.findall(text)


@lru_cache(maxsize=200_000)
def _forms(word: str) -> frozenset[str]:
    """A word as it is found: folded, and its folded lemmas."""
    return lemmas(word) | {fold(word)}


@lru_cache(maxsize=200_000)
def _indexed(word: str) -> str:
    folded = fold(word)
    return " ".join([folded, *sorted(lemmas(word) - {folded})])


def normalise(text: str, *, distinct: bool = False) -> str:
    """Text as it is indexed: every word's folded form, and its folded lemmas where they differ.
    distinct: each word once (a long file's text indexed compactly: which words it holds, not
    how often; the index stays small and queries fast on thousands of documents)."""
    found = words(text)
    if distinct:
        found = list(dict.fromkeys(found))
    return " ".join(map(_indexed, found))


def query_terms(query: str) -> list[frozenset[str]]:
    """Each query word as the forms that match it: as typed (lower case, for an index holding
    the plain text), folded, and its folded lemmas (a document matches the word by any of
    them). At most 20 words."""
    return [lemmas(word) | {fold(word), word.lower()} for word in words(query)[:20]]


def snippet(text: str, query: str, *, width: int = 240) -> tuple[str, str, str] | None:
    """The passage around the first word of text matching a query word: (before, match, after),
    so a template escapes each part and marks the match. None when no word matches."""
    wanted = frozenset().union(*query_terms(query))
    if not wanted:
        return None
    # The text in slices of about _SLICE characters, cut at spaces (no word is cut): in each,
    # the distinct words are looked up once and, if one matches, the first of them is found by
    # the regex engine. A common word is found in the first slice, a rare one without a
    # Python step per word of a long file's text.
    position = 0
    while position < len(text):
        cut = text.find(" ", position + _SLICE)
        cut = len(text) if cut < 0 else cut
        part = text[position:cut]
        matching = [word for word in set(_WORD.findall(part)) if _forms(word) & wanted]
        if matching:
            break
        position = cut
    else:
        return None
    # Longest first, whole words only (no \w on either side), as _WORD splits them.
    alternatives = "|".join(map(re.escape, sorted(matching, key=len, reverse=True)))
    found = re.search(rf"(?<!\w)(?:{alternatives})(?!\w)", part)
    word = found.group()
    start, end = position + found.start(), position + found.end()
    left, right = max(0, start - width // 2), min(len(text), end + width // 2)
    before, after = text[left:start], text[end:right]
    if left:  # begin and end on whole words
        before = "…" + (before.split(" ", 1)[1] if " " in before else "")
    if right < len(text):
        after = (after.rsplit(" ", 1)[0] if " " in after else "") + "…"
    return _SPACES.sub(" ", before), word, _SPACES.sub(" ", after)
