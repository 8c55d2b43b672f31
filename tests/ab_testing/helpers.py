"""Small helpers the A/B tests share."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.ab_testing.test_assignment import contract_variant

VARIANTS = [
    {"name": "control", "strategy": "cf", "weight": 0.5},
    {"name": "treatment", "strategy": "content", "weight": 0.5},
]


def create_test(client: TestClient, **body: object) -> dict:
    response = client.post("/ab_tests", json={"name": "homepage", **body})
    assert response.status_code == 201, response.text
    return response.json()


def users_in(test_id: int, variant: int, count: int, prefix: str = "shopper") -> list[str]:
    """The first ``count`` user ids the contract's formula puts in ``variant`` (50/50)."""
    found: list[str] = []
    number = 0
    while len(found) < count:
        user_id = f"{prefix}-{number}"
        if contract_variant(test_id, user_id, [0.5, 0.5]) == variant:
            found.append(user_id)
        number += 1
    return found


def add_items(client: TestClient, count: int = 12) -> list[str]:
    items = [
        {
            "item_id": f"sku-{n}",
            "title": f"Product {n}",
            "category": f"cat-{n % 3}",
            "price": 10.0 + n,
        }
        for n in range(count)
    ]
    assert client.post("/items/batch", json={"items": items}).status_code == 201
    return [str(item["item_id"]) for item in items]
