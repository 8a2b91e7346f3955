"""The open data API's list and detail operations against the ceiling of a bare Django view, in
one run, at national scale.

    .venv/bin/python bench/api.py [--database FILE | --scale 1] [--seconds 3] [--connections 16]

Data: a copy of the SQLite FILE given (one bench/pages_national.py built), or, without it, a new
one built by bench/pages_national.py at --scale (1 = 5,000 partnerships, 50,000 events,
1,000,000 attendance rows) in the scratch folder. Servers, load and figures are bench/pages.py's
(its gunicorn servers with 2 sync workers, DEBUG off; its load generator, a new connection per
request): the ceiling is bench/pages_bare.py, measured beside each operation; the API is served
as in production (its rate limit raised out of the way: a bench is one client).
  warm  the same request again: the answer is kept per process until the data changes
        (API_KEEP, lib.freshness), which is what a client polling or a popular page costs;
  cold  API_KEEP=false: every request reads the database and serialises the answer (the small
        reads every request makes stay kept per process between changes).
Goal (issue 17, the same as the public pages'): warm >= 0.5x the ceiling. Prints figures;
asserts nothing.
"""

import argparse
import json
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from pages import BENCH, ROOT, Server, environment, load, manage
from scratch import run_in_scratch_folder

WARM_GOAL = 0.5
LISTS = [
    "/api/v1/territorial-units?level=gmina",
    "/api/v1/organisations",
    "/api/v1/partnerships",
    "/api/v1/projects",
    "/api/v1/events",
    "/api/v1/events?when=past&voivodeship=14",
    "/api/v1/contest-editions",
    "/api/v1/indicators",
    "/api/v1/legal-barriers",
]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", type=Path, help="a SQLite file of pages_national.py")
    parser.add_argument("--scale", type=float, default=1.0, help="without --database")
    parser.add_argument("--seconds", type=float, default=3.0, help="load per operation and server")
    parser.add_argument("--connections", type=int, default=16, help="requests in flight")
    parser.add_argument("--cold-connections", type=int, default=4)
    run_in_scratch_folder(run, parser.parse_args())


def build(args, workdir: Path, env: dict) -> None:
    target = workdir / "pages.sqlite3"
    if args.database:
        shutil.copyfile(args.database, target)
    else:
        subprocess.run(
            [sys.executable, str(BENCH / "pages_national.py"), str(target), "--scale",
             str(args.scale)],
            cwd=ROOT, check=True,
        )  # fmt: skip
    manage(env, "migrate", "--noinput")


def run(args, workdir: Path) -> None:
    env = {**environment(workdir), "API_RATE": "100000000/m"}
    build(args, workdir, env)
    servers = []
    try:
        bare = Server("ceiling", "pages_bare:application", env, BENCH, workdir / "bare.log")
        servers.append(bare)
        warm = Server("warm", "partnerstwa.wsgi", env, ROOT, workdir / "warm.log")
        servers.append(warm)
        cold = Server("cold", "partnerstwa.wsgi", {**env, "API_KEEP": "false"}, ROOT,
                      workdir / "cold.log")  # fmt: skip
        servers.append(cold)
        measure(args, bare, warm, cold)
    finally:
        for server in servers:
            server.stop()


def operations(server: Server) -> list[str]:
    """The lists, each list's second page (after its cursor), and one record of each kind."""
    found = list(LISTS)
    for listing, detail in [
        ("/api/v1/partnerships", "/api/v1/partnerships/{}"),
        ("/api/v1/organisations", "/api/v1/organisations/{}"),
        ("/api/v1/events?when=past", "/api/v1/events/{}"),
        ("/api/v1/projects", "/api/v1/projects/{}"),
        ("/api/v1/contest-editions", "/api/v1/contest-editions/{}"),
    ]:
        status, body = server.get(listing)
        page = json.loads(body) if status == 200 else {"items": []}
        if page["items"]:
            found.append(detail.format(page["items"][len(page["items"]) // 2]["id"]))
        if page.get("next"):
            found.append(page["next"].split(str(server.port), 1)[1])
    return found


def measure(args, bare: Server, warm: Server, cold: Server) -> None:
    rows = []
    for address in operations(warm):
        for _request in range(8):  # both workers have read it once
            warm.get(address)
        rows.append((address, load(bare, "/", args), load(warm, address, args),
                     load(cold, address, args, args.cold_connections)))  # fmt: skip
    ceiling = statistics.median(row[1]["rate"] for row in rows)
    print(f"\nceiling (bare Django view, gunicorn 2 sync workers): median {ceiling:,.0f} req/s "
          "(measured beside each operation; each ratio is to its own)")  # fmt: skip
    print(f"load: {args.connections} requests in flight ({args.cold_connections} cold), "
          f"{args.seconds:g} s per operation and server\n")  # fmt: skip
    print("| operation | ceiling req/s | warm req/s | × ceiling | cold req/s | × ceiling | KiB |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    misses = []
    for address, beside, hot, fresh in rows:
        size = hot["bytes"] / max(hot["requests"], 1) / 1024
        print(f"| `{address}` | {beside['rate']:,.0f} | {hot['rate']:,.0f} | "
              f"{hot['rate'] / beside['rate']:.2f} | {fresh['rate']:,.1f} | "
              f"{fresh['rate'] / beside['rate']:.3f} | {size:.1f} |")  # fmt: skip
        for kind, result in (("warm", hot), ("cold", fresh)):
            if set(result["statuses"]) - {"200"}:
                print(f"    {kind} statuses: {result['statuses']}")
        if hot["rate"] / beside["rate"] < WARM_GOAL:
            misses.append(address)
    verdict = "met by every operation" if not misses else "not met: " + ", ".join(misses)
    print(f"\ngoal (warm >= {WARM_GOAL}× the ceiling): {verdict}")


if __name__ == "__main__":
    main()
