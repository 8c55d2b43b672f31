"""Helpers for the serving tests: a seeded service and short ways to ask it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app import create_app
from config import Settings


@pytest.fixture
def seeded(settings: Settings) -> Iterator[TestClient]:
    """A seeded worker without the cross-worker poll. The poll moves every cached answer on
    once per tick that saw events, so that all workers answer alike (tests/production); the
    serving tests speak of one worker's own model and keys, which must not race a tick."""
    single = settings.model_copy(update={"change_sync_seconds": 0})
    with TestClient(create_app(single)) as client:
        assert client.post("/seed").status_code == 200
        yield client
