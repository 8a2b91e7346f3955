"""Public pages against the ceiling of a bare Django view, warm and cold, in one run.

    .venv/bin/python bench/pages.py [--seconds 3] [--connections 16] [--database FILE]

Builds the demo (make run's steps) in a throwaway SQLite file — or, with --database, works on a
throwaway copy of the SQLite file given (e.g. one bench/national_scale.py data was imported
into) — and starts three gunicorn servers with 2 sync workers each, DEBUG off:
  ceiling  bench/pages_bare.py, a bare Django 5.2 view returning a constant (no middleware);
  warm     the portal with its page cache (portal.cache);
  cold     the portal with PAGE_CACHE=false: every request makes its page (the small reads every
           page makes stay kept per process between changes, lib.freshness.kept), which is what a
           page costs when it is not in the page cache;
  nothing  PAGE_CACHE=false and READ_CACHE=false: nothing kept at all, what the first request
           right after a change to every app costs (printed, not a goal).
Each page is first requested 8 times from each portal server (the warm one keeps it; on the
others each worker has then loaded its templates and compiled its statements once, as a worker
serving for a while has), then loaded for --seconds with --connections requests in flight
(bench/pages_load.py, a new connection per request as gunicorn's sync workers close each one).
The ceiling is measured beside each page; its median is the figure printed, and each page is
compared with its own. Goals (issue 13): warm >= 0.5x, cold >= 0.1x the ceiling. Prints
figures; asserts nothing. The client's CPU per request is printed beside the servers' to show it
is not the bottleneck. "× ceiling by CPU" compares the workers' CPU time per request (the
ceiling's / the page's): on a machine shared with other work, throughput drifts with its load,
CPU time less.
"""

import argparse
import datetime
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
from scratch import run_in_scratch_folder

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
TERYT_FILE = ROOT / "partnerstwa/data/teryt/TERC_Urzedowy_2022-01-01.csv"
POPULATION_FILE = ROOT / "partnerstwa/data/gus/ludnosc_wg_ekonomicznych_grup_wieku_2010-2019.csv"
WARM_GOAL, COLD_GOAL = 0.5, 0.1

FIXED_PAGES = [
    "/",
    "/partnerstwa/",
    "/partnerstwa/mapa/",
    "/wydarzenia/",
    "/wydarzenia.ics",
    "/konkurs/",
    "/samorzady/",
    "/wskazniki/",
    "/wskazniki.json",
    "/aktualnosci/",
    "/dokumenty/",
    "/multimedia/",
    "/bariery/",
    "/newsletter/",
    "/prywatnosc/",
    "/szukaj/?q=partnerstwo",
    "/sitemap.xml",
    "/sitemap-events.xml",
    "/robots.txt",
    "/o-danych/",
    "/wydarzenia/kalendarz/{today:%Y}/{today.month}/",
    "/bariery/kanal/",
    "/bariery/zglos/",
    "/rodo/",
    "/dane/",
    "/dane/catalog.jsonld",
    "/logowanie/",
]
# A detail page of each kind: the first link of its kind on the listing page (or on the next
# listing given: the national-scale data holds past events only).
DETAIL_LINKS = [
    ("/partnerstwa/", r'href="(/partnerstwa/(?!mapa/|eksport)[\w-]+/)"'),
    (("/wydarzenia/", "/wydarzenia/?kiedy=minione"), r'href="(/wydarzenia/(?!kalendarz/)[\w-]+/)"'),
    ("/konkurs/", r'href="(/konkurs/(?!zgloszenie/)[\w-]+/)"'),
    ("/samorzady/", r'href="(/samorzady/\d+/)"'),
    ("/aktualnosci/", r'href="(/aktualnosci/[\w-]+/)"'),
    ("/dokumenty/", r'href="(/dokumenty/\d+-[\w-]+/)"'),
    ("/wskazniki/", r'href="(/wskazniki/[\w-]+/)[?"]'),
    ("/bariery/", r'href="(/bariery/\d+/)"'),
]
# Pages under a detail page found above: a partnership's attended events, all of them.
UNDER_DETAIL = [(r"/partnerstwa/(?!mapa/|eksport)[\w-]+/", "wydarzenia/")]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=3.0, help="load per page and server")
    parser.add_argument("--connections", type=int, default=16, help="requests in flight")
    parser.add_argument(
        "--cold-connections",
        type=int,
        default=4,
        help="requests in flight on the cold server (enough for 2 workers; a slow page with 16 "
        "in flight would keep the run waiting for each)",
    )
    parser.add_argument("--database", type=Path, help="a SQLite file to copy instead of the demo")
    parser.add_argument(
        "--pages",
        type=re.compile,
        help="measure only the pages whose address this regular expression finds (all by default)",
    )
    run_in_scratch_folder(run, parser.parse_args())


