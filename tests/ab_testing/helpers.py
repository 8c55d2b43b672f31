"""Small helpers the A/B tests share."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from ab_testing import totals
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


def assert_totals_match_a_rebuild(client: TestClient, engine: Engine, test_id: int) -> None:
    """The running totals kept write by write equal a recomputation from the raw rows."""
    paths = [f"/ab_tests/{test_id}/{p}" for p in ("results", "metrics_over_time?bucket=hour")]
    kept = [rounded(client.get(path).json()) for path in paths]
    with Session(engine) as session:
        totals.rebuild(session, test_id)
        session.commit()
    assert [rounded(client.get(path).json()) for path in paths] == kept


def rounded(value: object) -> object:
    """Floats to 9 digits: sums taken in another order differ in the last bits."""
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, dict):
        return {key: rounded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [rounded(item) for item in value]
    return value
