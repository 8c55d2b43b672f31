"""EVALUATION.md section 2: the per-user temporal hold-out."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from datasets.frame import Dataset
from features.data import InteractionData

MIN_ITEMS = 5
TEST_SHARE = 0.2


@dataclass(frozen=True)
class Split:
    """Both frames: user_id, item_id, timestamp; every kept user has train and test items."""

    train: pd.DataFrame
    test: pd.DataFrame

    def train_interactions(self) -> InteractionData:
        """What a model may see: the train pairs, each a binary positive."""
        return InteractionData.from_frame(self.train.assign(weight=1.0, event_type="purchase"))

    def relevant(self) -> dict[str, set[str]]:
        relevant: dict[str, set[str]] = self.test.groupby("user_id")["item_id"].agg(set).to_dict()
        return relevant

    def train_events(self, events: InteractionData) -> InteractionData:
        """What a served model may see of the service's own log, i.e. what the service held
        when each user's hold-out began: the train users' positives on train pairs, and
        their other events (views, with their weights) from before their first held-out
        item. Later views would tell the model what the user turned to next."""
        frame = pd.DataFrame(
            {"user_id": events.user_ids, "item_id": events.item_ids, "time": events.timestamps}
        )
        pair = _pairs(frame)
        positive = pair.isin(set(_pairs(positives_of(events))))
        cut = self.test.groupby("user_id")["timestamp"].min()
        # reindex, not map: map turns an empty cut (no user held out) into floats.
        before_cut = frame["time"].to_numpy() < cut.reindex(frame["user_id"]).to_numpy()
        in_train = pair.isin(set(_pairs(self.train))).to_numpy()
        is_user = frame["user_id"].isin(set(self.train["user_id"])).to_numpy()
        rows = is_user & np.where(positive.to_numpy(), in_train, before_cut)
        return InteractionData(
            user_ids=events.user_ids[rows],
            item_ids=events.item_ids[rows],
            weights=events.weights[rows],
            timestamps=events.timestamps[rows],
            event_types=events.event_types[rows] if len(events.event_types) else events.event_types,
        )


def positives_of(events: InteractionData) -> pd.DataFrame:
    """EVALUATION.md section 1 for the service's events (``Dataset.positives``): a click,
    add-to-cart or purchase is a positive, each (user, item) pair once, at its earliest."""
    types = (
        events.event_types
        if len(events.event_types)
        else np.full(len(events), "purchase", dtype=object)
    )
    frame = pd.DataFrame(
        {
            "user_id": events.user_ids.astype(str),
            "item_id": events.item_ids.astype(str),
            "event_type": types,
            "timestamp": events.timestamps,
        }
    )
    return Dataset("service", pd.DataFrame(), frame).positives()


def _pairs(frame: pd.DataFrame) -> pd.Series:
    return frame["user_id"].astype(str) + "\x1f" + frame["item_id"].astype(str)


def temporal_split(
    positives: pd.DataFrame, min_items: int = MIN_ITEMS, test_share: float = TEST_SHARE
) -> Split:
    """Users with at least ``min_items`` distinct items; per user, items sorted by first
    timestamp (ties: item id as a string); the last ceil(test_share) of them (at least one)
    are test, the rest train. ``positives`` holds each (user, item) pair once."""
    pairs = positives[["user_id", "item_id", "timestamp"]].astype({"user_id": str, "item_id": str})
    counts = pairs.groupby("user_id")["item_id"].transform("size")
    pairs = pairs[counts >= min_items].sort_values(
        ["user_id", "timestamp", "item_id"], ignore_index=True
    )
    size = pairs.groupby("user_id")["item_id"].transform("size").to_numpy()
    position = pairs.groupby("user_id").cumcount().to_numpy()
    n_test = np.maximum(np.ceil(size * test_share - 1e-9).astype(np.int64), 1)
    is_test = position >= size - n_test
    return Split(
        train=pairs[~is_test].reset_index(drop=True), test=pairs[is_test].reset_index(drop=True)
    )


def validation_split(split: Split) -> Split:
    """Carved from train the same way: what tuning may look at."""
    return temporal_split(split.train)
