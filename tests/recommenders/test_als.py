"""``als`` is implicit's ALS behind the strategy interface: the same quality as implicit's
own on the same split and parameters, and live events move a user's answer."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from implicit.cpu.als import AlternatingLeastSquares
from threadpoolctl import threadpool_limits

from datasets import read_movielens, read_online_retail
from evaluation.metrics import DEPTH, hit_matrix, ranking_metrics
from evaluation.runner import evaluate, make_split
from features.data import Catalog
from recommenders.als import ALSRecommender
from tests.recommenders import tiny

PARAMS = {"factors": 16, "regularization": 0.05, "alpha": 2.0, "iterations": 15}


def implicit_own_ndcg(positives: pd.DataFrame, params: dict[str, float]) -> float:
    """NDCG@10 on the protocol's test split, ranked by implicit's own ``recommend``."""
    split = make_split(positives)
    users = pd.Categorical(split.train["user_id"])
    items = pd.Categorical(split.train["item_id"])
    matrix = sp.csr_matrix(
        (np.ones(len(split.train), dtype=np.float32), (users.codes, items.codes)),
        shape=(len(users.categories), len(items.categories)),
    )
    with threadpool_limits(limits=1, user_api="blas"):
        model = AlternatingLeastSquares(**params, random_state=42)
        model.fit(matrix, show_progress=False)
    relevant = split.relevant()
    evaluated = sorted(relevant)
    rows = users.categories.get_indexer(evaluated)
    ids, _ = model.recommend(rows, matrix[rows], N=DEPTH, filter_already_liked_items=True)
    ranked = [[items.categories[i] for i in row if i >= 0] for row in ids]
    hits = hit_matrix(ranked, [relevant[u] for u in evaluated])
    return ranking_metrics(hits, np.array([len(relevant[u]) for u in evaluated]))["ndcg@10"]


def ours_ndcg(positives: pd.DataFrame, catalog: Catalog, params: dict[str, float]) -> float:
    report = evaluate(positives, catalog, ["als"], params={"als": params}, beyond_accuracy=False)
    return report.results[0].metrics["ndcg@10"]


def planted_tastes(seed: int = 7) -> tuple[pd.DataFrame, Catalog]:
    """400 users in 4 taste groups over 160 items (40 per group): each user picks 12 items,
    nine in ten from their group, at random times."""
    rng = np.random.default_rng(seed)
    rows = []
    for user in range(400):
        group = user % 4
        own = rng.choice(40, size=11, replace=False) + 40 * group
        stray = rng.choice(160, size=1)
        for item in dict.fromkeys([*own.tolist(), *stray.tolist()]):
            rows.append(
                (
                    f"u{user}",
                    f"i{item:03d}",
                    pd.Timestamp("2024-01-01")
                    + pd.Timedelta(minutes=int(rng.integers(0, 100_000))),
                )
            )
    positives = pd.DataFrame(rows, columns=["user_id", "item_id", "timestamp"])
    ids = [f"i{k:03d}" for k in range(160)]
    n = len(ids)
    catalog = Catalog(ids, ids, ["c"] * n, [""] * n, np.full(n, np.nan))
    return positives, catalog


def test_matches_implicit_on_a_planted_taste_set() -> None:
    positives, catalog = planted_tastes()
    ours, theirs = ours_ndcg(positives, catalog, PARAMS), implicit_own_ndcg(positives, PARAMS)
    popular = evaluate(positives, catalog, ["popular"]).results[0].metrics["ndcg@10"]
    assert ours == pytest.approx(theirs, abs=0.005)
    assert ours > 2 * popular  # the tastes are found, not just the busy items


@pytest.mark.slow
@pytest.mark.shared_data
@pytest.mark.parametrize("dataset", ["movielens", "retail"])
def test_matches_implicit_on_the_real_data(shared_data: Path, dataset: str) -> None:
    data = (
        read_movielens(shared_data / "ml-latest-small")
        if dataset == "movielens"
        else read_online_retail(shared_data / "online-retail" / "online_retail.csv.gz")
    )
    params = {"factors": 64, "regularization": 0.05, "alpha": 2.0, "iterations": 15}
    positives = data.positives()
    ours, theirs = (
        ours_ndcg(positives, data.catalog(), params),
        implicit_own_ndcg(positives, params),
    )
    assert ours == pytest.approx(theirs, abs=0.005), (ours, theirs)


def test_a_live_event_moves_the_user_without_a_refit() -> None:
    model = ALSRecommender(factors=8, iterations=10)
    model.fit(tiny.interactions(), tiny.catalog())
    newcomer = model.recommend("carol", n=3)
    assert {s.source for s in newcomer} == {"popular_fallback"}
    # carol chooses two garden tools: her answer turns to the other garden tools.
    model.partial_update(tiny.event("carol", "g1"))
    model.partial_update(tiny.event("carol", "g2"))
    answer = [s.item_id for s in model.recommend("carol", n=2)]
    assert set(answer) == {"g3", "g4"}
