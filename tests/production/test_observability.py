"""Request ids in and out and in the logs; Prometheus metrics by route template."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from cache import cache_key
from observability import RequestIdFilter


def sample(client: TestClient, name: str, **labels: str) -> float:
    for family in text_string_to_metric_families(client.get("/metrics").text):
        for found in family.samples:
            if found.name == name and all(found.labels.get(k) == v for k, v in labels.items()):
                return float(found.value)
    return 0.0


def test_request_id_is_echoed_or_made(client: TestClient) -> None:
    assert client.get("/health", headers={"X-Request-ID": "abc-123"}).headers["X-Request-ID"] == (
        "abc-123"
    )
    made = client.get("/health").headers["X-Request-ID"]
    assert len(made) == 32
    # A header that could forge log lines is replaced, not echoed.
    forged = client.get("/health", headers={"X-Request-ID": "x" * 500}).headers["X-Request-ID"]
    assert forged != "x" * 500 and len(forged) == 32


def test_log_lines_carry_the_request_id_and_route(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.handler.addFilter(RequestIdFilter())
    with caplog.at_level(logging.INFO, logger="smart_suggest.access"):
        client.get("/items/SKU-404", headers={"X-Request-ID": "trace-7"})
    (line,) = [r for r in caplog.records if r.name == "smart_suggest.access"]
    assert line.request_id == "trace-7"  # type: ignore[attr-defined]
    assert line.route == "/items/{item_id}" and line.status == 404  # type: ignore[attr-defined]


def test_metrics_count_requests_by_route_template_with_latency(client: TestClient) -> None:
    for sku in ("A1", "B2", "C3"):
        client.get(f"/items/{sku}")
    labels = {"method": "GET", "route": "/items/{item_id}"}
    assert sample(client, "http_requests_total", status="404", **labels) == 3
    assert sample(client, "http_request_duration_seconds_count", **labels) == 3
    assert sample(client, "http_request_duration_seconds_bucket", le="+Inf", **labels) == 3
    assert "A1" not in client.get("/metrics").text  # raw paths never become labels


def test_metrics_count_cache_hits_and_misses(client: TestClient) -> None:
    cache = client.app.state.cache  # type: ignore[attr-defined]
    namespace = client.app.state.settings.cache_namespace  # type: ignore[attr-defined]
    key = cache_key(namespace, "recs", "u1")
    assert cache.get(key) is None
    cache.set(key, b"[]", 60)
    assert cache.get(key) == b"[]"
    assert cache.get(key) == b"[]"
    assert sample(client, "cache_lookups_total", kind="recs", result="miss") == 1
    assert sample(client, "cache_lookups_total", kind="recs", result="hit") == 2


def test_metrics_count_model_rebuilds(client: TestClient) -> None:
    assert sample(client, "model_rebuilds_total") == 1  # the build at start-up
    assert client.post("/seed/clear").status_code == 200  # a reset rebuilds
    assert sample(client, "model_rebuilds_total") == 2
