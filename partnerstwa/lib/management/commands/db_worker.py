"""django-tasks-db's worker, which also hands out again a task whose worker died.

django-tasks-db marks a task RUNNING when a worker takes it and never looks at it again: a
worker killed mid-task (SIGKILL, a machine lost) leaves it RUNNING for ever and its work - an
e-mail - never done (found by bench/load.py). This command, which Django runs instead of the
library's (partnerstwa.lib comes before it in INSTALLED_APPS), makes such a task READY again
once it has run longer than TASK_LEASE_SECONDS, when it starts and then every quarter of the
lease, so another worker runs it. Tasks must therefore be safe to run twice (e-mails:
lib.mail.send_once).
"""

import datetime
import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as LibraryCommand
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("partnerstwa.tasks")


def hand_out_again() -> int:
    """Tasks taken longer ago than the lease and still RUNNING are READY again; how many."""
    lease = datetime.timedelta(seconds=settings.TASK_LEASE_SECONDS)
    stale = DBTaskResult.objects.filter(status="RUNNING", started_at__lt=timezone.now() - lease)
    count = stale.update(status="READY")
    if count:
        logger.warning("%d task(s) whose worker stopped were handed out again", count)
    return count


def _keep_handing_out(stop: threading.Event) -> None:
    period = max(1.0, settings.TASK_LEASE_SECONDS / 4)
    while not stop.wait(period):
        try:
            hand_out_again()
        except Exception:  # a lost database connection: try again next time
            logger.exception("handing out stale tasks failed")
        finally:
            close_old_connections()
    connection.close()


class Command(LibraryCommand):
    help = LibraryCommand.help + " Tasks whose worker died are handed out again after a lease."

    def handle(self, *args, batch: bool = False, **options) -> None:
        hand_out_again()
        stop = threading.Event()
        if not batch:
            threading.Thread(target=_keep_handing_out, args=(stop,), daemon=True).start()
        try:
            super().handle(*args, batch=batch, **options)
        finally:
            stop.set()
