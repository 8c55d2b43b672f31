"""The calls storefronts make, on a small shop whose answers are worked out by hand: the
profile, popular items, item and session context, paging, buy-again and the price rules."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app import create_app
from config import Settings
from live.requests import InvalidRequest
from serving.storefront import Ask
from tests.serving.helpers import item_ids

NOW = datetime.now(UTC)

ITEMS = [
    ("coffee-1", "Espresso beans 1kg", "grocery", 10.0),
    ("coffee-2", "Espresso beans 500g", "grocery", 6.0),
    ("filter-1", "Paper coffee filters", "grocery", 3.0),
    ("mug-1", "Ceramic mug", "kitchen", 8.0),
    ("grinder-1", "Burr grinder", "kitchen", 90.0),
    ("kettle-1", "Gooseneck kettle", "kitchen", 40.0),
    ("atlas-1", "The coffee atlas", "books", 25.0),
    ("tin-1", "Coffee storage tin", "kitchen", 12.0),
]


def ago(days: float) -> str:
    return (NOW - timedelta(days=days)).isoformat()


# (user, item, type, days ago, revenue)
EVENTS: list[tuple[str, str, str, float, float | None]] = [
    # ana: coffee-1 bought twice 30 days apart (once with revenue 20, once at its price 10).
    ("ana", "coffee-1", "purchase", 60, 20.0),
    ("ana", "coffee-1", "purchase", 30, None),
    ("ana", "mug-1", "view", 20, None),
    ("ana", "mug-1", "view", 19, None),
    ("ana", "kettle-1", "click", 18, None),
    ("ana", "grinder-1", "not_interested", 17, None),
    ("bob", "coffee-2", "purchase", 15, None),  # spends 6
    ("cat", "filter-1", "purchase", 14, None),  # spends 3
    ("dan", "grinder-1", "purchase", 13, None),  # spends 90
    ("eve", "kettle-1", "purchase", 12, None),  # spends 40
    # hal bought coffee-1 40 days ago (its interval, 30 days, has passed) and filter-1 10
    # days ago (two buyers, nobody twice: unknown, the 30-day default has not passed).
    ("hal", "coffee-1", "purchase", 40, None),
    ("hal", "filter-1", "purchase", 10, None),
    ("hal", "atlas-1", "view", 9, None),
    # co-clickers, for the item and session contexts
    ("fay", "coffee-1", "click", 5, None),
    ("fay", "filter-1", "click", 5, None),
    ("fay", "tin-1", "click", 5, None),
    ("gus", "coffee-1", "click", 4, None),
    ("gus", "filter-1", "click", 4, None),
    ("gus", "atlas-1", "click", 4, None),
    ("jo", "coffee-1", "click", 4, None),
    ("jo", "tin-1", "click", 4, None),
    ("kim", "coffee-1", "click", 4, None),
    ("kim", "tin-1", "click", 4, None),
    ("kim", "mug-1", "click", 4, None),
    ("lea", "filter-1", "click", 4, None),
    ("lea", "atlas-1", "click", 4, None),
    ("max", "filter-1", "click", 4, None),
    ("max", "atlas-1", "click", 4, None),
    ("max", "mug-1", "click", 4, None),
    ("ivy", "mug-1", "purchase", 3, None),  # average price 8
    ("ivy", "coffee-2", "view", 3, None),
]


@pytest.fixture
def shop(settings: Settings) -> Iterator[TestClient]:
    quiet = settings.model_copy(update={"change_sync_seconds": 0, "shopper_stats_seconds": 0})
    with TestClient(create_app(quiet)) as client:
        items = [
            {"item_id": i, "title": t, "category": c, "price": p, "description": t}
            for i, t, c, p in ITEMS
        ]
        assert client.post("/items/batch", json={"items": items}).status_code == 201
        events = [
            {"user_id": u, "item_id": i, "event_type": e, "timestamp": ago(d)}
            | ({"revenue": r} if r is not None else {})
            for u, i, e, d, r in EVENTS
        ]
        response = client.post("/interactions/batch", json={"interactions": events})
        assert response.status_code == 201, response.text
        # Fit co-occurrence on the shop at once instead of at the scheduled refit.
        client.app.state.recommendations.build(reason="shop loaded")  # type: ignore[attr-defined]
        yield client


def get(client: TestClient, path: str, **params: Any) -> dict[str, Any]:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["processing_time_ms"] >= 0
    assert datetime.fromisoformat(body["generated_at"]) >= NOW
    return body


def test_the_profile_sums_up_a_shopper(shop: TestClient) -> None:
    ana = get(shop, "/users/ana/profile")
    assert ana["totals"] == {
        "events": 6,
        "by_type": {"click": 1, "not_interested": 1, "purchase": 2, "view": 2},
        "purchases": 2,
        "items_bought": 1,
        "revenue": 30.0,  # 20 given + 10, the price of the purchase without revenue
    }
    assert ana["average_price"] == 10.0
    assert ana["last_purchase"]["item_id"] == "coffee-1"
    assert datetime.fromisoformat(ana["last_purchase"]["at"]) == datetime.fromisoformat(ago(30))
    # kitchen: two mug views and a kettle click; grocery: the two purchases; the
    # not_interested grinder does not count.
    assert ana["top_categories"] == [
        {"category": "kitchen", "events": 3},
        {"category": "grocery", "events": 2},
    ]
    # Buyers spent 30 (ana), 6, 3, 90, 40, 13 (hal: 10 + 3) and 8 (ivy): sorted 3, 6, 8,
    # 13, 30, 40, 90, so the quartiles are 7, 13 and 35.
    segments = {
        u: get(shop, f"/users/{u}/profile")["segment"] for u in "ana bob cat dan hal ivy".split()
    }
    assert segments == {
        "ana": "average",
        "bob": "small",
        "cat": "small",
        "dan": "high",
        "hal": "low-average",
        "ivy": "low-average",
    }
    # A viewer without a purchase: no segment, an average price from what they looked at.
    fay = get(shop, "/users/fay/profile")
    assert fay["segment"] is None and fay["last_purchase"] is None
    assert fay["average_price"] == round((10 + 3 + 12) / 3, 2)


def test_an_unknown_user_has_an_empty_profile_and_a_bad_id_is_refused(shop: TestClient) -> None:
    nobody = get(shop, "/users/nobody/profile")
    assert nobody["segment"] is None
    assert nobody["totals"]["events"] == 0
    assert nobody["top_categories"] == []
    assert shop.get("/users/bad id!/profile").status_code == 422


def test_a_purchase_moves_the_profile_at_once(shop: TestClient) -> None:
    event = {"user_id": "bob", "item_id": "grinder-1", "event_type": "purchase"}
    assert shop.post("/interactions", json=event).status_code == 201
    bob = get(shop, "/users/bob/profile")
    assert bob["totals"]["revenue"] == 96.0
    assert bob["segment"] == "high"  # 96: above the new 75th percentile
    assert bob["last_purchase"]["item_id"] == "grinder-1"


def test_popular_items_with_category_and_price_filters_and_pages(shop: TestClient) -> None:
    # Kitchen items up to 50 by the popular strategy's trending score: distinct people plus
    # 0.1 x event weight, each halved per 30 days before the newest event (3 days ago); a
    # (user, item, type) counts once, at its newest time.
    #   mug:    people 0.5^(16/30) + 2 x 0.5^(1/30) + 1 = 3.6454; events 0.1 x (1 x 0.6910
    #           + 3 x 2 x 0.9772 + 5) = 1.1554 -> 4.8008
    #   tin:    0.5^(2/30) + 2 x 0.5^(1/30) = 2.9092 + 0.1 x 3 x 2.9092 -> 3.7820
    #   kettle: 0.5^(15/30) + 0.5^(9/30) = 1.5194 + 0.1 x (3 x 0.7071 + 5 x 0.8123) -> 2.1377
    # The grinder costs 90.
    kitchen = get(shop, "/items/popular", category="kitchen", max_price=50, n=10)
    assert item_ids(kitchen) == ["mug-1", "tin-1", "kettle-1"]
    assert [item["price"] for item in kitchen["items"]] == [8.0, 12.0, 40.0]
    # Min-max: (3.7820 - 2.1377) / (4.8008 - 2.1377) = 0.6174.
    relevance = [item["relevance"] for item in kitchen["items"]]
    assert relevance == pytest.approx([1.0, 0.6174, 0.0], abs=1e-3)
    assert kitchen["has_more"] is False
    first = get(shop, "/items/popular", category="kitchen", max_price=50, n=2)
    second = get(shop, "/items/popular", category="kitchen", max_price=50, n=2, offset=2)
    assert item_ids(first) == ["mug-1", "tin-1"] and first["has_more"] is True
    assert item_ids(second) == ["kettle-1"] and second["has_more"] is False


def test_popular_within_a_spending_segment(shop: TestClient) -> None:
    # small (up to 7): bob (6) and cat (3); high (above 35): dan (90) and eve (40). One
    # buyer each: ties go by item id.
    small = get(shop, "/items/popular", segment="small")
    assert item_ids(small) == ["coffee-2", "filter-1"]
    assert "small spending segment" in small["items"][0]["reason"]
    assert item_ids(get(shop, "/items/popular", segment="high")) == ["grinder-1", "kettle-1"]
    response = shop.get("/items/popular", params={"segment": "rich"})
    assert response.status_code == 422
    assert shop.get("/items/popular", params={"offset": -1}).status_code == 422


def test_item_context_is_the_items_similar_list_without_the_item(shop: TestClient) -> None:
    similar = get(shop, "/items/coffee-1/similar", n=5)
    assert all(item["price"] is not None for item in similar["items"])
    context = get(shop, "/recommendations", item_id="coffee-1", n=5, price_demotion=1)
    assert context["user_id"] is None and context["context"] == "item"
    assert item_ids(context) == item_ids(similar)
    assert "coffee-1" not in item_ids(context)
    assert context["items"][0]["relevance"] == 1.0
    # With a user: their items stay out (hal viewed the atlas, bought coffee-1 and filter-1).
    for_hal = get(shop, "/recommendations", item_id="coffee-1", user_id="hal", n=5)
    assert not {"atlas-1", "filter-1", "coffee-1"} & set(item_ids(for_hal))
    assert for_hal["segment"] == "low-average"
    assert shop.get("/recommendations", params={"item_id": "nope"}).status_code == 404


def test_an_item_without_evidence_gets_popular_items_to_fill_the_page(shop: TestClient) -> None:
    lonely = {"item_id": "lonely-1", "title": "Zzyzx", "category": "misc", "price": 1}
    assert shop.post("/items", json=lonely).status_code == 201
    assert get(shop, "/items/lonely-1/similar")["items"] == []
    context = get(shop, "/recommendations", item_id="lonely-1", n=3, price_demotion=1)
    popular = get(shop, "/items/popular", n=4, exclude="lonely-1")
    assert item_ids(context) == item_ids(popular)[:3]
    assert {item["via"] for item in context["items"]} == {"popular_fill"}
    # Pages of the fill never repeat either.
    second = get(
        shop, "/recommendations", item_id="lonely-1", n=3, price_demotion=1,
        cursor=context["next_cursor"],
    )  # fmt: skip
    assert item_ids(second)[0] == item_ids(popular)[3]
    assert not set(item_ids(context)) & set(item_ids(second))


def test_a_session_averages_each_recent_items_normalised_similarities(shop: TestClient) -> None:
    recent = ["coffee-1", "filter-1"]
    lists = [get(shop, f"/items/{i}/similar", n=100, exclude=",".join(recent)) for i in recent]
    expected: dict[str, float] = {}
    for answer in lists:
        scores = {item["item_id"]: item["score"] for item in answer["items"]}
        low, high = min(scores.values()), max(scores.values())
        for item_id, score in scores.items():
            share = (score - low) / (high - low) if high > low else 1.0
            expected[item_id] = expected.get(item_id, 0.0) + share / len(recent)
    ranked = sorted(expected, key=lambda item_id: -expected[item_id])
    low, high = min(expected.values()), max(expected.values())
    session = get(
        shop, "/recommendations", recent_items="coffee-1,filter-1", n=10, price_demotion=1
    )
    assert session["context"] == "session" and session["recent_items"] == recent
    evidence = [item for item in session["items"] if item["via"] != "popular_fill"]
    assert [item["item_id"] for item in evidence] == ranked
    # Then the re-rank stage's min-max over the candidates.
    assert [item["relevance"] for item in evidence] == pytest.approx(
        [(expected[i] - low) / (high - low) for i in ranked], abs=1e-5
    )
    # The evidence ends before n = 10: popular items fill the page after it.
    filled = session["items"][len(evidence) :]
    assert filled and {item["via"] for item in filled} == {"popular_fill"}
    assert not set(recent) & set(item_ids(session))
    too_many = ",".join(["coffee-1"] * 21)
    assert shop.get("/recommendations", params={"recent_items": too_many}).status_code == 422
    assert shop.get("/recommendations", params={"recent_items": "a b"}).status_code == 422


def test_pages_never_repeat_an_item(shop: TestClient) -> None:
    whole = get(shop, "/recommendations", user_id="fay", strategy="popular", n=6)
    pages = [
        get(shop, "/recommendations", user_id="fay", strategy="popular", n=2, offset=offset)
        for offset in (0, 2, 4)
    ]
    assert [i for page in pages for i in item_ids(page)] == item_ids(whole)
    # The cursor: page 2 after the list moved (a new item, bought at once by three people,
    # now leads the popular list) still repeats nothing of page 1.
    first = get(shop, "/recommendations", user_id="fay", strategy="popular", n=2, price_demotion=1)
    new = {"item_id": "scale-1", "title": "Coffee scale", "category": "kitchen", "price": 20}
    assert shop.post("/items", json=new).status_code == 201
    for user in ("x1", "x2", "x3"):
        event = {"user_id": user, "item_id": "scale-1", "event_type": "purchase"}
        assert shop.post("/interactions", json=event).status_code == 201
    # Other users' events are applied off the request (only the acting user's are waited
    # for); /model answers once the queued ones are in.
    assert shop.get("/model").status_code == 200
    moved = get(shop, "/recommendations", user_id="fay", strategy="popular", n=2, price_demotion=1)
    assert item_ids(moved)[0] == "scale-1"
    second = get(
        shop, "/recommendations", user_id="fay", strategy="popular", n=2, price_demotion=1,
        cursor=first["next_cursor"],
    )  # fmt: skip
    assert not set(item_ids(first)) & set(item_ids(second))
    assert len(item_ids(second)) == 2
    assert (
        shop.get("/recommendations", params={"user_id": "fay", "cursor": "junk"}).status_code == 422
    )
    both = {"user_id": "fay", "cursor": first["next_cursor"], "offset": 2}
    assert shop.get("/recommendations", params=both).status_code == 422
    deep = shop.get("/recommendations", params={"user_id": "fay", "offset": 450, "n": 100})
    assert deep.status_code == 422 and "at most 500" in deep.text


def test_buy_again_returns_a_bought_item_once_its_interval_passed(shop: TestClient) -> None:
    plain = get(shop, "/recommendations", user_id="hal", strategy="popular", n=10)
    assert not {"coffee-1", "filter-1"} & set(item_ids(plain))
    again = get(
        shop, "/recommendations", user_id="hal", strategy="popular", n=10, buy_again=True,
        price_demotion=1,
    )  # fmt: skip
    returned = [item for item in again["items"] if item["buy_again"]]
    # coffee-1: ana rebought it after 30 days, hal bought it 40 days ago -> due.
    # filter-1: nobody rebought it and two people bought it: unknown, 30-day default,
    # bought 10 days ago -> not yet.
    assert [item["item_id"] for item in returned] == ["coffee-1"]
    assert returned[0]["via"] == "buy_again"
    # Its relevance is buy_again_score, 0.5, on the scale where the top candidate is 1.
    assert returned[0]["relevance"] == 0.5
    assert "people rebuy it every 30 days" in returned[0]["reason"]
    assert again["rerank"]["buy_again"] is True


def test_upsell_and_price_sensitivity_reorder_by_the_documented_factors(shop: TestClient) -> None:
    # ivy bought the mug: average price 8. Baseline: no price rule at all.
    params = {"user_id": "ivy", "strategy": "popular", "n": 10, "candidates": 10}
    base = get(shop, "/recommendations", **params, price_demotion=1)["items"]

    def expected(factor: Any) -> list[str]:
        scored = [
            (item["relevance"] * factor(item["price"]), -k, item) for k, item in enumerate(base)
        ]
        return [item["item_id"] for _, _, item in sorted(scored, key=lambda t: (-t[0], -t[1]))]

    upsell = get(shop, "/recommendations", **params, price_demotion=1, upsell=2)
    assert item_ids(upsell) == expected(lambda price: 3.0 if price > 8 else 1.0)
    assert upsell["rerank"]["upsell"] == 2
    # Default: above 1.5 x 8 = 12, relevance x 0.85 (the tin at 12 is not demoted).
    sensitive = get(shop, "/recommendations", **params)
    assert item_ids(sensitive) == expected(lambda price: 0.85 if price > 12 else 1.0)
    halved = get(shop, "/recommendations", **params, price_demotion=0.5)
    assert item_ids(halved) == expected(lambda price: 0.5 if price > 12 else 1.0)
    assert item_ids(halved) != [item["item_id"] for item in base]  # the rule moves one here


def test_diversity_spreads_categories(shop: TestClient) -> None:
    plain = get(shop, "/recommendations", user_id="ivy", strategy="popular", n=4, price_demotion=1)
    diverse = get(
        shop, "/recommendations", user_id="ivy", strategy="popular", n=4, price_demotion=1,
        diversity=0.0,
    )  # fmt: skip
    assert item_ids(diverse)[0] == item_ids(plain)[0]
    # Lambda 0: each next item is the least like those placed; the first three come from
    # three different categories (grocery, kitchen, books all remain).
    assert len({item["category"] for item in diverse["items"][:3]}) == 3
    bad = shop.get("/recommendations", params={"user_id": "ivy", "diversity": 2})
    assert bad.status_code == 422 and "diversity" in bad.text


def test_every_recommendation_answer_has_prices_and_timing(shop: TestClient) -> None:
    for path in ("/recommendations/v1", "/recommendations/v2", "/recommendations"):
        body = get(shop, path, user_id="ana")
        assert body["items"], path
        assert all(0 <= item["relevance"] <= 1 for item in body["items"])
        prices = {i: p for i, _, _, p in ITEMS}
        assert all(item["price"] == prices[item["item_id"]] for item in body["items"])
    missing = shop.get("/recommendations", params={"n": 3})
    assert missing.status_code == 422 and "give user_id, item_id or recent_items" in missing.text


def test_a_variants_rerank_settings_shape_its_answer(shop: TestClient) -> None:
    """What the A/B serving code passes for a variant that carries `rerank` settings."""
    storefront = shop.app.state.storefront  # type: ignore[attr-defined]
    plain = Ask(strategy="popular", user_id="ivy", n=10, rules={"price_demotion": 1})
    upsell = Ask(
        strategy="popular", user_id="ivy", n=10, rules={"price_demotion": 1, "upsell": 2},
        scope="ab:1:with-upsell",
    )  # fmt: skip
    without, with_upsell = storefront.recommend(plain), storefront.recommend(upsell)
    assert with_upsell["rerank"]["upsell"] == 2 and without["rerank"]["upsell"] == 0
    # ivy's average price is 8: the upsell triples the relevance of what costs more.
    boosted = [item["item_id"] for item in with_upsell["items"] if item["price"] > 8]
    first_cheap = next(i for i, item in enumerate(with_upsell["items"]) if item["price"] <= 8)
    assert set(item_ids(with_upsell)[:first_cheap]) <= set(boosted)
    with pytest.raises(InvalidRequest, match="unknown re-rank settings"):
        storefront.recommend(Ask(strategy="popular", user_id="ivy", rules={"boost": 1}))


def test_deployment_rerank_defaults_are_checked_at_startup() -> None:
    with pytest.raises(ValueError, match="upsell must be within"):
        Settings(_env_file=None, rerank_defaults={"upsell": -1})  # type: ignore[call-arg]
    tuned = Settings(_env_file=None, rerank_defaults={"diversity": 0.8})  # type: ignore[call-arg]
    assert tuned.rerank_defaults == {"diversity": 0.8}
