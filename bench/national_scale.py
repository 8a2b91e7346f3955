"""A generated national-scale programme: import it, compute the report, compare with a floor.

    .venv/bin/python bench/national_scale.py [--scale S] [--explain]
    bash .ci/with-postgres /usr/lib/postgresql/15/bin .venv/bin/python bench/national_scale.py \\
        --postgres --scale 0.05

On the real TERYT register the script writes a programme data package as CSV files: every gmina
and powiat in force as an organisation (plus NGOs and businesses), association memberships (ZMP
for about 40 % of the cities), and at --scale 1 5,000 partnerships of about 15 members with 1-2
projects each, 50,000 events of 2012-2016 and 1,000,000 attendance rows of recurring people, and
2 contest editions. --scale multiplies the partnerships, events and attendance rows. The default
is 0.5: on the 2-core development machine the import alone took 12.5 minutes at --scale 1 on
SQLite; the whole bench took 9 minutes at 0.75 on SQLite and 8-9 minutes at 0.5 on PostgreSQL.

It times `programme_import` on the folder (rows per second; peak memory the import needed, measured
in a forked child), then `compute()` as of 2016-10-31 for ZMP and the floor, one hand-written
SQL query per indicator over the same tables: a warm-up of each, then 3 rounds of both in turn,
medians. Each floor value is checked against compute(); the ratio report time / floor time is
the figure to watch (goal: at most 1.5).

SQLite by default, in a fresh temporary database (DATABASE_URL is ignored). With --postgres the
database of DATABASE_URL is used (created if absent, migrated); it must hold no programme data yet,
for example the throwaway cluster of .ci/with-postgres. DEBUG is off, so Django keeps no query log.
"""

import argparse
import csv
import datetime
import decimal
import multiprocessing
import os
import random
import resource
import shutil
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

from scratch import run_in_scratch_folder, use_database

ROOT = Path(__file__).resolve().parent.parent
TERC_FILE = ROOT / "partnerstwa" / "data" / "teryt" / "TERC_Urzedowy_2022-01-01.csv"
SEED = 2016
DAY = datetime.date(2016, 10, 31)
ASSOCIATION = "ZMP"
REPEAT = 3
GOAL = 1.5
# --scale 1: what the issue asks for.
FULL = {"partnerships": 5_000, "events": 50_000, "attendance": 1_000_000}
DEFAULT_SCALE = 0.5  # the whole bench in under 10 minutes on 2 cores

EVENT_KINDS = {  # kind: (share of the events, relative size of its attendance list)
    "training": (0.35, 1.0),
    "strategy_workshop": (0.20, 1.2),
    "cuw_workshop": (0.10, 0.8),
    "conference": (0.10, 4.0),
    "study_visit": (0.10, 0.6),
    "exchange_group": (0.15, 0.7),
}
FIRST_NAMES = str.split(
    "Anna Piotr Katarzyna Tomasz Magdalena Jan Agnieszka Marek Małgorzata Paweł Barbara "
    "Krzysztof Ewa Andrzej Joanna Michał Zofia Łukasz Dorota Grzegorz Elżbieta Wojciech Beata "
    "Jerzy Irena Rafał Halina Mariusz Żaneta Sławomir"
)
LAST_NAMES = str.split(
    "Nowak Kowalska Wiśniewski Wójcik Kamińska Lewandowski Zając Szymańska Woźniak Dąbrowska "
    "Kozłowski Jankowska Mazur Kwiatkowski Krawczyk Piotrowska Grabowski Nowakowska Pawłowski "
    "Michalska Adamczyk Dudek Zawadzka Wieczorek Jabłoński Król Majewska Olszewski Jaworska "
    "Malinowski Pawlak Witkowska Walczak Stępień Górska Rutkowski Michalak Sikora Ostrowska "
    "Baran"
)
CITIES = ["Warszawa", "Kraków", "Poznań", "Gdańsk", "Wrocław", "Lublin", "Łódź", "Rzeszów"]
ABROAD = [("Oslo", "NO"), ("Reykjavík", "IS"), ("Vaduz", "LI"), ("Bergen", "NO"), ("Lipsk", "DE")]
DOMAINS = ["example.org", "gmina.example.pl", "powiat.example.pl", "poczta.example.com"]
FUNDING = ["MF EOG 2009–2014", "POPT 2014–2020", "RPO 2014–2020", "Program Rozwój Lokalny"]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=DEFAULT_SCALE,
        help="multiplies partnerships, events and attendance rows (1 = the national scale)",
    )
    parser.add_argument("--postgres", action="store_true", help="use DATABASE_URL (PostgreSQL)")
    parser.add_argument("--explain", action="store_true", help="print the plan of each query")
    args = parser.parse_args()
    if args.scale <= 0:
        parser.error("--scale must be positive")
    run_in_scratch_folder(run, args)


