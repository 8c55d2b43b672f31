"""What a storefront gets is what the evaluation reports: each real data set loaded into a
running service through its API (``bench.served_quality``), every evaluated user's top 10
asked of ``GET /recommendations``, beside the offline evaluation of the parameters ``/model``
says it serves. Slow (minutes); skips without ../shared/data."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.served_quality import measure

STRATEGIES = ["hybrid", "cf", "content", "popular"]
# Issue 11's floors for the A/B defaults (cf, content), NDCG@10 on the test split.
FLOORS = {"movielens": {"cf": 0.092, "content": 0.016}, "retail": {"cf": 0.083, "content": 0.079}}
AGREEMENT = 0.003


@pytest.mark.slow
@pytest.mark.shared_data
@pytest.mark.parametrize("dataset", ["movielens", "retail"])
def test_served_quality_equals_the_offline_evaluation(
    shared_data: Path, dataset: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    rows = measure(dataset, shared_data, STRATEGIES, tmp_path_factory.mktemp(dataset))
    reached = {strategy: (served, offline) for _, strategy, _, served, offline, _ in rows}
    apart = {s: round(served - offline, 4) for s, (served, offline) in reached.items()}
    assert all(abs(gap) <= AGREEMENT for gap in apart.values()), (apart, reached)
    below = {s: reached[s][0] for s, floor in FLOORS[dataset].items() if reached[s][0] < floor}
    assert not below, reached
