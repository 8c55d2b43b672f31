"""A data set as the request bodies a storefront would send: its catalogue for
``POST /items/batch`` and its positives for ``POST /interactions/batch``. What benchmarks and
tests load into a running service to measure it through its own API."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from datasets.frame import Dataset


def item_bodies(dataset: Dataset) -> list[dict[str, Any]]:
    """Every catalogue item with its text and, where known, its price."""
    bodies = []
    for row in dataset.items.itertuples():
        body: dict[str, Any] = {
            "item_id": row.item_id,
            "title": (row.title or row.item_id)[:500],
            "category": (row.category or "general")[:100],
            "description": (row.description or "")[:20_000],
        }
        if isinstance(row.price, float) and math.isfinite(row.price):
            body["price"] = row.price
        bodies.append(body)
    return bodies


def event_bodies(
    pairs: pd.DataFrame, event_type: str = "purchase", prefix: str = "event"
) -> list[dict[str, Any]]:
    """``pairs`` (user_id, item_id, timestamp in naive UTC) as events of one type, each
    with an ``event_id`` so that a batch sent twice is stored once."""
    return [
        {
            "user_id": user_id,
            "item_id": item_id,
            "event_type": event_type,
            "timestamp": stamp.isoformat() + "Z",
            "event_id": f"{prefix}-{n}",
        }
        for n, (user_id, item_id, stamp) in enumerate(
            zip(pairs["user_id"], pairs["item_id"], pairs["timestamp"], strict=True)
        )
    ]
