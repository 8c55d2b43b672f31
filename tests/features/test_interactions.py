"""The weighted user x item matrix, built at once or event by event."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import numpy as np
import pandas as pd
import pytest

from features.data import InteractionData, utc_naive_times
from features.interactions import InteractionMatrix, recency_weights

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


@pytest.mark.parametrize("seed", [7, 8, 9, 10])
@pytest.mark.parametrize("same_day_events", [False, True])
def test_one_batch_equals_the_same_events_one_by_one(seed: int, same_day_events: bool) -> None:
    """The vectorised batch update gives what applying each event in time order gives,
    rejections included, whether the rows end up as overrides or in a new base matrix;
    events with the same timestamp count in the order they came."""
    rng = np.random.default_rng(seed)
    kinds = [("view", 1.0), ("click", 3.0), ("purchase", 5.0), ("not_interested", -5.0)]
    days = pd.date_range("2024-01-01", periods=40, freq="D").strftime("%Y-%m-%d")
    order = rng.integers(0, 8, size=40) if same_day_events else rng.permutation(40)
    rows = [
        (f"u{rng.integers(12)}", f"i{rng.integers(9)}", *kinds[rng.integers(4)], days[day])
        for day in order
    ]
    base, later = rows[:10], rows[10:]
    for limit in (1_000, 0):  # overrides, then a new base matrix
        one_by_one = InteractionMatrix.build(_data(base), ["i0", "i1"])
        for row in sorted(later, key=lambda row: row[4]):
            one_by_one.update(_data([row]))
        batched = InteractionMatrix.build(_data(base), ["i0", "i1"])
        batched.MAX_OVERRIDES = limit
        users, _, _ = batched.update(_data(later))
        assert users.tolist() == [batched.user(user_id) for user_id, *_ in later]
        assert _dense(batched) == _dense(one_by_one)
        assert _rejected(batched) == _rejected(one_by_one)
        assert _times(batched) == _times(one_by_one)


def _rejected(matrix: InteractionMatrix) -> dict[str, set[str]]:
    return {
        matrix.user_ids[user]: {matrix.item_ids[item] for item in items}
        for user, items in matrix.rejected.items()
    }


def _times(matrix: InteractionMatrix) -> dict[tuple[str, str], float]:
    return {
        (user_id, matrix.item_ids[item]): float(seconds)
        for user, user_id in enumerate(matrix.user_ids)
        for item, seconds in zip(matrix.row(user)[0], matrix.row_times(user), strict=True)
    }


def test_event_times_read_the_same_from_datetimes_and_from_iso_strings() -> None:
    # The change feed carries datetime objects (aware or naive UTC), a relayed change may
    # carry strings: both give the same naive-UTC instants.
    aware = datetime(2024, 1, 1, 12, 30, tzinfo=timezone(timedelta(hours=2)))
    from_objects = utc_naive_times([aware, datetime(2024, 1, 1, 12, 30, 0, 250)])
    from_strings = utc_naive_times(["2024-01-01T12:30:00+02:00", "2024-01-01T12:30:00.000250"])
    assert from_objects.dtype == from_strings.dtype == np.dtype("datetime64[ns]")
    assert from_objects.tolist() == from_strings.tolist()
    assert str(from_objects[0]) == "2024-01-01T10:30:00.000000000"
    assert utc_naive_times([]).dtype == np.dtype("datetime64[ns]")


def test_row_times_follow_the_latest_positive_event() -> None:
    matrix = InteractionMatrix.build(_data(EVENTS), ["a", "b", "c"])
    seconds = matrix.row_times(matrix.user("u1"))
    assert seconds.tolist() == [pd.Timestamp("2024-01-03").timestamp() + 1.0]
    users, new_items, fresh = matrix.update(_data([("u4", "d", "click", 3.0, "2024-02-01")]))
    assert fresh.tolist() == [True]
    assert users.tolist() == [matrix.user("u4")] and new_items == [4]
    assert np.array_equal(matrix.row(matrix.user("u4"))[0], [4])


def test_recency_counts_distinct_timestamps_so_one_basket_shares_one_weight() -> None:
    # Three events in one basket at t=20, one before it, one after: the basket is one step
    # older than the newest event, the lone early event two steps.
    times = np.array([20.0, 10.0, 20.0, 30.0, 20.0])
    assert recency_weights(times, half_life=1.0) == pytest.approx([0.5, 0.25, 0.5, 1.0, 0.5])
    assert recency_weights(times, half_life=2.0) == pytest.approx(
        2.0 ** -np.array([0.5, 1, 0.5, 0, 0.5])
    )
