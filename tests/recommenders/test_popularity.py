"""Trending: counts and distinct people, decayed back from the newest event."""

from __future__ import annotations

import pandas as pd
import pytest

from features.data import InteractionData
from recommenders.popularity import PopularityRecommender
from tests.recommenders import tiny


def _data(rows: list[tuple[str, str, str]]) -> InteractionData:
    frame = pd.DataFrame(rows, columns=["user_id", "item_id", "timestamp"])
    return InteractionData.from_frame(frame.assign(weight=1.0))


def test_decay_is_measured_from_the_newest_event_not_the_clock() -> None:
    # Years old, but "old" only relative to the newest event: one half-life apart.
    model = PopularityRecommender(half_life_days=1.0)
    model.fit(_data([("u1", "old", "2011-01-01"), ("u2", "new", "2011-01-02")]), tiny.catalog())
    scores = dict(zip(model.catalog.item_ids, model.trending.scores, strict=True))
    assert scores["new"] == pytest.approx(1.1)  # one person + 0.1 x one interaction
    assert scores["old"] == pytest.approx(0.55)  # the same, halved


def test_a_newer_event_ages_everything_else() -> None:
    model = PopularityRecommender(half_life_days=1.0)
    model.fit(_data([("u1", "p1", "2024-01-01")]), tiny.catalog())
    model.partial_update(tiny.event("u2", "p2", weight=1.0, when="2024-01-03"))
    scores = dict(zip(model.catalog.item_ids, model.trending.scores, strict=True))
    assert scores["p1"] == pytest.approx(1.1 / 4)
    assert scores["p2"] == pytest.approx(1.1)


def test_distinct_people_outweigh_repeats() -> None:
    model = PopularityRecommender(half_life_days=None)
    rows = [("fan", "p1", f"2024-01-0{d}") for d in range(1, 6)]
    rows += [("a", "p2", "2024-01-01"), ("b", "p2", "2024-01-01")]
    model.fit(_data(rows), tiny.catalog())
    top = model.recommend("someone", n=2)
    assert [s.item_id for s in top] == ["p2", "p1"]
    assert top[0].reason == "trending: 2 people, 2 interactions"
    assert top[1].reason == "trending: 1 people, 5 interactions"


def test_a_long_log_keeps_its_old_favourites() -> None:
    # 20 years apart (7305 days): a 30-day half-life would leave the old item 2^-243 of a
    # new one; the half-life stretches to a quarter of the span (1826.25 days), so the old
    # item is 4 half-lives old and keeps 1/16.
    model = PopularityRecommender(half_life_days=30.0)
    model.fit(_data([("u1", "old", "2000-01-01"), ("u2", "new", "2020-01-01")]), tiny.catalog())
    scores = dict(zip(model.catalog.item_ids, model.trending.scores, strict=True))
    assert scores["new"] == pytest.approx(1.1)
    assert scores["old"] == pytest.approx(1.1 / 16)


def test_one_far_future_event_cannot_zero_the_rest() -> None:
    # Three people like p1, two like p2, one p3, all in 2024; one event on g1 four years on
    # (1461 days). The rest are 4 (stretched) half-lives old: each keeps 1/16, in order.
    rows = [(f"a{n}", "p1", "2024-01-01") for n in range(3)]
    rows += [(f"b{n}", "p2", "2024-01-01") for n in range(2)]
    rows += [("c", "p3", "2024-01-01"), ("d", "g1", "2028-01-01")]
    model = PopularityRecommender(half_life_days=30.0)
    model.fit(_data(rows), tiny.catalog())
    top = model.recommend("someone", n=4)
    assert [s.item_id for s in top] == ["g1", "p1", "p2", "p3"]
    assert [s.score for s in top] == pytest.approx([1.1, 3.3 / 16, 2.2 / 16, 1.1 / 16])
