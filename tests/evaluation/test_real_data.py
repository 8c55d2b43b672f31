"""The quality targets of issue 3, on the real data sets, with the parameters chosen on the
validation split (evaluation/tuned/). Slow: a few minutes; skips without ../shared/data."""

from __future__ import annotations

from pathlib import Path

import pytest

from datasets import read_movielens, read_online_retail
from evaluation.runner import evaluate
from evaluation.tuning import load_tuned

# strategy -> the NDCG@10 it must reach on the test split (issue 3, "Done when").
TARGETS = {
    "movielens": {"BEST": 0.107, "cf": 0.092, "content": 0.016, "popular": 0.067},
    "retail": {"BEST": 0.102, "cf": 0.083, "content": 0.079, "popular": 0.028},
}
BEST = {"movielens": "ease", "retail": "item_cf"}


@pytest.mark.slow
@pytest.mark.shared_data
@pytest.mark.parametrize("dataset", ["movielens", "retail"])
def test_ndcg_targets_on_the_test_split(shared_data: Path, dataset: str) -> None:
    data = (
        read_movielens(shared_data / "ml-latest-small")
        if dataset == "movielens"
        else read_online_retail(shared_data / "online-retail" / "online_retail.csv.gz")
    )
    targets = {BEST[dataset] if k == "BEST" else k: v for k, v in TARGETS[dataset].items()}
    report = evaluate(
        data.positives(), data.catalog(), list(targets), dataset=dataset, params=load_tuned(dataset)
    )
    reached = {r.strategy: r.metrics["ndcg@10"] for r in report.results}
    assert {name: reached[name] >= target for name, target in targets.items()} == dict.fromkeys(
        targets, True
    ), reached
