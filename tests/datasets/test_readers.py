"""The readers map each source the way EVALUATION.md and issue 2 say."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pandas as pd

from datasets import read_generic_csv, read_movielens, read_online_retail

RETAIL = """InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
536365,85123A,WHITE HEART HOLDER ,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom
536366,85123A,white heart holder,2,2010-12-01 09:00:00,2.65,17850.0,United Kingdom
536367,85123A,WHITE HEART HOLDER,1,2010-12-02 10:00:00,2.75,13047.0,United Kingdom
536368,22752,SET 7 BABUSHKA,2,2010-12-02 11:00:00,7.65,13047.0,United Kingdom
536369,22752,BABUSHKA SET,3,2010-12-02 11:00:00,7.65,13047.0,United Kingdom
C536370,22752,SET 7 BABUSHKA,-2,2010-12-03 09:00:00,7.65,13047.0,United Kingdom
536371,POST,POSTAGE,1,2010-12-03 09:00:00,18.00,13047.0,France
536372,22752,SET 7 BABUSHKA,1,2010-12-03 09:00:00,7.65,,United Kingdom
536373,84406B,CREAM CUPID HEARTS,0,2010-12-03 09:00:00,2.75,17850.0,United Kingdom
"""


def test_online_retail_keeps_product_lines_of_known_customers(tmp_path: Path) -> None:
    path = tmp_path / "retail.csv.gz"
    with gzip.open(path, "wt") as handle:
        handle.write(RETAIL)
    data = read_online_retail(path)
    # dropped: the cancellation, POST, the line without a customer, the zero quantity
    assert len(data.events) == 5
    assert sorted(data.events["user_id"].unique()) == ["13047", "17850"]
    assert set(data.events["event_type"]) == {"purchase"}
    assert data.events["revenue"].tolist() == [6 * 2.55, 2 * 2.65, 2.75, 2 * 7.65, 3 * 7.65]
    items = data.items.set_index("item_id")
    # most frequent stripped description; a tie (BABUSHKA SET vs SET 7 BABUSHKA) goes
    # alphabetically
    assert items.loc["85123A", "title"] == "WHITE HEART HOLDER"
    assert items.loc["22752", "title"] == "BABUSHKA SET"
    assert items.loc["85123A", "price"] == 2.65
    assert set(items["category"]) == {"general"}
    positives = data.positives()
    assert len(positives) == 3  # (17850, 85123A), (13047, 85123A), (13047, 22752)
    first = positives.set_index(["user_id", "item_id"]).loc[("17850", "85123A"), "timestamp"]
    assert first == pd.Timestamp("2010-12-01 08:26:00")


def test_movielens_maps_ratings_genres_and_tags(tmp_path: Path) -> None:
    (tmp_path / "movies.csv").write_text(
        "movieId,title,genres\n1,Toy Story (1995),Adventure|Animation\n"
        '2,"Heat, The (1995)",(no genres listed)\n'
    )
    (tmp_path / "ratings.csv").write_text(
        "userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,2,3.5,964982800\n"
    )
    (tmp_path / "tags.csv").write_text(
        "userId,movieId,tag,timestamp\n2,1,pixar,1\n3,1,pixar,2\n3,1, fun ,3\n"
    )
    data = read_movielens(tmp_path)
    assert data.events["event_type"].tolist() == ["purchase", "view"]
    assert data.events["timestamp"][0] == pd.Timestamp(964982703, unit="s")
    toy, heat = data.items.to_dict("records")
    assert toy["category"] == "adventure"
    assert toy["description"] == "Adventure, Animation. Tags: pixar, fun"
    assert heat["title"] == "Heat, The (1995)" and heat["category"] == "unknown"
    assert np.isnan(toy["price"])
    assert data.positives()["item_id"].tolist() == ["1"]


def test_generic_csv(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.csv"
    catalog.write_text(
        "product_id,title,category,description,price\n007,Mug,kitchen,A blue mug,4.5\n"
    )
    events = tmp_path / "events.csv"
    events.write_text(
        "user_id,product_id,interaction_type,ts\n"
        "u1,007,View,2024-01-01T10:00:00Z\nu1,007,purchase,2024-01-02T10:00:00+01:00\n"
    )
    data = read_generic_csv(catalog, events)
    assert data.items["item_id"].tolist() == ["007"]
    assert data.events["event_type"].tolist() == ["view", "purchase"]
    assert data.events["timestamp"].tolist() == [
        pd.Timestamp("2024-01-01 10:00:00"),
        pd.Timestamp("2024-01-02 09:00:00"),
    ]
    weights = data.interactions({"view": 1.0, "purchase": 5.0}).weights
    assert weights.tolist() == [1.0, 5.0]
