"""The weighted user x item matrix, built at once or event by event."""

from __future__ import annotations

import numpy as np
import pandas as pd

from features.interactions import InteractionMatrix
from recommenders.base import InteractionData

EVENTS = [
    ("u1", "a", "view", 1.0, "2024-01-01"),
    ("u1", "a", "purchase", 5.0, "2024-01-02"),
    ("u1", "a", "click", 3.0, "2024-01-03"),
    ("u1", "b", "purchase", 5.0, "2024-01-01"),
    ("u1", "b", "not_interested", -5.0, "2024-01-04"),
    ("u2", "c", "not_interested", -5.0, "2024-01-01"),
    ("u2", "c", "click", 3.0, "2024-01-02"),
    ("u3", "zz", "view", 1.0, "2024-01-05"),
]


def _data(rows: list[tuple[str, str, str, float, str]]) -> InteractionData:
    frame = pd.DataFrame(rows, columns=["user_id", "item_id", "event_type", "weight", "timestamp"])
    return InteractionData.from_frame(frame)


def _dense(matrix: InteractionMatrix) -> dict[tuple[str, str], float]:
    out = {}
    for user, user_id in enumerate(matrix.user_ids):
        items, weights = matrix.row(user)
        for item, weight in zip(items, weights, strict=True):
            out[(user_id, matrix.item_ids[item])] = float(weight)
    return out


def test_strongest_positive_wins_and_the_latest_polarity_decides() -> None:
    matrix = InteractionMatrix.build(_data(EVENTS), ["a", "b", "c"])
    assert _dense(matrix) == {("u1", "a"): 5.0, ("u2", "c"): 3.0, ("u3", "zz"): 1.0}
    assert matrix.item_ids == ["a", "b", "c", "zz"]  # unknown items are appended
    assert matrix.rejected == {matrix.user("u1"): {1}}


def test_event_by_event_equals_the_build() -> None:
    incremental = InteractionMatrix(["a", "b", "c"])
    for row in EVENTS:
        incremental.update(_data([row]))
    built = InteractionMatrix.build(_data(EVENTS), ["a", "b", "c"])
    assert _dense(incremental) == _dense(built)
    assert incremental.rejected == built.rejected
    incremental.compact()
    assert _dense(incremental) == _dense(built)
    assert incremental.to_csr().shape == (3, 4)


def test_row_times_follow_the_latest_positive_event() -> None:
    matrix = InteractionMatrix.build(_data(EVENTS), ["a", "b", "c"])
    seconds = matrix.row_times(matrix.user("u1"))
    assert seconds.tolist() == [pd.Timestamp("2024-01-03").timestamp() + 1.0]
    changed, new_items = matrix.update(_data([("u4", "d", "click", 3.0, "2024-02-01")]))
    assert changed == {matrix.user("u4")} and new_items == [4]
    assert np.array_equal(matrix.row(matrix.user("u4"))[0], [4])
