"""Numbers a client can send: non-finite, huge or boolean values get a 422 that does not echo
them (JSON cannot carry NaN), and nothing is written."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

# Python's json module writes (and FastAPI reads) these literals; strict JSON parsers do not.
NON_FINITE = ["NaN", "Infinity", "-Infinity", "1e309"]


def post_raw(client: TestClient, path: str, body: str) -> tuple[int, dict[str, object]]:
    response = client.post(path, content=body, headers={"content-type": "application/json"})
    return response.status_code, response.json()


def item_body(price: str) -> str:
    return '{"item_id": "A1", "title": "Lamp", "category": "home", "price": ' + price + "}"


@pytest.mark.parametrize("literal", NON_FINITE)
def test_a_non_finite_price_is_refused_without_echo(client: TestClient, literal: str) -> None:
    status, body = post_raw(client, "/items", item_body(literal))
    assert status == 422
    assert body["detail"][0]["loc"] == ["body", "price"]
    assert "input" not in body["detail"][0]
    assert client.get("/items").json()["total"] == 0


@pytest.mark.parametrize("field", ["revenue", "engagement_seconds"])
@pytest.mark.parametrize("literal", NON_FINITE)
def test_non_finite_event_numbers_are_refused(client: TestClient, field: str, literal: str) -> None:
    client.post("/items", json={"item_id": "A1", "title": "Lamp", "category": "home"})
    event = '{"user_id": "u1", "item_id": "A1", "event_type": "purchase", "%s": %s}'
    status, _ = post_raw(client, "/interactions", event % (field, literal))
    assert status == 422
    batch = '{"interactions": [%s]}' % (event % (field, literal))
    status, _ = post_raw(client, "/interactions/batch", batch)
    assert status == 422
    assert client.get("/users/u1/interactions").json()["total"] == 0


def test_a_boolean_is_not_a_number(client: TestClient) -> None:
    status, body = post_raw(client, "/items", item_body("true"))
    assert status == 422
    assert body["detail"][0]["loc"] == ["body", "price"]


def test_amounts_are_bounded_so_sums_stay_finite(client: TestClient) -> None:
    status, _ = post_raw(client, "/items", item_body("1e308"))
    assert status == 422
    status, _ = post_raw(client, "/items", item_body("999999999.5"))
    assert status == 201


def test_integers_still_count_as_numbers(client: TestClient) -> None:
    status, body = post_raw(client, "/items", item_body("5"))
    assert status == 201
    assert body["price"] == 5.0
    assert json.loads(json.dumps(body))["price"] == 5.0
