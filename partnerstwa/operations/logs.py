"""Structured logs: one line per request (django-structlog's request middleware) and one per
background task, JSON in production and readable lines in development. Never personal data:
no client address, no user agent, no query string, the account's number only.

Loaded by settings.py (configure, formatter), so nothing here imports models at module level."""

import logging
import time

import structlog

_SHARED = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def configure() -> None:
    structlog.configure(
        processors=[
            *_SHARED,
            structlog.stdlib.filter_by_level,
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.StackInfoRenderer(),
            structlog.processors.format_exc_info,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )


def formatter(json: bool = True) -> logging.Formatter:
    """One JSON object a line (json) or structlog's readable console line; the standard
    library's records (Django's own, other libraries') go through the same chain."""
    renderer = (
        structlog.processors.JSONRenderer(ensure_ascii=False)
        if json
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    return structlog.stdlib.ProcessorFormatter(
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            renderer,
        ],
        foreign_pre_chain=[*_SHARED, structlog.stdlib.ExtraAdder()],
    )


def _request_started(sender, request, logger, log_kwargs, **kwargs) -> None:
    request._operations_started = time.perf_counter()


def _request_finished(sender, request, logger, response, log_kwargs, **kwargs) -> None:
    started = getattr(request, "_operations_started", None)
    log_kwargs.update(
        # The path only: a query string may carry what someone typed (a name, an address).
        request=f"{request.method} {request.path}",
        method=request.method,
        path=request.path,
        status=response.status_code,
        duration_ms=round((time.perf_counter() - started) * 1000, 1) if started else None,
    )


def _task_finished(sender, task_result, **kwargs) -> None:
    started, finished = task_result.started_at, task_result.finished_at
    structlog.get_logger("partnerstwa.tasks").info(
        "task_finished",
        task=task_result.task.module_path,
        task_id=str(task_result.id),
        outcome=str(task_result.status).lower(),
        duration_ms=round((finished - started).total_seconds() * 1000, 1)
        if started and finished
        else None,
    )


def connect() -> None:
    from django_structlog import signals
    from django_tasks.signals import task_finished

    signals.bind_extra_request_metadata.connect(_request_started, dispatch_uid="ops-start")
    signals.bind_extra_request_finished_metadata.connect(_request_finished, dispatch_uid="ops-end")
    task_finished.connect(_task_finished, dispatch_uid="operations-task-finished")
