"""The layers hold in templates too, where import-linter cannot look (pyproject.toml)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.backends.django import get_installed_libraries

# Lowest first, as in pyproject's layers contract; apps on one level may not use each other.
LEVEL = {
    "lib": 0,
    "registry": 1,
    "privacy": 1,
    "programme": 1,
    "partnerships": 2,
    "activities": 3,
    "contests": 4,
    "indicators": 5,
    "library": 6,
    "advocacy": 7,
    "newsletter": 8,
    "content": 9,
    "operations": 10,
    "api": 11,
    "rights": 11,
    "portal": 12,
}
LOAD = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")
URL = re.compile(r"{%\s*url\s+['\"]([a-z_]+):")


def _owner(app: str, used: str) -> bool:
    """Whether a template of `app` may use something of app `used`."""
    if used not in LEVEL:  # Django's or a third party's
        return True
    return used == app or LEVEL[used] < LEVEL[app]


def _templates():
    root = Path(settings.BASE_DIR) / "partnerstwa"
    for app in LEVEL:
        for path in sorted((root / app / "templates").rglob("*")):
            if path.is_file():
                yield app, path


@pytest.mark.parametrize("app,path", list(_templates()), ids=lambda value: str(value))
def test_a_template_loads_tags_and_names_urls_of_its_own_layer_or_below(app, path):
    libraries = {
        name: module.split(".")[1] if module.startswith("partnerstwa.") else "django"
        for name, module in get_installed_libraries().items()
    }
    text = path.read_text()
    loaded = {library for load in LOAD.findall(text) for library in load.split()}
    named = set(URL.findall(text))
    wrong = {f"load {name}" for name in loaded if not _owner(app, libraries.get(name, "django"))}
    wrong |= {f"url {name}:" for name in named if not _owner(app, name)}
    assert not wrong, f"{path}: {sorted(wrong)}"
