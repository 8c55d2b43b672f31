"""Hyperparameters chosen on the validation split (carved from train), never on test.

``GRIDS`` lists what is tried per strategy; ``tune`` scores every grid point on validation
and keeps the best by NDCG@10. The hybrid is tuned last, over blends of the tuned
components. ``python -m evaluation --tune`` writes the choice to ``evaluation/tuned/``, which
later runs read by default.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from evaluation.runner import EvaluationReport, ProgressCallback, evaluate
from recommenders.base import Catalog


def _grid(**axes: list[Any]) -> list[dict[str, Any]]:
    names = list(axes)
    return [dict(zip(names, values, strict=True)) for values in itertools.product(*axes.values())]


GRIDS: dict[str, list[dict[str, Any]]] = {
    "popular": _grid(half_life_days=[None, 30.0, 365.0]),
    "cf": _grid(neighbours=[50, 200], similarity_power=[1.0, 2.0], recency_half_life=[None, 3.0]),
    "content": _grid(recency_half_life=[None, 2.0, 3.0, 5.0]),
    "item_cf": _grid(
        weighting=["cosine", "bm25"], neighbours=[20, 50], recency_half_life=[None, 3.0]
    ),
    "ease": _grid(l2=[100.0, 300.0, 1000.0], recency_half_life=[None, 3.0]),
    "rp3beta": _grid(alpha=[0.5, 1.0], beta=[0.3, 0.6], recency_half_life=[3.0]),
}
# BM25 here uses the classic text-retrieval constants.
for point in GRIDS["item_cf"]:
    if point["weighting"] == "bm25":
        point.update(k1=1.2, b=0.75)

HYBRID_BLENDS: list[dict[str, float]] = [
    {"ease": 0.5, "item_cf": 0.5},
    {"ease": 0.6, "item_cf": 0.3, "content": 0.1},
    {"ease": 0.4, "item_cf": 0.4, "content": 0.2},
    {"ease": 0.4, "item_cf": 0.3, "rp3beta": 0.3},
    {"ease": 0.4, "item_cf": 0.3, "cf": 0.2, "content": 0.1},
]

TUNED_DIR = Path(__file__).parent / "tuned"


def tune(
    positives: pd.DataFrame,
    catalog: Catalog,
    strategies: list[str],
    progress_callback: ProgressCallback | None = None,
    *,
    dataset: str = "",
) -> tuple[dict[str, dict[str, Any]], list[EvaluationReport]]:
    """The best parameters per strategy on validation, and every grid point's report."""
    chosen: dict[str, dict[str, Any]] = {}
    reports = []
    for name in [s for s in strategies if s != "hybrid"]:
        best_score = -1.0
        for point in GRIDS.get(name, [{}]):
            report = evaluate(
                positives,
                catalog,
                [name],
                progress_callback,
                split="validation",
                dataset=dataset,
                params={name: point},
            )
            reports.append(report)
            score = report.results[0].metrics["ndcg@10"]
            if score > best_score:
                best_score, chosen[name] = score, dict(point)
    if "hybrid" in strategies:
        best_score = -1.0
        for weights in HYBRID_BLENDS:
            point = {
                "weights": weights,
                "component_params": {name: chosen.get(name, {}) for name in weights},
            }
            report = evaluate(
                positives,
                catalog,
                ["hybrid"],
                progress_callback,
                split="validation",
                dataset=dataset,
                params={"hybrid": point},
            )
            reports.append(report)
            score = report.results[0].metrics["ndcg@10"]
            if score > best_score:
                best_score, chosen["hybrid"] = score, point
    return chosen, reports


def load_tuned(dataset: str) -> dict[str, dict[str, Any]]:
    path = TUNED_DIR / f"{dataset}.json"
    return json.loads(path.read_text()) if path.exists() else {}


def save_tuned(dataset: str, params: Mapping[str, Mapping[str, Any]]) -> Path:
    TUNED_DIR.mkdir(exist_ok=True)
    path = TUNED_DIR / f"{dataset}.json"
    merged = {**load_tuned(dataset), **params}
    path.write_text(json.dumps(merged, indent=2, sort_keys=True) + "\n")
    return path
