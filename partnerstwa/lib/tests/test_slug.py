"""Web address names transliterate Polish letters instead of dropping them."""

from partnerstwa.lib.text import slug


def test_slug_transliterates_every_polish_letter():
    assert slug("Mikołowski Obszar Łódź żółć ĄĘŚĆŃ") == "mikolowski-obszar-lodz-zolc-aescn"


def test_slug_of_a_name_with_l_stroke_keeps_the_letter():
    assert slug("Partnerstwo mikołowskiego") == "partnerstwo-mikolowskiego"
