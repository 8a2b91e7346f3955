"""Send a campaign to a local SMTP sink and compare with a bare smtplib loop.

    .venv/bin/python bench/newsletter.py [--recipients 100000] [--postgres]
    .venv/bin/python bench/newsletter.py --recipients 2000 --check      (CI)

Prints `messages per minute` of the newsletter's sender (partnerstwa/newsletter/sending.py:
deliveries claimed in batches, one SMTP connection per batch, each outcome recorded as it is
known) with one and two worker processes, next to a bare smtplib loop sending the same number of
prebuilt messages over one connection (the floor), each worker's peak memory, and a run where
one of two workers is killed with SIGKILL and the campaign resumed after the lease. The workers
call sending.run() as the batch task does, without the task queue between (db_worker adds one
poll per task, not per message).

The sink is Postfix's smtp-sink (a C server made to measure SMTP clients; Debian's postfix
package, installed here when missing and running as root, its daemon kept from starting), so
the sink is not the bottleneck. Without it the run falls back to aiosmtpd, with a warning: a
Python server takes a few hundred messages a second and the figures are then the sink's. Every
run compares the messages the sink took with the deliveries recorded; --check also has the sink
write each message's recipient and Message-ID and exits 1 when a recipient is missing or got two
messages (after the kill: two different Message-IDs — the message the sink took just before the
kill, not yet recorded, is sent again with its own Message-ID and counted apart).
BENCH_PROFILE=1 prints each worker's profile.
"""

import argparse
import contextlib
import multiprocessing
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scratch import run_in_scratch_folder, use_database  # noqa: E402

LEASE = 3  # seconds, for the kill-and-resume run
MESSAGE_ID = re.compile(rb"^Message-ID:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


# The sink ------------------------------------------------------------------------------------


def _install_postfix() -> str | None:
    """Debian's postfix package for its smtp-sink, when running as root with apt-get; the mail
    daemon itself is kept from starting (policy-rc.d) and stopped if it started anyway."""
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return None
    policy = Path("/usr/sbin/policy-rc.d")
    ours = not policy.exists()
    if ours:
        policy.write_text("#!/bin/sh\n# bench/newsletter.py: no daemon starts\nexit 101\n")
        policy.chmod(0o755)
    try:
        print("installing Postfix for its smtp-sink (apt-get install postfix) ...", flush=True)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "postfix"],
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
            stdout=subprocess.DEVNULL,
            check=False,
        )
    finally:
        if ours:
            policy.unlink(missing_ok=True)
    if shutil.which("postfix"):  # nothing of Postfix's own may stay listening on :25
        status = subprocess.run(["postfix", "status"], capture_output=True, check=False)
        if status.returncode == 0:
            subprocess.run(["postfix", "stop"], capture_output=True, check=False)
    return shutil.which("smtp-sink")


