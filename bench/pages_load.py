"""The load generator of bench/pages.py: plain HTTP/1.1 GETs over gevent sockets.

    .venv/bin/python bench/pages_load.py HOST PORT PATH SECONDS CONNECTIONS

Keeps CONNECTIONS requests in flight for SECONDS (a new connection per request, as gunicorn's
sync workers close each one), waits for those still in flight, and prints one JSON line:
requests completed within the time, their statuses, and the CPU seconds this client used — so
the bench can show the client is not the bottleneck (CPU per request far below the server's).
Why not wrk: it is not installed; locust's FastHttpUser spends several times more CPU per
request on its statistics and events, which on two cores would be taken from the servers.
"""

import gevent.monkey

gevent.monkey.patch_all()

import json  # noqa: E402
import resource  # noqa: E402
import socket  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402

import gevent  # noqa: E402


def main() -> None:
    host, port, path, seconds, connections = sys.argv[1:6]
    port, seconds, connections = int(port), float(seconds), int(connections)
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUser-Agent: pages-bench\r\n"
        "Accept: */*\r\nConnection: close\r\n\r\n"
    ).encode()
    statuses: Counter = Counter()
    done_in_time = 0
    received = 0
    started = time.perf_counter()
    deadline = started + seconds

    def one() -> None:
        nonlocal done_in_time, received
        while time.perf_counter() < deadline:
            try:
                with socket.create_connection((host, port)) as sock:
                    sock.sendall(request)
                    chunks = []
                    while True:
                        chunk = sock.recv(262144)
                        if not chunk:
                            break
                        chunks.append(chunk)
                head = chunks[0][:12] if chunks else b""
                status = head[9:12].decode() if head.startswith(b"HTTP/") else "broken"
                received += sum(map(len, chunks))
            except OSError:
                status = "error"
            if time.perf_counter() <= deadline:
                done_in_time += 1
                statuses[status] += 1

    usage = resource.getrusage(resource.RUSAGE_SELF)
    workers = [gevent.spawn(one) for _ in range(connections)]
    gevent.joinall(workers, timeout=seconds + 120)
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - usage.ru_utime) + (after.ru_stime - usage.ru_stime)
    print(
        json.dumps(
            {
                "requests": done_in_time,
                "seconds": seconds,
                "statuses": dict(statuses),
                "bytes": received,
                "client_cpu": cpu,
                "wall": time.perf_counter() - started,
            }
        )
    )


if __name__ == "__main__":
    main()
