"""Build many partnerships on the real TERYT register in a fresh SQLite database (or DATABASE_URL)
and print the server time of the public list, detail and map pages.

    .venv/bin/python bench/partnerships.py [--partnerships N] [--members M] [--repeat R]

Members are the register's gminas (each partnership takes its local governments from one
neighbourhood of a voivodeship), plus NGOs and businesses, so sectors are mixed. Pages are
requested in-process through django.test.Client: the times are the server's, without a network.
"""

import argparse
import datetime
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TERC_FILE = ROOT / "partnerstwa" / "data" / "teryt" / "TERC_Urzedowy_2022-01-01.csv"
POPULATION_FILE = (
    ROOT / "partnerstwa" / "data" / "gus" / "ludnosc_wg_ekonomicznych_grup_wieku_2010-2019.csv"
)
SEED = 2012
BATCH = 1000
FUNDING_PROGRAMMES = [
    "MF EOG 2009–2014",
    "POPT 2014–2020",
    "RPO WM 2014–2020",
    "Program Rozwój Lokalny",
    "Interreg Polska–Saksonia",
]
TOPICS = [
    "Diagnoza obszaru funkcjonalnego",
    "Warsztaty strategiczne",
    "Opinia o projekcie strategii",
    "Przegląd planu operacyjnego",
    "Przygotowanie wizyty studyjnej",
]
FIRST_NAMES = ["Anna", "Piotr", "Katarzyna", "Tomasz", "Magdalena", "Jan", "Agnieszka", "Marek"]
LAST_NAMES = ["Nowak", "Kowalska", "Wiśniewski", "Wójcik", "Kamińska", "Lewandowski", "Zając"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--partnerships", type=int, default=5000)
    parser.add_argument("--members", type=int, default=15, help="members of each partnership")
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per page")
    args = parser.parse_args()
    if args.partnerships < 1 or args.members < 1 or args.repeat < 1:
        parser.error("--partnerships, --members and --repeat must be at least 1")

    workdir = tempfile.mkdtemp(prefix="partnerstwa-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    os.environ["DJANGO_SETTINGS_MODULE"] = "partnerstwa.settings"
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from partnerstwa.registry.services import population_import, teryt_import

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrate_seconds = time.perf_counter() - started

    started = time.perf_counter()
    teryt_import(TERC_FILE)
    population_import(POPULATION_FILE, skip_absent_units=True)
    import_seconds = time.perf_counter() - started

    started = time.perf_counter()
    split = build(args.partnerships, args.members)
    build_seconds = time.perf_counter() - started

    counts = row_counts()
    detail_slug = f"bench-{(args.partnerships + 1) // 2:05d}"
    pages = [
        ("list", "/partnerstwa/"),
        ("list filtered", "/partnerstwa/?wojewodztwo=14&sortuj=-value"),
        ("list page 100", "/partnerstwa/?page=100"),
        ("detail", f"/partnerstwa/{detail_slug}/"),
        ("map", "/partnerstwa/mapa/"),
    ]
    results = [(label, url, *measure(url, args.repeat)) for label, url in pages]

    temporary = str(connection.settings_dict["NAME"]).startswith(workdir)
    print(f"database:   {connection.vendor}" + (" (temporary)" if temporary else ""))
    print(f"machine:    {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end")
    print(f"setup:      migrate {migrate_seconds:.1f} s, TERYT + population {import_seconds:.1f} s")
    print(
        f"build:      {build_seconds:.1f} s for {args.partnerships:,} partnerships "
        f"x {args.members} members ({split})"
    )
    print("rows:       " + ", ".join(f"{name} {n:,}" for name, n in counts.items()))
    print(f"requests:   1 warm-up + {args.repeat} timed per page (django.test.Client, in-process)")
    print()
    header = (
        f"{'page':<14} {'median ms':>9} {'max ms':>8} {'queries':>7} {'SQL ms':>7} {'KiB':>6}  url"
    )
    print(header)
    print("-" * len(header))
    for label, url, median, highest, queries, sql_ms, size in results:
        print(
            f"{label:<14} {median:>9.1f} {highest:>8.1f} {queries:>7} {sql_ms:>7.1f} "
            f"{size / 1024:>6.0f}  {url}"
        )
    print()
    print("queries, SQL ms, KiB: one more request, apart from the timed ones;")
    print("SQL ms is the time spent executing the queries (rows fetched later are not in it)")

    connection.close()
    shutil.rmtree(workdir, ignore_errors=True)


def build(partnership_count: int, member_count: int) -> str:
    """Partnerships, members, projects and support, written with bulk_create in one transaction."""
    from django.db import transaction

    from partnerstwa.partnerships.models import (
        AreaKind,
        FundingProgramme,
        MemberRole,
        Partnership,
        PartnershipMember,
        PartnershipStatus,
        Project,
        ProjectStatus,
        SupportEngagement,
        SupportForm,
    )
    from partnerstwa.registry.models import Organisation, OrganisationKind, Person, TerritorialUnit
    from partnerstwa.registry.services import default_organisation_name

    rng = random.Random(SEED)
    # 15 members: 10 local governments, 3 NGOs, 2 businesses; the same shares for other sizes.
    ngo_count = member_count * 3 // 15
    business_count = member_count * 2 // 15
    government_count = member_count - ngo_count - business_count

    by_voivodeship: dict[str, list] = {}
    for unit in TerritorialUnit.objects.gminas().in_force().order_by("code"):
        by_voivodeship.setdefault(unit.code[:2], []).append(unit)
    smallest = min(len(units) for units in by_voivodeship.values())
    if government_count > smallest:
        sys.exit(f"--members {member_count} needs {government_count} gminas in every voivodeship")
    all_gminas = [unit for units in by_voivodeship.values() for unit in units]
    position = {unit.pk: i for units in by_voivodeship.values() for i, unit in enumerate(units)}
    window = max(3 * government_count, 30)

    def neighbours() -> list:
        """Local governments of one partnership: a leader and gminas of its neighbourhood."""
        leader = rng.choice(all_gminas)
        units = by_voivodeship[leader.code[:2]]
        size = min(window, len(units))
        start = min(max(position[leader.pk] - size // 2, 0), len(units) - size)
        others = [unit for unit in units[start : start + size] if unit.pk != leader.pk]
        return [leader, *rng.sample(others, government_count - 1)]

    chosen = [neighbours() for _ in range(partnership_count)]
    ngo_pool = max(ngo_count, partnership_count * ngo_count // 10)
    business_pool = max(business_count, partnership_count * business_count // 10)

    with transaction.atomic():
        used = sorted({unit.pk: unit for units in chosen for unit in units}.values(), key=_code)
        governments = Organisation.objects.bulk_create(
            [
                Organisation(
                    kind=OrganisationKind.GMINA,
                    territorial_unit=unit,
                    name=default_organisation_name(unit),
                )
                for unit in used
            ],
            batch_size=BATCH,
        )
        ngos = Organisation.objects.bulk_create(
            [
                Organisation(kind=OrganisationKind.NGO, name=f"Stowarzyszenie Razem nr {i}")
                for i in range(1, ngo_pool + 1)
            ],
            batch_size=BATCH,
        )
        businesses = Organisation.objects.bulk_create(
            [
                Organisation(kind=OrganisationKind.BUSINESS, name=f"Rozwój {i} sp. z o.o.")
                for i in range(1, business_pool + 1)
            ],
            batch_size=BATCH,
        )
        _check_keys(governments, ngos, businesses)
        organisation_of_unit = {org.territorial_unit_id: org for org in governments}
        programmes = FundingProgramme.objects.bulk_create(
            [FundingProgramme(name=name) for name in FUNDING_PROGRAMMES]
        )
        experts = Person.objects.bulk_create(
            [
                Person(first_name=rng.choice(FIRST_NAMES), last_name=rng.choice(LAST_NAMES))
                for _ in range(40)
            ]
        )
        _check_keys(programmes, experts)

        partnerships = []
        for i, units in enumerate(chosen, start=1):
            formed = datetime.date(2012, 1, 1) + datetime.timedelta(days=rng.randrange(5 * 365))
            partnerships.append(
                Partnership(
                    name=f"Partnerstwo {units[0].name} {i:05d}",
                    slug=f"bench-{i:05d}",
                    area_kind=rng.choice(AreaKind.values),
                    formed_on=formed,
                    agreement_signed_on=formed,
                    status=rng.choice(PartnershipStatus.values),
                    description="Partnerstwo utworzone przez bench/partnerships.py.",
                )
            )
        partnerships = Partnership.objects.bulk_create(partnerships, batch_size=BATCH)
        _check_keys(partnerships)

        members, projects, engagements = [], [], []
        detail = (partnership_count + 1) // 2
        for i, (partnership, units) in enumerate(zip(partnerships, chosen, strict=True), start=1):
            organisations = [organisation_of_unit[unit.pk] for unit in units]
            organisations += rng.sample(ngos, ngo_count) + rng.sample(businesses, business_count)
            for n, organisation in enumerate(organisations):
                members.append(
                    PartnershipMember(
                        partnership=partnership,
                        organisation=organisation,
                        role=MemberRole.LEADER if n == 0 else MemberRole.MEMBER,
                        joined_on=partnership.formed_on,
                    )
                )
            for k in range(rng.randint(1, 2)):
                grant = Decimal(rng.randrange(5_000_000, 200_000_000)) / 100
                own = (grant * Decimal(rng.randint(10, 40)) / 100).quantize(Decimal("0.01"))
                starts = partnership.formed_on + datetime.timedelta(days=rng.randrange(365))
                projects.append(
                    Project(
                        partnership=partnership,
                        title=f"Projekt {k + 1} partnerstwa {i:05d}",
                        reference=f"BENCH/{i:05d}/{k + 1}",
                        funding_programme=rng.choice(programmes),
                        grant=grant,
                        own_contribution=own,
                        total_value=grant + own,
                        starts_on=starts,
                        ends_on=starts + datetime.timedelta(days=rng.randrange(180, 1000)),
                        status=rng.choice(ProjectStatus.values),
                    )
                )
            if i % 5 == 0 or i == detail:
                for _ in range(rng.randint(1, 3)):
                    engagements.append(
                        SupportEngagement(
                            partnership=partnership,
                            date=partnership.formed_on
                            + datetime.timedelta(days=rng.randrange(700)),
                            expert=rng.choice(experts),
                            expert_role="ekspert ds. rozwoju lokalnego",
                            hours=Decimal(rng.randint(1, 32)) / 2,
                            form=rng.choice(SupportForm.values),
                            topic=rng.choice(TOPICS),
                        )
                    )
        PartnershipMember.objects.bulk_create(members, batch_size=BATCH)
        Project.objects.bulk_create(projects, batch_size=BATCH)
        SupportEngagement.objects.bulk_create(engagements, batch_size=BATCH)
    return f"{government_count} gminas, {ngo_count} NGOs, {business_count} businesses"


def _code(unit) -> str:
    return unit.code


def _check_keys(*created: list) -> None:
    # bulk_create fills the keys on SQLite and PostgreSQL; the script relies on that.
    if not all(obj.pk for objects in created for obj in objects):
        sys.exit("this database does not return keys from bulk_create")


def row_counts() -> dict[str, int]:
    from partnerstwa.partnerships.models import (
        Partnership,
        PartnershipMember,
        Project,
        SupportEngagement,
    )
    from partnerstwa.registry.models import Organisation, PopulationFigure, TerritorialUnit

    return {
        "units": TerritorialUnit.objects.count(),
        "population figures": PopulationFigure.objects.count(),
        "organisations": Organisation.objects.count(),
        "partnerships": Partnership.objects.count(),
        "members": PartnershipMember.objects.count(),
        "projects": Project.objects.count(),
        "support engagements": SupportEngagement.objects.count(),
    }


def measure(url: str, repeat: int) -> tuple[float, float, int, float, int]:
    """Median and max milliseconds of `repeat` requests after a warm-up; the queries, their time
    and the size of the page from one more request."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()

    def get():
        response = client.get(url)
        assert response.status_code == 200, f"{url}: status {response.status_code}"
        return response

    get()
    durations = []
    for _ in range(repeat):
        started = time.perf_counter()
        get()
        durations.append((time.perf_counter() - started) * 1000)
    sql_seconds = 0.0

    def timed(execute, sql, params, many, context):
        nonlocal sql_seconds
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            sql_seconds += time.perf_counter() - started

    with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timed):
        response = get()
    sql_ms = sql_seconds * 1000
    return (
        statistics.median(durations),
        max(durations),
        len(captured),
        sql_ms,
        len(response.content),
    )


if __name__ == "__main__":
    main()
