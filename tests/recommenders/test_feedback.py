"""not_interested lowers what is like the rejected item; new items join content at once."""

from __future__ import annotations

import numpy as np
import pandas as pd

from features.data import Catalog, InteractionData
from recommenders.content import ContentRecommender
from tests.recommenders.tiny import event

TEXTS = {
    "a1": "red apple",
    "a2": "green apple juice",
    "a3": "apple juice pie",
    "b1": "steel hammer",
    "b2": "hammer drill",
}


def _catalog(ids: list[str]) -> Catalog:
    return Catalog(
        ids,
        [TEXTS.get(i, i) for i in ids],
        ["fruit" if i.startswith("a") else "tools" for i in ids],
        [""] * len(ids),
        np.full(len(ids), np.nan),
    )


def _model() -> ContentRecommender:
    frame = pd.DataFrame(
        {
            "user_id": ["u", "u"],
            "item_id": ["a1", "b1"],
            "weight": [1.0, 1.0],
            "timestamp": pd.to_datetime(["2024-01-01", "2024-01-01"]),
        }
    )
    model = ContentRecommender()
    model.fit(InteractionData.from_frame(frame), _catalog(list(TEXTS)))
    return model


def test_not_interested_lowers_similar_items() -> None:
    model = _model()
    before = {s.item_id: s.score for s in model.recommend("u", n=3)}
    model.partial_update(event("u", "a2", "not_interested", -5.0))
    after = {s.item_id: s.score for s in model.recommend("u", n=3)}
    assert list(after) == ["b2", "a3"]  # a2 gone; a3 (apple juice, like a2) lowered
    assert after["a3"] < before["a3"]
    assert after["b2"] == before["b2"]  # nothing like a2: untouched


def test_a_new_item_appears_in_content_results_at_once() -> None:
    model = _model()
    model.add_items(Catalog(["h3"], ["claw hammer steel"], ["tools"], [""], np.array([9.0])))
    answer = model.recommend("u", n=1)
    assert answer[0].item_id == "h3"
    assert "steel" in answer[0].reason and "'steel hammer'" in answer[0].reason
    assert model.similar_items("b1", n=1)[0].item_id == "h3"
