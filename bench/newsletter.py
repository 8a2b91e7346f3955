"""Send a campaign to a local SMTP sink and compare with a bare smtplib loop.

    .venv/bin/python bench/newsletter.py [--recipients 100000] [--postgres]

Prints `messages per minute` of the newsletter's sender (partnerstwa/newsletter/sending.py:
deliveries claimed in batches, one SMTP connection per batch, each outcome recorded as it is
known) with one and two worker processes, next to a bare smtplib loop sending the same number of
prebuilt messages over one connection (the floor), and each worker's peak memory. The sink
counts every message and its Message-ID, so the run also checks that every recipient got
exactly one message. The workers call sending.run() as the batch task does, without the task
queue between (db_worker adds one poll per task, not per message).

The sink is a small asyncio SMTP server (PIPELINING, no TLS) run in its own process; it is not
the bottleneck when the floor reaches well above the sender's figure. Postfix's smtp-sink is
faster still and is used when installed (`smtp-sink` on PATH) — then duplicates are not
counted. BENCH_PROFILE=1 prints each worker's profile.
"""

import argparse
import asyncio
import contextlib
import multiprocessing
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scratch import run_in_scratch_folder, use_database  # noqa: E402

MESSAGE_ID = re.compile(rb"^Message-ID:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


# The sink ------------------------------------------------------------------------------------


class _Counts:
    messages = 0
    ids: set[bytes] = set()


async def _session(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    # A worker killed mid-message: what it did not finish is not counted.
    with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError):
        await _converse(reader, writer)


async def _converse(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    writer.write(b"220 sink ESMTP\r\n")
    while line := await reader.readline():
        verb = line[:4].upper()
        if verb in (b"EHLO", b"HELO"):
            writer.write(b"250-sink\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
        elif verb == b"DATA":
            writer.write(b"354 go on\r\n")
            data = await reader.readuntil(b"\r\n.\r\n")
            _Counts.messages += 1
            found = MESSAGE_ID.search(data)
            if found:
                _Counts.ids.add(found.group(1))
            writer.write(b"250 2.0.0 taken\r\n")
        elif verb == b"XSTA":  # the benchmark's own question: how many so far
            writer.write(f"250 {_Counts.messages} {len(_Counts.ids)}\r\n".encode())
        elif verb == b"XRST":
            _Counts.messages, _Counts.ids = 0, set()
            writer.write(b"250 reset\r\n")
        elif verb == b"QUIT":
            writer.write(b"221 bye\r\n")
            await writer.drain()
            break
        else:  # MAIL, RCPT, RSET, NOOP
            writer.write(b"250 ok\r\n")
        await writer.drain()
    writer.close()


def _serve(port: int) -> None:
    async def main() -> None:
        server = await asyncio.start_server(_session, "127.0.0.1", port, limit=2**20)
        async with server:
            await server.serve_forever()

    asyncio.run(main())


def _sink_command(port: int, verb: str) -> tuple[int, int]:
    with socket.create_connection(("127.0.0.1", port)) as connection:
        stream = connection.makefile("rwb")
        stream.readline()
        stream.write(verb.encode() + b"\r\n")
        stream.flush()
        answer = stream.readline().split()
        stream.write(b"QUIT\r\n")
        stream.flush()
    numbers = [int(part) for part in answer[1:3] if part.isdigit()]
    return [*numbers, 0, 0][:2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# The workers ---------------------------------------------------------------------------------


def _worker(campaign_id: int, workers: int, queue) -> None:
    import django

    django.setup()
    from django.conf import settings

    from partnerstwa.newsletter import sending

    settings.NEWSLETTER_WORKERS = workers
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
    lease has passed, one more worker resumes. The killed worker's pid and the wall time."""
    import signal

    from django.conf import settings

    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    started = time.perf_counter()
    workers = [context.Process(target=_worker, args=(campaign_id, 2, queue)) for _ in range(2)]
    for process in workers:
        process.start()
    time.sleep(after)
    os.kill(workers[0].pid, signal.SIGKILL)
    queue.get()
    for process in workers:
        process.join()
    time.sleep(settings.NEWSLETTER_LEASE_SECONDS + 1)
    resumed = context.Process(target=_worker, args=(campaign_id, 1, queue))
    resumed.start()
    queue.get()
    resumed.join()
    return workers[0].pid, time.perf_counter() - started


def run(args, workdir: Path) -> None:
    use_database(postgres=args.postgres, workdir=workdir)
    port = _free_port()
    external = shutil.which("smtp-sink")
    if external:
        sink = subprocess.Popen([external, "-c", f"127.0.0.1:{port}", "1000"])
    else:
        sink = multiprocessing.get_context("fork").Process(target=_serve, args=(port,))
        sink.start()
    os.environ.update(
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(port),
        EMAIL_USE_TLS="false",
        NEWSLETTER_RATE="0",
        NEWSLETTER_BATCH_SIZE=str(args.batch),
        # A short lease, so the kill-and-resume run does not wait minutes for it.
        NEWSLETTER_LEASE_SECONDS="3",
        SITE_URL="https://partnerstwa.example.org",
        DEFAULT_FROM_EMAIL="Związek Miast Polskich <newsletter@zmp.example.org>",
        # Starting the campaign queues nothing: the benchmark runs the workers itself.
        TASKS_BACKEND="django_tasks.backends.dummy.DummyBackend",
        DJANGO_SETTINGS_MODULE="partnerstwa.settings",
        ENV_FILE="",
    )
    try:
        _measure(args, port, counted=not external)
    finally:
        if external:
            sink.terminate()
        else:
            sink.kill()
        sink.join() if not external else sink.wait()


def _measure(args, port: int, *, counted: bool) -> None:
    import smtplib

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from partnerstwa.newsletter import rendering, services
    from partnerstwa.newsletter.models import Campaign, Delivery, Subscriber, Topic

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
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for number in range(args.recipients):
            to, data = prebuilt[number % len(prebuilt)]
            smtp.sendmail("newsletter@zmp.example.org", [to], data)
    floor = args.recipients / (time.perf_counter() - started) * 60
    print(
        "\nfloor (bare smtplib loop, prebuilt messages, one connection): "
        f"messages per minute: {floor:,.0f}"
    )

    for workers in (1, 2):
        if counted:
            _sink_command(port, "XRST")
        Delivery.objects.update(
            status="pending", claim="", claimed_at=None, attempts=0, sent_at=None
        )
        Campaign.objects.filter(pk=campaign.pk).update(status="sending", finished_at=None)
        connection.close()
        elapsed, sent, rss = _send_with(campaign.pk, workers)
        rate = sent / elapsed * 60
        line = (
            f"newsletter sender, {workers} worker{'s' if workers > 1 else ''}: "
            f"messages per minute: {rate:,.0f} ({rate / floor:.0%} of the floor), "
            f"peak memory per worker {rss / 1024:.0f} MB"
        )
        print(line)
        recorded = Delivery.objects.filter(campaign=campaign, status="sent").count()
        if counted:
            messages, unique = _sink_command(port, "XSTA")
            print(
                f"  sink received {messages:,} messages, {unique:,} distinct Message-IDs; "
                f"deliveries recorded sent: {recorded:,}"
            )
        else:
            print(f"  deliveries recorded sent: {recorded:,}")

    # kill -9 one of two workers mid-campaign, resume after the lease.
    if counted:
        _sink_command(port, "XRST")
    Delivery.objects.update(status="pending", claim="", claimed_at=None, attempts=0, sent_at=None)
    Campaign.objects.filter(pk=campaign.pk).update(status="sending", finished_at=None)
    connection.close()
    _pid, elapsed = _kill_and_resume(campaign.pk, after=min(2.0, args.recipients / 3000))
    recorded = Delivery.objects.filter(campaign=campaign, status="sent").count()
    finished = Campaign.objects.get(pk=campaign.pk).status
    print(f"\nkill -9 of one of two workers, resumed after the lease ({elapsed:.0f} s in all):")
    if counted:
        messages, unique = _sink_command(port, "XSTA")
        print(
            f"  sink received {messages:,} messages, {unique:,} distinct Message-IDs "
            f"(a message taken by the sink but not yet recorded is sent again with its "
            f"Message-ID); deliveries recorded sent: {recorded:,}; campaign {finished}"
        )
    else:
        print(f"  deliveries recorded sent: {recorded:,}; campaign {finished}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--recipients", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--postgres", action="store_true")
    run_in_scratch_folder(run, parser.parse_args())


if __name__ == "__main__":
    main()