def environment(workdir: Path) -> dict:
    env = dict(os.environ)
    env.update(
        ENV_FILE="",
        DATABASE_URL=f"sqlite:///{workdir / 'pages.sqlite3'}",
        DEBUG="false",
        SECRET_KEY="bench-only-" + os.urandom(32).hex(),
        SECURE_SSL_REDIRECT="false",
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
        PRIVATE_ROOT=str(workdir / "private"),
        TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="ERROR",
    )
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def set_up(env: dict, workdir: Path, database: Path | None) -> None:
    started = time.perf_counter()
    if database:
        shutil.copyfile(database, workdir / "pages.sqlite3")
        manage(env, "migrate", "--noinput")
    else:
        manage(env, "migrate", "--noinput")
        manage(env, "import_teryt", str(TERYT_FILE))
        manage(env, "import_population", "--skip-absent-units", str(POPULATION_FILE))
        manage(env, "load_demo")
    manage(env, "collectstatic", "--noinput")
    print(
        f"set-up ({'copy of ' + str(database) if database else 'the demo'}): "
        f"{time.perf_counter() - started:.0f} s"
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, name: str, app: str, env: dict, cwd: Path, log: Path) -> None:
        self.name, self.port = name, free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", app, "--workers", "2", "--worker-class", "sync",
             "--bind", f"127.0.0.1:{self.port}", "--backlog", "2048", "--timeout", "120",
             "--log-level", "warning", "--error-logfile", str(log)],
            # The request log lines (one a request, as in production) go to the log too.
            cwd=cwd, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"{name} server did not start; see {log}")

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=120) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as error:
            return error.code, b""

    def cpu(self) -> float:
        workers = psutil.Process(self.process.pid).children()
        return sum(sum(worker.cpu_times()[:2]) for worker in workers)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def load(server: Server, path: str, args, connections: int = 0) -> dict:
    cpu = server.cpu()
    found = subprocess.run(
        [sys.executable, str(BENCH / "pages_load.py"), "127.0.0.1", str(server.port), path,
         str(args.seconds), str(connections or args.connections)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    result = json.loads(found.stdout)
    result["server_cpu"] = server.cpu() - cpu
    result["rate"] = result["requests"] / result["seconds"]
    return result


def run(args, workdir: Path) -> None:
    env = environment(workdir)
    set_up(env, workdir, args.database)
    servers = []
    try:
        bare = Server("ceiling", "pages_bare:application", env, BENCH, workdir / "bare.log")
        servers.append(bare)
        warm = Server("warm", "partnerstwa.wsgi", env, ROOT, workdir / "warm.log")
        servers.append(warm)
        cold = Server("cold", "partnerstwa.wsgi", {**env, "PAGE_CACHE": "false"}, ROOT,
                      workdir / "cold.log")  # fmt: skip
        servers.append(cold)
        nothing = Server("nothing kept", "partnerstwa.wsgi",
                         {**env, "PAGE_CACHE": "false", "READ_CACHE": "false"}, ROOT,
                         workdir / "nothing.log")  # fmt: skip
        servers.append(nothing)
        measure(args, bare, warm, cold, nothing)
    finally:
        for server in servers:
            server.stop()


def pages(server: Server) -> list[str]:
    today = datetime.date.today()
    found = [page.format(today=today) for page in FIXED_PAGES]
    for listings, pattern in DETAIL_LINKS:
        for listing in (listings,) if isinstance(listings, str) else listings:
            status, body = server.get(listing)
            match = re.search(pattern, body.decode()) if status == 200 else None
            if match:
                found.append(match.group(1))
                break
        else:
            print(f"no detail page found on {listings} ({status})")
    for address in list(found):
        for pattern, tail in UNDER_DETAIL:
            if re.fullmatch(pattern, address):
                found.append(address + tail)
    return found


def measure(args, bare: Server, warm: Server, cold: Server, nothing: Server) -> None:
    addresses = [page for page in pages(warm) if not args.pages or args.pages.search(page)]
    if not addresses:
        raise SystemExit(f"no page's address matches {args.pages.pattern!r}")
    rows = []
    for address in addresses:
        for _request in range(8):  # both workers keep the page (warm); on the others each
            warm.get(address)  # worker has loaded the page's templates and statements once
            cold.get(address)
            nothing.get(address)
        # The ceiling beside each page: on a shared machine the load drifts between minutes.
        rows.append((address, load(bare, "/", args), load(warm, address, args),
                     load(cold, address, args, args.cold_connections),
                     load(nothing, address, args, args.cold_connections)))  # fmt: skip
    ceilings = [row[1] for row in rows]
    ceiling = statistics.median(c["rate"] for c in ceilings)

    print(f"\nceiling (bare Django view, gunicorn 2 sync workers): median {ceiling:,.0f} req/s, "
          f"from {min(c['rate'] for c in ceilings):,.0f} to {max(c['rate'] for c in ceilings):,.0f}"
          " (measured beside each page; each page's ratio is to its own)")  # fmt: skip
    print(
        f"load: {args.connections} requests in flight ({args.cold_connections} on the cold "
        f"server), {args.seconds:g} s per page and server\n"
    )
    print(
        "| page | ceiling req/s | warm req/s | × ceiling | cold req/s | × ceiling | "
        "nothing kept req/s | × ceiling | warm × ceiling by CPU | cold × ceiling by CPU | KiB |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    misses = []

    def cpu(result: dict) -> float:
        return result["server_cpu"] / max(result["requests"], 1)

    for address, beside, hot, fresh, bare_page in rows:
        size = hot["bytes"] / max(hot["requests"], 1) / 1024
        print(f"| `{address}` | {beside['rate']:,.0f} | {hot['rate']:,.0f} | "
              f"{hot['rate'] / beside['rate']:.2f} | {fresh['rate']:,.1f} | "
              f"{fresh['rate'] / beside['rate']:.3f} | {bare_page['rate']:,.1f} | "
              f"{bare_page['rate'] / beside['rate']:.3f} | "
              f"{cpu(beside) / cpu(hot) if cpu(hot) else 0:.2f} | "
              f"{cpu(beside) / cpu(fresh) if cpu(fresh) else 0:.3f} | {size:.0f} |")  # fmt: skip
        for kind, result in (("warm", hot), ("cold", fresh), ("nothing kept", bare_page)):
            if set(result["statuses"]) - {"200"}:
                print(f"    {kind} statuses: {result['statuses']}")
        if hot["rate"] / beside["rate"] < WARM_GOAL:
            misses.append(f"{address} warm")
        if fresh["rate"] / beside["rate"] < COLD_GOAL:
            misses.append(f"{address} cold")

    client = sum(c["client_cpu"] for c in ceilings) / sum(c["requests"] for c in ceilings)
    server = sum(c["server_cpu"] for c in ceilings) / sum(c["requests"] for c in ceilings)
    warm_client = sum(r[2]["client_cpu"] for r in rows) / sum(r[2]["requests"] for r in rows)
    warm_server = sum(r[2]["server_cpu"] for r in rows) / sum(r[2]["requests"] for r in rows)
    print(f"\nCPU per request, ceiling runs: client {client * 1e6:,.0f} µs, "
          f"servers {server * 1e6:,.0f} µs; warm pages: client {warm_client * 1e6:,.0f} µs, "
          f"servers {warm_server * 1e6:,.0f} µs")  # fmt: skip
    print(f"the client alone could send {1 / client:,.0f} req/s on one core "
          f"({1 / client / ceiling:.1f}× the ceiling)")  # fmt: skip
    print(f"load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())} "
          f"on {os.cpu_count()} cores")  # fmt: skip
    goals = f"warm >= {WARM_GOAL}×, cold >= {COLD_GOAL}× the ceiling"
    print(f"\ngoals ({goals}): " + ("all met" if not misses else "not met: " + "; ".join(misses)))


if __name__ == "__main__":
    main()
