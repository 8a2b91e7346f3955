"""Polish text made searchable: each word folded to ASCII (diacritics optional) and, beside it,
its lemma (inflection-tolerant: "samorządów" -> "samorzad"). Documents and pages index the
normalised form of their text; queries are normalised the same way, so both sides meet."""

import re
from functools import lru_cache

import simplemma

from partnerstwa.lib.text import fold

# Words of letters and digits; hyphenated names split into their parts.
_WORD = re.compile(r"\w+", re.UNICODE)
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=100_000)
def lemma(word: str) -> str:
    """The folded lemma of one word ("Gminom" -> "gmina", "współpracy" -> "wspolpraca")."""
    return fold(simplemma.lemmatize(word.lower(), lang="pl"))


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def normalise(text: str) -> str:
    """Text as it is indexed: every word's folded form, and its folded lemma where it differs."""
    out: list[str] = []
    for word in words(text):
        folded = fold(word)
        out.append(folded)
        base = lemma(word)
        if base != folded:
            out.append(base)
    return " ".join(out)


def query_terms(query: str) -> list[tuple[str, str]]:
    """Each query word as (folded form, folded lemma): a document matches a word by either."""
    return [(fold(word), lemma(word)) for word in words(query)[:20]]


def snippet(text: str, query: str, *, width: int = 240) -> tuple[str, str, str] | None:
    """The passage around the first word of text matching a query word by folded form or lemma:
    (before, match, after), so a template escapes each part and marks the match. None when no
    word matches."""
    wanted = {part for pair in query_terms(query) for part in pair}
    if not wanted:
        return None
    for found in _WORD.finditer(text):
        word = found.group()
        if fold(word) in wanted or lemma(word) in wanted:
            start, end = found.span()
            left, right = max(0, start - width // 2), min(len(text), end + width // 2)
            before, after = text[left:start], text[end:right]
            if left:  # begin and end on whole words
                before = "…" + (before.split(" ", 1)[1] if " " in before else "")
            if right < len(text):
                after = (after.rsplit(" ", 1)[0] if " " in after else "") + "…"
            return _SPACES.sub(" ", before), word, _SPACES.sub(" ", after)
    return None
