"""A SQLite file of national-scale data for bench/pages.py --database.

    .venv/bin/python bench/pages_national.py FILE [--scale 0.1]

Migrates a new SQLite FILE (the migrations create the editors' home and section pages), imports
the TERYT register and a programme package written by bench/national_scale.py's generator at the
given scale (1 = 5,000 partnerships, 50,000 events, 1,000,000 attendance rows).
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file", type=Path)
    parser.add_argument("--scale", type=float, default=0.1)
    args = parser.parse_args()
    if args.file.exists():
        sys.exit(f"{args.file} exists: give a new file")
    os.environ.update(
        ENV_FILE="",
        DATABASE_URL=f"sqlite:///{args.file.resolve()}",
        DEBUG="false",
        SECRET_KEY="bench-only-" + os.urandom(32).hex(),
        TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        DJANGO_SETTINGS_MODULE="partnerstwa.settings",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from national_scale import TERC_FILE, generate

    from partnerstwa.indicators.services import programme_import
    from partnerstwa.registry.services import teryt_import

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    teryt_import(TERC_FILE)
    with tempfile.TemporaryDirectory() as folder:
        counts = generate(Path(folder), args.scale)["counts"]
        programme_import(Path(folder))
    print(f"scale {args.scale:g}: " + ", ".join(f"{name} {n:,}" for name, n in counts.items()))
    print(f"built in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
