"""Faults against real services the tests start and stop themselves: Redis going away
during traffic, PostgreSQL restarting under writes (A/B credit included), many concurrent
writers, a deadlock retried inside the server."""

from __future__ import annotations

import logging
import os
import random
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
import redis
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app import create_app
from config import Settings
from db import (
    commit_retrying,
    make_engine,
    make_session_factory,
    migrate,
    scratch_postgres_database,
)
from models import AbAttribution, Interaction, User
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
        health = client.get("/health")
        assert health.status_code == 200, "the service still answers"
        assert health.json()["status"] == "degraded"
        assert "redis unreachable" in health.json()["backends"]["cache"]["reason"]
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
        assert client.get("/health").json()["status"] == "ok"
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
    yield from two_workers(url)


def two_workers(url: str) -> Iterator[ServiceProcess]:
    """The service as deployed with two uvicorn workers on a migrated ``url``."""
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


def create_ab_test(client: TestClient | httpx.Client) -> int:
    answer = client.post("/ab_tests", json={"name": f"faults-{uuid.uuid4().hex[:6]}"})
    assert answer.status_code == 201, answer.text
    return int(answer.json()["id"])


def serve_lists(client: TestClient | httpx.Client, test_id: int, users: list[str]) -> dict:
    """One list per user under the test: user -> (impression_id, the items shown)."""
    shown = {}
    for user in users:
        answer = client.get("/recommendations", params={"user_id": user, "test_id": test_id})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        shown[user] = (body["impression_id"], [item["item_id"] for item in body["items"]])
    return shown


def credited_clicks(client: TestClient | httpx.Client, test_id: int) -> int:
    results = client.get(f"/ab_tests/{test_id}/results").json()
    return sum(variant["clicks"] for variant in results["variants"])


def test_postgresql_restart_under_clicks_loses_no_acknowledged_event_or_its_credit(
    postgres_cluster: PostgresCluster, cluster_database_url: str
) -> None:
    """Clients retry a 503 with the same event_id until it is acknowledged (201, or 200 for
    one the server had stored before the connection went). Afterwards every acknowledged
    click is stored and credited to its list, and every stored one is credited once."""
    settings = service_settings(cluster_database_url)
    users = [f"clicker-{n}" for n in range(8)]
    acknowledged: list[str] = []
    statuses: list[int] = []
    stop = threading.Event()

    with TestClient(create_app(settings)) as client:
        load(client)
        test_id = create_ab_test(client)
        shown = serve_lists(client, test_id, users)

        def send(path: str, body: dict, event_ids: list[str]) -> None:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                answer = client.post(path, json=body)
                statuses.append(answer.status_code)
                if answer.status_code in (200, 201):
                    acknowledged.extend(event_ids)
                    return
                assert answer.status_code == 503, answer.text
                time.sleep(0.05)
            raise AssertionError(f"{event_ids} never acknowledged")

        def click(writer: int, n: int) -> dict[str, str]:
            user = users[(writer * 3 + n) % len(users)]
            impression_id, items = shown[user]
            return {
                "user_id": user,
                "item_id": items[n % len(items)] if items else "SKU-00",
                "event_type": "click",
                "impression_id": impression_id,
                "event_id": f"restart-{writer}-{n}",
            }

        def write(writer: int) -> None:
            n = 0
            while not stop.is_set():
                if writer % 2:  # single events and small batches both
                    send("/interactions", click(writer, n), [f"restart-{writer}-{n}"])
                    n += 1
                else:
                    batch = [click(writer, n + k) for k in range(5)]
                    send("/interactions/batch", {"interactions": batch},
                         [event["event_id"] for event in batch])  # fmt: skip
                    n += 5
                time.sleep(0.005)

        writers = [threading.Thread(target=write, args=(writer,)) for writer in range(4)]
        for thread in writers:
            thread.start()
        time.sleep(0.5)
        postgres_cluster.stop()
        time.sleep(1.0)
        postgres_cluster.start()
        time.sleep(1.0)
        stop.set()
        for thread in writers:
            thread.join()
        assert 503 in statuses and 500 not in statuses
        credited = credited_clicks(client, test_id)

    engine = make_engine(cluster_database_url)
    with engine.connect() as connection:
        stored = set(
            connection.scalars(
                select(Interaction.event_id).where(Interaction.event_id.like("restart-%"))
            )
        )
        attributed = connection.scalar(
            select(func.count())
            .select_from(AbAttribution)
            .where(AbAttribution.test_id == test_id, AbAttribution.event_id.like("restart-%"))
        )
    engine.dispose()
    assert len(acknowledged) > 20
    assert set(acknowledged) <= stored, "every acknowledged click is stored"
    assert attributed == len(stored), "every stored click is credited, once"
    assert credited == len(stored), "and counted in the results"


