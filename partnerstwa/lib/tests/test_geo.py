"""The powiat neighbour table the demo draws partnerships from (a leader's powiat and the
powiats around it)."""

from partnerstwa.lib.geo import powiat_neighbours


def test_every_powiat_of_the_register_once():
    neighbours = powiat_neighbours()
    assert len(neighbours) == 380
    assert all(len(code) == 4 and code.isdigit() for code in neighbours)


def test_symmetric_and_no_powiat_alone():
    neighbours = powiat_neighbours()
    for code, others in neighbours.items():
        assert others, code
        assert code not in others
        for other in others:
            assert code in neighbours[other], (code, other)


def test_boleslawiecki_borders_its_neighbours():
    # zgorzelecki, lubański, lwówecki, złotoryjski, legnicki, polkowicki (dolnośląskie) and
    # żagański (lubuskie, 0810; 0811 is żarski).
    assert powiat_neighbours()["0201"] == {"0225", "0210", "0212", "0226", "0209", "0216", "0810"}


def test_warszawa_borders_the_powiats_around_it():
    # legionowski, miński, otwocki, piaseczyński, pruszkowski, warszawski zachodni, wołomiński
    assert powiat_neighbours()["1465"] == {"1408", "1412", "1417", "1418", "1421", "1432", "1434"}


def test_city_with_powiat_rights_borders_the_land_powiat_around_it():
    assert "2402" in powiat_neighbours()["2461"]  # Bielsko-Biała and powiat bielski
    assert powiat_neighbours()["0262"] == {"0209"}  # Legnica lies within powiat legnicki


def test_powiats_meeting_at_a_single_point_are_not_neighbours():
    # Piotrkowski and konecki only come within metres of each other where opoczyński meets
    # radomszczański.
    assert "2605" not in powiat_neighbours()["1010"]
