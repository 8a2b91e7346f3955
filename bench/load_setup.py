"""The load test's fixtures on top of the demo: a few open events with few seats (so the seat
limit is fought over), a staff account with a known password, and the public pages to browse.
Prints them as JSON for bench/load.py and the locustfile.

Usage (settings from the environment, as manage.py): python bench/load_setup.py OUT.json"""

import datetime
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerstwa.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from partnerstwa.activities.models import Event  # noqa: E402
from partnerstwa.activities.services import event_create  # noqa: E402
from partnerstwa.partnerships.models import Partnership  # noqa: E402

# Seats per bench event: small enough that many more people try than can get in.
CAPACITIES = (3, 5, 8, 12)
STAFF = ("bench-staff", "bench-" + os.urandom(12).hex())


def main(out: Path) -> None:
    start = timezone.now() + datetime.timedelta(days=30)
    events = []
    for number, capacity in enumerate(CAPACITIES, start=1):
        event = event_create(
            title=f"Test obciążenia {number}",
            slug=f"test-obciazenia-{number}",
            kind="training",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=6),
            venue_name="Sala testowa",
            venue_address="Warszawa",
            capacity=capacity,
            status="published",
            is_illustrative=True,
        )
        events.append({"slug": event.slug, "capacity": capacity})
    user = get_user_model().objects.create_superuser(username=STAFF[0], email="", password=STAFF[1])
    demo_events = list(
        Event.objects.filter(status="published", is_illustrative=True)
        .exclude(slug__startswith="test-obciazenia-")
        .values_list("slug", flat=True)
    )
    pages = [
        "/",
        reverse("activities:list"),
        reverse("partnerships:list"),
        "/samorzady/",
        "/konkurs/",
        "/partnerstwa/mapa/",
        "/dokumenty/",
        *[reverse("activities:detail", args=[slug]) for slug in demo_events[:6]],
        *[
            reverse("partnerships:detail", args=[slug])
            for slug in Partnership.objects.order_by("pk").values_list("slug", flat=True)[:6]
        ],
    ]
    data = {
        "events": events,
        "staff": {"username": user.username, "password": STAFF[1]},
        "pages": pages,
        "heavy_pages": ["/wskazniki/", "/wydarzenia.ics"],
        "searches": ["partnerstwo", "gmina", "szkolenie", "współpraca", "strategia", "Poznań"],
    }
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
