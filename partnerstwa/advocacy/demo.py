"""Advocacy's part of the demo (idempotent).

What the public sources say is kept as they say it: the programme's second goal (reference.yaml
goal_2, shown in the source page's words on the demo's home page, content/demo.py) and its
addressees, MSWiA and MR, which the seed list of addressees holds. No public source lists the
barriers the programme gathered, so the barriers and recommendations here are made up, marked
illustrative on every page, and reported by the demo's illustrative partnership only; the acts
they cite are real and cited correctly.
"""

import datetime

from partnerstwa.advocacy import services
from partnerstwa.advocacy.models import Addressee, AreaOfLaw, BarrierStatus, LegalBarrier
from partnerstwa.lib.dates import local_datetime
from partnerstwa.partnerships.models import Partnership

MARK = "Przykład: "
D = datetime.date


def _addressee(short_name: str) -> Addressee | None:
    return Addressee.objects.filter(short_name=short_name).order_by("pk").first()


def _steps(barrier: LegalBarrier, statuses: list[str], on: D) -> None:
    for number, status in enumerate(statuses):
        services.barrier_set_status(
            barrier=barrier,
            status=status,
            at=local_datetime(on + datetime.timedelta(days=14 * number), datetime.time(12)),
        )


def advocacy_demo_load(data: dict) -> int:
    """Add the illustrative barriers and recommendations; returns how many barriers were added
    (0 when they exist). The addressees named by the reference (goal_2_addressees) must be in
    the list; the seed migration puts them there."""
    if LegalBarrier.objects.filter(title__startswith=MARK).exists():
        return 0
    wanted = data.get("goals", {}).get("goal_2_addressees", ["MSWiA", "MR"])
    addressees = {short: _addressee(short) for short in wanted}
    areas = {area.slug: area for area in AreaOfLaw.objects.all()}
    if any(value is None for value in addressees.values()) or not areas:
        return 0
    reporters = list(Partnership.objects.filter(is_illustrative=True)[:1])
    common = {"partnerships": reporters, "is_published": True, "is_illustrative": True}

    service_centre = services.barrier_create(
        title=MARK + "wspólna obsługa szkół przez CUW sąsiedniej gminy",
        title_en="Example: a neighbouring gmina's shared service centre serving schools",
        description=(
            "Przykład demonstracyjny. Gminy partnerstwa chciały powierzyć obsługę księgową "
            "szkół centrum usług wspólnych jednej z nich. Przepisy o wspólnej obsłudze nie "
            "rozstrzygały, czy porozumienie może obejmować jednostki innej gminy bez zawarcia "
            "odrębnych umów z każdą z nich."
        ),
        area=areas.get("wspolna-obsluga") or next(iter(areas.values())),
        reported_on=D(2015, 10, 12),
        legal_acts="Dz.U. 2016 poz. 446, art. 10a\nDz.U. 2016 poz. 446, art. 10b ust. 1",
        **common,
    )
    _steps(
        service_centre,
        [
            BarrierStatus.UNDER_ANALYSIS,
            BarrierStatus.RECOMMENDATION_DRAFTED,
        ],
        D(2015, 11, 2),
    )
    procurement = services.barrier_create(
        title=MARK + "wspólne zamówienie transportu między gminami",
        title_en="Example: joint procurement of transport between gminas",
        description=(
            "Przykład demonstracyjny. Partnerstwo chciało zamówić wspólnie przewozy "
            "autobusowe na terenie trzech gmin; przepisy o zamawiającym i o organizatorze "
            "publicznego transportu zbiorowego prowadziły do dwóch różnych trybów."
        ),
        area=areas.get("zamowienia-publiczne") or next(iter(areas.values())),
        reported_on=D(2016, 1, 18),
        legal_acts=(
            "Dz.U. z 2015 r. poz. 2164, art. 16 ust. 1\nDz.U. 2011 nr 5 poz. 13, art. 7 ust. 1"
        ),
        **common,
    )
    _steps(procurement, [BarrierStatus.UNDER_ANALYSIS], D(2016, 2, 1))
    planning = services.barrier_create(
        title=MARK + "strategia obszaru funkcjonalnego bez podstawy w ustawie",
        title_en="Example: a functional area's strategy with no basis in the act",
        description=(
            "Przykład demonstracyjny. Strategia rozwoju obszaru funkcjonalnego, przyjęta "
            "uchwałami wszystkich rad gmin partnerstwa, nie była dokumentem, do którego "
            "odsyłały przepisy o polityce rozwoju."
        ),
        area=areas.get("polityka-rozwoju") or next(iter(areas.values())),
        reported_on=D(2015, 6, 8),
        legal_acts="Dz.U. 2016 poz. 383, art. 9",
        **common,
    )
    _steps(
        planning,
        [
            BarrierStatus.UNDER_ANALYSIS,
            BarrierStatus.RECOMMENDATION_DRAFTED,
        ],
        D(2015, 7, 1),
    )

    answered = services.recommendation_create(
        title=MARK + "porozumienia o wspólnej obsłudze jednostek kilku gmin",
        title_en="Example: agreements on shared services for several gminas' units",
        proposed_change=(
            "Przykład demonstracyjny. Doprecyzować art. 10a ustawy o samorządzie gminnym tak, "
            "aby jedno porozumienie mogło objąć jednostki organizacyjne kilku gmin."
        ),
        addressee=addressees["MSWiA"],
        barriers=[service_centre],
        sent_on=D(2016, 3, 3),
        is_illustrative=True,
    )
    services.recommendation_record_reply(
        recommendation=answered,
        text=(
            "Przykład demonstracyjny odpowiedzi: ministerstwo uznało, że obowiązujące przepisy "
            "dopuszczają takie porozumienie, i zapowiedziało wyjaśnienia w interpretacji."
        ),
        replied_on=D(2016, 4, 1),
    )
    services.barrier_set_status(
        barrier=service_centre,
        status=BarrierStatus.RESOLVED,
        at=local_datetime(D(2016, 4, 20), datetime.time(12)),
    )
    # Sent and never answered: the staff's overdue list shows it.
    services.recommendation_create(
        title=MARK + "strategia obszaru funkcjonalnego w ustawie o polityce rozwoju",
        title_en="Example: the functional area's strategy in the development policy act",
        proposed_change=(
            "Przykład demonstracyjny. Wskazać w ustawie o zasadach prowadzenia polityki "
            "rozwoju strategię obszaru funkcjonalnego przyjętą przez partnerstwo gmin."
        ),
        addressee=addressees["MR"],
        barriers=[planning],
        sent_on=D(2016, 9, 12),
        is_illustrative=True,
    )
    return 3
