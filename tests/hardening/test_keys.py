"""Keys with scopes: a storefront key for events, items and users' data, an admin key for the
rest, two keys per scope during a rotation, and per-key limits on writes."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from access import Keyring, read_or_create_key
from app import create_app
from config import Settings

ADMIN, OLD_ADMIN, SHOP = "admin-new-key", "admin-old-key", "shop-key"
ITEM = {"item_id": "SKU-1", "title": "Mug", "category": "kitchen"}
EVENT = {"user_id": "u1", "item_id": "SKU-1", "event_type": "view"}


def keyed(settings: Settings, **update: object) -> TestClient:
    values = {"admin_api_key": f"{ADMIN},{OLD_ADMIN}", "storefront_api_key": SHOP, **update}
    return TestClient(create_app(settings.model_copy(update=values)))


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with keyed(settings) as client:
        yield client


def test_the_storefront_key_writes_events_and_reads_users_but_administers_nothing(
    client: TestClient,
) -> None:
    shop = {"X-API-Key": SHOP}
    assert client.post("/items", json=ITEM, headers=shop).status_code == 201
    assert client.post("/interactions", json=EVENT, headers=shop).status_code == 201
    assert client.get("/users/u1/interactions", headers=shop).json()["total"] == 1
    assert client.get("/users", headers=shop).json()["total"] == 1
    assert client.post("/seed/clear", headers=shop).status_code == 403
    assert client.get("/items").json()["total"] == 1


def test_nobody_reads_a_users_history_anonymously(client: TestClient) -> None:
    client.post("/items", json=ITEM, headers={"X-API-Key": SHOP})
    client.post("/interactions", json={**EVENT, "revenue": 9.5}, headers={"X-API-Key": SHOP})
    for path in ("/users", "/users/u1/interactions"):
        refused = client.get(path)
        assert refused.status_code == 401, path
        assert "revenue" not in refused.text
        assert client.get(path, headers={"X-API-Key": "guess"}).status_code == 403


def test_both_admin_keys_work_during_a_rotation(client: TestClient) -> None:
    for key in (ADMIN, OLD_ADMIN):
        assert client.post("/seed/clear", headers={"X-API-Key": key}).status_code == 200


def test_recommendations_stay_open_unless_the_setting_closes_them(settings: Settings) -> None:
    with keyed(settings) as client:
        client.post("/seed", headers={"X-API-Key": ADMIN})
        assert client.get("/recommendations", params={"user_id": "user-001"}).status_code == 200
    with keyed(settings, public_recommendations=False) as client:
        assert client.get("/recommendations", params={"user_id": "user-001"}).status_code == 401
        answer = client.get(
            "/recommendations", params={"user_id": "user-001"}, headers={"X-API-Key": SHOP}
        )
        assert answer.status_code == 200
        # A cached answer is no way around the key.
        query = {"user_id": "user-001"}
        assert client.get("/recommendations", params=query).status_code == 401
        wrong = client.get("/recommendations", params=query, headers={"X-API-Key": "nope"})
        assert wrong.status_code == 403
        again = client.get("/recommendations", params=query, headers={"X-API-Key": SHOP})
        assert again.json()["source"] == "cache"


def test_keys_are_kept_as_digests_only() -> None:
    keyring = Keyring.from_keys([ADMIN, OLD_ADMIN], [SHOP])
    assert ADMIN.encode() not in repr(keyring).encode()
    assert keyring.scope(ADMIN) == keyring.scope(OLD_ADMIN) == "admin"
    assert keyring.scope(SHOP) == "storefront"
    assert keyring.scope(ADMIN[:-1]) is None and keyring.scope("") is None


def test_a_third_key_in_one_scope_is_refused(settings: Settings) -> None:
    with pytest.raises(ValueError, match="at most 2"):
        create_app(settings.model_copy(update={"admin_api_key": "a,b,c"}))


def test_writes_past_the_limit_get_429_with_retry_after_and_store_nothing(
    settings: Settings,
) -> None:
    with keyed(settings, write_rate_limit="3/minute") as client:
        shop = {"X-API-Key": SHOP}
        assert client.post("/items", json=ITEM, headers=shop).status_code == 201
        for _ in range(2):
            assert client.post("/interactions", json=EVENT, headers=shop).status_code == 201
        limited = client.post("/interactions", json=EVENT, headers=shop)
        assert limited.status_code == 429
        assert 1 <= int(limited.headers["Retry-After"]) <= 60
        assert client.get("/users/u1/interactions", headers=shop).json()["total"] == 2
        # The limit is per key: the admin's writes are counted apart.
        admin = {"X-API-Key": ADMIN}
        assert client.post("/interactions", json=EVENT, headers=admin).status_code == 201
        # Reads are never limited.
        assert client.get("/users/u1/interactions", headers=shop).status_code == 200


def test_a_generated_admin_key_is_kept_private_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "volume" / "admin_api_key"
    key, created = read_or_create_key(path)
    assert created and len(key) >= 32
    assert os.stat(path).st_mode & 0o777 == 0o600
    assert read_or_create_key(path) == (key, False)
    settings = Settings(_env_file=None, admin_api_key_file=str(path))  # type: ignore[call-arg]
    assert settings.admin_keys() == [key]
    overridden = Settings(  # type: ignore[call-arg]
        _env_file=None, admin_api_key="explicit", admin_api_key_file=str(path)
    )
    assert overridden.admin_keys() == ["explicit"]
