"""Which Polish lemmatiser or stemmer lets search find more: each pair of the word list
(partnerstwa/library/tests/data/polish_word_pairs.tsv: a query form, a form in a document) is
found when the two words share a normalised form (folded to ASCII, as lib.polish_search does).
Measures each of simplemma, pystempel and morfeusz2 (the project's dependency) that is installed:

    .venv/bin/python bench/lemmatisers.py
    # the others in a throwaway virtualenv: pip install simplemma pystempel morfeusz2
"""

import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT / "partnerstwa" / "library" / "tests" / "data" / "polish_word_pairs.tsv"
sys.path.insert(0, str(ROOT))

from partnerstwa.lib.text import fold  # noqa: E402  (no Django needed)


def pairs() -> list[tuple[str, str]]:
    rows = []
    for line in PAIRS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            query, word = line.split("\t")
            rows.append((query.strip(), word.strip()))
    return rows


def simplemma_forms() -> Callable[[str], set[str]]:
    import simplemma

    return lambda word: {fold(word), fold(simplemma.lemmatize(word.lower(), lang="pl"))}


def pystempel_forms() -> Callable[[str], set[str]]:
    import contextlib
    import io

    from pystempel import Stemmer

    with contextlib.redirect_stderr(io.StringIO()):  # its loading progress bar
        stemmer = Stemmer.default()
    return lambda word: {fold(word), fold(stemmer(word.lower()) or word)}


def morfeusz2_forms() -> Callable[[str], set[str]]:
    import morfeusz2

    analyser = morfeusz2.Morfeusz()

    def forms(word: str) -> set[str]:
        # Every lemma of every reading ("gminom" -> gmina, gmin); homonym tags after ":" dropped.
        lemmas = {reading[2][1].split(":")[0] for reading in analyser.analyse(word.lower())}
        return {fold(word)} | {fold(lemma) for lemma in lemmas}

    return forms


TOOLS = {"simplemma": simplemma_forms, "pystempel": pystempel_forms, "morfeusz2": morfeusz2_forms}


def main() -> None:
    rows = pairs()
    print(f"{len(rows)} word pairs from {PAIRS.relative_to(ROOT)}")
    for name, build in TOOLS.items():
        try:
            forms = build()
        except ImportError:
            print(f"{name:10s}  not installed")
            continue
        start = time.perf_counter()
        missed = [(q, w) for q, w in rows if not forms(q) & forms(w)]
        took = (time.perf_counter() - start) * 1000
        found = len(rows) - len(missed)
        shown = ", ".join(f"{q}→{w}" for q, w in missed)
        print(f"{name:10s}  finds {found}/{len(rows)}  ({took:.0f} ms)  misses: {shown or '—'}")


if __name__ == "__main__":
    main()
