"""Schema changes go through Alembic: an old database upgrades with its data intact, and the
models never drift from the migrations."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from fastapi.testclient import TestClient
from sqlalchemy import inspect, text

from app import create_app
from config import Settings
from db import alembic_config, make_engine, migrate, scratch_postgres_database

FIRST_REVISION = "0001"


@pytest.fixture(params=["sqlite", "postgresql"])
def blank_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database (no tables at all) on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'blank.db'}"
        return
    base = os.environ.get("TEST_DATABASE_URL") or pytest.skip("TEST_DATABASE_URL is not set")
    with scratch_postgres_database(base, "smart_suggest_migrate") as url:
        yield url


def test_history_is_one_line_starting_at_the_baseline() -> None:
    scripts = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(scripts.get_heads()) == 1, "two migration heads: merge them"
    assert scripts.get_base() == FIRST_REVISION


def test_a_first_migration_database_with_data_upgrades_to_the_newest(
    blank_database_url: str,
) -> None:
    migrate(blank_database_url, FIRST_REVISION)
    engine = make_engine(blank_database_url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO items (item_id, title, category, description, price, created_at) "
                "VALUES ('85123A', 'Heart holder', 'home', '', 2.55, '2011-12-01 08:26:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO users (user_id, first_seen, last_seen, interaction_count) "
                "VALUES ('17850', '2011-12-01 08:26:00', '2011-12-01 08:26:00', 1)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO interactions (event_id, user_id, item_id, event_type, timestamp, "
                "created_at) VALUES ('old-1', '17850', '85123A', 'purchase', "
                "'2011-12-01 08:26:00', '2011-12-01 08:26:00')"
            )
        )
    engine.dispose()

    migrate(blank_database_url)

    settings = Settings(_env_file=None, database_url=blank_database_url, auto_migrate=False)  # type: ignore[call-arg]
    with TestClient(create_app(settings)) as client:
        assert client.get("/items/85123A").json()["title"] == "Heart holder"
        (event,) = client.get("/users/17850/interactions").json()["interactions"]
        assert event["event_id"] == "old-1"
        assert event["timestamp"].startswith("2011-12-01T08:26:00")
        # The upgraded database takes new writes too.
        again = {"user_id": "17850", "item_id": "85123A", "event_type": "view"}
        assert client.post("/interactions", json=again).status_code == 201


def test_models_match_the_migrations(blank_database_url: str) -> None:
    migrate(blank_database_url)
    # Raises when autogenerate would produce any operation, i.e. the models drifted.
    command.check(alembic_config(blank_database_url))
    engine = make_engine(blank_database_url)
    assert {"items", "users", "interactions"} <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_migrating_twice_is_harmless(blank_database_url: str) -> None:
    migrate(blank_database_url)
    migrate(blank_database_url)
