"""What operators see and what guards the service: one log line and one histogram sample per
request, Prometheus metrics, a cap on concurrent heavy requests, and a bound on request bodies.

A plain ASGI middleware, so it wraps streaming responses too and costs microseconds.
"""

import contextlib
import json
import logging
import os
import sys
import time
from datetime import datetime

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest, multiprocess
from starlette.exceptions import HTTPException

access_log = logging.getLogger("rskg.access")

# Requests that search, query or render: the ones a burst of users makes expensive.
HEAVY_PREFIXES = ("/search", "/sparql", "/id/", "/crosswalk", "/concepts")
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10, 30)

REQUEST_SECONDS = Histogram("rskg_request_seconds", "Time to answer a request", ["route", "method", "status"], buckets=BUCKETS)
REJECTED = Counter("rskg_rejected_requests_total", "Requests refused before any work", ["reason"])
IN_FLIGHT = Gauge("rskg_heavy_requests_in_flight", "Heavy requests being answered", multiprocess_mode="livesum")
CLAUSES = Gauge("rskg_index_clauses", "Clauses in the served index", multiprocess_mode="liveall")
DOCUMENTS = Gauge("rskg_index_documents", "Documents in the served index", multiprocess_mode="liveall")
TRIPLES = Gauge("rskg_graph_triples", "Triples in the served graph", multiprocess_mode="liveall")
LAST_INGEST = Gauge("rskg_last_ingest_timestamp_seconds", "When the served state was published (Unix time)", multiprocess_mode="liveall")


class JsonLines(logging.Formatter):
    """One JSON object per line: what log shippers read without a parser of their own."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"), "level": record.levelname.lower(), "logger": record.name}
        entry.update(getattr(record, "fields", {}) or {"message": record.getMessage()})
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLines())
    for name in ("rskg", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level)
        logger.propagate = False


def observe_state(info: dict) -> None:
    """Set the index gauges from a state's ``state.json``."""
    CLAUSES.set(info.get("clauses", 0))
    DOCUMENTS.set(info.get("documents", 0))
    TRIPLES.set(info.get("triples", 0))
    with contextlib.suppress(KeyError, TypeError, ValueError):  # a state without a readable date leaves the gauge as it was
        LAST_INGEST.set(datetime.strptime(info["created"], "%Y-%m-%dT%H:%M:%S%z").timestamp())


def metrics_body() -> tuple[bytes, str]:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):  # several server processes: add up their files
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST


class Guard:
    """ASGI middleware: bound bodies, cap heavy requests, then time and log every request."""

    def __init__(self, app, *, max_heavy: int, max_body: int, retry_after: int = 2):
        self.app = app
        self.max_heavy = max_heavy
        self.max_body = max_body
        self.retry_after = retry_after
        self.heavy = 0

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        state = {"status": 500}
        path = scope["path"]
        heavy = path == "/" or path.startswith(HEAVY_PREFIXES)

        async def send_and_note(message):
            if message["type"] == "http.response.start":
                state["status"] = message["status"]
            await send(message)

        length = dict(scope.get("headers") or []).get(b"content-length")
        try:
            if length is not None and (not length.isdigit() or int(length) > self.max_body):
                REJECTED.labels("body").inc()
                await _refuse(send_and_note, 413, f"the request body is over {self.max_body // 1024} KiB (RSKG_MAX_BODY_KB)")
            elif heavy and self.heavy >= self.max_heavy:
                REJECTED.labels("busy").inc()
                await _refuse(
                    send_and_note,
                    503,
                    f"the service is answering {self.heavy} requests already; try again in a few seconds",
                    {"retry-after": str(self.retry_after)},
                )
            else:
                if heavy:
                    self.heavy += 1
                    IN_FLIGHT.inc()
                try:
                    await self.app(scope, _bounded(receive, self.max_body), send_and_note)
                finally:
                    if heavy:
                        self.heavy -= 1
                        IN_FLIGHT.dec()
        finally:
            seconds = time.perf_counter() - started
            route = getattr(scope.get("route"), "path", None) or ("/static" if path.startswith("/static/") else "unmatched")
            REQUEST_SECONDS.labels(route, scope["method"], str(state["status"])).observe(seconds)
            access_log.info(
                "request",
                extra={
                    "fields": {
                        "method": scope["method"],
                        "route": route,
                        "path": path,
                        "status": state["status"],
                        "ms": round(seconds * 1000, 1),
                        "client": (scope.get("client") or ("", 0))[0],
                    }
                },
            )


def _bounded(receive, limit: int):
    """``receive`` that stops a body streamed past ``limit`` bytes (chunked uploads have no Content-Length)."""
    seen = 0

    async def bounded():
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                REJECTED.labels("body").inc()
                raise HTTPException(413, f"the request body is over {limit // 1024} KiB (RSKG_MAX_BODY_KB)")
        return message

    return bounded


async def _refuse(send, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
    body = json.dumps({"detail": detail}).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})
