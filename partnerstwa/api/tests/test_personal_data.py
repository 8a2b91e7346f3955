"""No answer to an anonymous client holds personal data: every anonymous operation of the schema
is called (its lists and the detail of each listed record), and no answer may hold a field
named as personal in privacy.personal_data, nor any of the seeded people's values."""

import json
import re

import pytest

from partnerstwa.api.api import api
from partnerstwa.api.tests.factories import PERSONAL_VALUES, world
from partnerstwa.privacy.personal_data import PERSONAL_DATA

pytestmark = pytest.mark.django_db

PERSONAL_NAMES = {name for fields in PERSONAL_DATA.values() for name in fields}


def anonymous_operations() -> list[str]:
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return [
        path
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
        if method == "get" and not operation.get("security")
    ]


def keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys(v)}
    return set()


def test_the_walk_covers_every_kind_of_record():
    paths = anonymous_operations()
    assert len(paths) >= 25
    assert "/api/v1/events/{id}/registrations" not in paths


def test_no_anonymous_answer_holds_personal_data(client):
    world()
    answers = {}
    lists = [path for path in anonymous_operations() if "{" not in path]
    for path in lists:
        body = client.get(path).json()
        answers[path] = body
        details = [p for p in anonymous_operations() if p.startswith(path + "/{")]
        for item in body.get("items", []):
            for detail in details:
                name = re.search(r"\{(\w+)\}", detail).group(1)
                key = item.get(name, item.get("id"))
                answer = client.get(re.sub(r"\{\w+\}", str(key), detail))
                assert answer.status_code == 200, (detail, key)
                answers[f"{detail} {key}"] = answer.json()
    assert len(answers) > 30
    for where, body in answers.items():
        assert not keys(body) & PERSONAL_NAMES, where
        text = json.dumps(body, ensure_ascii=False)
        for value in PERSONAL_VALUES:
            assert value not in text, (where, value)
