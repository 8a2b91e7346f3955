"""Issue 11, Polish: no slash-and-bracket gender forms ("obecna/y", "został(a)(-ło)
dodany(-na)(-ne)") anywhere a person reads Polish — our catalogue, templates and e-mails, and the
back office's own messages, which our catalogue overrides with neutral wording ("Dodano: …")."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils.html import strip_tags

from partnerstwa.registry.models import Association

PACKAGE = Path(settings.BASE_DIR) / "partnerstwa"
CATALOGUE = PACKAGE / "locale" / "pl" / "LC_MESSAGES" / "django.po"
LETTERS = "a-ząćęłńóśźż"
# "został(a)", "dodany(-na)", ")(-ło)", "obecna/y", "go/ją/je", "Pan/Pani".
GENDER_FORM = re.compile(
    rf"(?<=[\w)])\(-?[{LETTERS}]{{1,4}}\)"
    rf"|(?<![./:\w])[{LETTERS}]+/-?[{LETTERS}]{{1,3}}\b"
    r"|\bPan/Pani\b|\bPani/Pan\b"
)


def gender_forms(text: str) -> list[str]:
    return [match.group(0) for match in GENDER_FORM.finditer(text)]


def test_the_pattern_finds_the_forms_of_the_issue_and_spares_neutral_polish():
    for text in [
        "został(a)(-ło) dodany(-na)(-ne)",
        "obecna/y",
        "Można edytować go/ją/je",
        "Dodaj kolejne(go)(-ną)(-ny)",
        "zapomniał(a)",
        "Szanowny Pan/Pani",
        "y/a ",
    ]:
        assert gender_forms(text), text
    for text in [
        "Dodano: partnerstwo „Nysa 2020”.",
        "obecność potwierdzona",
        "wydarzenia (2) · https://example.org/a/b",
        "Przykład (ilustracyjny)",
        "{{ event.title }} (PDF)",
    ]:
        assert not gender_forms(text), text


def _polish_texts(entry: polib.POEntry) -> list[str]:
    return [entry.msgstr, *entry.msgstr_plural.values()]


def test_no_polish_message_of_our_catalogue_uses_a_slash_or_bracket_gender_form():
    found = {
        entry.msgid: forms
        for entry in polib.pofile(str(CATALOGUE))
        for text in _polish_texts(entry)
        if (forms := gender_forms(text))
    }
    assert not found, found


def _template_text(path: Path) -> str:
    """What a template writes besides its tags, variables, comments and markup."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?s)\{#.*?#\}|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", " ", text)
    text = re.sub(r"(?s)\{%.*?%\}|\{\{.*?\}\}", " ", text)
    return re.sub(r"(?s)<[^>]*>", " ", text)


def test_no_template_or_e_mail_text_uses_a_slash_or_bracket_gender_form():
    templates = [
        path
        for path in PACKAGE.rglob("templates/**/*")
        if path.suffix in (".html", ".txt") and path.is_file()
    ]
    assert any("emails" in path.parts for path in templates)
    found = {
        str(path.relative_to(PACKAGE)): forms
        for path in templates
        if (forms := gender_forms(_template_text(path)))
    }
    assert not found, found


# The back office's messages about our records that Django's Polish writes with bracket forms;
# our catalogue (LOCALE_PATHS comes first) says them neutrally.
ADMIN_MESSAGES = [
    "The {name} “{obj}” was added successfully.",
    "The {name} “{obj}” was added successfully. You may add another {name} below.",
    "The {name} “{obj}” was changed successfully.",
    "The {name} “{obj}” was changed successfully. You may edit it again below.",
    "The {name} “{obj}” was changed successfully. You may add another {name} below.",
    "%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?",
    "Add another %(verbose_name)s",
    "Add another %(model)s",
    "Change selected %(model)s",
    "Delete selected %(model)s",
    "View selected %(model)s",
    "Are you sure you want to delete the selected %(objects_name)s? All of the following "
    "objects and their related items will be deleted:",
    "Deleting the selected %(objects_name)s would require deleting the following protected "
    "related objects:",
    "Deleting the selected %(objects_name)s would result in deleting related objects, but your "
    "account doesn't have permission to delete the following types of objects:",
    "In case you’ve forgotten, you are:",
    "Logged out",
]


@pytest.mark.parametrize("msgid", ADMIN_MESSAGES)
def test_the_back_office_message_is_neutral_in_polish(msgid):
    from django.utils import translation

    with translation.override("pl"):
        shown = translation.gettext(msgid)
    assert shown != msgid, "not translated"
    assert not gender_forms(shown), shown


def test_the_back_office_plural_change_message_is_neutral_in_polish():
    from django.utils import translation

    with translation.override("pl"):
        for n in (1, 2, 5, 22):
            shown = translation.ngettext(
                "%(count)s %(name)s was changed successfully.",
                "%(count)s %(name)s were changed successfully.",
                n,
            )
            assert not gender_forms(shown), shown


@pytest.mark.django_db
def test_the_back_office_says_dodano_when_staff_add_a_record_in_polish(admin_client):
    response = admin_client.post(
        "/admin/registry/association/add/",
        {"code": "ZGW", "name": "Związek Gmin Wiejskich RP", "country": "PL", "website": ""},
        follow=True,
    )
    assert Association.objects.filter(code="ZGW").exists()
    shown = [strip_tags(str(message)) for message in response.context["messages"]]
    assert shown == ["Dodano: związek „Związek Gmin Wiejskich RP (ZGW)”."], shown
    assert "(a)" not in shown[0]
