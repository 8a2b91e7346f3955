"""Issue 13: the owners' bulk writes check each distinct value once with the fields' own
clean() (lib.bulk.FieldChecks) instead of full_clean() per record. They must refuse exactly what
full_clean() refused, with the same messages, and keep exactly what it kept."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from partnerstwa.lib.bulk import FieldChecks
from partnerstwa.partnerships.models import PartnershipMember
from partnerstwa.registry.models import AssociationMembership, Person

D = datetime.date
FAST = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Names and addresses at the edges: blank, spaces, control and line-breaking characters, too
# long by one, non-Latin letters, malformed and odd-but-valid addresses.
TEXTS = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "Anna",
            "Żaneta",
            "a" * 100,
            "a" * 101,
            "Jan\nKowalski",
            "Jan\r",
            "Jan\x00",
            "Jan\u2028",
            "\t",
            "anna@example.org",
            "anna@",
            "@example.org",
            "anna@localhost",
            "a@b.c",
            "anna nowak@example.org",
            "ąę@przykład.pl",
            "x" * 250 + "@example.org",
        ]
    ),
    st.text(max_size=120),
)
DAYS = st.one_of(
    st.none(),
    st.sampled_from([D(1989, 12, 31), D(1990, 1, 1), D(2016, 10, 31), D(9999, 12, 31)]),
    st.dates(),
)


def _full_clean_outcome(instance, names):
    """What full_clean() (as the one-by-one services call it) says about the named fields."""
    others = [field.name for field in instance._meta.fields if field.name not in names]
    try:
        instance.full_clean(exclude=others, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        return "refused", error.message_dict
    return "kept", {name: getattr(instance, name) for name in names}


def _checks_outcome(model, values):
    try:
        cleaned = FieldChecks(model, list(values)).clean(values)
    except ValidationError as error:
        return "refused", error.message_dict
    return "kept", cleaned


@FAST
@given(first=TEXTS, last=TEXTS, email=TEXTS, illustrative=st.booleans())
@example(first="Anna", last="a" * 101, email="anna@", illustrative=False)
@example(first="", last="", email="", illustrative=True)
def test_people_checked_in_bulk_are_refused_exactly_as_full_clean_refuses_them(
    first, last, email, illustrative
):
    values = {
        "first_name": first,
        "last_name": last,
        "email": email,
        "is_illustrative": illustrative,
    }
    assert _checks_outcome(Person, values) == _full_clean_outcome(Person(**values), values)


@FAST
@given(joined=DAYS, left=DAYS)
@example(joined=None, left=None)
@example(joined=D(1989, 12, 31), left=D(2016, 1, 1))
def test_memberships_checked_in_bulk_are_refused_exactly_as_full_clean_refuses_them(joined, left):
    values = {"joined_on": joined, "left_on": left}
    instance = AssociationMembership(association_id=1, organisation_id=1, **values)
    # full_clean() also runs clean(), a query; only the fields' own checks are compared here.
    instance.clean = lambda: None
    assert _checks_outcome(AssociationMembership, values) == _full_clean_outcome(instance, values)


@FAST
@given(
    role=st.one_of(st.sampled_from(["leader", "member", "", "Leader", "observer"]), st.text()),
    joined=DAYS,
)
def test_partnership_members_checked_in_bulk_are_refused_exactly_as_full_clean_refuses_them(
    role, joined
):
    values = {"role": role, "joined_on": joined}
    instance = PartnershipMember(partnership_id=1, organisation_id=1, **values)
    assert _checks_outcome(PartnershipMember, values) == _full_clean_outcome(instance, values)


def test_a_value_met_again_in_a_batch_gets_the_same_verdict_without_a_second_check(monkeypatch):
    field = Person._meta.get_field("first_name")
    calls = []
    original = type(field).clean

    def counting(self, value, instance):
        if self is field:
            calls.append(value)
        return original(self, value, instance)

    monkeypatch.setattr(type(field), "clean", counting)
    checks = FieldChecks(Person, ["first_name"])
    for _ in range(3):
        assert checks.clean({"first_name": "Anna"}) == {"first_name": "Anna"}
        with pytest.raises(ValidationError) as refused:
            checks.clean({"first_name": "An\nna"})
        assert list(refused.value.message_dict) == ["first_name"]
    assert calls == ["Anna", "An\nna"]


def test_a_relation_is_not_checked_by_value():
    with pytest.raises(ValueError):
        FieldChecks(PartnershipMember, ["organisation"])
