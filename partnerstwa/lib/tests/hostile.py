"""What people and attackers type, as hypothesis strategies shared by the property tests of
every app (issue 9: random text, dates, numbers and files never give a 500, and a refused input
changes no row)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Fast enough for every run of the suite; the database fixtures are reused across examples on
# purpose (each example checks that nothing changed).
FAST = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Anything, plus the inputs that broke systems like this one: line breaks that add e-mail
# headers, NUL bytes, formulas, scripts and script links, look-alike letters, the oversized,
# other scripts' digits, exponents.
TEXT = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "",
            " ",
            "Anna\r\nBcc: ktos@example.org",
            "\x00",
            "Jan\u2028Kowalski",
            "\u202eevil",
            '=HYPERLINK("http://zly.example")',
            "<script>alert(1)</script>",
            "javascript:alert(1)",
            "https://example.org",
            "ｃoordA",
            "x" * 20_001,
            "٣٤٥",
            "1e3",
        ]
    ),
)
NUMBER = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["1e3", "٣٤٥", "2 153 204,01", "1,005", "-5", "NaN", ""]),
    st.text(alphabet="0123456789 ,.-e", max_size=20),
)
DAY = st.one_of(
    st.dates().map(datetime.date.isoformat),
    st.dates().map(lambda day: day.strftime("%d.%m.%Y")),
    st.sampled_from(["0001-01-01", "9999-12-31", "2016-02-30", "2015-13-01", "0000-00-00", ""]),
    st.text(max_size=12),
)
FILE_NAME = st.text(
    alphabet=st.characters(
        codec="utf-8", exclude_categories=["Cc", "Cs"], exclude_characters='"/\\'
    ),
    max_size=30,
).map(lambda stem: stem.strip() or "plik").filter(
    # A browser never sends these, and Django's parser drops them before any view sees them;
    # SimpleUploadedFile refuses them outright.
    lambda name: name not in {".", ".."}
) | st.sampled_from(["opis.pdf", "skan.jpg", "a.exe", "../../etc.pdf", ".pdf"])
CONTENT = st.one_of(
    st.binary(max_size=2000),
    st.sampled_from(
        [
            b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 30,
            b"",
        ]
    ),
)
UPLOAD = st.one_of(
    st.none(),
    st.builds(lambda name, content: SimpleUploadedFile(name, content), FILE_NAME, CONTENT),
)
