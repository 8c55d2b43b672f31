"""Time of /ab_tests/{id}/results and /metrics_over_time for a test with a million attributed
events, on SQLite and PostgreSQL, each beside a floor measured in the same run: one bare
``SELECT count(*)`` over the test's attributed events (the least any per-event report costs).

The data goes straight in with bulk inserts (the API path is bench/ingest.py's subject):
users, assignments, impressions (10 items each; the items' rows are left out, nothing here
reads them), one interaction row per event and its attribution row; then
``totals.rebuild`` derives the running totals the reports read (timed and shown too: it is
what a backfill after a bulk import costs).

    python -m bench.ab_results [--events 1000000] [--backends sqlite postgresql] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, insert, select
from tqdm import tqdm

from ab_testing import assignment, manager, totals
from ab_testing.logger import epoch_hour
from ab_testing.schemas import AbTestCreate
from app import create_app
from bench.common import print_table, reachable_backends, save_results, throwaway_database
from config import Settings
from db import make_engine, make_session_factory
from models import (
    AbAssignment,
    AbAttribution,
    AbImpression,
    Interaction,
    Item,
    User,
    utcnow,
)

CHUNK = 50_000
ITEMS = 2_000
LIST_LENGTH = 10
EVENT_TYPES = np.array(["click", "view", "add_to_cart", "purchase"])
EVENT_SHARES = [0.55, 0.3, 0.1, 0.05]
DAYS = 14


def chunks(rows: list[dict[str, object]]) -> Iterator[list[dict[str, object]]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


def load(engine: Engine, events: int, seed: int = 7) -> tuple[int, float]:
    """A two-arm test with ``events`` attributed events; returns its id and the seconds
    ``totals.rebuild`` took."""
    rng = np.random.default_rng(seed)
    users = max(events // 10, 100)
    impressions = max(events // 4, 100)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    factory = make_session_factory(engine)
    with factory() as session:
        test = manager.create_test(
            session, AbTestCreate(name="bench"), {"cf", "content"}, now=start
        )
        variant_ids = [v.id for v in manager.variants_of(session, test.id)]
        session.commit()
        test_id = test.id

    def insert_all(table: object, rows: list[dict[str, object]], label: str) -> None:
        for chunk in tqdm(list(chunks(rows)), desc=f"insert {label}", unit="chunk", leave=False):
            with engine.begin() as connection:
                connection.execute(insert(table), chunk)  # type: ignore[arg-type]

    user_ids = [f"u{n}" for n in range(users)]
    arm = np.array([assignment.pick([1, 1], assignment.test_bucket(test_id, u)) for u in user_ids])
    insert_all(
        Item,
        [
            {
                "item_id": f"i{n}",
                "title": f"Item {n}",
                "category": f"c{n % 20}",
                "description": "",
                "created_at": start,
            }
            for n in range(ITEMS)
        ],
        "items",
    )
    insert_all(
        User,
        [
            {"user_id": u, "first_seen": start, "last_seen": start, "interaction_count": 0}
            for u in user_ids
        ],
        "users",
    )
    insert_all(
        AbAssignment,
        [
            {
                "test_id": test_id,
                "user_id": u,
                "variant_id": variant_ids[a],
                "assigned_at": start,
                "assignment_probability": 0.5,
                "first_exposed_at": start,
            }
            for u, a in zip(user_ids, arm, strict=True)
        ],
        "assignments",
    )

    shown_to = rng.integers(0, users, impressions)
    served = [
        start + timedelta(seconds=float(s)) for s in rng.uniform(0, DAYS * 86_400, impressions)
    ]
    latency = rng.lognormal(2.3, 0.5, impressions)
    insert_all(
        AbImpression,
        [
            {
                "impression_id": f"imp{n}",
                "test_id": test_id,
                "variant_id": variant_ids[arm[u]],
                "user_id": user_ids[u],
                "strategy": "cf",
                "served_at": served[n],
                "served_hour": epoch_hour(served[n]),
                "item_count": LIST_LENGTH,
                "model_version": str(int(n * 3 // impressions)),
                "latency_ms": float(latency[n]),
                "cache_hit": bool(n % 3 == 0),
                "fallback": bool(n % 25 == 0),
            }
            for n, u in enumerate(shown_to)
        ],
        "impressions",
    )

    from_impression = rng.integers(0, impressions, events)
    kinds = rng.choice(EVENT_TYPES, events, p=EVENT_SHARES)
    positions = rng.integers(0, LIST_LENGTH, events)
    items = rng.integers(0, ITEMS, events)
    delay = rng.uniform(5, 3_600, events)
    interactions, attributions = [], []
    for n in range(events):
        imp = int(from_impression[n])
        user = int(shown_to[imp])
        moment = served[imp] + timedelta(seconds=float(delay[n]))
        kind = str(kinds[n])
        revenue = 20.0 if kind == "purchase" else None
        engagement = 30.0 if kind == "click" else None
        interactions.append(
            {
                "event_id": f"e{n}",
                "user_id": user_ids[user],
                "item_id": f"i{items[n]}",
                "event_type": kind,
                "timestamp": moment,
                "engagement_seconds": engagement,
                "revenue": revenue,
                "impression_id": f"imp{imp}",
                "created_at": moment,
            }
        )
        attributions.append(
            {
                "test_id": test_id,
                "event_id": f"e{n}",
                "variant_id": variant_ids[arm[user]],
                "impression_id": f"imp{imp}",
                "user_id": user_ids[user],
                "event_type": kind,
                "timestamp": moment,
                "event_hour": epoch_hour(moment),
                "position": int(positions[n]),
                "engagement_seconds": engagement,
                "revenue": revenue,
                "method": "impression_id",
            }
        )
    insert_all(Interaction, interactions, "interactions")
    insert_all(AbAttribution, attributions, "attributions")
    with factory() as session:
        started = time.perf_counter()
        totals.rebuild(session, test_id)
        session.commit()
        rebuild_seconds = time.perf_counter() - started
    with engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE")  # fresh planner statistics, as autovacuum would
    return test_id, rebuild_seconds


def kinds_of(engine: Engine, test_id: int) -> np.ndarray:
    """The attributed event types as loaded, to check the report counted every click."""
    with engine.connect() as connection:
        return np.array(
            connection.execute(
                select(AbAttribution.event_type).where(AbAttribution.test_id == test_id)
            )
            .scalars()
            .all()
        )


def timed(call: object, repeat: int) -> float:
    """Median seconds over ``repeat`` runs, after one warm-up run."""
    call()  # type: ignore[operator]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run_backend(backend: str, events: int, repeat: int, workdir: Path) -> list[list[object]]:
    with throwaway_database(backend, workdir) as url:
        engine = make_engine(url)
        try:
            test_id, rebuild_seconds = load(engine, events)

            def floor() -> None:
                with engine.connect() as connection:
                    connection.execute(
                        select(func.count())
                        .select_from(AbAttribution)
                        .where(AbAttribution.test_id == test_id)
                    ).scalar_one()

            floor_seconds = timed(floor, repeat)
            settings = Settings(_env_file=None, database_url=url, auto_migrate=False)
            rows: list[list[object]] = []
            with TestClient(create_app(settings)) as client:
                results = client.get(f"/ab_tests/{test_id}/results").json()
                counted = sum(v["clicks"] for v in results["variants"])
                assert counted == int((kinds_of(engine, test_id) == "click").sum())
                for path in (
                    "results",
                    "metrics_over_time?bucket=day",
                    "metrics_over_time?bucket=hour",
                    "statistical_analysis",
                ):
                    url_path = f"/ab_tests/{test_id}/{path}"
                    seconds = timed(lambda p=url_path: client.get(p).raise_for_status(), repeat)
                    rows.append(
                        [
                            backend,
                            f"/{path}",
                            events,
                            seconds,
                            floor_seconds,
                            seconds / floor_seconds,
                        ]
                    )
            backfill = rebuild_seconds / floor_seconds
            rows.append([backend, "totals.rebuild (a backfill, once)", events, rebuild_seconds,
                         floor_seconds, backfill])  # fmt: skip
            return rows
        finally:
            engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rows: list[list[object]] = []
    with tempfile.TemporaryDirectory() as workdir:
        for backend in reachable_backends(args.backends):
            rows += run_backend(backend, args.events, args.repeat, Path(workdir))
    headers = ["database", "endpoint", "events", "median s", "count(*) floor s", "ratio"]
    print_table(
        f"A/B reports for a test with {args.events:,} attributed events (aim: < 1 s each)",
        headers,
        rows,
    )
    save_results("ab_results", {"headers": headers, "rows": rows, "measured_at_utc": str(utcnow())})


if __name__ == "__main__":
    main()
