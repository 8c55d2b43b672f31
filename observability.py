"""Request ids, structured logs and Prometheus metrics.

Every request carries an id (the caller's `X-Request-ID` when it is sane, else a new one),
echoed in the response and attached to every log line written while serving it. Metrics are
labelled by route template (`/items/{item_id}`), never by raw path, so their number stays
bounded. With several workers, PROMETHEUS_MULTIPROC_DIR makes /metrics add up every
process's samples (the entrypoint sets it).
"""

from __future__ import annotations

import logging
import os
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cache import Cache

REQUEST_ID: ContextVar[str] = ContextVar("request_id", default="-")
_SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
access_log = logging.getLogger("smart_suggest.access")

# Latency buckets from half a millisecond: the cached answers live in the lowest ones.
LATENCY_BUCKETS = (0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)


class RequestIdFilter(logging.Filter):
    """Adds the current request's id to every record (used by logging.json)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        return True


@dataclass
class Metrics:
    registry: CollectorRegistry
    requests: Counter
    latency: Histogram
    cache_lookups: Counter
    model_rebuilds: Counter
    changes_relayed: Counter

    def render(self) -> bytes:
        if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
            registry = CollectorRegistry()
            # prometheus_client leaves this constructor unannotated.
            multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
            return generate_latest(registry)
        return generate_latest(self.registry)


def make_metrics() -> Metrics:
    """A registry per app, so tests can build many apps in one process."""
    registry = CollectorRegistry()
    return Metrics(
        registry=registry,
        requests=Counter(
            "http_requests",
            "HTTP requests by route template and status code",
            ["method", "route", "status"],
            registry=registry,
        ),
        latency=Histogram(
            "http_request_duration_seconds",
            "Time from receiving a request to sending the last byte of its response",
            ["method", "route"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        ),
        cache_lookups=Counter(
            "cache_lookups",
            "Cache reads by key kind and result (hit or miss)",
            ["kind", "result"],
            registry=registry,
        ),
        model_rebuilds=Counter(
            "model_rebuilds", "Full rebuilds of the live recommender models", registry=registry
        ),
        changes_relayed=Counter(
            "changes_relayed",
            "Changes made by other workers and applied by this one, by kind",
            ["kind"],
            registry=registry,
        ),
    )


class MeteredCache:
    """Wraps any cache to count its reads as hits or misses, by key kind (the part of the key
    after the namespace). Everything else is the wrapped cache's own."""

    def __init__(self, inner: Cache, namespace: str, metrics: Metrics) -> None:
        self.inner = inner
        self._prefix_length = len(namespace) + 1
        self._lookups = metrics.cache_lookups

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def get(self, key: str) -> bytes | None:
        value = self.inner.get(key)
        kind = key[self._prefix_length :].split(":", 1)[0] or "other"
        self._lookups.labels(kind, "miss" if value is None else "hit").inc()
        return value

    def set(self, key: str, value: bytes, ttl_seconds: int) -> None:
        self.inner.set(key, value, ttl_seconds)

    def delete(self, key: str) -> None:
        self.inner.delete(key)

    def delete_prefix(self, prefix: str) -> None:
        self.inner.delete_prefix(prefix)


def rebuild_counter(model: Any, metrics: Metrics) -> Callable[[], None]:
    """A model listener that counts full rebuilds (the model's ``rebuilds`` going up)."""
    counted = 0

    def count() -> None:
        nonlocal counted
        rebuilds = model.rebuilds
        if rebuilds > counted:
            metrics.model_rebuilds.inc(rebuilds - counted)
            counted = rebuilds

    return count


def metrics_response(metrics: Metrics) -> Response:
    return Response(metrics.render(), media_type=CONTENT_TYPE_LATEST)


def route_template(scope: Scope) -> str:
    route = scope.get("route")
    if isinstance(route, Mount):
        return "static"
    return getattr(route, "path", None) or "unmatched"


class RequestContextMiddleware:
    """Request id in and out, one access log line and the request metrics per request.

    A plain ASGI middleware (not BaseHTTPMiddleware): it adds microseconds, not a task."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = Request(scope).headers.get("x-request-id", "")
        request_id = incoming if _SANE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = REQUEST_ID.set(request_id)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message).append("X-Request-ID", request_id)
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = route_template(scope)
            method = scope["method"]
            self.metrics.requests.labels(method, route, str(status)).inc()
            self.metrics.latency.labels(method, route).observe(elapsed)
            access_log.info(
                "%s %s %s",
                method,
                scope["path"],
                status,
                extra={
                    "method": method,
                    "path": scope["path"],
                    "route": route,
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 3),
                },
            )
            REQUEST_ID.reset(token)


class BodySizeLimitMiddleware:
    """413 for bodies over the limit: at once from Content-Length, and for chunked bodies
    (no Content-Length) by reading at most limit + 1 bytes before the app sees any."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = Request(scope).headers.get("content-length")
        if length is not None:
            if length.isdigit() and int(length) > self.max_body_bytes:
                await self._refuse(scope, receive, send)
                return
            await self.app(scope, receive, send)
            return
        if scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                await self._refuse(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = JSONResponse(
            {"detail": f"request body over {self.max_body_bytes} bytes"}, status_code=413
        )
        await response(scope, receive, send)
