"""The re-rank rules on hand-made catalogues, each answer worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest

from recommenders.rerank import (
    ItemTable,
    RerankRules,
    Shopper,
    mmr_order,
    normalise,
    repurchase_intervals,
    rerank,
    segment_bounds,
    segment_of,
    similarity,
    spending_cutoffs,
)

OFF = RerankRules(price_demotion=1.0)  # every rule off


def table(prices: list[float], categories: list[str], titles: list[str] | None = None) -> ItemTable:
    ids = [f"i{row}" for row in range(len(prices))]
    return ItemTable.build(ids, titles or ids, categories, np.array(prices, dtype=float))


def shopper(average: float, bought: list[int] = (), days: list[float] = ()) -> Shopper:
    return Shopper(average, np.array(bought, dtype=np.int64), np.array(days, dtype=float))


def test_relevance_is_min_max_and_never_rises_down_the_strategy_order() -> None:
    # (4-2)/(6-2) = 0.5; the fill's 5 comes after the model's 4, so it is capped at 0.5.
    assert normalise(np.array([6.0, 4.0, 5.0, 2.0])).tolist() == [1.0, 0.5, 0.5, 0.0]
    assert normalise(np.array([3.0, 3.0])).tolist() == [1.0, 1.0]


def test_with_every_rule_off_the_strategy_order_is_kept() -> None:
    items = table([10, 10, 10], ["a", "a", "a"])
    ranked = rerank(np.array([2, 0, 1]), np.array([3.0, 2.0, 1.0]), items, OFF, k=3)
    assert ranked.rows.tolist() == [2, 0, 1]
    assert ranked.relevance.tolist() == [1.0, 0.5, 0.0]


def test_upsell_boosts_items_above_the_shoppers_average_price() -> None:
    # Average 20. Relevance 1, 0.75, 0.5, 0 (scores 4, 3, 2, 0); item 2 costs 30 > 20:
    # 0.5 x (1 + 1) = 1.0, ties with item 0 and stays after it (stable); item 3 at 40 -> 0.
    items = table([10, 15, 30, 40], ["a"] * 4)
    rules = OFF.updated({"upsell": 1.0})
    ranked = rerank(np.arange(4), np.array([4.0, 3.0, 2.0, 0.0]), items, rules, 4, shopper(20.0))
    assert ranked.rows.tolist() == [0, 2, 1, 3]
    assert ranked.relevance.tolist() == [1.0, 1.0, 0.75, 0.0]
    # Upsell 0 leaves the order alone.
    plain = rerank(np.arange(4), np.array([4.0, 3.0, 2.0, 0.0]), items, OFF, 4, shopper(20.0))
    assert plain.rows.tolist() == [0, 1, 2, 3]


def test_price_sensitivity_demotes_items_far_above_the_average() -> None:
    # Average 10, ratio 1.5: item 0 at 16 > 15 is demoted 1 -> 0.5; item 1 at 15 is not.
    # Relevance 1, 0.8, 0 from scores 5, 4, 0; after: 0.5, 0.8, 0 -> divided by 0.8.
    items = table([16, 15, 1], ["a"] * 3)
    scores = np.array([5.0, 4.0, 0.0])
    halved = RerankRules(price_demotion=0.5)
    ranked = rerank(np.arange(3), scores, items, halved, 3, shopper(10.0))
    assert ranked.rows.tolist() == [1, 0, 2]
    assert ranked.relevance == pytest.approx([1.0, 0.625, 0.0])
    # The default, 0.85, is gentler: 0.85 still beats 0.8 (divided by 0.85).
    gentle = rerank(np.arange(3), scores, items, RerankRules(), 3, shopper(10.0))
    assert gentle.rows.tolist() == [0, 1, 2]
    assert gentle.relevance == pytest.approx([1.0, 0.8 / 0.85, 0.0])
    # No known average price: nothing to compare with, nothing moves.
    anonymous = rerank(np.arange(3), np.array([5.0, 4.0, 0.0]), items, RerankRules(), 3)
    assert anonymous.rows.tolist() == [0, 1, 2]


def test_buy_again_returns_items_whose_interval_has_passed() -> None:
    items = table([5, 5, 5, 5, 5], ["a"] * 5)
    # Bought 3 (interval 7 days, 10 days ago: due), 4 (interval 7, 3 days ago: not yet),
    # 1 (nobody rebuys: inf) and 0 (unknown: the 30-day default, 31 days ago: due).
    intervals = np.array([np.nan, np.inf, np.nan, 7.0, 7.0])
    buyer = shopper(np.nan, [3, 4, 1, 0], [10.0, 3.0, 400.0, 31.0])
    rules = OFF.updated({"buy_again": True, "buy_again_score": 0.6})
    ranked = rerank(np.array([2]), np.array([1.0]), items, rules, 5, buyer, intervals)
    assert ranked.rows.tolist() == [2, 0, 3]
    assert ranked.buy_again.tolist() == [False, True, True]
    assert ranked.relevance == pytest.approx([1.0, 0.6, 0.6])
    assert ranked.candidate.tolist() == [0, -1, -1]
    # Off by default: bought items stay out.
    assert rerank(
        np.array([2]), np.array([1.0]), items, OFF, 5, buyer, intervals
    ).rows.tolist() == [2]
    # A filter that leaves item 0 out leaves its buy-again out too.
    allowed = np.array([False, True, True, True, True])
    filtered = rerank(np.array([2]), np.array([1.0]), items, rules, 5, buyer, intervals, allowed)
    assert filtered.rows.tolist() == [2, 3]


def test_similarity_is_half_category_half_title_overlap() -> None:
    items = table([1, 1, 1], ["a", "a", "b"], ["red usb cable", "blue usb cable", "red lamp"])
    sim = similarity(items, np.array([0, 1, 2]))
    # 0-1: same category (0.5) + words {usb, cable} of {red, blue, usb, cable}: 0.5 x 2/4.
    assert sim[0, 1] == pytest.approx(0.75)
    # 0-2: other category + {red} of {red, usb, cable, lamp}: 0.5 x 1/4.
    assert sim[0, 2] == pytest.approx(0.125)
    assert sim[1, 2] == pytest.approx(0.0)


def test_diversity_breaks_runs_of_near_duplicates() -> None:
    titles = ["usb cable 1m", "usb cable 2m", "desk lamp"]
    items = table([1, 1, 1], ["cables", "cables", "lamps"], titles)
    scores = np.array([1.0, 0.9, 0.0])
    # Relevance 1, 0.9, 0. Lambda 0.5: first item 0; then item 1 scores 0.5 x 0.9 - 0.5 x
    # sim(0,1) = 0.45 - 0.5 x (0.5 + 0.5 x 2/4) = 0.075, item 2 scores 0 - 0 = 0 -> item 1.
    assert rerank(
        np.arange(3), scores, items, OFF.updated({"diversity": 0.5}), 3
    ).rows.tolist() == [0, 1, 2]
    # Lambda 0.3: item 1 scores 0.27 - 0.7 x 0.75 = -0.255 < 0: the lamp comes second.
    diverse = rerank(np.arange(3), scores, items, OFF.updated({"diversity": 0.3}), 3)
    assert diverse.rows.tolist() == [0, 2, 1]
    assert diverse.relevance.tolist() == pytest.approx([1.0, 0.0, 0.9])


def test_mmr_with_lambda_one_is_plain_relevance_order() -> None:
    relevance = np.array([0.2, 0.9, 0.5])
    assert mmr_order(relevance, np.ones((3, 3)), 1.0, 3).tolist() == [1, 2, 0]


def test_repurchase_interval_is_the_median_gap_of_repeat_purchases() -> None:
    # Item 0: user 1 on days 0, 10, 30 (gaps 10, 20), user 2 on 5 and 5.4 (the same day:
    # one basket) and 9 (gap 4): gaps 4, 10, 20 -> median 10. Item 1: five buyers, never
    # again -> inf. Item 2: one buyer once -> unknown (NaN). Item 3: gaps 2 and 6 -> 4.
    users = np.array([1, 1, 1, 2, 2, 2, 1, 2, 3, 4, 5, 9, 7, 7, 7])
    items = np.array([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 3, 3, 3])
    days = np.array([0, 10, 30, 5, 5.4, 9, 1, 1, 1, 1, 1, 3, 0, 2, 8])
    buyers = np.array([2, 5, 1, 1, 0])
    intervals = repurchase_intervals(users, items, days, buyers)
    assert intervals[0] == 10.0
    assert intervals[1] == np.inf
    assert np.isnan(intervals[2]) and np.isnan(intervals[4])
    assert intervals[3] == 4.0


def test_spending_segments_are_quartiles() -> None:
    cutoffs = spending_cutoffs(np.array([10.0, 20.0, 30.0, 40.0, 50.0, 0.0]))
    # Buyers only (the 0 drops out): percentiles 20, 30, 40.
    assert cutoffs.tolist() == [20.0, 30.0, 40.0]
    assert [segment_of(s, cutoffs) for s in (10, 20, 25, 30, 40, 50)] == [
        "small",
        "small",
        "low-average",
        "low-average",
        "average",
        "high",
    ]
    assert segment_of(0.0, cutoffs) is None
    assert segment_bounds("low-average", cutoffs) == (20.0, 30.0)
    assert segment_bounds("high", cutoffs) == (40.0, np.inf)


@pytest.mark.parametrize(
    ("overrides", "complaint"),
    [
        ({"upsell": -1}, "upsell must be within"),
        ({"diversity": 1.5}, "diversity must be within"),
        ({"candidates": 0}, "candidates must be within"),
        ({"buy_again": "yes"}, "buy_again must be true or false"),
        ({"boost": 1}, "unknown re-rank settings ['boost']"),
        ({"price_ratio": float("nan")}, "price_ratio must be within"),
    ],
)
def test_bad_rules_are_refused_by_name(overrides: dict[str, object], complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint.replace("[", r"\[").replace("]", r"\]")):
        RerankRules().updated(overrides)
