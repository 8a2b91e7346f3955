"""Load and faults across processes, on PostgreSQL.

Starts everything itself: a throwaway PostgreSQL cluster (.ci/with-postgres, unless DATABASE_URL
already names one), the demo, an SMTP sink (bench/load_smtp.py), two web servers (gunicorn) on
two ports and two `db_worker` processes, every one with DEBUG off and mail going to the sink by
SMTP. Locust (bench/load_locustfile.py, headless) then browses, searches, registers for a few
events with few seats (the form, the link from the mailed message, the confirmation), checks
people in and imports attendance lists. Halfway through, one web server and one worker are
killed with SIGKILL and started again.

Afterwards it prints, and checks (exit status 1 when a check fails):
- every registration that got its success response exists exactly once;
- no event holds more seats than it has;
- every e-mail task finished, and each message reached the sink exactly once by Message-ID (a
  worker killed after the sink took a message but before its "250" arrived sends it again with
  the same Message-ID — RFC 1047's unavoidable duplicate, which mail programs show once — counted
  apart);
- no server error apart from requests in flight on the killed server (counted, as are the
  requests refused while it was down);
- p50/p95/p99 per kind of request.

The public registration form's rate limit (REGISTRATION_RATE, 30 an hour per address by default)
is raised for the run: every simulated visitor comes from 127.0.0.1.

Usage: python bench/load.py [--duration 120] [--users 24] [--pg-bin /usr/lib/postgresql/15/bin]
"""

import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from email.parser import BytesParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import contextlib

from scratch import _create_database, run_in_scratch_folder

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
TERYT_FILE = "partnerstwa/data/teryt/TERC_Urzedowy_2022-01-01.csv"
POPULATION_FILE = "partnerstwa/data/gus/ludnosc_wg_ekonomicznych_grup_wieku_2010-2019.csv"
# How long the sink holds each message before it answers, as a distant server would.
SINK_DELAY = 0.3
# Seconds after which a task still RUNNING counts as its worker's death, for a worker that hands
# such tasks out again (TASK_LEASE_SECONDS; django-tasks-db's own db_worker never does).
TASK_LEASE = 20


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Process:
    """A process in a session of its own, so SIGKILL reaches it with every child it forked."""

    def __init__(self, name: str, command: list[str], env: dict, log: Path):
        self.name, self.command, self.env, self.log = name, command, env, log
        self.popen: subprocess.Popen | None = None
        self.start()

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.popen = subprocess.Popen(
                self.command,
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait()

    def stop(self) -> None:
        try:
            os.killpg(self.popen.pid, signal.SIGTERM)
            self.popen.wait(timeout=15)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            self.kill()


def wait_until_serving(port: int, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10).read()
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.3)
    sys.exit(f"the web server on port {port} did not start in {timeout:.0f} s")


