"""Administration behind ADMIN_API_KEY, production's refusal to start without it, CORS
limited to the configured origins, and bounded request bodies (chunked ones included)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from app import create_app
from config import Settings

ADMIN_KEY = "s3cret-admin-key-for-tests"
STOREFRONT_KEY = "storefront-key-for-tests"
# The storefront's own writes: events and (unless PROTECT_CATALOG_WRITES) the catalog.
STOREFRONT_WRITES = {
    ("POST", "/items"),
    ("POST", "/items/batch"),
    ("POST", "/interactions"),
    ("POST", "/interactions/batch"),
}
ITEM = {"item_id": "SKU-1", "title": "Mug", "category": "kitchen"}


@pytest.fixture
def guarded(settings: Settings) -> Iterator[TestClient]:
    keyed = settings.model_copy(
        update={"admin_api_key": ADMIN_KEY, "storefront_api_key": STOREFRONT_KEY}
    )
    with TestClient(create_app(keyed)) as client:
        yield client


def item_count(client: TestClient) -> int:
    return client.get("/items").json()["total"]


def test_production_refuses_to_start_without_an_admin_key(settings: Settings) -> None:
    production = settings.model_copy(update={"environment": "production", "admin_api_key": ""})
    with pytest.raises(RuntimeError, match="ADMIN_API_KEY"):
        create_app(production)
    create_app(production.model_copy(update={"admin_api_key": ADMIN_KEY}))


def test_the_admin_key_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_API_KEY", ADMIN_KEY)
    monkeypatch.setenv("ENVIRONMENT", "production")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.admin_api_key == ADMIN_KEY and settings.admin_required
    assert Settings.model_fields["admin_api_key"].default == ""  # no secret in the code


@pytest.mark.parametrize("path", ["/seed", "/seed/clear"])
def test_data_management_needs_the_key_and_a_refusal_changes_nothing(
    guarded: TestClient, path: str
) -> None:
    assert guarded.post("/items", json=ITEM, headers={"X-API-Key": ADMIN_KEY}).status_code == 201
    missing = guarded.post(path)
    assert missing.status_code == 401 and "X-API-Key" in missing.json()["detail"]
    wrong = guarded.post(path, headers={"X-API-Key": "guess"})
    assert wrong.status_code == 403
    assert item_count(guarded) == 1
    cleared = guarded.post("/seed/clear", headers={"X-API-Key": ADMIN_KEY})
    assert cleared.status_code == 200 and item_count(guarded) == 0


def test_every_write_needs_a_key_and_the_storefronts_key_only_its_own(
    guarded: TestClient,
) -> None:
    """Any POST/PUT/PATCH/DELETE route added later (tests, stops, resets) is covered too."""
    paths = guarded.get("/openapi.json").json()["paths"]
    writes = [
        (method.upper(), path)
        for path, operations in paths.items()
        for method in operations
        if method in {"post", "put", "patch", "delete"}
    ]
    admin_writes = [write for write in writes if write not in STOREFRONT_WRITES]
    assert ("POST", "/seed") in admin_writes
    for method, path in writes:
        concrete = path.replace("{", "").replace("}", "").replace("_id", "1").replace("id", "1")
        response = guarded.request(method, concrete, json={})
        assert response.status_code == 401, f"{method} {path} answered {response.status_code}"
        as_storefront = guarded.request(
            method, concrete, json={}, headers={"X-API-Key": STOREFRONT_KEY}
        )
        refused = (method, path) in admin_writes
        assert (as_storefront.status_code == 403) == refused, f"{method} {path} as storefront"


def test_catalog_writes_take_the_storefront_key_unless_protected(settings: Settings) -> None:
    keyed = settings.model_copy(
        update={"admin_api_key": ADMIN_KEY, "storefront_api_key": STOREFRONT_KEY}
    )
    with TestClient(create_app(keyed)) as client:
        assert client.post("/items", json=ITEM).status_code == 401
        assert client.get("/items/SKU-1").status_code == 404
        shop = {"X-API-Key": STOREFRONT_KEY}
        assert client.post("/items", json=ITEM, headers=shop).status_code == 201
    protected = settings.model_copy(
        update={"admin_api_key": ADMIN_KEY, "protect_catalog_writes": True}
    )
    with TestClient(create_app(protected)) as client:
        other = {**ITEM, "item_id": "SKU-2"}
        assert client.post("/items", json=other).status_code == 401
        assert client.post("/items/batch", json={"items": [other]}).status_code == 401
        assert client.get("/items/SKU-2").status_code == 404
        created = client.post("/items", json=other, headers={"X-API-Key": ADMIN_KEY})
        assert created.status_code == 201
        event = {"user_id": "u1", "item_id": "SKU-2", "event_type": "view"}
        assert client.post("/interactions", json=event).status_code == 401
        keyed_event = client.post("/interactions", json=event, headers={"X-API-Key": ADMIN_KEY})
        assert keyed_event.status_code == 201


def test_cors_allows_only_the_configured_origins(settings: Settings) -> None:
    shop = "https://shop.example"
    with TestClient(create_app(settings.model_copy(update={"cors_origins": [shop]}))) as client:
        allowed = client.get("/health", headers={"Origin": shop})
        assert allowed.headers["access-control-allow-origin"] == shop
        foreign = client.get("/health", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in foreign.headers
        preflight = client.options(
            "/interactions",
            headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
        )
        assert preflight.status_code == 400
        assert "access-control-allow-origin" not in preflight.headers


def _events(count: int) -> dict[str, object]:
    return {
        "interactions": [
            {"user_id": f"u{row}", "item_id": "SKU-1", "event_type": "view"} for row in range(count)
        ]
    }


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_request_bodies_over_the_limit_are_refused_before_parsing(
    settings: Settings, chunked: bool
) -> None:
    import json

    small = settings.model_copy(update={"max_body_bytes": 4096})
    with TestClient(create_app(small)) as client:
        assert client.post("/items", json=ITEM).status_code == 201
        big = json.dumps(_events(200)).encode()
        fits = json.dumps(_events(5)).encode()
        assert len(big) > 4096 > len(fits)

        def send(body: bytes) -> httpx.Response:
            headers = {"Content-Type": "application/json"}
            if chunked:  # an iterator makes httpx send Transfer-Encoding: chunked
                content = iter([body[i : i + 1000] for i in range(0, len(body), 1000)])
                return client.post("/interactions/batch", content=content, headers=headers)
            return client.post("/interactions/batch", content=body, headers=headers)

        refused = send(big)
        assert refused.status_code == 413 and "4096" in refused.json()["detail"]
        assert client.get("/users").json()["total"] == 0
        assert send(fits).status_code == 201
        assert client.get("/users").json()["total"] == 5


def test_text_the_database_cannot_hold_is_a_clear_422(client: TestClient, backend: str) -> None:
    """PostgreSQL refuses NUL characters in text (found by the fuzz tests): a 422 saying so,
    never a 5xx. SQLite keeps them, so there the requests succeed."""
    search = client.get("/items", params={"category": "\x00"})
    stored = client.post("/items", json={**ITEM, "title": "Mug\x00"})
    if backend == "postgresql":
        assert search.status_code == stored.status_code == 422
        assert "NUL" in stored.json()["detail"]
        assert client.get("/items").json()["total"] == 0
    else:
        assert (search.status_code, stored.status_code) == (200, 201)
