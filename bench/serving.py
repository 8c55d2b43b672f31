"""The live model service on Online Retail: build from storage, one-event updates, and
answers through the service (uncached and cached), in process.

    .venv/bin/python -m bench.serving                      # a throwaway SQLite database
    .venv/bin/python -m bench.serving --database-url postgresql://postgres@127.0.0.1/bench

The events go in through ``tracking.log_events`` (the API's write path) once; a database
that already holds them is reused. Each figure stands beside a reference from the same run:
the build beside fitting the same strategies from the in-memory data set (what storage
costs), the service's answers beside the bare model's ``recommend`` (what the service adds).
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import func, select
from tqdm import tqdm

from cache import MemoryCache
from catalog.schemas import ItemCreate
from catalog.service import create_items
from config import Settings
from datasets import read_online_retail
from db import make_engine, make_session_factory, migrate, session_scope
from models import Item
from recommenders.registry import STRATEGIES
from recommenders.service import RecommendationService
from tracking.interaction_tracker import StoredEvent, log_events
from tracking.schemas import InteractionCreate

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "online-retail"
CHUNK = 10_000


def rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load(database_url: str, data_file: Path) -> int:
    """Put the data set into storage through the API's write path (once)."""
    migrate(database_url)
    factory = make_session_factory(make_engine(database_url))
    with factory() as session:
        if session.scalar(select(func.count()).select_from(Item)):
            return 0
    dataset = read_online_retail(data_file)
    items = dataset.items.assign(
        title=dataset.items["title"].where(dataset.items["title"] != "", dataset.items["item_id"])
    )
    with session_scope(factory) as session:
        create_items(
            session,
            [
                ItemCreate(
                    item_id=row.item_id,
                    title=row.title[:500],
                    category=row.category,
                    description=row.description,
                    price=None if pd.isna(row.price) else max(float(row.price), 0.0),
                )
                for row in items.itertuples()
            ],
        )
    events = dataset.events
    stamps = pd.to_datetime(events["timestamp"]).dt.tz_localize(UTC)
    for start in tqdm(range(0, len(events), CHUNK), desc="loading events", unit="chunk"):
        chunk = events.iloc[start : start + CHUNK]
        with session_scope(factory) as session:
            log_events(
                session,
                [
                    InteractionCreate(
                        user_id=user_id,
                        item_id=item_id,
                        event_type="purchase",
                        timestamp=stamp.to_pydatetime(),
                        event_id=f"retail-{start + offset}",
                    )
                    for offset, (user_id, item_id, stamp) in enumerate(
                        zip(
                            chunk["user_id"],
                            chunk["item_id"],
                            stamps.iloc[start : start + CHUNK],
                            strict=True,
                        )
                    )
                ],
            )
    return len(events)


def percentiles(samples: list[float]) -> tuple[float, float]:
    values = np.array(samples) * 1000
    return float(np.percentile(values, 50)), float(np.percentile(values, 95))


def timed(call: Callable[..., object], *args: object) -> float:
    started = time.perf_counter()
    call(*args)
    return time.perf_counter() - started


