"""Import the whole 2022 TERC register into a fresh SQLite database (or DATABASE_URL) and print
rows per second and peak memory.

    .venv/bin/python bench/teryt_import.py [FILE] [--repeat N]
"""

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILE = ROOT / "partnerstwa" / "data" / "teryt" / "TERC_Urzedowy_2022-01-01.csv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="partnerstwa-bench-")
    try:
        run(args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(args: argparse.Namespace, workdir: str) -> None:
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ.setdefault("DEBUG", "true")
    os.environ["DJANGO_SETTINGS_MODULE"] = "partnerstwa.settings"
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from partnerstwa.registry.models import TerritorialUnit, TerytImport
    from partnerstwa.registry.services import teryt_import

    call_command("migrate", verbosity=0)

    def empty_register() -> None:
        TerritorialUnit.objects.update(parent=None)
        TerritorialUnit.objects.all().delete()
        TerytImport.objects.all().delete()

    durations = []
    for _ in range(args.repeat):
        empty_register()
        started = time.perf_counter()
        result = teryt_import(args.file)
        durations.append(time.perf_counter() - started)

    # Memory in a run of its own: tracing slows the import and would spoil the timings.
    empty_register()
    tracemalloc.start()
    teryt_import(args.file)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    started = time.perf_counter()
    again = teryt_import(args.file)
    reimport = time.perf_counter() - started

    rows = result.created
    best = min(durations)
    print(f"database:            {connection.vendor}")
    print(f"file:                {args.file.name} ({args.file.stat().st_size / 1024:.0f} KiB)")
    print(f"rows imported:       {rows}")
    print(f"fresh import:        median {statistics.median(durations):.3f} s, best {best:.3f} s")
    print(f"rows per second:     {rows / best:,.0f}")
    print(f"peak Python memory:  {peak / 2**20:.1f} MiB (tracemalloc, during the import)")
    print(
        f"peak process RSS:    {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MiB"
    )
    print(f"re-import unchanged: {reimport:.3f} s ({again.unchanged} unchanged)")


if __name__ == "__main__":
    main()
