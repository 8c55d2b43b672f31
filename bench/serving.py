"""The live model service on Online Retail: build from storage, one-change updates, and
answers through the service (uncached and cached), in process, on SQLite and PostgreSQL.

    python -m bench.serving [--backends sqlite postgresql] [--users 300] [--updates 200]

The data set goes into a throwaway database through the API's write path
(``tracking.importer``). Each figure stands beside a reference from the same run: the build
beside fitting the same strategies from the data set in memory (what storage costs), a
change beside a full rebuild, the service's answers beside the bare model's ``recommend``
(what the service and its cache add).
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from bench.common import (
    SHARED_DATA,
    print_table,
    reachable_backends,
    save_results,
    throwaway_database,
)
from cache import MemoryCache
from config import Settings
from datasets import Dataset, read_online_retail
from db import make_engine, make_session_factory
from live.service import RecommendationService
from models import Item
from recommenders.fitting import fit_strategies
from recommenders.registry import STRATEGIES
from tracking.importer import import_dataset
from tracking.interaction_tracker import StoredEvent

DATA_FILE = SHARED_DATA / "online-retail" / "online_retail.csv.gz"


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(call: Callable[..., object], *args: object) -> float:
    started = time.perf_counter()
    call(*args)
    return time.perf_counter() - started


def ms(samples: list[float]) -> tuple[float, float]:
    """p50 and p95 in milliseconds."""
    values = np.array(samples) * 1000
    return float(np.percentile(values, 50)), float(np.percentile(values, 95))


def in_memory_fits(dataset: Dataset, settings: Settings) -> dict[str, float]:
    """The reference: the same fits from the data set in memory, no storage."""
    interactions = dataset.interactions(settings.event_weights)
    return fit_strategies(STRATEGIES, settings, interactions, dataset.catalog())[1]


def measure(backend: str, dataset: Dataset, args: argparse.Namespace) -> dict[str, Any]:
    with (
        tempfile.TemporaryDirectory() as workdir,
        throwaway_database(backend, Path(workdir)) as url,
    ):
        factory = make_session_factory(make_engine(url))
        with tqdm(total=len(dataset.events), desc=f"{backend}: import", unit="event") as bar:
            import_dataset(factory, dataset, progress=bar.update)
        settings = Settings(_env_file=None, database_url=url, auto_migrate=False)
        service = RecommendationService(settings, factory, MemoryCache())
        service.build(reason="benchmark")
        status = service.status()
        # Memory: a second build under tracemalloc (NumPy and SciPy report to it); what is
        # still traced after the swap is the new models, the peak is the build's.
        tracemalloc.start()
        service.build(reason="memory")
        models_bytes, build_peak_bytes = tracemalloc.get_traced_memory()
        tracemalloc.stop()

        rng = random.Random(7)
        state = service._require_state()
        users = sorted(set(dataset.events["user_id"]))
        newest = dataset.events["timestamp"].max().to_pydatetime().replace(tzinfo=UTC)
        events = [
            StoredEvent(f"bench-{n}", rng.choice(users), rng.choice(state.catalog.item_ids),
                        "purchase", newest, None, None, None)
            for n in range(args.updates)
        ]  # fmt: skip
        # What the applier thread does with one event (the request only queues it).
        event_times = [timed(service.apply_events_now, [event]) for event in events]
        items = [
            Item(item_id=f"bench-{n}", title=rng.choice(state.catalog.titles),
                 category="general", description="", price=2.5)
            for n in range(20)
        ]  # fmt: skip
        item_times = [timed(service.apply_items, [item]) for item in items]

        asked = rng.sample(users, min(args.users, len(users)))
        answers = {}
        for name in STRATEGIES:
            model = state.models[name]
            answers[name] = {
                "uncached": ms([timed(service.recommend, user, name, 10) for user in asked]),
                "cached": ms([timed(service.recommend, user, name, 10) for user in asked]),
                "bare model": ms([timed(model.recommend, user, 10) for user in asked]),
            }
        service.close()
    return {
        "status": status,
        "event_ms": ms(event_times),
        "item_ms": ms(item_times),
        "answers": answers,
        "users_asked": len(asked),
        "models_mib": models_bytes / 2**20,
        "build_peak_mib": build_peak_bytes / 2**20,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--users", type=int, default=300, help="users asked per strategy")
    parser.add_argument("--updates", type=int, default=200, help="single events applied")
    args = parser.parse_args()
    if not DATA_FILE.exists():
        sys.exit(f"Online Retail not found at {DATA_FILE}: this benchmark needs ../shared/data")
    backends = reachable_backends(args.backends)

    dataset = read_online_retail(DATA_FILE)
    reference = in_memory_fits(dataset, Settings(_env_file=None))
    runs = {backend: measure(backend, dataset, args) for backend in backends}
    status = next(iter(runs.values()))["status"]

    build_rows = [
        ["read storage (2 queries)", *(run["status"]["load_seconds"] for run in runs.values()), "-"]
    ]
    for name, seconds in reference.items():
        build_rows.append(
            [f"fit {name}", *(run["status"]["fit_seconds"][name] for run in runs.values()), seconds]
        )
    totals = [run["status"]["build_seconds"] for run in runs.values()]
    build_rows.append(["total", *totals, sum(reference.values())])
    build_headers = ["step", *(f"{b} s" for b in runs), "in memory s (reference)"]
    print_table(
        f"Build from storage: {status['items']} items, {status['events_at_build']} aggregated "
        f"rows from {len(dataset.events)} events",
        build_headers,
        build_rows,
    )

    change_headers = ["change", "backend", "p50 ms", "p95 ms", "full rebuild ms (reference)"]
    change_rows = [
        [label, backend, *run[key], run["status"]["build_seconds"] * 1000]
        for backend, run in runs.items()
        for label, key in (("one event", "event_ms"), ("one new item", "item_ms"))
    ]
    print_table(
        f"A change into every strategy ({len(STRATEGIES)} strategies, "
        f"{args.updates} events, 20 items)",
        change_headers,
        change_rows,
    )

    answer_headers = ["strategy", "backend"] + [
        f"{kind} {p} ms" for kind in ("uncached", "cached", "bare model") for p in ("p50", "p95")
    ]
    answer_rows = [
        [name, backend, *times["uncached"], *times["cached"], *times["bare model"]]
        for backend, run in runs.items()
        for name, times in run["answers"].items()
    ]
    print_table(
        f"Answers, n=10, {args.users} users per strategy (bare model = the reference)",
        answer_headers,
        answer_rows,
    )
    memory_headers = ["backend", "models MiB", "build peak MiB", "peak RSS of the run MiB"]
    memory_rows = [
        [backend, run["models_mib"], run["build_peak_mib"], peak_rss_mib()]
        for backend, run in runs.items()
    ]
    print_table("Memory (traced allocations; RSS includes the data set read twice)",
                memory_headers, memory_rows)  # fmt: skip
    save_results(
        "serving",
        {
            "tables": {
                "build": {"headers": build_headers, "rows": build_rows},
                "changes": {"headers": change_headers, "rows": change_rows},
                "answers": {"headers": answer_headers, "rows": answer_rows},
                "memory": {"headers": memory_headers, "rows": memory_rows},
            }
        },
    )


if __name__ == "__main__":
    main()