class Sink:
    """A local SMTP server that takes every message and counts it: Postfix's smtp-sink (C, made
    to measure SMTP clients), or aiosmtpd with a warning when Postfix cannot be had. With `dump`
    each message's recipient and Message-ID are written to a file for the exact check (smtp-sink
    -D; aiosmtpd always writes them)."""

    def __init__(self, *, dump: bool) -> None:
        self.port = _free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="partnerstwa-sink-"))
        self.folder.chmod(0o777)  # smtp-sink run as root drops to nobody, who writes here
        self.counter = self.folder / "counter.txt"
        self.dump_file = self.folder / "dump.txt"
        self.process = None
        self.name = ""
        self.dump = dump

    def start(self) -> None:
        external = shutil.which("smtp-sink") or _install_postfix()
        if external:
            command = [external, "-c"]
            if os.geteuid() == 0:
                command += ["-u", "nobody"]
            if self.dump:
                command += ["-D", str(self.dump_file)]
            command += [f"127.0.0.1:{self.port}", "1000"]
            self.process = subprocess.Popen(command, stdout=self.counter.open("wb"))
            self.name = "Postfix smtp-sink"
        else:
            print(
                "WARNING: Postfix's smtp-sink is not available (not installed, and not root to "
                "install it): falling back to aiosmtpd, a Python server that takes only a few "
                "hundred messages a second — the figures below are the sink's, not the sender's.",
                flush=True,
            )
            self.dump = True
            self.process = subprocess.Popen(
                [sys.executable, __file__, "--aiosmtpd-sink", str(self.port), str(self.dump_file)]
            )
            self.name = "aiosmtpd (fallback)"
        for _attempt in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port)):
                return
            time.sleep(0.05)
        raise SystemExit("the SMTP sink did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)

    def mark(self) -> tuple[int, int]:
        """Where the counts stand now (messages taken, dump file length)."""
        return self._taken(), self._dump_size()

    def _dump_size(self) -> int:
        return self.dump_file.stat().st_size if self.dump_file.exists() else 0

    def _taken(self) -> int:
        if self.name.startswith("aiosmtpd"):
            return len(self._seen(0))
        found = re.findall(rb"mesg=(\d+)", self.counter.read_bytes()[-200:])
        return int(found[-1]) if found else 0

    def taken_since(self, mark: tuple[int, int]) -> int:
        """Messages the sink took since `mark`, once its counter has settled."""
        last, steady = -1, 0
        while steady < 3:
            time.sleep(0.1)
            now = self._taken()
            steady = steady + 1 if now == last else 0
            last = now
        return last - mark[0] if not self.name.startswith("aiosmtpd") else len(self.seen(mark))

    def seen(self, mark: tuple[int, int]) -> list[tuple[str, str]]:
        """(recipient, Message-ID) of every message taken since `mark` (with `dump` only)."""
        return self._seen(mark[1])

    def _seen(self, offset: int) -> list[tuple[str, str]]:
        if not self.dump_file.exists():
            return []
        with self.dump_file.open("rb") as dump:
            dump.seek(offset)
            data = dump.read()
        found = []
        recipient = None
        for line in data.split(b"\n"):
            if line.startswith(b"X-Rcpt-Args: "):
                recipient = line[13:].strip(b"<> \r").decode().lower()
            elif recipient is not None and line[:11].lower() == b"message-id:":
                found.append((recipient, line[11:].strip().decode()))
                recipient = None
        return found


def _aiosmtpd_sink(port: int, dump: str) -> None:
    """The fallback sink: aiosmtpd writing each message's recipient and Message-ID."""
    from aiosmtpd.controller import Controller

    out = open(dump, "ab", buffering=0)  # noqa: SIM115 - open for the server's whole life

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            found = MESSAGE_ID.search(envelope.content)
            message_id = found.group(1) if found else b""
            for recipient in envelope.rcpt_tos:
                out.write(b"X-Rcpt-Args: <" + recipient.encode() + b">\n")
                out.write(b"Message-ID: " + message_id + b"\n\n")
            return "250 2.0.0 taken"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    signal.sigwait([signal.SIGTERM])
    controller.stop()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# The workers ---------------------------------------------------------------------------------


def _worker(campaign_id: int, workers: int, queue, lease: int = 300) -> None:
    import django

    django.setup()
    from django.conf import settings

    from partnerstwa.newsletter import sending

    settings.NEWSLETTER_WORKERS = workers
    # The timing runs keep the production lease; the kill run a short one, so that it resumes
    # within seconds (a batch gives back what it has not sent by half its lease).
    settings.NEWSLETTER_LEASE_SECONDS = lease
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
    outcome, _more = sending.run(campaign_id, budget_seconds=10**9)
    if os.environ.get("BENCH_PROFILE"):
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
    queue.put((outcome.sent, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))


def _send_with(campaign_id: int, workers: int) -> tuple[float, int, int]:
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    processes = [
        context.Process(target=_worker, args=(campaign_id, workers, queue)) for _ in range(workers)
    ]
    started = time.perf_counter()
    for process in processes:
        process.start()
    results = [queue.get() for _ in processes]
    for process in processes:
        process.join()
    elapsed = time.perf_counter() - started
    return elapsed, sum(sent for sent, _rss in results), max(rss for _sent, rss in results)


def _kill_and_resume(campaign_id: int, after: float) -> tuple[int, float]:
    """Two workers; one killed with SIGKILL `after` seconds in; once the other is done and the
    lease has passed, one more worker resumes. How many messages were recorded sent when the
    worker was killed, and the wall time."""
    from django.db import connection

    from partnerstwa.newsletter.models import Delivery

    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    started = time.perf_counter()
    workers = [
        context.Process(target=_worker, args=(campaign_id, 2, queue, LEASE)) for _ in range(2)
    ]
    for process in workers:
        process.start()
    time.sleep(after)
    os.kill(workers[0].pid, signal.SIGKILL)
    at_kill = Delivery.objects.filter(campaign_id=campaign_id, status="sent").count()
    connection.close()
    queue.get()
    for process in workers:
        process.join()
    time.sleep(LEASE + 1)
    resumed = context.Process(target=_worker, args=(campaign_id, 1, queue, LEASE))
    resumed.start()
    queue.get()
    resumed.join()
    return at_kill, time.perf_counter() - started


def run(args, workdir: Path) -> None:
    use_database(postgres=args.postgres, workdir=workdir)
    sink = Sink(dump=args.check)
    sink.start()
    os.environ.update(
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(sink.port),
        EMAIL_USE_TLS="false",
        NEWSLETTER_RATE="0",
        NEWSLETTER_BATCH_SIZE=str(args.batch),
        SITE_URL="https://partnerstwa.example.org",
        DEFAULT_FROM_EMAIL="Związek Miast Polskich <newsletter@zmp.example.org>",
        # Starting the campaign queues nothing: the benchmark runs the workers itself.
        TASKS_BACKEND="django_tasks.backends.dummy.DummyBackend",
        DJANGO_SETTINGS_MODULE="partnerstwa.settings",
        ENV_FILE="",
    )
    try:
        problems = _measure(args, sink)
    finally:
        sink.stop()
    if args.check:
        for problem in problems:
            print(f"CHECK FAILED: {problem}")
        if problems:
            raise SystemExit(1)
        print("check passed: every recipient got exactly one message (one Message-ID each)")


def _verify(seen: list[tuple[str, str]], expected: set[str], *, resume: bool) -> list[str]:
    """What is wrong at the sink: a recipient missing, one who got two messages (after a kill and
    resume: two different Message-IDs; the same message sent again after the kill keeps its
    Message-ID, RFC 1047's duplicate, and is counted apart), or a stranger."""
    by_recipient: dict[str, list[str]] = {}
    for recipient, message_id in seen:
        by_recipient.setdefault(recipient, []).append(message_id)
    missing = expected - by_recipient.keys()
    strangers = by_recipient.keys() - expected
    twice = [r for r, ids in by_recipient.items() if (len(set(ids)) if resume else len(ids)) > 1]
    problems = []
    if missing:
        problems.append(f"{len(missing)} recipients got nothing, e.g. {sorted(missing)[:3]}")
    if twice:
        problems.append(f"{len(twice)} recipients got two messages, e.g. {sorted(twice)[:3]}")
    if strangers:
        problems.append(f"{len(strangers)} unknown recipients, e.g. {sorted(strangers)[:3]}")
    return problems


def _measure(args, sink: Sink) -> list[str]:
    import smtplib

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from partnerstwa.newsletter import rendering, services
    from partnerstwa.newsletter.models import Campaign, Delivery, Subscriber, Topic

    print(f"SMTP sink: {sink.name}")
    call_command("migrate", verbosity=0)
    topic = Topic.objects.get(slug="programme-news")
    now = timezone.now()
    started = time.perf_counter()
    Subscriber.objects.bulk_create(
        (
            Subscriber(
                email=f"osoba{number}@example.org",
                language="en" if number % 5 == 0 else "pl",
                status="confirmed",
                confirmed_at=now,
            )
            for number in range(args.recipients)
        ),
        batch_size=2000,
    )
    expected = {f"osoba{number}@example.org" for number in range(args.recipients)}
    through = Subscriber.topics.through
    through.objects.bulk_create(
        (
            through(subscriber_id=pk, topic_id=topic.pk)
            for pk in Subscriber.objects.values_list("pk", flat=True)
        ),
        batch_size=2000,
    )
    print(f"{args.recipients:,} subscribers made in {time.perf_counter() - started:.1f} s")
    campaign = Campaign(
        subject_pl="Nowości programu",
        subject_en="Programme news",
        body_pl="<h2>Warsztaty</h2>"
        + '<p>Zapraszamy na <a href="/wydarzenia/">warsztaty</a> strategiczne gmin i powiatów.</p>'
        * 12,
        body_en="<h2>Workshops</h2>"
        + '<p>Join our <a href="/wydarzenia/">strategy workshops</a> for municipalities.</p>' * 12,
    )
    campaign.save()
    started = time.perf_counter()
    services.campaign_start(campaign=campaign)
    print(f"deliveries made when sending starts: {time.perf_counter() - started:.1f} s")
    connection.close()
    problems: list[str] = []

    # The floor: the same number of prebuilt messages over one connection.
    rendered = rendering.render(campaign, "pl")
    sample = [
        rendering.message(
            rendered,
            to=f"osoba{n}@example.org",
            subscriber_id=n,
            message_id=f"<floor.{n}@zmp.example.org>",
        )
        for n in range(min(args.recipients, 2000))
    ]
    prebuilt = [(m.to[0], m.message().as_bytes(linesep="\r\n")) for m in sample]
    print(f"message size: {len(prebuilt[0][1]):,} bytes")
    mark = sink.mark()
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", sink.port) as smtp:
        for number in range(args.recipients):
            to, data = prebuilt[number % len(prebuilt)]
            smtp.sendmail("newsletter@zmp.example.org", [to], data)
    floor = args.recipients / (time.perf_counter() - started) * 60
    print(
        "\nfloor (bare smtplib loop, prebuilt messages, one connection): "
        f"messages per minute: {floor:,.0f}"
    )
    taken = sink.taken_since(mark)
    if taken != args.recipients:
        problems.append(f"the sink took {taken:,} of the floor's {args.recipients:,} messages")

    def reset() -> None:
        Delivery.objects.update(
            status="pending", claim="", claimed_at=None, attempts=0, sent_at=None
        )
        Campaign.objects.filter(pk=campaign.pk).update(status="sending", finished_at=None)
        connection.close()

    for workers in (1, 2):
        reset()
        mark = sink.mark()
        elapsed, sent, rss = _send_with(campaign.pk, workers)
        rate = sent / elapsed * 60
        print(
            f"newsletter sender, {workers} worker{'s' if workers > 1 else ''}: "
            f"messages per minute: {rate:,.0f} ({rate / floor:.0%} of the floor), "
            f"peak memory per worker {rss / 1024:.0f} MB"
        )
        recorded = Delivery.objects.filter(campaign=campaign, status="sent").count()
        taken = sink.taken_since(mark)
        print(f"  sink took {taken:,} messages; deliveries recorded sent: {recorded:,}")
        if taken != args.recipients or recorded != args.recipients:
            problems.append(f"{workers} worker(s): {taken:,} taken, {recorded:,} recorded")
        if args.check:
            problems += [
                f"{workers} worker(s): {p}"
                for p in _verify(sink.seen(mark), expected, resume=False)
            ]

    # kill -9 one of two workers mid-campaign, resume after the lease.
    reset()
    mark = sink.mark()
    at_kill, elapsed = _kill_and_resume(campaign.pk, after=min(2.0, args.recipients / 3000))
    recorded = Delivery.objects.filter(campaign=campaign, status="sent").count()
    finished = Campaign.objects.get(pk=campaign.pk).status
    taken = sink.taken_since(mark)
    print(f"\nkill -9 of one of two workers, resumed after the lease ({elapsed:.0f} s in all):")
    print(
        f"  killed when {at_kill:,} were recorded sent; sink took {taken:,} messages, "
        f"{max(0, taken - args.recipients):,} of them sent again (taken by the sink just before "
        f"the kill, not yet recorded: same Message-ID); deliveries recorded sent: {recorded:,}; "
        f"campaign {finished}"
    )
    if recorded != args.recipients or finished != "finished" or taken < args.recipients:
        problems.append(f"kill and resume: {taken:,} taken, {recorded:,} recorded, {finished}")
    if args.check:
        seen = sink.seen(mark)
        distinct = len(set(seen))
        print(
            f"  {len(seen):,} messages at the sink, {distinct:,} distinct (recipient, Message-ID)"
        )
        problems += [f"kill and resume: {p}" for p in _verify(seen, expected, resume=True)]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"\npeak memory of the benchmark's own process (floor, set-up): {peak / 1024:.0f} MB")
    return problems


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--aiosmtpd-sink":
        _aiosmtpd_sink(int(sys.argv[2]), sys.argv[3])
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--recipients", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument(
        "--check",
        action="store_true",
        help="write every message's recipient and Message-ID at the sink and exit 1 when a "
        "recipient is missing or got two messages (for CI: --recipients 2000 --check)",
    )
    run_in_scratch_folder(run, parser.parse_args())


if __name__ == "__main__":
    main()
