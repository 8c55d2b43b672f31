"""MovieLens ``ml-latest-small`` (a folder with movies.csv, ratings.csv, tags.csv)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from datasets.frame import Dataset, normalise

# EVALUATION.md: a rating of 4.0 or more is a positive (imported as a purchase).
POSITIVE_RATING = 4.0
NO_GENRES = "(no genres listed)"


def read_movielens(folder: str | Path) -> Dataset:
    folder = Path(folder)
    movies = pd.read_csv(folder / "movies.csv", dtype={"movieId": str})
    ratings = pd.read_csv(folder / "ratings.csv", dtype={"userId": str, "movieId": str})
    tags_path = folder / "tags.csv"
    tags = (
        pd.read_csv(tags_path, dtype={"userId": str, "movieId": str, "tag": str})
        if tags_path.exists()
        else pd.DataFrame(columns=["movieId", "tag"])
    )

    genres = movies["genres"].fillna(NO_GENRES).replace(NO_GENRES, "")
    tag_text = (
        tags.dropna(subset=["tag"])
        .assign(tag=lambda t: t["tag"].str.strip())
        .drop_duplicates(["movieId", "tag"])
        .groupby("movieId")["tag"]
        .agg(", ".join)
    )
    movie_tags = movies["movieId"].map(tag_text).fillna("")
    description = genres.str.replace("|", ", ", regex=False)
    description = description.where(movie_tags == "", description + ". Tags: " + movie_tags)
    items = pd.DataFrame(
        {
            "item_id": movies["movieId"],
            "title": movies["title"],
            # The first listed genre is the primary one; the rest go into the description.
            "category": genres.str.split("|").str[0].replace("", "unknown").str.lower(),
            "description": description,
            "price": np.nan,
        }
    )
    events = pd.DataFrame(
        {
            "user_id": ratings["userId"],
            "item_id": ratings["movieId"],
            "event_type": np.where(ratings["rating"] >= POSITIVE_RATING, "purchase", "view"),
            "timestamp": pd.to_datetime(ratings["timestamp"], unit="s"),
            "revenue": np.nan,
        }
    )
    return normalise("movielens", items, events)
