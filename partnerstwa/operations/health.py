"""/health/ for a load balancer: the database answers, every migration is applied, and the task
queue moves (its oldest waiting task is younger than HEALTH_TASK_QUEUE_MAX_AGE). 200 or 503 and
one word to the public; what failed goes to the log, and to staff on the page."""

import dataclasses
import datetime
import functools
import logging

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Q
from django.http import HttpResponse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

logger = logging.getLogger("partnerstwa.health")


@functools.cache
def _leaf_migrations() -> frozenset[tuple[str, str]]:
    # The code's migrations do not change while a process runs: read from disk once.
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes())


# The checks read through the request's own thread (sync_to_async, thread-sensitive): one
# database connection per request, as every view has.
@dataclasses.dataclass
class Migrations(HealthCheck):
    alias: str = "default"

    async def run(self) -> None:
        await sync_to_async(self._check)()

    def _check(self) -> None:
        applied = MigrationRecorder(connections[self.alias]).applied_migrations()
        missing = sorted(leaf for leaf in _leaf_migrations() if leaf not in applied)
        if missing:
            names = ", ".join(f"{app}.{name}" for app, name in missing)
            raise ServiceUnavailable(f"Migrations not applied: {names}")


@dataclasses.dataclass
class TaskQueue(HealthCheck):
    async def run(self) -> None:
        await sync_to_async(self._check)()

    def _check(self) -> None:
        limit = timezone.now() - datetime.timedelta(seconds=settings.HEALTH_TASK_QUEUE_MAX_AGE)
        waiting = DBTaskResult.objects.ready().filter(
            Q(run_after=get_date_max(), enqueued_at__lt=limit) | Q(run_after__lt=limit)
        )
        if waiting.exists():
            raise ServiceUnavailable(
                f"A task has waited more than {settings.HEALTH_TASK_QUEUE_MAX_AGE} s for a worker"
            )


class Health(HealthCheckView):
    checks = ("health_check.checks.Database", Migrations, TaskQueue)

    async def get(self, request, *args, **kwargs):
        response = await super().get(request, *args, **kwargs)
        failed = [result for result in self.results if result.error]
        for result in failed:
            logger.error("health check failed: %r: %s", result.check, result.error)
        status = 503 if failed else 200
        user = await request.auser()
        if user.is_active and user.is_staff:
            response.status_code = status
            return response
        # The public (a load balancer) learns the verdict only.
        return HttpResponse(
            "unavailable\n" if failed else "ok\n",
            status=status,
            content_type="text/plain; charset=utf-8",
        )
