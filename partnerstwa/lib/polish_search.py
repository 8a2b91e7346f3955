"""Polish text made searchable: each word folded to ASCII (diacritics optional) and, beside it,
the folded lemmas Morfeusz 2 gives it (inflection-tolerant: "samorządów" -> "samorzad", "gmin" ->
"gmina"). Documents and pages index the normalised form of their text; queries are normalised
the same way, so both sides meet. Morfeusz 2 found all 44 pairs of the library's word list,
simplemma 42, pystempel 37 (bench/lemmatisers.py)."""

import itertools
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


def _generator() -> morfeusz2.Morfeusz:
    if not hasattr(_local, "generator"):
        _local.generator = morfeusz2.Morfeusz(analyse=False, generate=True)
    return _local.generator


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


# The letters a Polish letter is typed as without diacritics, and the Polish ones they stand for.
_POLISH_LETTERS = {"a": "ą", "c": "ć", "e": "ę", "l": "ł", "n": "ń", "o": "ó", "s": "ś", "z": "źż"}
# The most spellings of a word typed without Polish letters tried against the dictionary.
_MOST_SPELLINGS = 1024


@lru_cache(maxsize=20_000)
def _written_forms(word: str) -> frozenset[str]:
    """How a text may write a word matching the query word (lower case): as typed, folded, and
    every inflected form of its lemmas, with and without Polish letters. A word typed without
    Polish letters that the dictionary does not know ("wspolpraca") takes the lemmas of its
    spellings with them that it knows ("współpraca")."""
    word = word.lower()
    forms = {word, fold(word), *lemmas(word)}
    if len(word) > _LONGEST_WORD:
        return frozenset(forms)
    readings = [reading[2] for reading in _analyser().analyse(word) if reading[0] == 0]
    if word.isascii() and all(reading[2] == "ign" for reading in readings):
        readings = [
            reading[2]
            for spelling in _polish_spellings(word)
            for reading in _analyser().analyse(spelling)
            if reading[0] == 0 and reading[2][2] != "ign"
        ]
    for lemma in filter(None, {reading[1].split(":")[0] for reading in readings}):
        for form, *_rest in _generator().generate(lemma):
            forms.update((form.lower(), fold(form)))
    return frozenset(form for form in forms if form)


def _polish_spellings(word: str) -> list[str]:
    """The ways an ASCII word may be spelt with Polish letters ("zolw" -> …, "żółw", …); none when
    there would be more than _MOST_SPELLINGS."""
    options = [letter + _POLISH_LETTERS.get(letter, "") for letter in word]
    count = 1
    for option in options:
        count *= len(option)
    if count > _MOST_SPELLINGS:
        return []
    return ["".join(letters) for letters in itertools.product(*options)]


# Characters of a written form probed together: forms sharing them are found by one str.find.
_PROBE = 4


def _is_word_character(character: str) -> bool:
    return character.isalnum() or character == "_"


def _first_written(text: str, forms: frozenset[str]) -> tuple[int, int] | None:
    """Start and end of the first whole word of text (lower case) that is one of forms. Forms are
    probed by their first _PROBE characters (an inflected word's forms share few), each probe by
    str.find (no Python step per word of the text); after a hit only the text before it is
    searched."""
    best: tuple[int, int] | None = None
    for probe in {form[:_PROBE] for form in forms}:
        position = text.find(probe)
        while position >= 0 and (best is None or position < best[0]):
            if position == 0 or not _is_word_character(text[position - 1]):
                end = position + len(probe)
                while end < len(text) and _is_word_character(text[end]):
                    end += 1
                if text[position:end] in forms:
                    best = (position, end)
                    break
            position = text.find(probe, position + 1)
    return best


def snippet(text: str, query: str, *, width: int = 240) -> tuple[str, str, str] | None:
    """The passage around the first word of text matching a query word: (before, match, after),
    so a template escapes each part and marks the match. None when no word matches."""
    terms = query_terms(query)
    wanted = frozenset().union(*terms)
    if not wanted or not text:
        return None
    # The ways the query's words may be written, found in the lower-cased text (no Python step
    # per word of a long file), the word confirmed as the index reads it. A word written
    # half with Polish letters ("wspólpraca") is found by the index but not here: no passage.
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lower case is longer (rare): word by word
        return _scanned_snippet(text, wanted, width=width)
    written = frozenset().union(*map(_written_forms, words(query)[:20]))
    found = _first_written(lowered, written)
    if found is None or not _forms(text[found[0] : found[1]]) & wanted:
        return None
    return _passage(text, *found, width=width)


def _scanned_snippet(
    text: str, wanted: frozenset[str], *, width: int
) -> tuple[str, str, str] | None:
    """The first matching word found by reading the text's words, for a text whose lower case
    is not as long as the text (positions would not match)."""
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
    return _passage(text, position + found.start(), position + found.end(), width=width)


def _passage(text: str, start: int, end: int, *, width: int) -> tuple[str, str, str]:
    word = text[start:end]
    left, right = max(0, start - width // 2), min(len(text), end + width // 2)
    before, after = text[left:start], text[end:right]
    if left:  # begin and end on whole words
        before = "…" + (before.split(" ", 1)[1] if " " in before else "")
    if right < len(text):
        after = (after.rsplit(" ", 1)[0] if " " in after else "") + "…"
    return _SPACES.sub(" ", before), word, _SPACES.sub(" ", after)
