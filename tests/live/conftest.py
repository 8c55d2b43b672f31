"""Fixtures for the live core: a synthetic shop in storage, and an artefact store."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from catalog.schemas import ItemCreate
from catalog.service import create_items
from config import Settings
from db import make_engine, make_session_factory
from live.artefacts import DirectoryStore, store_for
from tracking.interaction_tracker import StoredEvent, log_events
from tracking.schemas import InteractionCreate

CATEGORIES = ("books", "garden", "kitchen", "toys")
EVENT_TYPES = ("view", "click", "add_to_cart", "purchase", "not_interested")


@pytest.fixture
def live_settings(settings: Settings, tmp_path: Path) -> Settings:
    return settings.model_copy(
        update={
            "model_dir": str(tmp_path / "models"),
            "model_builder": "external",
            "model_build_debounce_seconds": 0.05,
            "model_build_timeout_seconds": 120.0,
            "change_sync_seconds": 0,
        }
    )


@pytest.fixture
def session_factory(live_settings: Settings) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(live_settings.database_url)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def store(live_settings: Settings) -> DirectoryStore:
    return store_for(live_settings)


def synthetic_shop(
    session_factory: sessionmaker[Session],
    users: int = 60,
    items: int = 40,
    seed: int = 7,
    events_per_user: tuple[int, int] = (4, 14),
) -> list[str]:
    """Users with tastes (a favourite category), every event type; returns the user ids."""
    rng = random.Random(seed)
    catalogue = [
        ItemCreate(
            item_id=f"i{n:03d}",
            title=f"{CATEGORIES[n % 4]} thing {n}",
            category=CATEGORIES[n % 4],
            description=f"a {CATEGORIES[n % 4]} item number {n} {rng.choice(['red', 'blue'])}",
            price=round(rng.uniform(1, 90), 2),
        )
        for n in range(items)
    ]
    start = datetime(2026, 1, 1, tzinfo=UTC)
    events = []
    user_ids = [f"u{n:03d}" for n in range(users)]
    for user in user_ids:
        favourite = rng.randrange(4)
        for _ in range(rng.randint(*events_per_user)):
            pool = [i for i in catalogue if rng.random() < 0.8] if rng.random() < 0.3 else None
            item = rng.choice(pool or [i for i in catalogue if i.category == CATEGORIES[favourite]])
            events.append(
                InteractionCreate(
                    user_id=user,
                    item_id=item.item_id,
                    event_type=rng.choice(EVENT_TYPES),
                    timestamp=start + timedelta(hours=rng.randrange(24 * 60)),
                )
            )
    with session_factory() as session:
        create_items(session, catalogue)
        log_events(session, events)
        session.commit()
    return user_ids


def add_events(
    session_factory: sessionmaker[Session], events: list[tuple[str, str, str]]
) -> list[StoredEvent]:
    with session_factory() as session:
        stored = log_events(
            session,
            [InteractionCreate(user_id=u, item_id=i, event_type=t) for u, i, t in events],
        ).stored
        session.commit()
    return stored
