"""Filters apply before the top-n cut; bad parameters get a clear 422."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seed import SAMPLE_ITEMS
from tests.serving.helpers import item_ids, log_event, recommend

PRICE = {str(item["item_id"]): float(item["price"]) for item in SAMPLE_ITEMS}  # type: ignore[arg-type]


def test_category_filters_come_before_the_cut(seeded: TestClient) -> None:
    for item_id in ("sport-001", "sport-002"):
        log_event(seeded, "hiker", item_id, "purchase")
    assert recommend(seeded, "hiker", "content", n=3)["items"][0]["category"] != "books"
    books = recommend(seeded, "hiker", "content", n=3, category="books")
    assert len(books["items"]) == 3
    assert {item["category"] for item in books["items"]} == {"books"}

    two = recommend(seeded, "hiker", "cf", n=8, category=["books", "electronics"])
    assert len(two["items"]) == 8
    assert {item["category"] for item in two["items"]} <= {"books", "electronics"}
    assert two["filters"]["category"] == ["books", "electronics"]


def test_price_range_and_exclusions(seeded: TestClient) -> None:
    for strategy in ("cf", "content", "item_cf", "popular", "hybrid"):
        answer = recommend(seeded, "user-020", strategy, n=5, min_price=30, max_price=100)
        assert answer["items"], strategy
        assert all(30 <= PRICE[item_id] <= 100 for item_id in item_ids(answer)), strategy

    unfiltered = item_ids(recommend(seeded, "user-021", "hybrid", n=5))
    excluded = unfiltered[:3]
    answer = recommend(
        seeded, "user-021", "hybrid", n=5, exclude=[",".join(excluded[:2]), excluded[2]]
    )
    assert not set(excluded) & set(item_ids(answer))
    assert len(answer["items"]) == 5
    assert answer["filters"]["exclude"] == sorted(excluded)


def test_similar_items_blend_content_and_co_occurrence(seeded: TestClient) -> None:
    response = seeded.get("/items/book-001/similar", params={"n": 5})
    assert response.status_code == 200
    body = response.json()
    assert body["strategies"] == ["content", "item_cf"]
    assert 0 < len(body["items"]) <= 5
    assert "book-001" not in item_ids(body)
    assert len(set(item_ids(body))) == len(body["items"])
    scores = [item["score"] for item in body["items"]]
    assert scores == sorted(scores, reverse=True)
    assert all(item["reason"] for item in body["items"])
    books = seeded.get("/items/book-001/similar", params={"category": "electronics"}).json()
    assert {item["category"] for item in books["items"]} == {"electronics"}
    assert seeded.get("/items/nope/similar").status_code == 404


@pytest.mark.parametrize(
    ("params", "complaint"),
    [
        ({"n": 0}, "greater than or equal to 1"),
        ({"n": 101}, "less than or equal to 100"),
        ({"n": "ten"}, "valid integer"),
        ({"strategy": "magic"}, "unknown strategy 'magic'"),
        ({"min_price": "cheap"}, "valid number"),
        ({"min_price": -1}, "greater than or equal to 0"),
        ({"min_price": 50, "max_price": 10}, "min_price (50.0) is above max_price (10.0)"),
        ({"exclude": "book-001,not an id"}, "malformed item ids"),
        ({"category": ""}, "1-100 characters"),
        ({"strategy": "hybrid", "weights": "ease=1"}, "weights must look like"),
        ({"strategy": "hybrid", "weights": "ease:" + "9" * 400}, "weights must look like"),
        ({"strategy": "cf", "weights": "ease:1"}, "takes no weights"),
        ({"strategy": "hybrid", "weights": "nope:1"}, "nope"),
        ({"strategy": "hybrid", "weights": "ease:0,item_cf:0"}, "positive sum"),
        ({"user_id": "bad id!"}, "should match pattern"),
        ({"user_id": None}, "Field required"),
    ],
)
def test_bad_parameters_get_a_clear_422(
    seeded: TestClient, params: dict[str, object], complaint: str
) -> None:
    query = {"user_id": "user-001", **params}
    response = seeded.get(
        "/recommendations", params={k: v for k, v in query.items() if v is not None}
    )
    assert response.status_code == 422
    assert complaint in response.text


def test_per_request_weights_reshape_the_hybrid(seeded: TestClient) -> None:
    content_only = recommend(seeded, "user-030", "hybrid", n=5, weights="content:1")
    assert content_only["weights"] == {"content": 1.0}
    assert item_ids(content_only) == item_ids(recommend(seeded, "user-030", "content", n=5))
    assert all(item["reason"].startswith("content:") for item in content_only["items"])
    default = recommend(seeded, "user-030", "hybrid", n=5)
    assert default["weights"] is None
    assert recommend(seeded, "user-030", "hybrid", n=5)["source"] == "cache"
    assert recommend(seeded, "user-030", "hybrid", n=5, weights="content:1")["source"] == "cache"


def test_similar_items_bad_parameters(seeded: TestClient) -> None:
    assert seeded.get("/items/book-001/similar", params={"n": 0}).status_code == 422
    response = seeded.get("/items/book-001/similar", params={"strategy": "magic"})
    assert response.status_code == 422
    assert "unknown strategy" in response.json()["detail"]


QUERY_VALUES = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["cf", "hybrid", "book-001", "books", "ease:1,content:0", "1e309", ","]),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    query=st.dictionaries(
        st.sampled_from(
            ["user_id", "n", "strategy", "category", "min_price", "max_price", "exclude", "weights"]
        ),
        QUERY_VALUES,
    )
)
def test_no_query_gets_a_5xx(seeded: TestClient, query: dict[str, str]) -> None:
    for path in ("/recommendations", "/items/book-001/similar"):
        response = seeded.get(path, params=query)
        assert response.status_code in (200, 404, 422), (path, query, response.text)
        if response.status_code != 200:
            assert response.json()["detail"]
