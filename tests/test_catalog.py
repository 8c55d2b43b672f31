"""The catalog endpoints of API.md, on every database, bad input included."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


def item(item_id: str = "85123A", **extra: object) -> dict[str, object]:
    return {
        "item_id": item_id,
        "title": "White hanging heart t-light holder",
        "category": "home",
        "description": "A heart-shaped holder for tea lights",
        "price": 2.55,
        **extra,
    }


def item_count(client: TestClient) -> int:
    return client.get("/items").json()["total"]


def test_create_and_read_item(client: TestClient) -> None:
    created = client.post("/items", json=item())
    assert created.status_code == 201
    assert created.json()["item_id"] == "85123A"
    fetched = client.get("/items/85123A").json()
    assert fetched["title"] == "White hanging heart t-light holder"
    assert fetched["price"] == 2.55


def test_existing_item_is_a_conflict_and_keeps_the_first(client: TestClient) -> None:
    client.post("/items", json=item())
    again = client.post("/items", json=item(title="Another title"))
    assert again.status_code == 409
    assert "85123A" in again.json()["detail"]
    assert client.get("/items/85123A").json()["title"] == "White hanging heart t-light holder"


def test_optional_fields_default(client: TestClient) -> None:
    response = client.post("/items", json={"item_id": "1029", "title": "Dumbo", "category": "kids"})
    assert response.status_code == 201
    assert response.json()["description"] == ""
    assert response.json()["price"] is None


@pytest.mark.parametrize(
    "body",
    [
        item(item_id="x" * 65),
        item(item_id=""),
        item(item_id="has space"),
        item(item_id="slash/id"),
        item(item_id=12345),
        item(price="cheap"),
        item(price=-1),
        item(title=""),
        {"item_id": "85123A", "category": "home"},
        {"item_id": "85123A", "title": "t"},
        [item()],
    ],
    ids=[
        "id-too-long",
        "id-empty",
        "id-space",
        "id-slash",
        "id-number",
        "price-text",
        "price-negative",
        "title-empty",
        "no-title",
        "no-category",
        "not-an-object",
    ],
)
def test_bad_items_are_refused_and_nothing_is_written(client: TestClient, body: object) -> None:
    response = client.post("/items", json=body)
    assert response.status_code == 422
    assert response.json()["detail"]
    assert item_count(client) == 0


def test_malformed_json_is_a_clear_422(client: TestClient) -> None:
    response = client.post(
        "/items", content=b'{"item_id": "a",', headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert "JSON" in str(response.json()["detail"])


def test_an_id_that_is_another_calls_path_is_refused(client: TestClient) -> None:
    # GET /items/popular is the popular list: an item so named could never be read back.
    response = client.post("/items", json=item("popular"))
    assert response.status_code == 422
    assert "reserved" in str(response.json()["detail"])
    batch = client.post("/items/batch", json={"items": [item("A"), item("popular")]})
    assert batch.status_code == 422
    assert item_count(client) == 0
    assert client.post("/items", json=item("popular-2")).status_code == 201


def test_batch_creates_all(client: TestClient) -> None:
    items = [item(f"SKU-{number}") for number in range(250)]
    response = client.post("/items/batch", json={"items": items})
    assert response.status_code == 201
    assert response.json() == {"created": 250}
    assert item_count(client) == 250


def test_batch_is_all_or_nothing(client: TestClient) -> None:
    client.post("/items", json=item("SKU-7"))
    items = [item(f"SKU-{number}") for number in range(10)]
    response = client.post("/items/batch", json={"items": items})
    assert response.status_code == 409
    assert "SKU-7" in response.json()["detail"]
    assert item_count(client) == 1


def test_batch_with_an_id_twice_is_refused(client: TestClient) -> None:
    response = client.post("/items/batch", json={"items": [item("A"), item("B"), item("A")]})
    assert response.status_code == 409
    assert item_count(client) == 0


def test_batch_with_one_invalid_row_names_it(client: TestClient) -> None:
    items = [item("A"), item("B", price="x"), item("C")]
    response = client.post("/items/batch", json={"items": items})
    assert response.status_code == 422
    assert ["body", "items", 1, "price"] in [error["loc"] for error in response.json()["detail"]]
    assert item_count(client) == 0


@pytest.mark.parametrize("size", [0, 10_001])
def test_batch_size_limits(client: TestClient, size: int) -> None:
    items = [item(f"S{number}") for number in range(size)]
    response = client.post("/items/batch", json={"items": items})
    assert response.status_code == 422
    assert item_count(client) == 0


def test_listing_pages_in_item_id_order(client: TestClient) -> None:
    client.post("/items/batch", json={"items": [item(f"I{number:02d}") for number in range(25)]})
    first = client.get("/items", params={"limit": 10}).json()
    last = client.get("/items", params={"limit": 10, "offset": 20}).json()
    assert [row["item_id"] for row in first["items"]] == [f"I{n:02d}" for n in range(10)]
    assert [row["item_id"] for row in last["items"]] == [f"I{n:02d}" for n in range(20, 25)]
    assert first["total"] == last["total"] == 25
    assert client.get("/items", params={"limit": 0}).status_code == 422
    assert client.get("/items", params={"offset": -1}).status_code == 422


def test_listing_filters_by_category(client: TestClient) -> None:
    client.post("/items", json=item("A", category="home"))
    client.post("/items", json=item("B", category="toys"))
    listed = client.get("/items", params={"category": "toys"}).json()
    assert [row["item_id"] for row in listed["items"]] == ["B"]


def test_unknown_item_is_404(client: TestClient) -> None:
    assert client.get("/items/nope").status_code == 404
    assert client.get("/items/nope/stats").status_code == 404


def test_item_stats_count_each_event_type_and_distinct_users(client: TestClient) -> None:
    client.post("/items", json=item("A"))
    events = [
        ("u1", "view"),
        ("u1", "click"),
        ("u2", "view"),
        ("u2", "add_to_cart"),
        ("u2", "purchase"),
        ("u3", "view"),
    ]
    batch = [{"user_id": user, "item_id": "A", "event_type": kind} for user, kind in events]
    client.post("/interactions/batch", json={"interactions": batch})
    stats = client.get("/items/A/stats").json()
    assert stats["views"] == 3
    assert stats["clicks"] == 1
    assert stats["add_to_carts"] == 1
    assert stats["purchases"] == 1
    assert stats["distinct_users"] == 3