def table(title: str, header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    print(f"\n{title}")
    print("  ".join(name.ljust(width) for name, width in zip(header, widths, strict=True)))
    print("  ".join("-" * width for width in widths))
    for row in rows:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a throwaway SQLite file")
    parser.add_argument("--users", type=int, default=300, help="users asked per strategy")
    parser.add_argument("--updates", type=int, default=200, help="single events applied")
    args = parser.parse_args()
    data_file = DATA / "online_retail.csv.gz"
    if not data_file.exists():
        sys.exit(f"Online Retail not found at {data_file}: this benchmark needs ../shared/data")

    workdir = tempfile.TemporaryDirectory()
    database_url = args.database_url or f"sqlite:///{workdir.name}/retail.db"
    started = time.perf_counter()
    loaded = load(database_url, data_file)
    print(f"storage: {database_url.split('://')[0]}; loaded {loaded} events in "
          f"{time.perf_counter() - started:.1f} s" if loaded else "storage: reused")  # fmt: skip

    settings = Settings(_env_file=None, database_url=database_url, auto_migrate=False)  # type: ignore[call-arg]
    factory = make_session_factory(make_engine(database_url))
    service = RecommendationService(settings, factory, MemoryCache())
    rss_before = rss_mib()
    service.build(reason="benchmark")
    rss_after = rss_mib()
    status = service.status()

    # Reference: the same strategies fitted from the data set in memory (no storage).
    dataset = read_online_retail(data_file)
    interactions = dataset.interactions(settings.event_weights)
    in_memory = {}
    for name, strategy in STRATEGIES.items():
        model = strategy.create()
        in_memory[name] = timed(model.fit, interactions, dataset.catalog())

    table(
        f"Build from storage ({status['items']} items, {status['events_at_build']} aggregated "
        f"rows from {len(dataset.events)} events)",
        ["step", "from storage s", "in memory s (reference)"],
        [["read storage (2 queries)", f"{status['load_seconds']:.2f}", "-"]]
        + [
            [f"fit {name}", f"{seconds:.2f}", f"{in_memory[name]:.2f}"]
            for name, seconds in status["fit_seconds"].items()
        ]
        + [
            [
                "total",
                f"{status['build_seconds']:.2f}",
                f"{sum(in_memory.values()):.2f}",
            ]
        ],
    )

    rng = random.Random(7)
    state = service._require_state()
    users = sorted(set(dataset.events["user_id"]))
    items = state.catalog.item_ids
    update_times = []
    for number in range(args.updates):
        event = StoredEvent(
            event_id=f"bench-{number}",
            user_id=rng.choice(users),
            item_id=rng.choice(items),
            event_type="purchase",
            timestamp=dataset.events["timestamp"].max().to_pydatetime().replace(tzinfo=UTC),
            engagement_seconds=None,
            revenue=None,
            impression_id=None,
        )
        update_times.append(timed(service.apply_events, [event]))
    titles = state.catalog.titles
    item_times = [
        timed(
            service.apply_items,
            [Item(item_id=f"bench-{number}", title=rng.choice(titles), category="general",
                  description=rng.choice(titles), price=2.5)],
        )
        for number in range(20)
    ]  # fmt: skip
    table(
        f"Changes into every strategy ({len(STRATEGIES)} strategies)",
        ["change", "count", "p50 ms", "p95 ms", "full rebuild ms (reference)"],
        [
            [label, str(len(times))]
            + [f"{value:.2f}" for value in percentiles(times)]
            + [f"{status['build_seconds'] * 1000:.0f}"]
            for label, times in (("one event", update_times), ("one new item", item_times))
        ],
    )

    asked = rng.sample(users, min(args.users, len(users)))
    rows = []
    for name in STRATEGIES:
        model = state.models[name]
        bare = [timed(model.recommend, user, 10) for user in asked]
        uncached = [timed(service.recommend, user, name, 10) for user in asked]
        cached = [timed(service.recommend, user, name, 10) for user in asked]
        rows.append(
            [name]
            + [f"{value:.2f}" for value in (*percentiles(uncached), *percentiles(cached))]
            + [f"{value:.2f}" for value in percentiles(bare)]
        )
    table(
        f"Answers through the service, n=10, {len(asked)} users per strategy",
        [
            "strategy",
            "uncached p50 ms",
            "uncached p95 ms",
            "cached p50 ms",
            "cached p95 ms",
            "bare model p50 ms",
            "bare model p95 ms",
        ],
        rows,
    )
    table(
        "Memory",
        ["RSS before build MiB", "RSS after build MiB", "models MiB", "peak RSS MiB"],
        [
            [
                f"{rss_before:.0f}",
                f"{rss_after:.0f}",
                f"{rss_after - rss_before:.0f}",
                f"{peak_rss_mib():.0f}",
            ]
        ],
    )


if __name__ == "__main__":
    main()