@pytest.fixture
def postgres_service() -> Iterator[ServiceProcess]:
    """Two uvicorn workers on a scratch database of the TEST_DATABASE_URL server."""
    base = os.environ.get("TEST_DATABASE_URL") or pytest.skip(
        "TEST_DATABASE_URL is not set: the PostgreSQL runs happen in CI (.ci/run)"
    )
    with scratch_postgres_database(base, "smart_suggest_writers") as url:
        yield from two_workers(url)


def test_sixteen_batch_writers_sharing_users_never_deadlock_and_count_exactly(
    postgres_service: ServiceProcess,
) -> None:
    """Every batch names most of the same users, in its own random order, and carries their
    lists' impression ids, so the writers share user rows and A/B totals."""
    writers, batches, size = 16, 6, 120
    users = [f"shared-{n:02d}" for n in range(40)]
    with httpx.Client(base_url=postgres_service.base_url, timeout=60) as client:
        load(client)
        test_id = create_ab_test(client)
        shown = serve_lists(client, test_id, users)

    def batch_of(writer: int, number: int) -> list[dict[str, str]]:
        rng = random.Random(writer * 1000 + number)
        return [
            {
                "user_id": user,
                "item_id": f"SKU-{rng.randrange(12):02d}",
                "event_type": "click",
                "impression_id": shown[user][0],
                "event_id": f"w{writer}-b{number}-{k}",
            }
            for k, user in enumerate(rng.choices(users, k=size))
        ]

    def write(writer: int) -> list[int]:
        with httpx.Client(base_url=postgres_service.base_url, timeout=60) as client:
            return [
                client.post(
                    "/interactions/batch", json={"interactions": batch_of(writer, number)}
                ).status_code
                for number in range(batches)
            ]

    with ThreadPoolExecutor(max_workers=writers) as pool:
        statuses = [status for answers in pool.map(write, range(writers)) for status in answers]
    assert statuses == [201] * writers * batches, Counter(statuses)

    expected = Counter(
        event["user_id"]
        for writer in range(writers)
        for number in range(batches)
        for event in batch_of(writer, number)
    )
    with httpx.Client(base_url=postgres_service.base_url, timeout=60) as client:
        listed = client.get("/users", params={"limit": 1000}).json()["users"]
        counts = {u["user_id"]: u["interaction_count"] for u in listed if u["user_id"] in expected}
        credited = credited_clicks(client, test_id)
    engine = make_engine(postgres_service.database_url)  # type: ignore[attr-defined]
    with engine.connect() as connection:
        rows = connection.scalar(select(func.count()).where(Interaction.event_id.like("w%-b%")))
    engine.dispose()
    assert rows == writers * batches * size
    assert counts == dict(expected)
    assert credited == writers * batches * size


def test_a_deadlock_is_retried_inside_the_server_once(postgres_url: str) -> None:
    """Two transactions take two rows in opposite orders: PostgreSQL aborts one of them.
    Without a retry that is an error for its caller; with one, both changes land."""
    engine = make_engine(postgres_url)
    factory = make_session_factory(engine)
    with engine.begin() as connection:
        connection.execute(text("TRUNCATE users CASCADE"))
        connection.execute(
            text(
                "INSERT INTO users (user_id, first_seen, last_seen, interaction_count) "
                "VALUES ('left', now(), now(), 0), ('right', now(), now(), 0)"
            )
        )

    def run(retries: int) -> list[BaseException | None]:
        barrier = threading.Barrier(2)

        def work(order: tuple[str, str]) -> BaseException | None:
            attempts = 0

            def transaction(session: Session) -> None:
                nonlocal attempts
                attempts += 1
                for step, user in enumerate(order):
                    session.execute(
                        text(
                            "UPDATE users SET interaction_count = interaction_count + 1 "
                            "WHERE user_id = :user"
                        ),
                        {"user": user},
                    )
                    if step == 0 and attempts == 1:
                        barrier.wait(10)  # both hold their first row: a deadlock follows

            with factory() as session:
                try:
                    commit_retrying(session, transaction, retries=retries)
                except OperationalError as error:
                    return error
            return None

        with ThreadPoolExecutor(max_workers=2) as pool:
            return list(pool.map(work, [("left", "right"), ("right", "left")]))

    def counts() -> dict[str, int]:
        with engine.connect() as connection:
            query = text("SELECT user_id, interaction_count FROM users")
            return dict(connection.execute(query).all())

    without_retry = run(retries=0)
    assert sum(error is not None for error in without_retry) == 1
    assert "deadlock" in str(next(e for e in without_retry if e is not None))
    assert counts() == {"left": 1, "right": 1}, "the aborted transaction left nothing"

    assert run(retries=1) == [None, None]
    assert counts() == {"left": 3, "right": 3}
    engine.dispose()
