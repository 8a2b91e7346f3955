"""The load test's SMTP sink: accepts every message and keeps it as one file per message in a
folder per recipient, so a simulated visitor finds their confirmation link and the load test
counts what arrived. Each message is held DELAY seconds before the sink answers, as a remote
server would: a worker killed in the middle of a task is then most likely killed mid-send.

Usage: python bench/load_smtp.py FOLDER PORT [DELAY]"""

import asyncio
import itertools
import re
import sys
import threading
from pathlib import Path

from aiosmtpd.controller import Controller


def mailbox(folder: Path, address: str) -> Path:
    """The folder of one recipient's messages (the locustfile reads the same one)."""
    return folder / re.sub(r"[^a-z0-9@._-]", "_", address.strip().lower())


class Sink:
    def __init__(self, folder: Path, delay: float):
        self.folder = folder
        self.delay = delay
        self.numbers = itertools.count(1)
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:
        await asyncio.sleep(self.delay)
        with self.lock:
            number = next(self.numbers)
        for address in envelope.rcpt_tos:
            box = mailbox(self.folder, address)
            box.mkdir(parents=True, exist_ok=True)
            # Written aside and renamed: a reader never sees half a message.
            part = box / f"{number:08d}.part"
            part.write_bytes(envelope.original_content or envelope.content)
            part.rename(box / f"{number:08d}.eml")
        return "250 OK"


def main() -> None:
    folder, port = Path(sys.argv[1]), int(sys.argv[2])
    delay = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
    folder.mkdir(parents=True, exist_ok=True)
    controller = Controller(Sink(folder, delay), hostname="127.0.0.1", port=port)
    controller.start()
    print(f"SMTP sink on 127.0.0.1:{port}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
