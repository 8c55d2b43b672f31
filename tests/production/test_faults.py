"""Faults against real services the tests start and stop themselves: Redis going away
during traffic, PostgreSQL restarting under writes, many concurrent writers."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
import redis
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from app import create_app
from config import Settings
from db import make_engine, migrate
from models import Interaction, User
from tests.production.services import PostgresCluster, RedisServer, ServiceProcess

pytestmark = pytest.mark.slow

ITEMS = [
    {"item_id": f"SKU-{i:02d}", "title": f"Thing {i}", "category": ("a", "b", "c")[i % 3]}
    for i in range(12)
]


def service_settings(database_url: str, redis_url: str = "") -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        environment="test",
        database_url=database_url,
        redis_url=redis_url,
        cache_namespace=f"fault-{uuid.uuid4().hex[:8]}",
        auto_migrate=True,
        admin_api_key="",
        change_sync_seconds=0,
    )


def load(client: TestClient | httpx.Client) -> None:
    assert client.post("/items/batch", json={"items": ITEMS}).status_code == 201
    events = [
        {"user_id": f"u{u}", "item_id": f"SKU-{(u + k) % 12:02d}", "event_type": "click"}
        for u in range(10)
        for k in range(3)
    ]
    assert client.post("/interactions/batch", json={"interactions": events}).status_code == 201


def test_redis_stopping_during_traffic_falls_back_logs_and_recovers(
    redis_server: RedisServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = service_settings(f"sqlite:///{tmp_path / 'redis-fault.db'}", redis_server.url)
    probe = redis.Redis.from_url(redis_server.url)
    namespace_keys = f"{settings.cache_namespace}:*"
    with TestClient(create_app(settings)) as client:
        load(client)
        query = {"user_id": "u1", "n": 5, "strategy": "popular"}
        expected = client.get("/recommendations", params=query).json()["items"]
        assert probe.keys(namespace_keys), "answers are cached in Redis"

        redis_server.stop()
        with caplog.at_level(logging.WARNING, logger="cache"):
            during = [client.get("/recommendations", params=query) for _ in range(20)]
            event = {"user_id": "u1", "item_id": "SKU-11", "event_type": "view"}
            assert client.post("/interactions", json=event).status_code == 201
        assert all(answer.status_code == 200 for answer in during)
        assert during[0].json()["items"] == expected
        assert client.get("/health").json()["status"] == "ok"
        warnings = [r.getMessage() for r in caplog.records if "unreachable" in r.getMessage()]
        assert len(warnings) == 1, "the outage is logged once, not per request"

        redis_server.start()
        caplog.clear()
        time.sleep(2.1)  # the cache retries Redis every 2 s
        with caplog.at_level(logging.WARNING, logger="cache"):
            again = client.get(
                "/recommendations", params={"user_id": "u2", "n": 5, "strategy": "popular"}
            )
        assert again.status_code == 200
        assert any("is back" in r.getMessage() for r in caplog.records)
        assert probe.keys(namespace_keys), "new answers go to Redis again"
    probe.close()


def test_postgresql_restart_gives_clear_503s_and_loses_no_acknowledged_event(
    postgres_cluster: PostgresCluster, cluster_database_url: str
) -> None:
    settings = service_settings(cluster_database_url)
    acknowledged: list[str] = []
    statuses: list[int] = []
    stop = threading.Event()

    with TestClient(create_app(settings)) as client:
        load(client)
        recommended = client.get(
            "/recommendations", params={"user_id": "u1", "strategy": "popular"}
        ).json()["items"]

        def write() -> None:
            n = 0
            while not stop.is_set():
                event_id = f"pg-restart-{n}"
                n += 1
                event = {
                    "user_id": f"w{n % 7}",
                    "item_id": "SKU-01",
                    "event_type": "view",
                    "event_id": event_id,
                }
                answer = client.post("/interactions", json=event)
                statuses.append(answer.status_code)
                if answer.status_code == 201:
                    acknowledged.append(event_id)
                elif answer.status_code == 503:
                    assert "storage is unavailable" in answer.json()["detail"]
                    assert answer.headers["Retry-After"] == "1"
                time.sleep(0.005)

        writer = threading.Thread(target=write)
        writer.start()
        time.sleep(0.5)
        postgres_cluster.stop()
        time.sleep(1.0)
        outage = client.get("/items/SKU-01")
        # The live model needs no database: recommendations go on during the outage.
        during = client.get("/recommendations", params={"user_id": "u1", "strategy": "popular"})
        postgres_cluster.start()
        time.sleep(1.0)
        stop.set()
        writer.join()

        assert outage.status_code == 503
        assert during.status_code == 200 and during.json()["items"] == recommended
        assert 503 in statuses and 500 not in statuses
        assert statuses[-1] == 201, "writes succeed again after the restart"
        assert client.get("/health").status_code == 200

    engine = make_engine(cluster_database_url)
    with engine.connect() as connection:
        stored = set(
            connection.scalars(
                select(Interaction.event_id).where(Interaction.event_id.like("pg-restart-%"))
            )
        )
    engine.dispose()
    assert set(acknowledged) <= stored
    assert len(acknowledged) > 10


@pytest.fixture(params=["postgresql", "sqlite"])
def shared_service(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServiceProcess]:
    """Two uvicorn workers, as deployed, on either database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'writers.db'}"
    else:
        url = request.getfixturevalue("cluster_database_url")
    migrate(url)
    service = ServiceProcess({"DATABASE_URL": url, "REDIS_URL": "", "WEB_CONCURRENCY": "2"})
    service.start()
    service.database_url = url  # type: ignore[attr-defined]
    yield service
    service.close()


def test_concurrent_writers_count_exactly_and_retries_are_stored_once(
    shared_service: ServiceProcess,
) -> None:
    users, per_user = 40, 50
    with httpx.Client(base_url=shared_service.base_url, timeout=30) as client:
        load(client)

    def events_of(user: int) -> list[dict[str, str]]:
        return [
            {
                "user_id": f"writer-{user}",
                "item_id": f"SKU-{k % 12:02d}",
                "event_type": "view",
                "event_id": f"writer-{user}-{k}",
            }
            for k in range(per_user)
        ]

    def send(user: int) -> tuple[int, int]:
        created = repeated = 0
        with httpx.Client(base_url=shared_service.base_url, timeout=30) as client:
            events = events_of(user)
            for k, event in enumerate(events):
                answer = client.post("/interactions", json=event)
                created += answer.status_code == 201
                if k % 5 == 0:  # a retry of the same event: 200, the first record
                    retry = client.post("/interactions", json=event)
                    assert retry.status_code == 200
                    assert retry.json()["event_id"] == event["event_id"]
                    repeated += 1
            # The whole history again, as one batch: all duplicates.
            batch = client.post("/interactions/batch", json={"interactions": events})
            assert batch.json() == {"accepted": 0, "duplicates": per_user}
        return created, repeated

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(send, range(users)))
    assert sum(created for created, _ in results) == users * per_user

    engine = make_engine(shared_service.database_url)  # type: ignore[attr-defined]
    with engine.connect() as connection:
        rows = connection.scalar(select(func.count()).where(Interaction.event_id.like("writer-%")))
        distinct = connection.scalar(
            select(func.count(func.distinct(Interaction.event_id))).where(
                Interaction.event_id.like("writer-%")
            )
        )
        counts = dict(
            connection.execute(
                select(User.user_id, User.interaction_count).where(User.user_id.like("writer-%"))
            ).all()
        )
    engine.dispose()
    assert rows == distinct == users * per_user
    assert counts == {f"writer-{user}": per_user for user in range(users)}