def manage(env: dict, *command: str) -> None:
    started = time.perf_counter()
    subprocess.run(
        [PY, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )
    print(f"  {command[0]:<20} {time.perf_counter() - started:6.1f} s", flush=True)


def run(args, workdir: Path) -> None:
    url = os.environ["DATABASE_URL"]
    _create_database(url)
    ports = [free_port(), free_port()]
    smtp_port = free_port()
    mail_dir = workdir / "mail"
    env = {
        **os.environ,
        "DEBUG": "false",
        "ENV_FILE": "",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://127.0.0.1:{ports[0]}",
        # Plain HTTP on loopback: no redirect to HTTPS, cookies without the Secure flag.
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_MANIFEST": "false",
        "MEDIA_ROOT": str(workdir / "media"),
        "PRIVATE_ROOT": str(workdir / "private"),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        # Every simulated visitor has the address 127.0.0.1: the per-address limits are raised.
        "REGISTRATION_RATE": "1000000/h",
        "LOGIN_RATE": "100000/m",
        "LOG_LEVEL": "WARNING",
        "TASK_LEASE_SECONDS": str(TASK_LEASE),
    }
    os.environ.update(env)  # for the checks made in this process afterwards
    print(f"PostgreSQL: {url}\nSetting up the demo:", flush=True)
    manage(env, "migrate", "--noinput")
    manage(env, "import_teryt", TERYT_FILE)
    manage(env, "import_population", "--skip-absent-units", POPULATION_FILE)
    manage(env, "load_demo")
    manage(env, "create_demo_staff")
    fixtures = workdir / "fixtures.json"
    subprocess.run([PY, "bench/load_setup.py", str(fixtures)], cwd=ROOT, env=env, check=True)
    config = json.loads(fixtures.read_text())

    logs = workdir / "logs"
    logs.mkdir()
    sink = Process(
        "sink",
        [PY, "bench/load_smtp.py", str(mail_dir), str(smtp_port), str(SINK_DELAY)],
        env,
        logs / "sink.log",
    )
    webs = [
        Process(
            f"web:{port}",
            [
                PY,
                "-m",
                "gunicorn",
                "partnerstwa.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.web_workers),
                "--threads",
                "2",
                "--timeout",
                "60",
                # One request per connection: a kept-alive connection the server closes as the
                # client reuses it would fail on the client's side and blur the error count.
                "--keep-alive",
                "0",
            ],
            env,
            logs / f"web-{port}.log",
        )
        for port in ports
    ]
    workers = [
        Process(
            f"worker:{number}",
            [
                PY,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--interval",
                "0.2",
                "--no-startup-delay",
                "--worker-id",
                f"worker-{number}-run-1",
            ],
            env,
            logs / f"worker-{number}.log",
        )
        for number in (1, 2)
    ]
    processes = [sink, *webs, *workers]
    try:
        for port in ports:
            wait_until_serving(port)
        config.update(
            ports=ports,
            mail_dir=str(mail_dir),
            request_log=str(workdir / "requests.jsonl"),
            success_log=str(workdir / "successes.jsonl"),
        )
        (workdir / "load.json").write_text(json.dumps(config))
        fault = drive(args, workdir, webs[0], workers[0], env)
        drained = drain(timeout=TASK_LEASE + 25)
    finally:
        for process in processes:
            process.stop()
    ok = report(config, workdir, fault, drained, args)
    if args.keep_logs:
        target = Path(args.keep_logs)
        subprocess.run(["cp", "-r", str(workdir), str(target)], check=False)
        print(f"logs kept in {target}")
    if not ok:
        raise SystemExit(1)


def drive(args, workdir: Path, web: Process, worker: Process, env: dict) -> dict:
    """Run Locust; in the middle kill one web server and one worker and start them again."""
    print(
        f"\nLoad: {args.users} users for {args.duration} s on ports "
        f"{json.loads((workdir / 'load.json').read_text())['ports']}",
        flush=True,
    )
    locust = subprocess.Popen(
        [
            PY,
            "-m",
            "locust",
            "-f",
            "bench/load_locustfile.py",
            "--headless",
            "--users",
            str(args.users),
            "--spawn-rate",
            str(max(1, args.users // 5)),
            "--run-time",
            f"{args.duration}s",
            "--stop-timeout",
            "30",
            "--only-summary",
            "--loglevel",
            "ERROR",
            "--skip-log-setup",
        ],
        cwd=ROOT,
        env={**env, "LOAD_CONFIG": str(workdir / "load.json")},
        stdout=(workdir / "logs" / "locust.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    started = time.time()
    _django()
    from django_tasks_db.models import DBTaskResult

    time.sleep(max(0.0, started + args.duration * args.kill_at - time.time()))
    # The worker is killed while it runs a task if it gets one within 15 s: the case that
    # decides whether a message is lost or sent twice.
    busy = DBTaskResult.objects.filter(status="RUNNING", worker_ids__contains=["worker-1-run-1"])
    deadline = time.time() + 15
    while not busy.exists() and time.time() < deadline:
        time.sleep(0.02)
    mid_task = busy.exists()
    killed_at = time.time()
    web.kill()
    worker.kill()
    print(
        f"  {killed_at - started:5.1f} s: SIGKILL to {web.name} and {worker.name} "
        f"({'in the middle of a task' if mid_task else 'idle'})",
        flush=True,
    )
    time.sleep(args.down)
    worker.command[-1] = worker.command[-1].replace("run-1", "run-2")
    worker.start()
    web.start()
    wait_until_serving(int(web.name.split(":")[1]))
    back_at = time.time()
    print(f"  {back_at - started:5.1f} s: {web.name} serving again, {worker.name} restarted")
    locust.wait(timeout=args.duration + 180)
    print(f"  {time.time() - started:5.1f} s: load finished (Locust exit {locust.returncode})")
    return {
        "port": int(web.name.split(":")[1]),
        "killed_at": killed_at,
        "back_at": back_at,
        "worker_id": "worker-1-run-1",
    }


def _django():
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerstwa.settings")
    sys.path.insert(0, str(ROOT))
    django.setup()


def drain(timeout: float) -> bool:
    """Wait for the workers to finish the queue: True once nothing is READY or RUNNING. A task
    the killed worker held stays RUNNING unless something hands it out again (TASK_LEASE)."""
    _django()
    from django_tasks_db.models import DBTaskResult

    deadline = time.time() + timeout
    while time.time() < deadline:
        if not DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists():
            return True
        time.sleep(1)
    return not DBTaskResult.objects.filter(status="READY").exists()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(config: dict, workdir: Path, fault: dict, drained: bool, args) -> bool:
    from django.db.models import Count, Q
    from django_tasks_db.models import DBTaskResult

    from partnerstwa.activities.models import (
        SEAT_HOLDING_STATES,
        Event,
        Registration,
        RegistrationRequest,
    )

    failures: list[str] = []
    requests = [json.loads(line) for line in (workdir / "requests.jsonl").read_text().splitlines()]
    success_lines = [
        json.loads(line) for line in (workdir / "successes.jsonl").read_text().splitlines()
    ]
    successes = [line for line in success_lines if "email" in line]
    mail_timeouts = [line for line in success_lines if "mail_timeout" in line]

    # Requests: per kind, and the errors placed against the fault.
    in_flight = refused = 0
    server_errors: Counter = Counter()
    statuses: dict[str, Counter] = defaultdict(Counter)
    times: dict[str, list[float]] = defaultdict(list)
    # The same without the requests sent while one server was down or starting again (they
    # queue on its socket while its workers boot).
    steady: dict[str, list[float]] = defaultdict(list)
    for line in requests:
        statuses[line["kind"]][line["status"]] += 1
        end = line["start"] + line["ms"] / 1000
        if line["status"] and line["status"] < 500:
            times[line["kind"]].append(line["ms"])
            if not fault["killed_at"] <= line["start"] < fault["back_at"]:
                steady[line["kind"]].append(line["ms"])
            continue
        on_killed = line["port"] == fault["port"]
        if on_killed and line["status"] == 0 and line["start"] < fault["killed_at"] <= end:
            in_flight += 1
        elif on_killed and fault["killed_at"] <= line["start"] < fault["back_at"]:
            refused += 1
        else:
            server_errors[(line["kind"], line["status"] or line.get("error", "connection"))] += 1
    first = min(r["start"] for r in requests)
    span = max(r["start"] for r in requests) - first
    print(f"\nRequests: {len(requests)} in {span:.0f} s ({len(requests) / span:.1f} req/s)")
    print(
        f"{'kind':<16}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}"
        f"{'p99 steady':>12}  statuses"
    )
    for kind in sorted(statuses):
        values = times[kind] or [0.0]
        status_text = " ".join(f"{s or 'conn'}×{n}" for s, n in sorted(statuses[kind].items()))
        print(
            f"{kind:<16}{sum(statuses[kind].values()):>7}{percentile(values, 0.5):>9.0f}"
            f"{percentile(values, 0.95):>9.0f}{percentile(values, 0.99):>9.0f}"
            f"{max(values):>9.0f}{percentile(steady[kind] or [0.0], 0.99):>12.0f}  {status_text}"
        )
    print(
        f"\nFault: port {fault['port']} killed {fault['killed_at'] - first:.1f} s into the load, "
        f"down for {fault['back_at'] - fault['killed_at']:.1f} s; "
        f"{in_flight} requests in flight on it lost their connection, {refused} refused while "
        "it was down (allowed)"
    )
    if server_errors:
        failures.append(f"{sum(server_errors.values())} server errors outside the fault")
        for (kind, status), count in server_errors.most_common():
            print(f"  SERVER ERROR {kind}: {status} ×{count}")
    else:
        print("  no server error outside the fault: OK")

    # Registrations: each success exactly once; no event oversold.
    print(f"\nRegistrations: {len(successes)} confirmed with a success response")
    found = Counter(
        Registration.objects.filter(email__endswith="@bench.example").values_list(
            "event__slug", "email"
        )
    )
    missing = [s for s in successes if found[(s["event"], s["email"])] == 0]
    doubled = [pair for pair, count in found.items() if count > 1]
    unanswered = len(found) - len({(s["event"], s["email"]) for s in successes})
    print(
        f"  in the database: {sum(found.values())} ({unanswered} without a success response: "
        "confirmed by a request in flight, or a refused confirm)"
    )
    if missing:
        failures.append(f"{len(missing)} successful registrations missing")
        print(f"  MISSING: {missing[:5]}")
    if doubled:
        failures.append(f"{len(doubled)} registrations stored more than once")
        print(f"  DOUBLED: {doubled[:5]}")
    if not missing and not doubled:
        print("  every successful registration exists exactly once: OK")
    seats = Event.objects.filter(capacity__isnull=False).annotate(
        held=Count("registrations", filter=Q(registrations__state__in=SEAT_HOLDING_STATES)),
        waiting=Count("registrations", filter=Q(registrations__state="waitlisted")),
    )
    for event in seats.filter(slug__startswith="test-obciazenia-").order_by("slug"):
        print(f"  {event.slug}: {event.held}/{event.capacity} seats, {event.waiting} waitlisted")
    oversold = [e.slug for e in seats if e.held > e.capacity]
    if oversold:
        failures.append(f"oversold: {oversold}")
        print(f"  OVERSOLD: {oversold}")
    else:
        print("  no event oversold: OK")

    # E-mail: every task finished once, each message at the sink once.
    tasks = list(DBTaskResult.objects.all())
    by_status = Counter(task.status for task in tasks)
    # Counted by Message-ID: a worker killed after the sink took a message but before the sink's
    # "250" reached it cannot know the message arrived (RFC 1047's duplicate); it sends it again
    # with the same Message-ID, which mail programs show once. Such resends are counted apart.
    messages: Counter = Counter()
    copies: Counter = Counter()
    seen_ids: set = set()
    for message_file in (workdir / "mail").glob("*/*.eml"):
        with message_file.open("rb") as handle:
            message_id = BytesParser().parse(handle, headersonly=True)["Message-ID"]
        copies[message_file.parent.name] += 1
        if (message_file.parent.name, message_id) not in seen_ids:
            seen_ids.add((message_file.parent.name, message_id))
            messages[message_file.parent.name] += 1
    resent = sum(copies.values()) - sum(messages.values())
    by_name = Counter(task.task_name for task in tasks)
    print(
        f"\nTasks: {len(tasks)} ({', '.join(f'{n} {s}' for s, n in by_status.items())}; "
        f"{', '.join(f'{n} {name}' for name, n in by_name.items())}), "
        f"{sum(messages.values())} messages at the sink ({resent} more copies resent with the "
        f"same Message-ID after a kill); {len(mail_timeouts)} visitors never got their link"
    )
    request_addresses = dict(RegistrationRequest.objects.values_list("pk", "email"))
    registration_addresses = dict(Registration.objects.values_list("pk", "email"))
    expected: Counter = Counter()
    unfinished = []
    for task in tasks:
        first = task.args_kwargs["args"][0]
        if task.task_path.endswith("send_registration_request_email"):
            address = request_addresses.get(first, "")
        elif task.task_path.endswith("send_registration_email"):
            address = registration_addresses.get(first, "")
        else:
            address = ""
        address = address.strip().lower()
        if task.status == "SUCCESSFUL":
            expected[address] += 1
        else:
            unfinished.append((task, address))
    for task, address in unfinished:
        arrived = messages[address] - expected[address]
        print(
            f"  UNFINISHED task {task.task_name}{tuple(task.args_kwargs['args'])}: {task.status} "
            f"(workers {task.worker_ids}); its message "
            f"{'reached the sink' if arrived > 0 else 'never reached the sink'}"
        )
    # A task whose worker was killed is handed out again after TASK_LEASE_SECONDS and runs on
    # another worker: expected, and no failure as long as its message arrives once (send_once).
    rerun = [task for task in tasks if len(task.worker_ids) > 1]
    if rerun:
        print(
            f"  handed out again after their worker died: "
            f"{[(t.task_name, t.worker_ids) for t in rerun][:5]}"
        )
    if unfinished:
        failures.append(f"{len(unfinished)} e-mail tasks never finished")
    bench = {a for a in set(messages) | set(expected) if a.endswith("@bench.example")}
    extra = {a: messages[a] - expected[a] for a in bench if messages[a] > expected[a]}
    short = {a: expected[a] - messages[a] for a in bench if messages[a] < expected[a]}
    in_doubt = {address for _task, address in unfinished}
    duplicates = {a: n for a, n in extra.items() if a not in in_doubt}
    if duplicates:
        failures.append(f"{sum(duplicates.values())} duplicate e-mails")
        print(f"  DUPLICATE messages: {list(duplicates.items())[:5]}")
    if short:
        failures.append(f"{sum(short.values())} e-mails of finished tasks never arrived")
        print(f"  MISSING messages: {list(short.items())[:5]}")
    if not unfinished and not duplicates and not short:
        print("  every e-mail task finished, each message (by Message-ID) arrived exactly once: OK")
    if not drained:
        failures.append("tasks still waiting in the queue after the load")

    print("\n" + ("FAILED: " + "; ".join(failures) if failures else "all checks passed"))
    return not failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=120, help="seconds of load")
    parser.add_argument("--users", type=int, default=24, help="simulated users")
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--kill-at", type=float, default=0.5, help="share of the run")
    parser.add_argument("--down", type=float, default=5, help="seconds before the restart")
    parser.add_argument("--pg-bin", default=os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
    parser.add_argument("--keep-logs", default="", help="copy the scratch folder here")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        # A throwaway cluster for this run, removed afterwards whatever happens.
        os.execvp(
            "bash",
            ["bash", str(ROOT / ".ci" / "with-postgres"), args.pg_bin, PY, __file__, *sys.argv[1:]],
        )
    run_in_scratch_folder(run, args)


if __name__ == "__main__":
    main()
