"""A storefront's own export: a catalogue CSV and an interactions CSV.

catalogue:    product_id,title,category,description,price
interactions: user_id,product_id,interaction_type,ts   (ts: ISO 8601 or Unix seconds)
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from datasets.frame import Dataset, normalise


def read_generic_csv(catalog_path: str | Path, interactions_path: str | Path) -> Dataset:
    catalog = pd.read_csv(catalog_path, dtype={"product_id": str})
    interactions = pd.read_csv(interactions_path, dtype={"user_id": str, "product_id": str})
    items = catalog.rename(columns={"product_id": "item_id"})
    events = pd.DataFrame(
        {
            "user_id": interactions["user_id"],
            "item_id": interactions["product_id"],
            "event_type": interactions["interaction_type"].str.strip().str.lower(),
            "timestamp": _timestamps(interactions["ts"]),
        }
    )
    return normalise(Path(catalog_path).stem, items, events)


def _timestamps(raw: pd.Series) -> pd.Series:
    """Unix seconds when the column is numeric, else ISO 8601; UTC without a zone."""
    if pd.api.types.is_numeric_dtype(raw):
        return pd.to_datetime(raw, unit="s")
    return pd.to_datetime(raw, utc=True, format="ISO8601").dt.tz_localize(None)
