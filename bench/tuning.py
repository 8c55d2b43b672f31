"""Self-tuning time per data set: `python -m bench.tuning [--budget SECONDS]`.

What the model builder does on each real data set: the train part of EVALUATION.md's split
held as the service holds it (each positive a purchase), then ``evaluation.tuning.tune``
within the budget (``Settings.tuning_budget_seconds``, 60 s by default; the aim is <= 60 s
on Online Retail on 2 cores). Reports wall seconds, candidates tried, whether every grid
point and blend fitted in the budget, and the best strategy with its validation NDCG@10.
Wall-clock: run it on a quiet machine.
"""

from __future__ import annotations

import argparse

from bench.common import SHARED_DATA, print_table, save_results
from config import Settings
from datasets import read_movielens, read_online_retail
from evaluation.protocol import temporal_split
from evaluation.runner import ServedPipeline
from evaluation.tuning import tune


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--budget", type=float, default=Settings().tuning_budget_seconds)
    args = parser.parse_args()
    if not SHARED_DATA.is_dir():
        print(f"real data sets not found at {SHARED_DATA}: nothing to measure")
        return
    settings = Settings()
    rows, results = [], {}
    for name, dataset in (
        ("movielens", read_movielens(SHARED_DATA / "ml-latest-small")),
        ("retail", read_online_retail(SHARED_DATA / "online-retail" / "online_retail.csv.gz")),
    ):
        positives = dataset.positives()
        held = temporal_split(positives).train_events(
            ServedPipeline.from_positives(settings, positives).events
        )
        result = tune(held, dataset.catalog(), args.budget)
        best = result["best"]
        results[name] = {k: result[k] for k in ("seconds", "tried", "complete", "best", "split")}
        results[name]["best_validation_ndcg@10"] = result["validation"][best]["ndcg@10"]
        rows.append(
            [
                name,
                result["seconds"],
                args.budget,
                result["tried"],
                str(result["complete"]),
                best,
                result["validation"][best]["ndcg@10"],
            ]
        )
    print_table(
        "Self-tuning on the validation split (wall seconds)",
        ["data set", "seconds", "budget", "candidates", "complete", "best", "val NDCG@10"],
        rows,
    )
    print(f"wrote {save_results('tuning', {'budget_seconds': args.budget, 'results': results})}")


if __name__ == "__main__":
    main()
