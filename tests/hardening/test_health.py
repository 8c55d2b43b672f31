"""Health tells each backend's live state: a Redis outage is reported, not hidden."""

from __future__ import annotations

import socket
import uuid
from pathlib import Path

from fastapi.testclient import TestClient

from app import create_app
from config import Settings


def closed_port() -> int:
    """A loopback port nothing listens on: Redis "down" without touching the real one."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_healthy_backends_say_ok(client: TestClient, settings: Settings) -> None:
    health = client.get("/health")
    assert health.status_code == 200
    body = health.json()
    assert body["status"] == "ok"
    assert body["backends"]["storage"] == {
        "backend": body["storage"],
        "state": "ok",
        "reason": None,
    }
    assert body["backends"]["cache"]["state"] == "ok"
    assert client.get("/health/ready").json() == body


def test_redis_down_is_degraded_with_the_reason_and_the_api_answers(
    sqlite_template: Path, tmp_path: Path
) -> None:
    database = tmp_path / "test.db"
    database.write_bytes(sqlite_template.read_bytes())
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        environment="test",
        database_url=f"sqlite:///{database}",
        redis_url=f"redis://127.0.0.1:{closed_port()}/0",
        cache_namespace=f"test-{uuid.uuid4().hex[:12]}",
        auto_migrate=False,
    )
    with TestClient(create_app(settings)) as client:
        health = client.get("/health")
        assert health.status_code == 200
        body = health.json()
        assert body["status"] == "degraded"
        assert body["cache"] == "redis"
        assert body["backends"]["cache"]["state"] == "degraded"
        assert "redis unreachable" in body["backends"]["cache"]["reason"]
        assert body["backends"]["storage"]["state"] == "ok"
        client.post("/seed")
        answer = client.get("/recommendations", params={"user_id": "user-001"})
        assert answer.status_code == 200
        assert answer.json()["items"]
