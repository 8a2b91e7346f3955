"""Structured logs: one line per request (RequestLogMiddleware) and one per background task,
JSON in production and readable lines in development. Never personal data: no client address,
no user agent, no query string, the account's number only.

Loaded by settings.py (configure, formatter), so nothing here imports models at module level."""

import logging
import time
import uuid

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


REQUEST_LOGGER = "partnerstwa.requests"


class RequestLogMiddleware:
    """One line per request, pages served from the page cache included: method, path (never the
    query string: it may carry what someone typed), status, duration and the account's number.
    Every other line logged while the request is handled carries its request_id.

    Written here rather than taken from django-structlog, whose request middleware made more
    than half of what serving a kept page cost (two log calls, signals, context copies)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.logger = structlog.get_logger(REQUEST_LOGGER)
        self.enabled = logging.getLogger(REQUEST_LOGGER).isEnabledFor

    def __call__(self, request):
        if not self.enabled(logging.INFO):
            return self.get_response(request)
        started = time.perf_counter()
        request_id = uuid.uuid4().hex
        tokens = structlog.contextvars.bind_contextvars(request_id=request_id)
        try:
            try:
                response = self.get_response(request)
            except Exception:
                self.logger.exception(
                    "request_failed", request=f"{request.method} {request.path}", status=500
                )
                raise
            user = getattr(request, "user", None)
            self.logger.info(
                "request_finished",
                request=f"{request.method} {request.path}",
                method=request.method,
                path=request.path,
                status=response.status_code,
                duration_ms=round((time.perf_counter() - started) * 1000, 1),
                user_id=user.pk if user is not None and user.is_authenticated else None,
            )
            return response
        finally:
            structlog.contextvars.reset_contextvars(**tokens)


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
    from django_tasks.signals import task_finished

    task_finished.connect(_task_finished, dispatch_uid="operations-task-finished")
