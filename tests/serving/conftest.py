"""Helpers for the serving tests: a seeded service and short ways to ask it."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


@pytest.fixture
def seeded(client: TestClient) -> TestClient:
    assert client.post("/seed").status_code == 200
    return client
