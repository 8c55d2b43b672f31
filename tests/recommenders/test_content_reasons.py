"""Reasons name the liked items actually behind a content score and only the words the item
shares with those very items (issue 11: "new item like 'USB-C Fast Charger 65W' (terms:
noise, headphones, cancelling)" named one liked item and another one's words)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from features.data import Catalog, InteractionData
from recommenders.cf import COLD_ITEM_FILL, UserKNNRecommender
from recommenders.content import ContentRecommender

ITEMS = {
    "charger": ("USB-C Fast Charger 65W", "electronics"),
    "headphones": ("Noise Cancelling Headphones", "electronics"),
    "earbuds": ("Noise Cancelling Earbuds", "electronics"),
    "kettle": ("Electric Kettle", "kitchen"),
}


def _catalog(categories: dict[str, str] | None = None) -> Catalog:
    ids = list(ITEMS)
    return Catalog(
        ids,
        [ITEMS[i][0] for i in ids],
        [(categories or {}).get(i, ITEMS[i][1]) for i in ids],
        [""] * len(ids),
        np.full(len(ids), np.nan),
    )


def _data(rows: list[tuple[str, str]]) -> InteractionData:
    frame = pd.DataFrame(rows, columns=["user_id", "item_id"])
    frame["timestamp"] = pd.Timestamp("2024-01-01") + pd.to_timedelta(range(len(frame)), "D")
    return InteractionData.from_frame(frame.assign(weight=1.0))


def test_content_names_only_the_liked_item_behind_the_score_with_its_words() -> None:
    # The charger is in another category and shares no word with the earbuds: it adds
    # nothing to their score, so it is not named; the words are those the earbuds share
    # with the headphones.
    model = ContentRecommender()
    model.fit(_data([("u", "headphones"), ("u", "charger")]), _catalog({"charger": "power"}))
    [earbuds] = [s for s in model.recommend("u", n=2) if s.item_id == "earbuds"]
    assert earbuds.reason.startswith("because you liked 'Noise Cancelling Headphones' (terms: ")
    assert sorted(earbuds.reason.split("(terms: ")[1].rstrip(")").split(", ")) == [
        "cancelling",
        "noise",
    ]
    assert "Charger" not in earbuds.reason


def test_a_shared_category_alone_is_named_as_such() -> None:
    # Charger and earbuds share only "electronics": the reason says so and lists no words.
    model = ContentRecommender(recency_half_life=None)
    model.fit(_data([("u", "charger")]), _catalog())
    [earbuds] = [s for s in model.recommend("u", n=3) if s.item_id == "earbuds"]
    assert (
        earbuds.reason == "because you liked 'USB-C Fast Charger 65W' (same category: electronics)"
    )


def test_the_cold_item_fill_names_the_closest_liked_item_and_only_its_words() -> None:
    # u chose the headphones, then the charger (more recent, so weighted more). The new
    # earbuds' closest liked item by weighted similarity is the charger, through the shared
    # category alone (cosine 0.9 x weight 1 against the headphones' < 1 x 1/2): the reason
    # names it with no words, never the headphones' "noise, cancelling".
    model = UserKNNRecommender(neighbours=5, recency_half_life=1.0)
    data = _data([("u", "headphones"), ("u", "charger"), ("v", "charger"), ("v", "kettle")])
    model.fit(data, _catalog())
    fill = [s for s in model.recommend("u", n=1) if s.source == COLD_ITEM_FILL]
    assert [s.item_id for s in fill] == ["earbuds"]
    assert fill[0].reason == "new item like 'USB-C Fast Charger 65W' (same category: electronics)"
