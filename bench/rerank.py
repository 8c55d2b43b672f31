"""A storefront answer's cost in process: `python -m bench.rerank [--dataset X] [--users 300]`.

Each real data set goes into a service as a storefront would put it there (the catalogue by
``/items/batch``, EVALUATION.md's train split by ``/interactions/batch``, as in
``bench.served_quality``). Once ``/model`` says the self-tuned models are current, sampled
users' first pages (n = 10) are asked of the service's own storefront call
(``Storefront.recommend``: the strategy's 200 candidates, the re-rank stage with the served
rules, and again with every rule on: buy again, upsell 0.2, diversity 0.7; then the page),
each under a fresh cache scope so none is a cache hit; then item-context and session answers
(the default ``similar`` blend) for random catalogue items. Beside each, from the same run:
the candidates alone (``RecommendationService.recommend`` or ``similar_ranking``, 200 items,
uncached and unexplained, as the storefront asks them) and the bare model's
``recommend(user, 10)`` (the reference). Aim (issue 11): the storefront answer's p95 <= 5 ms.
Wall-clock: run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import itertools
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import partial
from pathlib import Path

import numpy as np
from fastapi.testclient import TestClient

from app import create_app
from bench.common import SHARED_DATA, print_table, save_results
from bench.served_quality import load, read
from config import Settings
from evaluation.runner import make_split
from serving.storefront import Ask, Storefront

STRATEGIES = ["hybrid", "ease", "cf", "item_cf", "als", "rp3beta", "content", "popular"]
CANDIDATES = 200
# Every rule on, as a request or an A/B variant may ask (the served defaults leave buy
# again, upsell and diversity off).
EVERY_RULE = {"buy_again": True, "upsell": 0.2, "diversity": 0.7}


def ms(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def measure(name: str, strategies: list[str], users: int, workdir: Path) -> list[list[object]]:
    dataset = read(name, SHARED_DATA)
    settings = Settings(
        _env_file=None,
        database_url=f"sqlite:///{workdir / f'{name}.db'}",
        model_dir=str(workdir / f"{name}-models"),
    )
    scopes = (f"bench-{n}" for n in itertools.count())
    rows: list[list[object]] = []
    with TestClient(create_app(settings)) as client:
        load(client, dataset)
        storefront = client.app.state.storefront  # type: ignore[attr-defined]
        service = storefront.service
        evaluated = sorted(make_split(dataset.positives()).relevant())
        rng = np.random.default_rng(7)
        sample = list(rng.choice(evaluated, size=min(users, len(evaluated)), replace=False))
        for strategy in strategies:
            model = service._require_state().models[strategy]
            # Steady state: the first answer after a build also builds the catalogue view.
            storefront.recommend(Ask(strategy=strategy, user_id=sample[0], scope=next(scopes)))
            times: dict[str, list[float]] = {
                "answer": [],
                "every": [],
                "candidates": [],
                "bare": [],
            }
            for user in sample:
                ask = Ask(strategy=strategy, user_id=user, scope=next(scopes))
                times["answer"].append(ms(partial(storefront.recommend, ask)))
                every = Ask(strategy=strategy, user_id=user, rules=EVERY_RULE, scope=next(scopes))
                times["every"].append(ms(partial(storefront.recommend, every)))
                times["candidates"].append(
                    ms(partial(service.recommend, user, strategy, CANDIDATES,
                               cache_scope=next(scopes), explain=False))
                )  # fmt: skip
                times["bare"].append(ms(partial(model.recommend, user, 10)))
            rows.append(
                [name, strategy]
                + [float(np.percentile(times[k], p)) for k in times for p in (50, 95)]
            )
            print(f"{name} {strategy}: p95 {rows[-1][3]:.2f} ms", flush=True)
        rows += contexts(name, storefront, users, scopes)
    return rows


def contexts(
    name: str, storefront: Storefront, count: int, scopes: Iterator[str]
) -> list[list[object]]:
    """Item-context and session answers (the default ``similar`` blend): random catalogue
    items, alone and three at a time, beside the similar items of one (unexplained)."""
    service = storefront.service
    rng = np.random.default_rng(11)
    item_ids = list(service.catalog_snapshot().item_ids)
    picked = [item_ids[i] for i in rng.choice(len(item_ids), size=min(count, len(item_ids)))]
    rows: list[list[object]] = []
    for label, size in (("similar: item context", 1), ("similar: session of 3", 3)):
        times: dict[str, list[float]] = {"answer": [], "every": [], "candidates": []}
        for start in range(0, len(picked) - size + 1, size):
            context = tuple(picked[start : start + size])
            ask = Ask(strategy="similar", item_id=context[0] if size == 1 else None,
                      recent_items=context if size > 1 else (), scope=next(scopes))  # fmt: skip
            times["answer"].append(ms(partial(storefront.recommend, ask)))
            every = replace(ask, rules=EVERY_RULE, scope=next(scopes))
            times["every"].append(ms(partial(storefront.recommend, every)))
            times["candidates"].append(ms(partial(service.similar_ranking, context[0], CANDIDATES)))
        figures: list[object] = [float(np.percentile(times[k], p)) for k in times for p in (50, 95)]
        rows.append([name, label, *figures, "-", "-"])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", nargs="+", default=["movielens", "retail"])
    parser.add_argument("--strategies", nargs="+", default=STRATEGIES)
    parser.add_argument("--users", type=int, default=300)
    args = parser.parse_args()
    if not SHARED_DATA.is_dir():
        print(f"real data sets not found at {SHARED_DATA}: nothing to measure")
        return
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as workdir:
        rows = [
            row
            for name in args.dataset
            for row in measure(name, args.strategies, args.users, Path(workdir))
        ]
    load_after = os.getloadavg()
    headers = ["data set", "strategy"] + [
        f"{kind} {p} ms"
        for kind in (
            "answer (served rules)",
            "answer (every rule on)",
            f"{CANDIDATES} candidates",
            "bare model n=10",
        )
        for p in ("p50", "p95")
    ]
    print_table(
        f"Storefront answers in process, n = 10, {args.users} users, uncached "
        f"(load average {load_before[0]:.2f} before, {load_after[0]:.2f} after)",
        headers,
        rows,
    )
    path = save_results(
        "rerank",
        {
            "users": args.users,
            "candidates": CANDIDATES,
            "every_rule": EVERY_RULE,
            "load_average": {"before": load_before, "after": load_after},
            "headers": headers,
            "rows": rows,
        },
    )
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
