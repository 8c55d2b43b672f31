"""UCI Online Retail (``online_retail.csv`` or ``.csv.gz``), product lines only."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from datasets.frame import Dataset, normalise

# EVALUATION.md: product StockCodes only (drops POST, DOT, M, BANK CHARGES, ...).
PRODUCT_CODE = r"^[0-9]{5}[A-Za-z]*$"
DEFAULT_CATEGORY = "general"


def read_online_retail(path: str | Path) -> Dataset:
    lines = pd.read_csv(
        path,
        dtype={"InvoiceNo": str, "StockCode": str, "Description": str, "Country": str},
        usecols=[
            "InvoiceNo",
            "StockCode",
            "Description",
            "Quantity",
            "InvoiceDate",
            "UnitPrice",
            "CustomerID",
        ],
    )
    kept = lines[
        lines["CustomerID"].notna()
        & (lines["Quantity"] > 0)
        & ~lines["InvoiceNo"].str.startswith("C")
        & lines["StockCode"].str.match(PRODUCT_CODE)
    ]
    items = _items(kept)
    events = pd.DataFrame(
        {
            "user_id": kept["CustomerID"].astype("int64").astype(str),
            "item_id": kept["StockCode"],
            "event_type": "purchase",
            "timestamp": pd.to_datetime(kept["InvoiceDate"], format="mixed"),
            "revenue": kept["Quantity"] * kept["UnitPrice"],
        }
    )
    return normalise("retail", items, events)


def _items(lines: pd.DataFrame) -> pd.DataFrame:
    """One row per StockCode: its most frequent stripped description (ties alphabetical)
    and its median unit price over the kept lines."""
    described = lines.assign(Description=lines["Description"].str.strip()).dropna(
        subset=["Description"]
    )
    counts = described.groupby(["StockCode", "Description"]).size().rename("n").reset_index()
    best = counts.sort_values(
        ["StockCode", "n", "Description"], ascending=[True, False, True]
    ).drop_duplicates("StockCode")
    items = pd.DataFrame({"item_id": sorted(lines["StockCode"].unique())})
    items["title"] = items["item_id"].map(best.set_index("StockCode")["Description"]).fillna("")
    items["category"] = DEFAULT_CATEGORY
    items["description"] = items["title"]
    items["price"] = items["item_id"].map(lines.groupby("StockCode")["UnitPrice"].median())
    return items
