"""``python -m evaluation --dataset movielens|retail [--strategies a,b] [--tune] [--defaults]``

Runs the protocol of EVALUATION.md on a real data set through the SERVED pipeline: the data
set becomes the service's log (each positive a purchase, with the configured event weight),
the strategies are fitted by the service's own ``fit_strategies`` on the train part (one
instance each, the hybrid blending them) and ranked by ``recommend``. Prints a table,
writes JSON and a chart.

Parameters: ``--tune`` runs the service's self-tuning (``evaluation.tuning.tune``) on the
train part within ``--budget`` seconds and saves the winners to
evaluation/tuned/<dataset>.json; without it, the saved winners are used; ``--defaults``
uses the registry defaults and the configured hybrid weights, as an untuned service serves.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tqdm import tqdm

from config import get_settings
from datasets import Dataset, read_movielens, read_online_retail
from evaluation.protocol import temporal_split
from evaluation.report import draw_chart, table, write_json
from evaluation.runner import ServedPipeline, evaluate
from evaluation.tuning import DEFAULT_BUDGET_SECONDS, load_tuned, save_tuned, tune
from recommenders.registry import STRATEGIES

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def load(dataset: str, data_dir: Path) -> Dataset:
    if dataset == "movielens":
        return read_movielens(data_dir / "ml-latest-small")
    return read_online_retail(data_dir / "online-retail" / "online_retail.csv.gz")


class ProgressBar:
    """One tqdm bar per stage, fed by ``evaluate``'s progress callback."""

    def __init__(self) -> None:
        self._bar: tqdm | None = None
        self._stage = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self._stage:
            self.close()
            self._stage = stage
            self._bar = tqdm(
                total=total,
                desc=stage,
                unit="user" if "rank" in stage else "step",
                leave=False,
                file=sys.stderr,
            )
        assert self._bar is not None
        self._bar.update(done - self._bar.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evaluation", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--dataset", choices=["movielens", "retail"], required=True)
    parser.add_argument(
        "--strategies",
        default=",".join(STRATEGIES),
        help="comma-separated registered names (default: all)",
    )
    parser.add_argument("--split", choices=["test", "validation"], default="test")
    parser.add_argument(
        "--tune",
        action="store_true",
        help="self-tune on the train part first (validation carved from it) and save",
    )
    parser.add_argument("--budget", type=float, default=DEFAULT_BUDGET_SECONDS)
    parser.add_argument(
        "--defaults", action="store_true", help="registry defaults, not the saved winners"
    )
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    parser.add_argument(
        "--out", type=Path, help="JSON path (default bench/results/eval-<dataset>.json)"
    )
    parser.add_argument("--chart", type=Path, help="PNG path (default next to the JSON)")
    args = parser.parse_args(argv)

    strategies = [s.strip() for s in args.strategies.split(",") if s.strip()]
    unknown = [s for s in strategies if s not in STRATEGIES]
    if unknown:
        parser.error(f"unknown strategies {unknown}; known: {', '.join(STRATEGIES)}")
    if not args.data_dir.exists():
        parser.error(f"data directory {args.data_dir} not found (see --data-dir)")

    data = load(args.dataset, args.data_dir)
    positives, catalog = data.positives(), data.catalog()
    settings = get_settings()
    served = ServedPipeline.from_positives(settings, positives)
    progress = ProgressBar()
    params = {} if args.defaults else load_tuned(args.dataset)
    if args.tune:
        held = temporal_split(positives).train_events(served.events)  # what the service holds
        result = tune(held, catalog, args.budget, strategies=strategies)
        print(
            f"tuned in {result['seconds']:.1f} s (budget {args.budget:g} s, "
            f"{result['tried']} candidates), best on validation: {result['best']}; "
            f"saved to {save_tuned(args.dataset, result)}"
        )
        params = result["params"]
    report = evaluate(
        positives,
        catalog,
        strategies,
        progress,
        split=args.split,
        dataset=args.dataset,
        params=params,
        served=served,
    )
    progress.close()

    out = args.out or Path("bench/results") / f"eval-{args.dataset}-{args.split}.json"
    chart = args.chart or out.with_suffix(".png")
    write_json(report, out)
    draw_chart(report, chart)
    print(
        f"{args.dataset}: {report.split} split, {report.users} users, "
        f"{report.train_pairs} train / {report.test_pairs} test pairs"
    )
    print(table(report))
    print(f"wrote {out} and {chart}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
