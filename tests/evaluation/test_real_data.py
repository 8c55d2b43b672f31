"""The quality targets of issue 3, on the real data sets, with the parameters chosen on the
validation split (evaluation/tuned/). Slow: a few minutes; skips without ../shared/data."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from datasets import read_movielens, read_online_retail
from evaluation.runner import evaluate
from evaluation.tuning import load_tuned

# strategy -> the NDCG@10 it must reach on the test split: issue 3's "Done when" for the best
# strategy (the hybrid here), cf and content; popularity as the protocol's reference check.
TARGETS = {
    "movielens": {"hybrid": 0.107, "cf": 0.092, "content": 0.016, "popular": 0.067},
    "retail": {"hybrid": 0.102, "cf": 0.083, "content": 0.079, "popular": 0.028},
}


@functools.cache
def _reached(data_dir: Path, dataset: str) -> dict[str, float]:
    """NDCG@10 per strategy on the test split; one evaluation per data set for all cases."""
    data = (
        read_movielens(data_dir / "ml-latest-small")
        if dataset == "movielens"
        else read_online_retail(data_dir / "online-retail" / "online_retail.csv.gz")
    )
    report = evaluate(
        data.positives(),
        data.catalog(),
        list(TARGETS[dataset]),
        dataset=dataset,
        params=load_tuned(dataset),
    )
    return {r.strategy: r.metrics["ndcg@10"] for r in report.results}


@pytest.mark.slow
@pytest.mark.shared_data
@pytest.mark.parametrize(
    ("dataset", "strategy"),
    [(dataset, strategy) for dataset, targets in TARGETS.items() for strategy in targets],
)
def test_ndcg_target_on_the_test_split(shared_data: Path, dataset: str, strategy: str) -> None:
    reached = _reached(shared_data, dataset)
    assert reached[strategy] >= TARGETS[dataset][strategy], reached
