"""Fixtures for the production tests: services they may stop and start at will."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from db import make_engine
from tests.production.services import PostgresCluster, RedisServer, postgres_bin_dir


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    server = RedisServer()
    server.start()
    yield server
    server.close()


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        pytest.skip("PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin")
    cluster = PostgresCluster(bin_dir)
    cluster.init()
    cluster.start()
    yield cluster
    cluster.close()


@pytest.fixture
def cluster_database_url(postgres_cluster: PostgresCluster) -> Iterator[str]:
    """A fresh database in the tests' own cluster (the cluster may be restarted)."""
    name = f"smart_suggest_{uuid.uuid4().hex[:10]}"
    admin = make_engine(postgres_cluster.url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield postgres_cluster.url_for(name)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
