"""Polish alphabetical order with natural numbers, the same on SQLite and PostgreSQL."""

import random

import pytest
from django.db import connection

from partnerstwa.lib.collation import polish, sort_key
from partnerstwa.registry.models import Organisation

VOIVODESHIPS = [
    "dolnośląskie",
    "kujawsko-pomorskie",
    "lubelskie",
    "lubuskie",
    "łódzkie",
    "małopolskie",
    "mazowieckie",
    "opolskie",
    "podkarpackie",
    "podlaskie",
    "pomorskie",
    "śląskie",
    "świętokrzyskie",
    "warmińsko-mazurskie",
    "wielkopolskie",
    "zachodniopomorskie",
]
NUMBERED = ["Przykład nr 1", "Przykład nr 2", "Przykład nr 10", "Przykład nr 21"]


def _shuffled(names):
    names = list(names)
    random.Random(7).shuffle(names)
    return names


def test_python_key_orders_voivodeships_as_a_polish_dictionary_does():
    assert sorted(_shuffled(VOIVODESHIPS), key=sort_key) == VOIVODESHIPS


def test_python_key_orders_numbers_inside_names_naturally():
    assert sorted(_shuffled(NUMBERED), key=sort_key) == NUMBERED


@pytest.mark.django_db
def test_database_orders_voivodeships_and_numbers_in_polish_natural_order():
    for name in _shuffled(VOIVODESHIPS + NUMBERED):
        Organisation.objects.create(kind="ngo", name=name)
    names = list(Organisation.objects.order_by(polish("name")).values_list("name", flat=True))
    after = VOIVODESHIPS.index("pomorskie") + 1
    assert names == VOIVODESHIPS[:after] + NUMBERED + VOIVODESHIPS[after:], connection.vendor


@pytest.mark.django_db
def test_database_and_python_agree_on_mixed_case_and_letters():
    names = ["Łask", "Lublin", "lubartów", "Żary", "Zabrze", "Ćmielów", "Cieszyn", "Ełk", "Elbląg"]
    for name in names:
        Organisation.objects.create(kind="ngo", name=name)
    in_database = list(Organisation.objects.order_by(polish("name")).values_list("name", flat=True))
    assert in_database == sorted(names, key=sort_key)