# The database


def setup(args: argparse.Namespace, workdir: Path) -> None:
    use_database(postgres=args.postgres, workdir=workdir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "partnerstwa.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from partnerstwa.activities.models import Attendance
    from partnerstwa.partnerships.models import Partnership

    call_command("migrate", verbosity=0)
    if Partnership.objects.exists() or Attendance.objects.exists():
        sys.exit("the database already holds programme data: use a throwaway one")


# The package


def generate(folder: Path, scale: float) -> dict:
    """Write the package's CSV files; return row counts and what the package itself says the
    projects of the partnerships formed by DAY are worth (exactly)."""
    from partnerstwa.registry.models import CITY_POWIAT_CODE_FROM, CITY_TYPES, TerritorialUnit

    rng = random.Random(SEED)
    counts: dict[str, int] = {}
    n_partnerships = max(1, round(FULL["partnerships"] * scale))
    n_events = max(len(EVENT_KINDS), round(FULL["events"] * scale))
    n_attendance = max(n_events, round(FULL["attendance"] * scale))

    def write(name: str, header: list[str], rows, delimiter: str = ",") -> None:
        with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as file:
            writer = csv.writer(file, delimiter=delimiter)
            writer.writerow(header)
            number = 0
            for row in rows:
                writer.writerow(row)
                number += 1
        counts[name] = number

    # Organisations: every gmina and powiat in force, NGOs, businesses.
    units = TerritorialUnit.objects.in_force()
    gminas = list(units.gminas().order_by("code").values_list("code", "name", "unit_type"))
    powiats = list(units.powiats().order_by("code").values_list("code", "name"))
    n_ngos = max(30, round(1500 * scale))
    n_businesses = max(10, round(500 * scale))
    organisations = [(f"G{code}", f"Gmina {name}", "gmina", code) for code, name, _t in gminas]
    organisations += [(f"P{code}", f"Powiat {name}", "powiat", code) for code, name in powiats]
    organisations += [(f"N{i}", f"Stowarzyszenie nr {i}", "ngo", "") for i in range(n_ngos)]
    organisations += [
        (f"B{i}", f"Rozwój {i} sp. z o.o.", "business", "") for i in range(n_businesses)
    ]
    write(
        "organisations",
        ["key", "name", "kind", "teryt", "nip", "regon"],
        ([key, name, kind, teryt, "", ""] for key, name, kind, teryt in organisations),
    )
    counts["gminas"], counts["powiats"] = len(gminas), len(powiats)

    # Memberships: ZMP for ~40 % of the cities and half of the cities with powiat rights, ZGW RP
    # for rural gminas, ZPP for powiats; some left, a few of those came back.
    def periods() -> list[tuple[datetime.date, datetime.date | None]]:
        joined = _date(rng, datetime.date(1991, 1, 1), datetime.date(2016, 12, 31))
        if rng.random() > 0.15:
            return [(joined, None)]
        left = _date(rng, joined, datetime.date(2019, 12, 31))
        if rng.random() < 0.3:
            back = left + datetime.timedelta(days=rng.randint(30, 1500))
            return [(joined, left), (back, None)]
        return [(joined, left)]

    memberships = []
    for code, _name, unit_type in gminas:
        if unit_type in CITY_TYPES and rng.random() < 0.4:
            memberships += [(f"G{code}", "ZMP", *period) for period in periods()]
        elif unit_type not in CITY_TYPES and rng.random() < 0.3:
            memberships += [(f"G{code}", "ZGWRP", *period) for period in periods()]
    for code, _name in powiats:
        if int(code[2:]) >= CITY_POWIAT_CODE_FROM and rng.random() < 0.5:
            memberships += [(f"P{code}", "ZMP", *period) for period in periods()]
        elif rng.random() < 0.6:
            memberships += [(f"P{code}", "ZPP", *period) for period in periods()]
    write(
        "memberships",
        ["organisation_key", "association", "joined_on", "left_on"],
        ([key, code, _iso(joined), _iso(left)] for key, code, joined, left in memberships),
    )

    # Partnerships: neighbouring gminas of one voivodeship, its powiats, NGOs and a business.
    by_voivodeship: dict[str, list[str]] = {}
    for code, _name, _type in gminas:
        by_voivodeship.setdefault(code[:2], []).append(code)
    powiats_of: dict[str, list[str]] = {}
    for code, _name in powiats:
        powiats_of.setdefault(code[:2], []).append(code)
    gmina_codes = [code for code, _name, _type in gminas]
    position = {code: i for codes in by_voivodeship.values() for i, code in enumerate(codes)}
    partnerships, members, projects = [], [], []
    exact_value = Decimal(0)
    for i in range(1, n_partnerships + 1):
        key = f"PS{i:05d}"
        formed = None if rng.random() < 0.02 else _date(rng, datetime.date(2012, 1, 1), 2017)
        partnerships.append([key, f"Partnerstwo obszaru funkcjonalnego nr {i}", _iso(formed)])
        first = rng.choice(gmina_codes)
        voivodeship = by_voivodeship[first[:2]]
        start = min(max(position[first] - 15, 0), max(len(voivodeship) - 30, 0))
        window = [code for code in voivodeship[start : start + 30] if code != first]
        size = rng.randint(13, 17)
        member_keys = [f"G{first}"] + [f"G{code}" for code in rng.sample(window, size - 7)]
        member_keys += [f"P{code}" for code in rng.sample(powiats_of[first[:2]], 2)]
        member_keys += [f"N{n}" for n in rng.sample(range(n_ngos), 3)]
        member_keys.append(f"B{rng.randrange(n_businesses)}")
        chance = rng.random()
        leader = 0 if chance < 0.85 else (size - 6 if chance < 0.95 else size - 4)
        for n, organisation in enumerate(member_keys):
            chance = rng.random()
            if formed is None or chance < 0.05:
                joined = None
            elif chance < 0.8 or n == leader:
                joined = formed
            else:
                joined = formed + datetime.timedelta(days=rng.randint(1, 900))
            role = "leader" if n == leader else "member"
            members.append([key, organisation, role, _iso(joined)])
        for k in range(rng.randint(1, 2)):
            total = Decimal(rng.randrange(5_000_000, 500_000_000)) / 100
            grant = (total * Decimal(rng.randint(60, 85)) / 100).quantize(Decimal("0.01"))
            starts = _date(rng, formed or datetime.date(2013, 1, 1), 2018)
            projects.append(
                [
                    f"PR{i:05d}-{k + 1}",
                    key,
                    f"Projekt {k + 1} partnerstwa nr {i}",
                    rng.choice(FUNDING),
                    _pln(total, k == 0),
                    _pln(grant, k != 0),
                    _iso(starts),
                    _iso(starts + datetime.timedelta(days=rng.randint(180, 1000))),
                ]
            )
            if formed is None or formed <= DAY:
                exact_value += total
    write("partnerships", ["key", "name", "formed_on"], partnerships)
    write(
        "partnership_members", ["partnership_key", "organisation_key", "role", "joined_on"], members
    )
    # Semicolons, as Excel writes CSV in Poland: the reader detects them.
    columns = "key partnership_key title funding_programme total_value_pln grant_pln starts_on"
    write("projects", [*columns.split(), "ends_on"], projects, delimiter=";")
    del partnerships, members, projects

    # Events over 2012-2016 (those starting after DAY do not count yet).
    kinds = list(EVENT_KINDS)
    shares = [EVENT_KINDS[kind][0] for kind in kinds]
    events, weights = [], []
    for i in range(1, n_events + 1):
        kind = kinds[i - 1] if i <= len(kinds) else rng.choices(kinds, shares)[0]
        starts = _date(rng, datetime.date(2012, 1, 1), 2016)
        ends = starts + datetime.timedelta(days=rng.choice([0, 0, 0, 1, 2]))
        city, country = rng.choice(CITIES), rng.choice(["PL", "PL", ""])
        if kind == "study_visit" and rng.random() < 0.7:
            city, country = rng.choice(ABROAD)
        events.append([f"E{i:06d}", kind, f"{kind} {i}", _iso(starts), _iso(ends), city, country])
        weights.append(EVENT_KINDS[kind][1] * rng.uniform(0.5, 1.5))
    write("events", ["key", "kind", "title", "starts_on", "ends_on", "city", "country"], events)

    # People who come back: ~8 attendances each; 90 % give an e-mail (sometimes in capitals or
    # with spaces), 85 % represent an organisation (named on 95 % of their rows).
    pool = max(500, n_attendance // 8)
    people = []
    for n in range(pool):
        email = f"uczestnik{n}@{rng.choice(DOMAINS)}" if rng.random() < 0.9 else ""
        organisation = rng.choice(organisations)[0] if rng.random() < 0.85 else ""
        people.append((rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES), email, organisation))
    total_weight = sum(weights)
    sizes = [int(n_attendance * weight / total_weight) for weight in weights]
    for i in range(n_attendance - sum(sizes)):
        sizes[i % len(sizes)] += 1

    def attendance():
        for event, size in zip(events, sizes, strict=True):
            for first, last, email, organisation in rng.sample(people, min(size, pool)):
                chance = rng.random()
                if email and chance < 0.05:
                    email = email.upper()
                elif email and chance < 0.07:
                    email = f"  {email} "
                yield [event[0], first, last, email, organisation if chance < 0.95 else ""]

    write(
        "attendance",
        ["event_key", "first_name", "last_name", "email", "organisation_key"],
        attendance(),
    )
    counts["people in the pool"] = pool
    write(
        "contest_editions",
        ["key", "name", "decided_on"],
        [["K2015", "Konkurs 2015", "2015-06-30"], ["K2016", "Konkurs 2016", "2016-09-30"]],
    )
    return {"counts": counts, "exact_value": exact_value}


def _date(rng: random.Random, start: datetime.date, end) -> datetime.date:
    """A day from start to end (a date, or a year: its 31 December)."""
    if isinstance(end, int):
        end = datetime.date(end, 12, 31)
    return start + datetime.timedelta(days=rng.randint(0, max((end - start).days, 0)))


def _iso(day: datetime.date | None) -> str:
    return day.isoformat() if day else ""


def _pln(amount: Decimal, spaced: bool) -> str:
    """Both notations of the package: 2 153 204,01 and 2153204.01."""
    if not spaced:
        return f"{amount:.2f}"
    return f"{amount:,.2f}".replace(",", " ").replace(".", ",")


# Measuring


def _resident() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def measure(function, *, cpu: bool = False):
    """Run function in a forked child and return (result, seconds, peak memory growth in bytes)
    and, with cpu, the CPU seconds the child spent (steadier than the wall time on a shared
    machine; a database server's own work is not in it).

    The child starts from this process's memory; its peak resident size (getrusage) minus its
    size at the start is what the call needed — measured without slowing it down."""
    from django.db import connections

    connections.close_all()
    reader, writer = multiprocessing.Pipe(duplex=False)

    def child():
        before = _resident()
        started, spent = time.perf_counter(), time.process_time()
        try:
            result = function()
        except BaseException as error:  # the parent must hear of it, not wait forever
            writer.send(("error", f"{type(error).__name__}: {error}"))
            raise
        seconds, spent = time.perf_counter() - started, time.process_time() - spent
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        outcome = (result, seconds, max(peak - before, 0))
        writer.send(("ok", (*outcome, spent) if cpu else outcome))

    process = multiprocessing.get_context("fork").Process(target=child)
    process.start()
    status, outcome = reader.recv()
    process.join()
    if status != "ok":
        sys.exit(f"the measured call failed:\n{outcome[:5000]}")
    return outcome


class QueryLog:
    """The SQL, parameters and seconds of every query run inside `with connection.execute_wrapper
    (log)` — DEBUG stays off."""

    def __init__(self):
        self.queries: list[tuple[str, tuple, float]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((sql, params, time.perf_counter() - started))


# compute(): which indicators each of its queries yields, in the order it runs them.
COMPUTE_QUERIES = [
    "entities, local_governments, cities, member_cities",
    "partnerships",
    "partnerships_led_by_members",
    "projects_value_pln",
    "trainings, strategy_workshop_sessions, cuw_workshops, conferences, study_visits",
    "conference_entities",
    "contest_editions",
    "capacity_building_participants",
    "conference_participants",
    "study_visit_participants",
]


# The floor: one hand-written query per indicator, with the meaning of computation.py.

FORMED = "(p.formed_on IS NULL OR p.formed_on <= %(day)s)"
JOINED = "(m.joined_on IS NULL OR m.joined_on <= %(day)s)"
MEMBERS = f"""
    FROM partnerships_partnershipmember m
    JOIN partnerships_partnership p ON p.id = m.partnership_id
    JOIN registry_organisation o ON o.id = m.organisation_id
    JOIN registry_territorialunit t ON t.id = o.territorial_unit_id
    WHERE {FORMED} AND {JOINED}"""
# Organisations that are members on the day (a semi-join: faster than COUNT(DISTINCT) of a join).
ORGANISATIONS = f"""SELECT COUNT(*)
    FROM registry_organisation o
    LEFT JOIN registry_territorialunit t ON t.id = o.territorial_unit_id
    WHERE o.id IN (
        SELECT m.organisation_id FROM partnerships_partnershipmember m
        JOIN partnerships_partnership p ON p.id = m.partnership_id
        WHERE {FORMED} AND {JOINED})"""
CITY = "o.kind = 'gmina' AND t.unit_type IN ('1', '3')"
IN_ASSOCIATION = """EXISTS (
    SELECT 1 FROM registry_associationmembership am
    JOIN registry_association a ON a.id = am.association_id
    WHERE am.organisation_id = o.id AND a.code = %(association)s
      AND am.joined_on <= %(day)s AND (am.left_on IS NULL OR am.left_on >= %(day)s))"""
EVENTS = """
    FROM activities_event e
    WHERE e.kind IN ({kinds}) AND e.starts_at <= %(end)s
      AND e.status NOT IN ('draft', 'cancelled')"""
SESSIONS = """SELECT s.id FROM activities_session s JOIN activities_event e ON e.id = s.event_id
        WHERE e.kind IN ({kinds}) AND e.starts_at <= %(end)s
          AND e.status NOT IN ('draft', 'cancelled')"""
# The person's key depends only on the person and the organisation represented: take the distinct
# pairs first (integers, cheap), then build the keys of those pairs only.
PEOPLE = f"""SELECT COUNT(DISTINCT COALESCE(
        NULLIF(LOWER(TRIM(pe.email)), ''),
        LOWER(TRIM(pe.first_name)) || '|' || LOWER(TRIM(pe.last_name)) || '|'
            || COALESCE(CAST(x.organisation_id AS TEXT), '')))
    FROM (
        SELECT DISTINCT a.person_id, a.organisation_id FROM activities_attendance a
        WHERE a.session_id IN ({SESSIONS})
    ) x
    JOIN registry_person pe ON pe.id = x.person_id"""
CAPACITY = "'training', 'strategy_workshop', 'cuw_workshop'"
CONFERENCE = "'conference', 'congress'"

FLOOR = {
    "partnerships": "SELECT COUNT(*) FROM partnerships_partnership p WHERE " + FORMED,
    "entities": ORGANISATIONS,
    "local_governments": ORGANISATIONS + " AND o.kind IN ('gmina', 'powiat', 'wojewodztwo')",
    "cities": f"{ORGANISATIONS} AND {CITY}",
    "member_cities": f"{ORGANISATIONS} AND {CITY} AND {IN_ASSOCIATION}",
    "partnerships_led_by_members": f"SELECT COUNT(DISTINCT m.partnership_id) {MEMBERS}"
    f" AND m.role = 'leader' AND (m.left_on IS NULL OR m.left_on >= %(day)s) AND {CITY}"
    f" AND {IN_ASSOCIATION}",
    "projects_value_pln": """SELECT SUM(pr.total_value) FROM partnerships_project pr
        JOIN partnerships_partnership p ON p.id = pr.partnership_id WHERE """
    + FORMED,
    "trainings": "SELECT COUNT(*)" + EVENTS.format(kinds="'training'"),
    "strategy_workshop_sessions": "SELECT COUNT(*)" + EVENTS.format(kinds="'strategy_workshop'"),
    "cuw_workshops": "SELECT COUNT(*)" + EVENTS.format(kinds="'cuw_workshop'"),
    "capacity_building_participants": PEOPLE.format(kinds=CAPACITY),
    "conferences": "SELECT COUNT(*)" + EVENTS.format(kinds=CONFERENCE),
    "conference_participants": PEOPLE.format(kinds=CONFERENCE),
    "conference_entities": "SELECT COUNT(DISTINCT a.organisation_id) FROM activities_attendance a"
    f" WHERE a.session_id IN ({SESSIONS.format(kinds=CONFERENCE)})"
    " AND a.organisation_id IS NOT NULL",
    "contest_editions": "SELECT COUNT(*) FROM contests_contestedition WHERE decided_on <= %(day)s",
    "study_visits": "SELECT COUNT(*)" + EVENTS.format(kinds="'study_visit'"),
    "study_visit_participants": PEOPLE.format(kinds="'study_visit'"),
}


def floor_parameters() -> dict:
    """The day, the end of the day and the association, adapted as the ORM adapts them."""
    from django.db import connection
    from django.utils import timezone

    end = datetime.datetime.combine(DAY, datetime.time.max, tzinfo=timezone.get_current_timezone())
    return {
        "day": connection.ops.adapt_datefield_value(DAY),
        "end": connection.ops.adapt_datetimefield_value(end),
        "association": ASSOCIATION,
    }


def _decimal(value) -> Decimal:
    """SUM over a decimal column: SQLite returns a float, read as Django reads it (15 digits)."""
    if value is None:
        return Decimal("0.00")
    if isinstance(value, float):
        value = decimal.Context(prec=15).create_decimal_from_float(value)
    return Decimal(value).quantize(Decimal("0.01"))


def run_floor(parameters: dict) -> dict:
    from django.db import connection

    values = {}
    with connection.cursor() as cursor:
        for code, sql in FLOOR.items():
            cursor.execute(_positional(sql), _named_params(sql, parameters))
            values[code] = cursor.fetchone()[0]
    values["projects_value_pln"] = _decimal(values["projects_value_pln"])
    return values


def _positional(sql: str) -> str:
    """%(name)s -> %s, so one text serves both backends' cursors."""
    for name in ("day", "end", "association"):
        sql = sql.replace(f"%({name})s", "%s")
    return sql


def _named_params(sql: str, parameters: dict) -> list:
    import re

    return [parameters[name] for name in re.findall(r"%\((\w+)\)s", sql)]


def time_both():
    """compute() and the floor once each as a warm-up, then REPEAT rounds of both in turn, so
    that a change in the machine's load touches both alike. For each: its values, the median
    seconds of a whole run and, per query, (sql, params, median seconds). The computation
    itself is timed (calculate()), not the read of the figures compute() stores."""
    from django.db import connection

    from partnerstwa.indicators.computation import calculate

    parameters = floor_parameters()
    passes = {
        "compute": lambda: calculate(DAY, ASSOCIATION),
        "floor": lambda: run_floor(parameters),
    }
    results = {}
    for name, function in passes.items():
        values = function()
        runs = []
        results[name] = (values, runs)
    for _ in range(REPEAT):
        for name, function in passes.items():
            log = QueryLog()
            with connection.execute_wrapper(log):
                started = time.perf_counter()
                again = function()
                seconds = time.perf_counter() - started
            assert again == results[name][0], f"{name}: other values on the same data"
            results[name][1].append((seconds, log.queries))
    timed = {}
    for name, (values, runs) in results.items():
        per_query = [
            (sql, params, statistics.median(queries[i][2] for _s, queries in runs))
            for i, (sql, params, _s) in enumerate(runs[0][1])
        ]
        timed[name] = (values, statistics.median(seconds for seconds, _q in runs), per_query)
    return timed["compute"], timed["floor"]


def with_shares(values: dict) -> dict:
    from partnerstwa.indicators.computation import _share

    return {
        **values,
        "member_cities_share": _share(values["member_cities"], values["cities"]),
        "partnerships_led_by_members_share": _share(
            values["partnerships_led_by_members"], values["partnerships"]
        ),
    }


def explain(sql: str, params) -> list[str]:
    from django.db import connection

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ANALYZE "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        rows = cursor.fetchall()
    if connection.vendor == "sqlite":
        return [f"{row[1]:>4} {row[3]}" for row in rows]
    return [row[0] for row in rows]


# The run


def run(args: argparse.Namespace, workdir: Path) -> None:
    setup(args, workdir)
    from django.db import connection

    from partnerstwa.activities.models import Attendance, Event
    from partnerstwa.indicators.computation import CODES, calculate
    from partnerstwa.indicators.services import programme_import
    from partnerstwa.partnerships.models import Partnership, PartnershipMember, Project
    from partnerstwa.registry.models import Organisation, Person
    from partnerstwa.registry.services import teryt_import

    started = time.perf_counter()
    teryt_import(TERC_FILE)
    teryt_seconds = time.perf_counter() - started
    folder = workdir / "package"
    folder.mkdir()
    started = time.perf_counter()
    generated = generate(folder, args.scale)
    generate_seconds = time.perf_counter() - started
    counts = generated["counts"]
    package_rows = sum(n for name, n in counts.items() if (folder / f"{name}.csv").exists())
    package_mib = sum(file.stat().st_size for file in folder.iterdir()) / 2**20

    stats, import_seconds, import_peak = measure(lambda: dict(programme_import(folder)))
    shutil.rmtree(folder)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    rows = {
        "organisations": Organisation.objects.count(),
        "partnerships": Partnership.objects.count(),
        "members": PartnershipMember.objects.count(),
        "projects": Project.objects.count(),
        "events": Event.objects.count(),
        "people": Person.objects.count(),
        "attendance": Attendance.objects.count(),
    }

    (values, compute_seconds, compute_queries), floor = time_both()
    floor_values, floor_seconds, floor_queries = floor
    floor_queries = {
        code: seconds for code, (_sql, _p, seconds) in zip(FLOOR, floor_queries, strict=True)
    }
    _values, _seconds, compute_peak = measure(lambda: calculate(DAY, ASSOCIATION))
    floor_values = with_shares(floor_values)

    # The figures
    print(f"database:   {connection.vendor} {_version()}")
    print(f"machine:    {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end")
    print(
        f"scale:      {args.scale:g}"
        + (" (the default)" if args.scale == DEFAULT_SCALE else "")
        + f"; 1 = the national scale: {FULL['partnerships']:,} partnerships, "
        f"{FULL['events']:,} events, {FULL['attendance']:,} attendance rows"
    )
    print(
        f"setup:      TERYT register {teryt_seconds:.1f} s, package written in "
        f"{generate_seconds:.1f} s"
    )
    print(
        "package:    "
        + ", ".join(f"{name} {n:,}" for name, n in counts.items())
        + f"; {package_rows:,} rows, {package_mib:.0f} MiB of CSV"
    )
    print(
        f"import:     {import_seconds:.1f} s, {package_rows / import_seconds:,.0f} rows/s "
        f"({counts['attendance'] / import_seconds:,.0f} attendance rows/s over the whole import), "
        f"+{import_peak / 2**20:.0f} MiB peak memory"
    )
    print("            " + ", ".join(f"{k} {v:,}" for k, v in sorted(stats.items())))
    print("database:   " + ", ".join(f"{name} {n:,}" for name, n in rows.items()))
    if connection.vendor == "postgresql":
        print("            (ANALYZE run after the import, as autovacuum would)")
    print()
    print(
        f"report as of {DAY} for {ASSOCIATION}: median of {REPEAT} rounds of compute() and "
        "the floor in turn, after a warm-up"
    )
    header = f"{'indicator':<34}{'compute()':>16}{'floor':>16}{'floor ms':>10}  check"
    print(header)
    print("-" * len(header))
    mismatches = []
    for code in CODES:
        same = values[code] == floor_values[code]
        if not same:
            mismatches.append(code)
        milliseconds = f"{floor_queries[code] * 1000:>10.1f}" if code in floor_queries else " " * 10
        print(
            f"{code:<34}{values[code]!s:>16}{floor_values[code]!s:>16}{milliseconds}  "
            + ("ok" if same else "MISMATCH")
        )
    exact = generated["exact_value"].quantize(Decimal("0.01"))
    print(
        f"{'(the package says)':<34}{exact!s:>16}{'':>26}  "
        + ("ok" if exact == values["projects_value_pln"] else "MISMATCH")
    )
    print()
    print(f"{'compute() query':<60}{'ms':>9}{'floor ms':>10}{'ratio':>7}")
    print("-" * 86)
    labelled = len(compute_queries) == len(COMPUTE_QUERIES)
    for i, (_sql, _params, seconds) in enumerate(compute_queries):
        label = COMPUTE_QUERIES[i] if labelled else f"query {i + 1}"
        codes = [code.strip() for code in label.split(",")]
        floor_ms = sum(floor_queries.get(code, 0) for code in codes) * 1000 if labelled else 0
        ratio = f"{seconds * 1000 / floor_ms:>7.2f}" if floor_ms else ""
        shown = label if len(label) <= 58 else label[:55] + "..."
        print(f"{i + 1:>2} {shown:<57}{seconds * 1000:>9.1f}{floor_ms:>10.1f}{ratio}")
    print()
    ratio = compute_seconds / floor_seconds
    print(
        f"report (compute()):      {compute_seconds * 1000:>9.1f} ms, {len(compute_queries)} "
        f"queries, +{compute_peak / 2**20:.1f} MiB peak memory"
    )
    executing = sum(seconds for _sql, _p, seconds in compute_queries)
    print(
        f"  of which executing SQL {executing * 1000:>7.1f} ms, building queries and reading "
        f"results (Python) {(compute_seconds - executing) * 1000:.1f} ms"
    )
    print(f"floor (one per indicator): {floor_seconds * 1000:>7.1f} ms, {len(FLOOR)} queries")
    print(
        f"ratio report / floor:    {ratio:>9.2f}   goal ≤ {GOAL}: "
        + ("met" if ratio <= GOAL else "NOT MET")
    )
    if mismatches:
        print("\n" + "!" * 72)
        print(f"!!! MISMATCH between compute() and the floor: {', '.join(mismatches)}")
        print("!" * 72)
    else:
        print("compute() and the floor agree on every indicator")
    if args.explain:
        for i, (sql, params, _seconds) in enumerate(compute_queries):
            print(f"\n--- compute() query {i + 1}:\n{sql}\n" + "\n".join(explain(sql, params)))
        parameters = floor_parameters()
        for code, sql in FLOOR.items():
            positional = _positional(sql)
            plan = explain(positional, _named_params(sql, parameters))
            print(f"\n--- floor {code}:\n" + "\n".join(plan))


def _version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
        else:
            cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


if __name__ == "__main__":
    main()
