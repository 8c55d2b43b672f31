"""The split rules of EVALUATION.md section 2, and the evaluator end to end."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from evaluation.protocol import positives_of, temporal_split, validation_split
from evaluation.runner import evaluate
from features.data import Catalog, InteractionData
from tests.recommenders import tiny


def _pairs(user: str, n: int, same_time: bool = False) -> list[tuple[str, str, pd.Timestamp]]:
    day = pd.Timestamp("2024-01-01")
    return [(user, f"i{k:02d}", day if same_time else day + pd.Timedelta(days=k)) for k in range(n)]


def _frame(rows: list[tuple[str, str, pd.Timestamp]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["user_id", "item_id", "timestamp"])


def test_users_with_fewer_than_five_items_are_dropped() -> None:
    split = temporal_split(_frame(_pairs("few", 4) + _pairs("five", 5)))
    assert set(split.train["user_id"]) == set(split.test["user_id"]) == {"five"}


def test_the_last_ceil_20_percent_are_test() -> None:
    split = temporal_split(_frame(_pairs("five", 5) + _pairs("six", 6) + _pairs("eleven", 11)))
    test = split.test.groupby("user_id")["item_id"].agg(sorted).to_dict()
    assert test == {"five": ["i04"], "six": ["i04", "i05"], "eleven": ["i08", "i09", "i10"]}


def test_ties_are_broken_by_item_id_as_a_string() -> None:
    rows = [("u", item, pd.Timestamp("2024-01-01")) for item in ["10", "9", "100", "2", "3"]]
    split = temporal_split(_frame(rows))
    # as strings: "10" < "100" < "2" < "3" < "9"
    assert split.test["item_id"].tolist() == ["9"]


def test_validation_is_carved_from_train_the_same_way() -> None:
    outer = temporal_split(_frame(_pairs("u", 10) + _pairs("short", 6)))
    inner = validation_split(outer)
    assert set(inner.test["item_id"]) | set(inner.train["item_id"]) <= set(outer.train["item_id"])
    # "u" has 8 train items -> 2 validation items; "short" has 4 train items -> dropped
    assert inner.test.groupby("user_id").size().to_dict() == {"u": 2}


def test_evaluate_ranks_every_strategy_and_reports_progress() -> None:
    # Every reader chose g1, p1, p2, p3 and then p4: p4 is each one's test item and nobody
    # chose it in train, so only a model that reads the item texts can rank it first.
    order = ["g1", "p1", "p2", "p3", "p4"]
    rows = [
        (f"reader{r}", item, pd.Timestamp("2024-01-01") + pd.Timedelta(hours=10 * r + k))
        for r in range(6)
        for k, item in enumerate(order)
    ]
    # p4 last in the catalogue: popularity, with nothing to tell the unseen items apart,
    # keeps catalogue order (g2, g3, g4, p4) and finds it at rank 4.
    items = [item for item in tiny.ITEMS if item[0] != "p4"] + [tiny.ITEMS[3]]
    catalog = Catalog.from_frame(
        pd.DataFrame(items, columns=["item_id", "title", "category", "description", "price"])
    )
    events: list[tuple[str, int, int]] = []
    report = evaluate(
        _frame(rows),
        catalog,
        ["popular", "content"],
        lambda stage, done, total: events.append((stage, done, total)),
    )
    counts = (report.users, report.train_pairs, report.test_pairs, report.train_items)
    assert counts == (6, 24, 6, 4)
    results = {r.strategy: r for r in report.results}
    assert results["content"].metrics["ndcg@10"] == 1.0
    # p4, g2, g3, g4 shown: none of them in train (g1, p1, p2, p3, which everyone has), so
    # the cold items shown do not count against the train items
    assert results["content"].metrics["coverage@10"] == 0.0
    assert results["popular"].metrics["ndcg@10"] == pytest.approx(1 / math.log2(5))
    assert ("content: rank", 6, 6) in events
    for result in report.results:
        assert result.users == 6
        assert result.fit_seconds >= 0 and result.latency_ms_p95 >= result.latency_ms_median


def test_a_served_model_sees_what_the_service_held_when_the_hold_out_began() -> None:
    # u buys i0..i4 on days 0-4 (i4 is held out) and views v1 (day 2), i4 (day 3) and v2
    # (day 6): the view of the held-out i4 and the later v2 would leak. "few" has too few
    # items for the split and is left out, as in train.
    day = pd.Timestamp("2024-01-01")
    rows = [("u", f"i{k}", "purchase", day + pd.Timedelta(days=k)) for k in range(5)]
    rows += [
        ("u", "v1", "view", day + pd.Timedelta(days=2)),
        ("u", "i4", "view", day + pd.Timedelta(days=3)),
        ("u", "v2", "view", day + pd.Timedelta(days=6)),
        ("few", "i0", "purchase", day),
    ]
    frame = pd.DataFrame(rows, columns=["user_id", "item_id", "event_type", "timestamp"])
    events = InteractionData.from_frame(frame.assign(weight=1.0))
    split = temporal_split(positives_of(events))
    seen = split.train_events(events)
    kept = sorted(zip(seen.user_ids, seen.item_ids, seen.event_types, strict=True))
    assert kept == [("u", f"i{k}", "purchase") for k in range(4)] + [("u", "v1", "view")]


def test_train_events_with_nobody_held_out_keep_nothing() -> None:
    day = pd.Timestamp("2024-01-01")
    rows = [
        (f"u{n}", f"i{k}", "purchase", day + pd.Timedelta(days=k))
        for n in range(3)
        for k in range(2)
    ]
    frame = pd.DataFrame(rows, columns=["user_id", "item_id", "event_type", "timestamp"])
    events = InteractionData.from_frame(frame.assign(weight=1.0))
    split = temporal_split(positives_of(events))
    assert split.test.empty
    assert len(split.train_events(events)) == 0
