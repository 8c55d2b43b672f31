"""Fixtures shared by the whole suite.

Every storage test runs on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set (CI sets
it); the PostgreSQL run also uses Redis when TEST_REDIS_URL is set. Each test session makes
its own throwaway PostgreSQL database and each test its own Redis key prefix, so several
runs can share one server; each test starts from empty tables.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine

from app import create_app
from cache import MemoryCache, RedisCache
from config import Settings
from db import make_engine, migrate, scratch_postgres_database
from models import Base

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real data sets; a user's clone has no ../shared, so those tests skip there."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data sets not found at {SHARED_DATA} (only in the project's workspace)")
    return SHARED_DATA


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        pytest.skip("TEST_DATABASE_URL is not set: the PostgreSQL runs happen in CI (.ci/run)")
    with scratch_postgres_database(base, f"smart_suggest_test_{os.getpid()}") as url:
        migrate(url)
        yield url


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrate once; each test copies the file (much faster than migrating each time)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    migrate(f"sqlite:///{path}")
    return path


def empty_tables(url: str) -> None:
    engine = make_engine(url)
    try:
        tables = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
        with engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if backend == "sqlite":
        path = tmp_path / "test.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("postgres_url")
    empty_tables(url)
    return url


@pytest.fixture
def redis_url(backend: str) -> str:
    """The PostgreSQL run pairs with Redis (production's pair); SQLite with the memory cache."""
    return os.environ.get("TEST_REDIS_URL", "") if backend == "postgresql" else ""


@pytest.fixture
def settings(database_url: str, redis_url: str) -> Iterator[Settings]:
    namespace = f"test-{uuid.uuid4().hex[:12]}"
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        environment="test",
        database_url=database_url,
        redis_url=redis_url,
        cache_namespace=namespace,
        auto_migrate=False,
        admin_api_key="",
        # Fitted in the test's process: a builder child per app would cost each test a
        # second interpreter (tests/live runs the builder for real).
        model_builder="inline",
        # The builder tunes only in the tuning tests (tests/live/test_tuning.py).
        tuning_budget_seconds=0,
    )
    yield settings
    if redis_url:
        RedisCache(redis_url, namespace).delete_prefix(namespace + ":")


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    engine = make_engine(settings.database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture(params=["memory", "redis"])
def cache(request: pytest.FixtureRequest) -> Iterator[MemoryCache | RedisCache]:
    if request.param == "memory":
        yield MemoryCache()
        return
    url = os.environ.get("TEST_REDIS_URL") or pytest.skip(
        "TEST_REDIS_URL is not set: the Redis runs happen in CI (.ci/run)"
    )
    namespace = f"test-{uuid.uuid4().hex[:12]}"
    redis_cache = RedisCache(url, namespace)
    yield redis_cache
    redis_cache.delete_prefix(namespace + ":")
