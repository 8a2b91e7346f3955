"""The load test's visitors and staff (Locust). bench/load.py runs it headless; LOAD_CONFIG names
the JSON it wrote: the web ports, the sink's folder, the bench events, the staff account and the
files this writes — one line per request (kind, port, status, start, duration) and one line per
registration that got its success response.

Every request goes to one of the web ports at random, as behind a load balancer; the session
cookie serves on both (cookies ignore the port) as sessions live in the shared database."""

import csv
import email
import email.policy
import io
import itertools
import json
import os
import random
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task

CONFIG = json.loads(Path(os.environ["LOAD_CONFIG"]).read_text())
PORTS = CONFIG["ports"]
MAIL = Path(CONFIG["mail_dir"])
EVENTS = CONFIG["events"]
NUMBERS = itertools.count(1)
RUN = os.urandom(3).hex()
# Line-buffered: a line is whole on disk as soon as it is written.
REQUESTS = open(CONFIG["request_log"], "a", buffering=1)  # noqa: SIM115
SUCCESSES = open(CONFIG["success_log"], "a", buffering=1)  # noqa: SIM115
CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/wydarzenia/potwierdzenie/[^/\s]+/)")
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PERSON_FIELD = re.compile(r'name="person" value="(\d+)"')
IMPORT_TOKEN = re.compile(r'name="token" value="([^"]+)"')


@events.request.add_listener
def record(name, response_time, response, exception, start_time=None, url=None, **_kwargs):
    status = getattr(response, "status_code", 0) or 0
    started = start_time or (time.time() - response_time / 1000)
    port = urlsplit(url or getattr(response, "url", "") or "").port
    line = {
        "kind": name,
        "port": port,
        "status": status,
        "start": round(started, 4),
        "ms": round(response_time, 2),
    }
    # Locust keeps a connection error on the response, which catch_response then marks a success.
    error = exception or getattr(response, "error", None)
    if error is not None and not status:
        line["error"] = type(error).__name__
    REQUESTS.write(json.dumps(line) + "\n")


def mailbox(address: str) -> Path:
    # As bench/load_smtp.py names a recipient's folder.
    return MAIL / re.sub(r"[^a-z0-9@._-]", "_", address.strip().lower())


def confirmation_path(address: str) -> str | None:
    box = mailbox(address)
    for message_file in sorted(box.glob("*.eml")) if box.exists() else []:
        message = email.message_from_bytes(message_file.read_bytes(), policy=email.policy.default)
        body = message.get_body(("plain",))
        found = CONFIRM_LINK.search(body.get_content() if body else "")
        if found:
            return found.group(1)
    return None


class Visitor(HttpUser):
    abstract = True
    wait_time = between(0.5, 2)
    host = f"http://127.0.0.1:{PORTS[0]}"

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{random.choice(PORTS)}{path}"

    def get(self, path: str, kind: str, **kwargs):
        with self.client.get(self.url(path), name=kind, catch_response=True, **kwargs) as response:
            # Status codes are judged by bench/load.py from the log, not by Locust.
            response.success()
        return response

    def post(self, path: str, kind: str, data: dict, page_html: str = "", **kwargs):
        token = CSRF_FIELD.search(page_html)
        data = {"csrfmiddlewaretoken": token.group(1) if token else "", **data}
        with self.client.post(
            self.url(path),
            data=data,
            name=kind,
            allow_redirects=False,
            catch_response=True,
            headers={"Referer": self.url(path)},
            **kwargs,
        ) as response:
            response.success()
        return response


class Browser(Visitor):
    weight = 6

    @task(10)
    def page(self):
        self.get(random.choice(CONFIG["pages"]), "page")

    @task(4)
    def event(self):
        self.get(f"/wydarzenia/{random.choice(EVENTS)['slug']}/", "event page")

    @task(4)
    def search(self):
        query = random.choice(CONFIG["searches"])
        self.get(f"/szukaj/?q={query}", "search")

    @task(1)
    def heavy(self):
        self.get(random.choice(CONFIG["heavy_pages"]), "heavy page")


class Registrant(Visitor):
    """Registers for a bench event: the form, the link mailed to the sink, the confirmation."""

    weight = 3
    wait_time = between(1, 3)

    @task
    def register(self):
        event = random.choice(EVENTS)
        path = f"/wydarzenia/{event['slug']}/"
        page = self.get(path, "event page")
        if page.status_code != 200:
            return
        number = next(NUMBERS)
        address = f"u-{RUN}-{number}@bench.example"
        details = {
            "first_name": "Osoba",
            "last_name": f"Testowa {RUN} {number}",
            "language": "pl",
            "consent": "on",
        }
        sent = self.post(
            f"{path}rejestracja/", "register", {**details, "email": address}, page.text
        )
        if sent.status_code != 302:
            return
        link = None
        deadline = time.time() + 90
        while link is None and time.time() < deadline:
            time.sleep(0.5)  # gevent's sleep under Locust: other users run meanwhile
            link = confirmation_path(address)
        if link is None:
            SUCCESSES.write(json.dumps({"mail_timeout": address}) + "\n")
            return
        form = self.get(link, "confirm page")
        if form.status_code != 200:
            return
        confirmed = self.post(link, "confirm", details, form.text)
        if confirmed.status_code == 302 and path in confirmed.headers.get("Location", ""):
            SUCCESSES.write(
                json.dumps({"email": address, "event": event["slug"], "at": time.time()}) + "\n"
            )


class Staff(Visitor):
    """Checks people in at the door and imports an attendance list now and then."""

    weight = 1
    fixed_count = 1
    wait_time = between(1, 2)

    def on_start(self):
        page = self.get("/logowanie/", "login")
        self.post("/logowanie/", "login", CONFIG["staff"], page.text)

    @task(8)
    def checkin(self):
        path = f"/biuro/wydarzenia/{random.choice(EVENTS)['slug']}/sesje/1/obecnosc/"
        page = self.get(path, "check-in list")
        people = PERSON_FIELD.findall(page.text) if page.status_code == 200 else []
        if people:
            self.post(path, "check-in", {"person": random.choice(people), "q": ""}, page.text)

    @task(1)
    def attendance_import(self):
        path = f"/biuro/wydarzenia/{random.choice(EVENTS)['slug']}/import/"
        page = self.get(path, "import form")
        if page.status_code != 200:
            return
        rows = io.StringIO()
        writer = csv.writer(rows)
        writer.writerow(["first_name", "last_name", "email", "organisation"])
        batch = next(NUMBERS)
        for row in range(20):
            writer.writerow(
                [
                    "Uczestnik",
                    f"Import {RUN} {batch} {row}",
                    f"i-{RUN}-{batch}-{row}@bench.example",
                    "",
                ]
            )
        upload = ("lista.csv", rows.getvalue().encode(), "text/csv")
        preview = self.post(
            path, "import preview", {"session": "1"}, page.text, files={"file": upload}
        )
        token = IMPORT_TOKEN.search(preview.text) if preview.status_code == 200 else None
        if token:
            self.post(
                path, "import confirm", {"confirm": "1", "token": token.group(1)}, preview.text
            )
