"""Import a large attendance list (XLSX) and compare with a bare openpyxl read of the same file.

    .venv/bin/python bench/attendance_import.py [--rows 100000]

Prints rows per second of the preview (the import run and rolled back) and of the confirmed
import, against a read-only openpyxl pass that does nothing with the rows (the floor the issue
names; lib.tabular reads a workbook of up to 32 MiB of sheet XML with python-calamine instead,
whose bare pass is printed too, and larger ones with openpyxl), and how
much memory each pass needed at two file sizes (the message catalogues are loaded first, as in
a running server): the import streams in batches, so beyond what
openpyxl itself holds (the workbook's shared strings) its memory must not grow with the file.
"""

import argparse
import multiprocessing
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def write_list(path: Path, rows: int, organisations: list[str]) -> None:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["first_name", "last_name", "email", "organisation"])
    for number in range(rows):
        sheet.append(
            [
                f"Imię{number % 997}",
                f"Nazwisko{number}",
                f"osoba{number}@example.org" if number % 10 else "",
                organisations[number % len(organisations)] if number % 3 else "",
            ]
        )
    workbook.save(path)


def line(label: str, rows: int, seconds: float, peak: int) -> None:
    print(f"{label:<28}{rows:>9,}{seconds:>10.2f}{rows / seconds:>10,.0f}{peak / 2**20:>10.1f}")


def bare_read(path: Path) -> int:
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    count = sum(1 for _row in workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    return count - 1


def bare_calamine_read(path: Path) -> int:
    import python_calamine

    workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    count = sum(1 for _row in workbook.get_sheet_by_index(0).iter_rows())
    workbook.close()
    return count - 1


def _resident() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def measure(function):
    """Run a pass in a forked child and return (result, seconds, peak memory growth in bytes).

    The child starts from this process's memory; its peak resident size (getrusage) minus its
    size at the start is what the pass needed — measured without slowing it down."""
    from django.db import connections

    connections.close_all()
    reader, writer = multiprocessing.Pipe(duplex=False)

    def child():
        before = _resident()
        started = time.perf_counter()
        result = function()
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        writer.send((result, seconds, max(peak - before, 0)))

    process = multiprocessing.get_context("fork").Process(target=child)
    process.start()
    outcome = reader.recv()
    process.join()
    return outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="partnerstwa-bench-"))
    try:
        run(args.rows, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(rows: int, workdir: Path) -> None:
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    # DEBUG off: Django would otherwise keep every query in memory and spoil the figures.
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only-" + os.urandom(32).hex())
    os.environ["DJANGO_SETTINGS_MODULE"] = "partnerstwa.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from partnerstwa.activities.attendance_import import _known_headers, attendance_import
    from partnerstwa.activities.models import Attendance
    from partnerstwa.activities.services import event_create
    from partnerstwa.registry.models import Organisation, OrganisationKind

    call_command("migrate", verbosity=0)
    # A running server has its message catalogues loaded (the header names are read in every
    # language): load them once here, not in each measured pass.
    _known_headers()
    names = [f"Stowarzyszenie {n}" for n in range(200)]
    Organisation.objects.bulk_create(Organisation(name=n, kind=OrganisationKind.NGO) for n in names)
    now = timezone.now()
    event = event_create(
        title="Konferencja", slug="konferencja", kind="conference", starts_at=now, ends_at=now
    )
    session = event.sessions.get()

    print(f"database: {connection.vendor}; rows per file: {rows // 10:,} and {rows:,}")
    print(f"{'pass':<28}{'rows':>9}{'seconds':>10}{'rows/s':>10}{'+MiB peak':>10}")
    for size in (rows // 10, rows):
        path = workdir / f"list-{size}.xlsx"
        write_list(path, size, names)
        counted, seconds, floor_peak = measure(lambda path=path: bare_read(path))
        floor = counted / seconds
        line("openpyxl read-only (floor)", counted, seconds, floor_peak)
        counted, quick_seconds, quick_peak = measure(lambda path=path: bare_calamine_read(path))
        line("calamine read (for scale)", counted, quick_seconds, quick_peak)

        def preview(path=path):
            report = attendance_import(path, session=session, user=None, commit=False)
            return report.rows, report.error_count

        def commit(path=path):
            Attendance.objects.all().delete()
            report = attendance_import(path, session=session, user=None, commit=True)
            return report.rows, report.error_count

        (read, _errors), seconds, peak = measure(preview)
        line("preview (rolled back)", read, seconds, peak)
        (read, errors), seconds, peak = measure(commit)
        line("import (committed)", read, seconds, peak)
        print(
            f"{'':<28}import: {read / seconds / floor:.0%} of the bare read's speed (goal: 50%); "
            f"memory beyond the bare read {(peak - floor_peak) / 2**20:.1f} MiB; errors {errors}"
        )
        Attendance.objects.all().delete()


if __name__ == "__main__":
    main()
