"""Served quality against measured quality: `python -m bench.served_quality [--dataset X]`.

A real data set loaded into a running service as a storefront would (its catalogue by
``/items/batch``, EVALUATION.md's train split as purchases by ``/interactions/batch``), then,
once ``/model`` says the models are current, every evaluated user's top 10 asked of
``GET /recommendations?strategy=`` (the re-rank stage and the service's defaults included).
Beside each figure: the offline evaluation of the same strategy with the parameters the
service says it serves (``/model``), on the same split. The two should agree (issue 11: within
0.003 NDCG@10); the difference is what a storefront gets that the evaluation does not say.
Not a timing: the machine's load does not change the figures.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
from fastapi.testclient import TestClient
from tqdm import tqdm

from app import create_app
from bench.common import SHARED_DATA, print_table, save_results, wait_until_current
from config import Settings
from datasets import Dataset, read_movielens, read_online_retail
from datasets.payloads import event_bodies, item_bodies
from evaluation.metrics import hit_matrix, ndcg
from evaluation.runner import ServedPipeline, evaluate, make_split

BATCH = 10_000
STRATEGIES = ["hybrid", "ease", "cf", "item_cf", "als", "content", "popular"]


def read(name: str, shared: Path) -> Dataset:
    if name == "movielens":
        return read_movielens(shared / "ml-latest-small")
    return read_online_retail(shared / "online-retail" / "online_retail.csv.gz")


def load(client: TestClient, dataset: Dataset) -> dict[str, Any]:
    """The catalogue and the train split through the API; ``/model`` once it is current."""
    items = item_bodies(dataset)
    train = make_split(dataset.positives()).train
    events = event_bodies(train, "purchase", dataset.name)
    for offset in range(0, len(items), BATCH):
        answer = client.post("/items/batch", json={"items": items[offset : offset + BATCH]})
        assert answer.status_code in (200, 201), answer.text
    for offset in tqdm(range(0, len(events), BATCH), desc="events", unit="batch"):
        answer = client.post(
            "/interactions/batch", json={"interactions": events[offset : offset + BATCH]}
        )
        assert answer.status_code == 201, answer.text
    return wait_until_current(client)


def served_ndcg(
    client: TestClient, strategy: str, relevant: dict[str, set[str]], k: int = 10
) -> float:
    """Mean NDCG@k over the evaluated users, from the service's own answers."""
    users = sorted(relevant)
    ranked = []
    for user in tqdm(users, desc=strategy, unit="user", leave=False):
        answer = client.get(
            "/recommendations", params={"user_id": user, "strategy": strategy, "n": k}
        )
        assert answer.status_code == 200, answer.text
        ranked.append([item["item_id"] for item in answer.json()["items"][:k]])
    hits = hit_matrix(ranked, [relevant[user] for user in users], depth=k)
    return float(ndcg(hits, np.array([len(relevant[user]) for user in users]), k).mean())


def measure(name: str, shared: Path, strategies: list[str], workdir: Path) -> list[list[object]]:
    dataset = read(name, shared)
    positives = dataset.positives()
    settings = Settings(
        _env_file=None,
        database_url=f"sqlite:///{workdir / f'{name}.db'}",
        model_dir=str(workdir / f"{name}-models"),
    )
    with TestClient(create_app(settings)) as client:
        state = load(client, dataset)
        relevant = make_split(positives).relevant()
        served = {s: served_ndcg(client, s, relevant) for s in strategies}
    offline = evaluate(
        positives,
        dataset.catalog(),
        strategies,
        dataset=name,
        params=state.get("parameters"),
        served=ServedPipeline.from_positives(settings, positives),
        beyond_accuracy=False,
    )
    measured = {r.strategy: r.metrics["ndcg@10"] for r in offline.results}
    return [
        [name, s, len(relevant), served[s], measured[s], served[s] - measured[s]]
        for s in strategies
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", nargs="+", default=["movielens", "retail"])
    parser.add_argument("--strategies", nargs="+", default=STRATEGIES)
    args = parser.parse_args()
    if not SHARED_DATA.is_dir():
        print(f"real data sets not found at {SHARED_DATA}: nothing to measure")
        return
    rows: list[list[object]] = []
    with tempfile.TemporaryDirectory() as workdir:
        for name in args.dataset:
            rows += measure(name, SHARED_DATA, args.strategies, Path(workdir))
    headers = ["data set", "strategy", "users", "served NDCG@10", "offline NDCG@10", "served - off"]
    print_table("Served through the API against the offline evaluation", headers, rows)
    print(f"wrote {save_results('served_quality', {'headers': headers, 'rows': rows})}")


if __name__ == "__main__":
    main()
