"""What the database benchmarks share: a scratch folder removed afterwards, and the database to
run on — a SQLite file in that folder, or with --postgres the one DATABASE_URL names (created
when the cluster of .ci/with-postgres is still empty)."""

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path


def run_in_scratch_folder(run, args) -> None:
    """run(args, workdir) in a new folder that is removed whatever happens; the wall time said."""
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="partnerstwa-bench-"))
    try:
        run(args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"\ntotal wall time: {time.perf_counter() - started:.0f} s")


def use_database(*, postgres: bool, workdir: Path) -> None:
    """Point the settings at the benchmark's database, DEBUG off (Django would otherwise keep
    every query in memory and spoil the figures)."""
    if postgres:
        url = os.environ.get("DATABASE_URL", "")
        if not url.startswith(("postgres://", "postgresql://")):
            sys.exit("--postgres needs DATABASE_URL=postgres://… (see .ci/with-postgres)")
        _create_database(url)
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only-" + os.urandom(32).hex())


def _create_database(url: str) -> None:
    """The cluster of .ci/with-postgres is empty: create the database the URL names."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    name = conninfo_to_dict(url).get("dbname") or "postgres"
    try:
        psycopg.connect(url).close()
    except psycopg.OperationalError:
        with psycopg.connect(url, dbname="postgres", autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
