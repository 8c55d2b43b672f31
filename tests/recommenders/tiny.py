"""A tiny catalogue and log whose right answer is known.

Two tastes: Python books (p1..p4) and garden tools (g1..g4). Python readers outnumber
gardeners, and every reader who has p1..p3 also has p4. Alice has p1..p3 (p4 withheld):
every strategy, whatever its evidence (co-occurrence, text, popularity), should put p4 first.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from features.data import Catalog, InteractionData

ITEMS = [
    ("p1", "Learning Python", "books", "python programming for beginners", 30.0),
    ("p2", "Fluent Python", "books", "advanced python programming idioms", 45.0),
    ("p3", "Python Cookbook", "books", "python programming recipes", 40.0),
    ("p4", "Python Tricks", "books", "python programming tricks and tips", 25.0),
    ("g1", "Garden Spade", "garden", "steel spade for digging soil", 20.0),
    ("g2", "Pruning Shears", "garden", "shears for pruning roses", 15.0),
    ("g3", "Watering Can", "garden", "watering can for plants", 10.0),
    ("g4", "Garden Rake", "garden", "rake for leaves and soil", 18.0),
]
PYTHON = ["p1", "p2", "p3", "p4"]
GARDEN = ["g1", "g2", "g3", "g4"]
START = pd.Timestamp("2024-01-01")


def catalog() -> Catalog:
    return Catalog.from_frame(
        pd.DataFrame(ITEMS, columns=["item_id", "title", "category", "description", "price"])
    )


def log() -> pd.DataFrame:
    rows = []
    for reader in range(6):
        rows += [(f"reader{reader}", item) for item in PYTHON]
    for gardener in range(3):
        rows += [(f"gardener{gardener}", item) for item in GARDEN]
    rows += [("alice", item) for item in PYTHON[:3]]
    rows += [("bob", item) for item in GARDEN[:3]]
    frame = pd.DataFrame(rows, columns=["user_id", "item_id"])
    frame["timestamp"] = START + pd.to_timedelta(np.arange(len(frame)), unit="h")
    frame["weight"] = 1.0
    return frame


def interactions(frame: pd.DataFrame | None = None) -> InteractionData:
    return InteractionData.from_frame(log() if frame is None else frame)


def event(
    user: str,
    item: str,
    event_type: str = "purchase",
    weight: float = 5.0,
    when: str = "2024-02-01",
) -> InteractionData:
    return InteractionData.from_frame(
        pd.DataFrame(
            {
                "user_id": [user],
                "item_id": [item],
                "weight": [weight],
                "timestamp": [pd.Timestamp(when)],
                "event_type": [event_type],
            }
        )
    )


def empty() -> InteractionData:
    return InteractionData.from_frame(
        pd.DataFrame({"user_id": [], "item_id": [], "weight": [], "timestamp": []})
    )
