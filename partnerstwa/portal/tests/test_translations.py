"""The Polish catalogue is complete: every interface string in code and templates is translated,
and the compiled .mo says what the .po says."""

import ast
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils.translation.template import templatize

PACKAGE = Path(settings.BASE_DIR) / "partnerstwa"
CATALOGUE = PACKAGE / "locale" / "pl" / "LC_MESSAGES" / "django.po"
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy"}
PGETTEXT_NAMES = {"pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy"}
STRING = r"u'(?:[^'\\]|\\.)*'"
TEMPLATE_CALL = re.compile(rf"\b(n?gettext)\(({STRING})")
TEMPLATE_PCALL = re.compile(rf"\b(n?pgettext)\(({STRING}),\s*({STRING})")


def _strings(args) -> list[str] | None:
    if all(isinstance(arg, ast.Constant) and isinstance(arg.value, str) for arg in args):
        return [arg.value for arg in args]
    return None


def _python_msgids(path: Path) -> set[tuple[str, str]]:
    """(context, msgid) of every gettext call with literal strings."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        if node.func.id in GETTEXT_NAMES and node.args and (strings := _strings(node.args[:1])):
            found.add(("", strings[0]))
        elif (
            node.func.id in PGETTEXT_NAMES
            and len(node.args) > 1
            and (strings := _strings(node.args[:2]))
        ):
            found.add((strings[0], strings[1]))
    return found


def _template_msgids(path: Path) -> set[tuple[str, str]]:
    code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    found = {("", ast.literal_eval(match.group(2))) for match in TEMPLATE_CALL.finditer(code)}
    found |= {
        (ast.literal_eval(match.group(2)), ast.literal_eval(match.group(3)))
        for match in TEMPLATE_PCALL.finditer(code)
    }
    return found


def interface_msgids() -> dict[tuple[str, str], Path]:
    msgids = {}
    for path in PACKAGE.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        msgids.update(dict.fromkeys(_python_msgids(path), path))
    for path in PACKAGE.rglob("templates/**/*.html"):
        msgids.update(dict.fromkeys(_template_msgids(path), path))
    return msgids


@pytest.fixture(scope="module")
def catalogue():
    return polib.pofile(str(CATALOGUE))


def test_every_interface_string_has_a_polish_translation(catalogue):
    translated = {(entry.msgctxt or "", entry.msgid) for entry in catalogue.translated_entries()}
    missing = {
        msgid: str(path) for msgid, path in interface_msgids().items() if msgid not in translated
    }
    assert not missing, "run `make messages` and translate: " + repr(missing)


def test_the_catalogue_has_no_fuzzy_or_untranslated_entries(catalogue):
    assert not catalogue.fuzzy_entries()
    assert not catalogue.untranslated_entries()


def test_the_compiled_catalogue_matches_the_source(catalogue):
    compiled = polib.mofile(str(CATALOGUE.with_suffix(".mo")))
    source = {
        (e.msgid, e.msgstr or tuple(e.msgstr_plural.values())) for e in catalogue if not e.obsolete
    }
    built = {(e.msgid, e.msgstr or tuple(e.msgstr_plural.values())) for e in compiled if e.msgid}
    assert source == built, "run `manage.py compile_catalogues`"
