"""What every benchmark shares: throwaway databases, timing, the results table."""

from __future__ import annotations

import json
import os
import platform
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import text

from config import normalise_database_url
from db import make_engine, migrate, scratch_postgres_database

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
RESULTS = ROOT / "bench" / "results"
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"


@contextmanager
def throwaway_database(backend: str, workdir: Path) -> Iterator[str]:
    """A migrated empty database: a SQLite file, or a new PostgreSQL database dropped after."""
    if backend == "sqlite":
        path = workdir / f"bench-{uuid.uuid4().hex[:8]}.db"
        url = f"sqlite:///{path}"
        migrate(url)
        try:
            yield url
        finally:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    server = os.environ.get("BENCH_DATABASE_URL", DEFAULT_POSTGRES)
    with scratch_postgres_database(server, "smart_suggest_bench") as url:
        migrate(url)
        yield url


def reachable_backends(requested: list[str]) -> list[str]:
    """The requested backends, less PostgreSQL when no server answers at BENCH_DATABASE_URL."""
    if "postgresql" in requested and not postgres_available():
        print("PostgreSQL not reachable (BENCH_DATABASE_URL): skipped")
        return [backend for backend in requested if backend != "postgresql"]
    return requested


def postgres_available() -> bool:
    url = normalise_database_url(os.environ.get("BENCH_DATABASE_URL", DEFAULT_POSTGRES))
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:
        return False
    finally:
        engine.dispose()


@contextmanager
def stopwatch() -> Iterator[list[float]]:
    """`with stopwatch() as elapsed:` ... then `elapsed[0]` holds the seconds."""
    elapsed: list[float] = []
    start = time.perf_counter()
    yield elapsed
    elapsed.append(time.perf_counter() - start)


def print_table(title: str, headers: list[str], rows: Sequence[Sequence[object]]) -> None:
    cells = [[_cell(value) for value in row] for row in rows]
    widths = [max(len(h), *(len(row[i]) for row in cells)) for i, h in enumerate(headers)]
    print(f"\n{title}")
    print("| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in cells:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def save_results(name: str, payload: dict[str, object]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    payload = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        **payload,
    }
    path.write_text(json.dumps(payload, indent=2) + "\n")
    return path


def wait_until_current(client: TestClient, limit: float = 600.0) -> dict[str, Any]:
    """``/model`` once it says the served models cover every stored event."""
    deadline = time.monotonic() + limit
    while True:
        state: dict[str, Any] = client.get("/model").json()
        if state["current"]:
            return state
        if time.monotonic() > deadline:
            raise TimeoutError(f"/model did not say current within {limit:.0f} s: {state}")
        time.sleep(0.05)
