"""Time the analysis of a one-million-event A/B test on SQLite and PostgreSQL.

    python -m bench.stats_analysis [--events 1000000] [--backends sqlite postgresql]

Builds an impression-level events table (one row per impression, with clicks, a purchase,
revenue and pre-period revenue per user) in a throwaway database, then times
``ab_testing.repository.analyze_test``: events -> per user -> per variant in SQL, then every figure
and the verdict. Beside it, in the same run on the same table, two floors: one bare full scan
(``count(*)``, ``sum(clicked)``), and the per-user ``GROUP BY`` alone (counting the groups),
which any user-level analysis must pay.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import (
    Column,
    Engine,
    Float,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    func,
    insert,
    select,
)
from tqdm import tqdm

from ab_testing.repository import analyze_test
from bench.common import print_table, reachable_backends, save_results, throwaway_database
from db import make_engine
from stats import AnalysisSettings, MetricSpec
from stats.analysis import MetricSource

SOURCES = [
    MetricSource(MetricSpec("ctr", "CTR"), "ratio", "clicks", denominator="impressions"),
    MetricSource(MetricSpec("conversion"), "proportion", "purchased"),
    MetricSource(MetricSpec("revenue"), "cuped", "revenue", covariate="pre_revenue"),
]
WEIGHTS = {"control": 1.0, "treatment": 1.0}
CHUNK = 50_000


def _rows(events: int, seed: int = 1) -> Iterator[list[dict[str, Any]]]:
    """Users with Poisson-many impressions until ``events`` rows; yields insert chunks."""
    rng = np.random.default_rng(seed)
    users = events // 5
    impressions = rng.poisson(4, users) + 1
    impressions[-1] += events - impressions.sum() if impressions.sum() < events else 0
    user_of_row = np.repeat(np.arange(users), impressions)[:events]
    variant = np.where(user_of_row % 2 == 0, "control", "treatment")
    ctr = np.where(variant == "control", 0.10, 0.11)
    clicked = (rng.random(events) < ctr).astype(int)
    first = np.r_[True, user_of_row[1:] != user_of_row[:-1]]
    pre = rng.gamma(1.5, 8.0, users)[user_of_row]
    purchased = (first & (rng.random(events) < 0.2)).astype(int)
    revenue = np.where(purchased == 1, 0.8 * pre + rng.exponential(5.0, events), 0.0)
    for start in range(0, events, CHUNK):
        stop = min(start + CHUNK, events)
        yield [
            {
                "user_id": int(user_of_row[i]),
                "variant": str(variant[i]),
                "clicked": int(clicked[i]),
                "purchased": int(purchased[i]),
                "revenue": float(revenue[i]),
                "pre_revenue": float(pre[i]),
            }
            for i in range(start, stop)
        ]


def _table() -> Table:
    name = f"bench_events_{uuid.uuid4().hex[:8]}"
    table = Table(
        name,
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("user_id", Integer, nullable=False),
        Column("variant", String(20), nullable=False),
        Column("clicked", SmallInteger, nullable=False),
        Column("purchased", SmallInteger, nullable=False),
        Column("revenue", Float, nullable=False),
        Column("pre_revenue", Float, nullable=False),
    )
    Index(f"{name}_variant_user", table.c.variant, table.c.user_id)
    return table


def _per_user(table: Table) -> Any:
    return select(
        table.c.variant,
        func.count().label("impressions"),
        func.sum(table.c.clicked).label("clicks"),
        func.max(table.c.purchased).label("purchased"),
        func.sum(table.c.revenue).label("revenue"),
        func.max(table.c.pre_revenue).label("pre_revenue"),
    ).group_by(table.c.variant, table.c.user_id)


def _median_seconds(run: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bench(label: str, engine: Engine, events: int, repeats: int) -> list[object]:
    table = _table()
    table.create(engine)
    try:
        with engine.begin() as connection:
            for chunk in tqdm(
                _rows(events), total=-(-events // CHUNK), desc=f"{label}: loading", unit="chunk"
            ):
                connection.execute(insert(table), chunk)
        with engine.connect() as connection:
            if engine.dialect.name == "postgresql":
                connection.exec_driver_sql(f'ANALYZE "{table.name}"')
            settings = AnalysisSettings(daily_enrolment_rate=10_000)
            scan = select(func.count(), func.sum(table.c.clicked))
            scan_time = _median_seconds(lambda: connection.execute(scan).one(), repeats)
            groups = select(func.count()).select_from(_per_user(table).subquery())
            group_time = _median_seconds(lambda: connection.execute(groups).one(), repeats)
            analysis_time = _median_seconds(
                lambda: analyze_test(connection, _per_user(table), SOURCES, WEIGHTS, settings),
                repeats,
            )
            verdict = analyze_test(
                connection, _per_user(table), SOURCES, WEIGHTS, settings
            ).verdict.decision
    finally:
        table.drop(engine)
        engine.dispose()
    return [label, events, analysis_time, scan_time, group_time, str(verdict)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    args = parser.parse_args()

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for backend in reachable_backends(args.backends):
            with throwaway_database(backend, Path(folder)) as url:
                label = "SQLite" if backend == "sqlite" else "PostgreSQL"
                rows.append(bench(label, make_engine(url), args.events, args.repeats))
    headers = [
        "backend",
        "events",
        "analyze_test (s)",
        "floor: bare scan (s)",
        "floor: per-user GROUP BY (s)",
        "verdict",
    ]
    print_table(
        f"Analysis of an A/B test, median of {args.repeats} (aim: under 1 s)", headers, rows
    )
    save_results("stats_analysis", {"headers": headers, "rows": rows})


if __name__ == "__main__":
    main()
