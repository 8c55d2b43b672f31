"""The re-rank stage's cost: `python -m bench.rerank [--strategy item_cf] [--users 300]`.

On UCI Online Retail (or a synthetic catalogue when ../shared is absent): one strategy is
fitted, then for sampled users the two stages of an answer are timed in process: the
strategy's 200 candidates, then ``rerank`` with every rule on (buy again, upsell, price
sensitivity, diversity), and the re-rank stage alone. Aim (issue 11): recommend p95 with
the re-rank stage <= 5 ms.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from bench.common import SHARED_DATA, print_table, save_results
from config import Settings
from datasets import read_online_retail
from features.data import Catalog, InteractionData
from recommenders.registry import create
from recommenders.rerank import ItemTable, RerankRules, Shopper, repurchase_intervals, rerank

CANDIDATES = 200
RULES = RerankRules(buy_again=True, upsell=0.2, diversity=0.7)


def inputs() -> tuple[InteractionData, Catalog, str]:
    path = SHARED_DATA / "online-retail" / "online_retail.csv.gz"
    if path.exists():
        dataset = read_online_retail(path)
        return dataset.interactions(Settings().event_weights), dataset.catalog(), "online-retail"
    rng = np.random.default_rng(7)
    n_items, n_events = 5_000, 100_000
    item_ids = [f"i{i}" for i in range(n_items)]
    catalog = Catalog(
        item_ids,
        [f"item {i % 300} size {i % 7}" for i in range(n_items)],
        [f"c{i % 40}" for i in range(n_items)],
        [""] * n_items,
        rng.lognormal(2.0, 1.0, n_items),
    )
    data = InteractionData(
        user_ids=np.array([f"u{u}" for u in rng.integers(0, 3_000, n_events)], dtype=object),
        item_ids=np.array(item_ids, dtype=object)[rng.zipf(1.3, n_events) % n_items],
        weights=np.full(n_events, 5.0),
        timestamps=np.datetime64("2024-01-01")
        + rng.integers(0, 365 * 86400, n_events).astype("timedelta64[s]"),
        event_types=np.full(n_events, "purchase", dtype=object),
    )
    return data, catalog, "synthetic"


def shoppers(data: InteractionData, catalog: Catalog) -> tuple[dict[str, Shopper], np.ndarray]:
    """Each user as the rules see them, and the learnt repurchase intervals."""
    rows = pd.Index(catalog.item_ids).get_indexer(data.item_ids)
    frame = pd.DataFrame({"user": data.user_ids, "row": rows, "time": data.timestamps})
    frame = frame[frame["row"] >= 0]
    users, _ = pd.factorize(frame["user"])
    days = frame["time"].to_numpy(dtype="datetime64[s]").astype(np.int64) / 86_400
    buyers = np.bincount(
        frame.drop_duplicates(["user", "row"])["row"].to_numpy(), minlength=len(catalog)
    )
    intervals = repurchase_intervals(users, frame["row"].to_numpy(), days, buyers)
    newest = frame["time"].max()
    last = frame.groupby(["user", "row"])["time"].max().reset_index()
    result = {}
    for user, group in last.groupby("user"):  # setup only, outside the timed part
        bought = group["row"].to_numpy()
        prices = catalog.prices[bought]
        result[user] = Shopper(
            float(np.nanmean(prices)) if np.isfinite(prices).any() else np.nan,
            bought,
            ((newest - group["time"]).dt.total_seconds() / 86_400).to_numpy(),
        )
    return result, intervals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--strategy", default="item_cf")
    parser.add_argument("--users", type=int, default=300)
    args = parser.parse_args()
    data, catalog, source = inputs()
    model = create(args.strategy)
    model.fit(data, catalog)
    table = ItemTable.build(catalog.item_ids, catalog.titles, catalog.categories, catalog.prices)
    index = {item_id: row for row, item_id in enumerate(catalog.item_ids)}
    people, intervals = shoppers(data, catalog)
    rng = np.random.default_rng(7)
    sample = rng.choice(sorted(people), size=min(args.users, len(people)), replace=False)
    total, stage = [], []
    for user in sample:
        started = time.perf_counter()
        scored = model.recommend(user, CANDIDATES)
        rows = np.array([index[s.item_id] for s in scored], dtype=np.int64)
        scores = np.array([s.score for s in scored])
        middle = time.perf_counter()
        rerank(rows, scores, table, RULES, 10, people[user], intervals)
        ended = time.perf_counter()
        total.append((ended - started) * 1000)
        stage.append((ended - middle) * 1000)
    rows_out = [
        [label, f"{np.percentile(t, 50):.2f}", f"{np.percentile(t, 95):.2f}"]
        for label, t in (("candidates + re-rank", total), ("re-rank stage alone", stage))
    ]
    print_table(
        f"{args.strategy} on {source}, {len(sample)} users, {CANDIDATES} candidates (ms)",
        ["", "p50", "p95"],
        rows_out,
    )
    save_results(
        "rerank",
        {
            "source": source,
            "strategy": args.strategy,
            "users": len(sample),
            "candidates": CANDIDATES,
            "rules": RULES.as_dict(),
            "p50_ms": float(np.percentile(total, 50)),
            "p95_ms": float(np.percentile(total, 95)),
            "rerank_p50_ms": float(np.percentile(stage, 50)),
            "rerank_p95_ms": float(np.percentile(stage, 95)),
        },
    )


if __name__ == "__main__":
    main()
