"""Ingestion rate through the public API, single events and 10,000-event batches, into an
empty running service, on SQLite and PostgreSQL; each beside the database's own floor (a
bare executemany INSERT of the same rows into the same table), measured in the same run.
Also: how long after the last batch ``/model`` says the models are current (the one
rebuild a bulk load causes).

    python -m bench.ingest [--events 100000] [--backends sqlite postgresql]
    python -m bench.ingest --dataset retail   # Online Retail's train split (../shared)
"""

from __future__ import annotations

import argparse
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import insert
from tqdm import tqdm

from app import create_app
from bench.common import (
    SHARED_DATA,
    print_table,
    reachable_backends,
    save_results,
    stopwatch,
    throwaway_database,
    wait_until_current,
)
from config import Settings
from datasets.payloads import event_bodies, item_bodies
from db import make_engine
from models import Interaction, Item, User

BATCH = 10_000
ITEMS = 2_000
USERS = 5_000
EVENT_TYPES = ["view", "view", "view", "click", "add_to_cart", "purchase"]


def synthetic_events(count: int, start: datetime) -> list[dict[str, object]]:
    return [
        {
            "user_id": f"user-{(n * 7919) % USERS}",
            "item_id": f"SKU-{(n * 104_729) % ITEMS}",
            "event_type": EVENT_TYPES[n % len(EVENT_TYPES)],
            "timestamp": (start + timedelta(seconds=n)).isoformat(),
            "event_id": f"bench-{n}",
        }
        for n in range(count)
    ]


def catalog() -> list[dict[str, object]]:
    return [
        {"item_id": f"SKU-{n}", "title": f"Product {n}", "category": f"cat-{n % 20}"}
        for n in range(ITEMS)
    ]


def retail_train() -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """Online Retail's train split (EVALUATION.md) as purchases, and its catalogue."""
    from datasets.online_retail import read_online_retail
    from evaluation.protocol import temporal_split

    dataset = read_online_retail(SHARED_DATA / "online-retail" / "online_retail.csv.gz")
    train = temporal_split(dataset.positives()).train
    return event_bodies(train, "purchase", "retail"), item_bodies(dataset)


def run_backend(
    backend: str,
    payload: list[dict[str, object]],
    items: list[dict[str, object]],
    singles: int,
    workdir: Path,
) -> list[list[object]]:
    rows: list[list[object]] = []
    events = len(payload)
    with throwaway_database(backend, workdir) as url:
        settings = Settings(_env_file=None, database_url=url, auto_migrate=False)
        with TestClient(create_app(settings)) as client:
            for offset in range(0, len(items), BATCH):
                chunk = {"items": items[offset : offset + BATCH]}
                client.post("/items/batch", json=chunk).raise_for_status()
            with stopwatch() as batch_time:
                for offset in tqdm(
                    range(0, events, BATCH), desc=f"{backend} batches", unit="batch"
                ):
                    batch = payload[offset : offset + BATCH]
                    response = client.post("/interactions/batch", json={"interactions": batch})
                    assert response.json()["accepted"] == len(batch), response.text
            with stopwatch() as current_after:
                wait_until_current(client)
            # Newer than the loaded events, and not in the future (a 422).
            single_payload = synthetic_events(singles, datetime.now(UTC) - timedelta(hours=1))
            for n, event in enumerate(single_payload):
                event["event_id"] = f"single-{event['event_id']}"
                event["item_id"] = items[(n * 104_729) % len(items)]["item_id"]
            with stopwatch() as single_time:
                for event in tqdm(single_payload, desc=f"{backend} single", unit="event"):
                    client.post("/interactions", json=event).raise_for_status()
        floor = bare_insert_rate(url, payload)
    batch_rate = events / batch_time[0]
    single_rate = singles / single_time[0]
    rows.append(
        [backend, f"batches of {BATCH:,} (API)", events, batch_rate, floor, batch_rate / floor]
    )
    rows.append([backend, "single events (API)", singles, single_rate, floor, single_rate / floor])
    whole = events / (batch_time[0] + current_after[0])
    rows.append([backend, "batches until /model current", events, whole, floor, whole / floor])
    return rows


def bare_insert_rate(url: str, payload: list[dict[str, object]]) -> float:
    """The floor: the same rows with one executemany INSERT per batch, no checks, no API."""
    engine = make_engine(url)
    table = Interaction.__table__
    try:
        now = datetime.now(UTC)
        with engine.begin() as connection:
            item = {"item_id": "floor", "title": "f", "category": "f", "description": ""}
            connection.execute(insert(Item.__table__), [{**item, "created_at": now}])
            user = {"user_id": "floor", "first_seen": now, "last_seen": now}
            connection.execute(insert(User.__table__), [{**user, "interaction_count": 0}])
        rows = [
            {
                "event_id": f"floor-{uuid.uuid4().hex}",
                "user_id": "floor",
                "item_id": "floor",
                "event_type": event["event_type"],
                "timestamp": datetime.fromisoformat(str(event["timestamp"])),
                "created_at": datetime.now(UTC),
            }
            for event in payload
        ]
        with stopwatch() as elapsed:
            for offset in range(0, len(rows), BATCH):
                with engine.begin() as connection:
                    connection.execute(insert(table), rows[offset : offset + BATCH])
        return len(rows) / elapsed[0]
    finally:
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--singles", type=int, default=1_000)
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--dataset", choices=["synthetic", "retail"], default="synthetic")
    args = parser.parse_args()
    if args.dataset == "retail":
        payload, items = retail_train()
    else:
        payload = synthetic_events(args.events, datetime(2024, 1, 1, tzinfo=UTC))
        items = catalog()
    rows: list[list[object]] = []
    with tempfile.TemporaryDirectory() as workdir:
        for backend in reachable_backends(args.backends):
            rows += run_backend(backend, payload, items, args.singles, Path(workdir))
    headers = ["database", "path", "events", "events/s", "bare INSERT events/s", "ratio"]
    print_table(
        "Ingestion rate (aim: >= 50,000 events/s for 10,000-event batches on SQLite)", headers, rows
    )
    save_results("ingest", {"dataset": args.dataset, "headers": headers, "rows": rows})


if __name__ == "__main__":
    main()
