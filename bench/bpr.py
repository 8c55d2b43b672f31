"""Does BPR earn a place beside ALS? `python -m bench.bpr [--split validation]`.

``implicit``'s Bayesian Personalised Ranking (pairwise, on binary choices) against the
served ``als`` at its registry defaults, on EVALUATION.md's split of both real data sets,
ranked by the same evaluation (``evaluation.runner.evaluate``). BPR is registered only if
one of its grid points beats ALS on the validation split of both; it has not (the figures
are in docs/recommenders.md). Not a timing: the figures do not move with the machine's load.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

import scipy.sparse as sp

from bench.common import SHARED_DATA, print_table, save_results
from bench.served_quality import read
from evaluation.runner import StrategySpec, evaluate
from recommenders.als import ALSRecommender
from recommenders.base import Recommender

# factors, learning rate, iterations: implicit's defaults, then faster, larger and slower.
GRID = [(100, 0.01, 100), (64, 0.05, 100), (128, 0.05, 200), (64, 0.005, 300), (128, 0.01, 300)]


class BPRRecommender(ALSRecommender):
    """ALS's scoring, explanations and live user step, with factors learnt by BPR."""

    name = "bpr"

    def __init__(self, factors: int, learning_rate: float, iterations: int) -> None:
        super().__init__(factors=factors, iterations=iterations, regularization=0.01)
        self.learning_rate = learning_rate

    def _confidences(self) -> sp.csr_matrix:
        choices = super()._confidences()
        choices.data[:] = 1.0  # BPR ranks chosen over not chosen: no confidences
        return choices

    def _factoriser(self) -> Any:
        from implicit.cpu.bpr import BayesianPersonalizedRanking

        return BayesianPersonalizedRanking(
            factors=self.factors,
            learning_rate=self.learning_rate,
            regularization=self.regularization,
            iterations=self.iterations,
            random_state=self.random_state,
        )


def bpr(factors: int, learning_rate: float, iterations: int) -> Callable[[], Recommender]:
    return lambda: BPRRecommender(factors, learning_rate, iterations)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", default="validation", choices=["validation", "test"])
    args = parser.parse_args()
    if not SHARED_DATA.is_dir():
        print(f"real data sets not found at {SHARED_DATA}: nothing to measure")
        return
    rows: list[list[object]] = []
    for name in ("movielens", "retail"):
        dataset = read(name, SHARED_DATA)
        specs: list[StrategySpec] = ["als"] + [
            (f"bpr factors={f} lr={lr} iterations={it}", bpr(f, lr, it)) for f, lr, it in GRID
        ]
        report = evaluate(
            dataset.positives(),
            dataset.catalog(),
            specs,
            split=args.split,
            dataset=name,
            beyond_accuracy=False,
        )
        rows += [
            [name, r.strategy, r.metrics["ndcg@10"], r.metrics["recall@20"]] for r in report.results
        ]
    headers = ["data set", "model", "NDCG@10", "Recall@20"]
    print_table(f"BPR against ALS ({args.split} split)", headers, rows)
    print(f"wrote {save_results('bpr', {'split': args.split, 'headers': headers, 'rows': rows})}")


if __name__ == "__main__":
    main()
