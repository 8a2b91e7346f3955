"""The donor report's computation against its hand-written SQL floor, on a database kept
between runs (the national-scale import takes minutes; the report, seconds).

    .venv/bin/python bench/report_floor.py --sqlite /tmp/me/national.sqlite3 --scale 0.3
    DATABASE_URL=postgres://… .venv/bin/python bench/report_floor.py --postgres --scale 0.3

The first run on an empty database imports the package of bench/national_scale.py at the scale
(the same generator, the same seed); later runs reuse the data and only time compute() — the
computation itself, never the stored figures — and the floor, as national_scale.py does: a
warm-up of each, then 3 rounds of both in turn, medians, every floor value checked.
"""

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import national_scale as bench
from scratch import _create_database


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--sqlite", type=Path, help="the SQLite file kept between runs")
    where.add_argument("--postgres", action="store_true", help="use DATABASE_URL (PostgreSQL)")
    parser.add_argument("--scale", type=float, default=0.3, help="used when importing")
    parser.add_argument("--explain", action="store_true", help="print the plan of each query")
    args = parser.parse_args()
    if args.postgres:
        _create_database(os.environ.get("DATABASE_URL", ""))
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{args.sqlite.resolve()}"
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only-" + os.urandom(32).hex())
    os.environ["DJANGO_SETTINGS_MODULE"] = "partnerstwa.settings"
    sys.path.insert(0, str(bench.ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from partnerstwa.activities.models import Attendance

    call_command("migrate", verbosity=0)
    if not Attendance.objects.exists():
        load(args.scale)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    report(args)


def load(scale: float) -> None:
    from partnerstwa.indicators.services import programme_import
    from partnerstwa.registry.services import teryt_import

    started = time.perf_counter()
    teryt_import(bench.TERC_FILE)
    folder = Path(tempfile.mkdtemp(prefix="partnerstwa-report-floor-"))
    try:
        bench.generate(folder, scale)
        programme_import(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"imported at scale {scale:g} in {time.perf_counter() - started:.0f} s")


def report(args: argparse.Namespace) -> None:
    from django.db import connection

    from partnerstwa.activities.models import Attendance
    from partnerstwa.indicators.computation import CODES

    (values, seconds, queries), (floor_values, floor_seconds, floor_queries) = bench.time_both()
    floor_values = bench.with_shares(floor_values)
    floor_ms = {code: q[2] * 1000 for code, q in zip(bench.FLOOR, floor_queries, strict=True)}
    print(
        f"database: {connection.vendor} {bench._version()}, "
        f"{Attendance.objects.count():,} attendance rows; load average {os.getloadavg()[0]:.1f}"
    )
    mismatches = [code for code in CODES if values[code] != floor_values[code]]
    print(f"\n{'compute() query':<60}{'ms':>9}{'floor ms':>10}{'ratio':>7}")
    labelled = len(queries) == len(bench.COMPUTE_QUERIES)
    for i, (_sql, _params, query_seconds) in enumerate(queries):
        label = bench.COMPUTE_QUERIES[i] if labelled else f"query {i + 1}"
        codes = [code.strip() for code in label.split(",")]
        floor = sum(floor_ms.get(code, 0) for code in codes) if labelled else 0
        ratio = f"{query_seconds * 1000 / floor:>7.2f}" if floor else ""
        shown = label if len(label) <= 58 else label[:55] + "..."
        print(f"{i + 1:>2} {shown:<57}{query_seconds * 1000:>9.1f}{floor:>10.1f}{ratio}")
    ratio = seconds / floor_seconds
    print(f"\nreport (compute()): {seconds * 1000:>9.1f} ms, {len(queries)} queries")
    print(f"floor:              {floor_seconds * 1000:>9.1f} ms, {len(bench.FLOOR)} queries")
    print(
        f"ratio report / floor: {ratio:.2f}   goal ≤ {bench.GOAL}: "
        + ("met" if ratio <= bench.GOAL else "NOT MET")
    )
    print("MISMATCH: " + ", ".join(mismatches) if mismatches else "values agree with the floor")
    stored_read(values)
    if args.explain:
        for i, (sql, params, _s) in enumerate(queries):
            plan = "\n".join(bench.explain(sql, params))
            print(f"\n--- compute() query {i + 1}:\n{sql}\n{plan}")
        parameters = bench.floor_parameters()
        for code, sql in bench.FLOOR.items():
            plan = bench.explain(bench._positional(sql), bench._named_params(sql, parameters))
            print(f"\n--- floor {code}:\n" + "\n".join(plan))


def stored_read(values: dict) -> None:
    """What a request pays once the figures are stored: compute() reads them back."""
    import statistics

    from partnerstwa.indicators.computation import compute
    from partnerstwa.lib.models import StoredFigures

    StoredFigures.objects.all().delete()  # this database's only reader is the benchmark
    started = time.perf_counter()
    first = compute(bench.DAY, bench.ASSOCIATION)
    first_seconds = time.perf_counter() - started
    reads = []
    for _ in range(bench.REPEAT):
        started = time.perf_counter()
        again = compute(bench.DAY, bench.ASSOCIATION)
        reads.append(time.perf_counter() - started)
        assert again == first == values, "the stored figures differ from the computation"
    print(
        f"compute() after a change (computes and stores): {first_seconds * 1000:.1f} ms; "
        f"then reads the stored figures: {statistics.median(reads) * 1000:.2f} ms (median)"
    )


if __name__ == "__main__":
    main()
