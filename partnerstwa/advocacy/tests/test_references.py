import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerstwa.advocacy.validators import Reference, parse_reference, parse_references


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Dz.U. 2016 poz. 446", Reference(2016, None, 446)),
        ("Dz.U. z 2016 r. poz. 446", Reference(2016, None, 446)),
        ("Dz. U. z 2016 r., poz. 446", Reference(2016, None, 446)),
        ("dz.u. 2016 poz.446", Reference(2016, None, 446)),
        (
            "Dz.U. 2016 poz. 446, art. 10 ust. 1 pkt 2",
            Reference(2016, None, 446, "art. 10 ust. 1 pkt 2"),
        ),
        ("Dz.U. z 2024 r. poz. 1465 art. 74a", Reference(2024, None, 1465, "art. 74a")),
        ("Dz.U. 2001 nr 142 poz. 1591", Reference(2001, 142, 1591)),
        (
            "Dz.U. z 2001 r. Nr 142, poz. 1591, art. 10 ust. 2 pkt 3 lit. b",
            Reference(2001, 142, 1591, "art. 10 ust. 2 pkt 3 lit. b"),
        ),
    ],
)
def test_the_forms_lawyers_write_parse_into_year_number_position_and_provision(text, expected):
    assert parse_reference(text) == expected


@pytest.mark.parametrize(
    "text,code",
    [
        ("Dz.U. 2016 446", "bad_reference"),
        ("2016 poz. 446", "bad_reference"),
        ("M.P. 2016 poz. 446", "bad_reference"),
        ("Dz.U. 16 poz. 446", "bad_reference"),
        ("Dz.U. 2016 poz. 0", "bad_reference"),
        ("Dz.U. 2016 poz. 446 art 10", "bad_reference"),
        ("Dz.U. 2016 poz. 446, art. 10 ustęp 1", "bad_provision"),
        ("Dz.U. 1917 poz. 1", "bad_year"),
        ("Dz.U. 2999 poz. 1", "bad_year"),
        ("Dz.U. 2016 nr 12 poz. 446", "number_after_2011"),
        ("Dz.U. 2001 poz. 1591", "number_missing"),
        ("Dz.U. 2016\tpoz. 446", "control_characters"),
    ],
)
def test_a_malformed_or_impossible_reference_is_refused_with_its_reason(text, code):
    with pytest.raises(ValidationError) as refused:
        parse_reference(text)
    assert refused.value.code == code


def test_the_isap_address_is_wdu_year_and_position_in_seven_digits():
    assert parse_reference("Dz.U. 2016 poz. 446").isap_url == (
        "https://isap.sejm.gov.pl/isap.nsf/DocDetails.xsp?id=WDU20160000446"
    )


def test_before_2012_the_isap_address_holds_the_number_in_three_and_position_in_four_digits():
    assert parse_reference("Dz.U. 2001 nr 142 poz. 1591").isap_id == "WDU20011421591"
    assert parse_reference("Dz.U. 1990 nr 16 poz. 95").isap_id == "WDU19900160095"


def test_a_list_names_every_bad_line_and_keeps_a_repeated_act_once():
    assert parse_references("Dz.U. 2016 poz. 446\n\nDz.U. z 2016 r. poz. 446") == [
        Reference(2016, None, 446)
    ]
    with pytest.raises(ValidationError) as refused:
        parse_references("Dz.U. 2016 poz. 446\nustawa o gminach\nDz.U. 2001 poz. 1")
    assert len(refused.value.error_list) == 2


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=60))
def test_any_text_either_parses_or_is_refused_with_a_validation_error(text):
    try:
        reference = parse_reference(text)
    except ValidationError:
        return
    assert reference.isap_id.startswith("WDU")
