"""EVALUATION.md section 2: the per-user temporal hold-out."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from recommenders.base import InteractionData

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
        return self.test.groupby("user_id")["item_id"].agg(set).to_dict()


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
