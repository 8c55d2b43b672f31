"""Load benchmark: wrk on loopback against the service as `make run` serves it (entrypoint.sh,
WEB_CONCURRENCY workers) with the UCI Online Retail data loaded.

Each endpoint is measured beside GET /health/live (the stack's floor: routing, middleware,
JSON, no storage) in the same run: latency with one request in flight (at high concurrency
the figure is queueing, not work), throughput with many.

    python -m bench.load                      # SQLite, in-process cache, 2 workers
    python -m bench.load --database postgresql --redis redis://127.0.0.1:6379
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import select
from tqdm import tqdm

from bench.common import ROOT, SHARED_DATA, print_table, save_results, throwaway_database
from bench.startup import free_port
from models import Item, User

WRK_DIR = ROOT / "bench" / "wrk"
RETAIL = SHARED_DATA / "online-retail" / "online_retail.csv.gz"
WARM_USERS = 200


def load_retail(database_url: str) -> tuple[list[str], list[str]]:
    """Online Retail into the database the way `python -m cli import retail` does it.
    Returns the user and item ids."""
    from datasets.online_retail import read_online_retail
    from db import make_engine, make_session_factory
    from tracking.importer import import_dataset

    dataset = read_online_retail(RETAIL)
    engine = make_engine(database_url)
    try:
        with tqdm(total=len(dataset.events), desc="importing Online Retail", unit="event") as bar:
            import_dataset(make_session_factory(engine), dataset, progress=bar.update)
        with engine.connect() as connection:
            users = sorted(connection.scalars(select(User.user_id)))
            items = sorted(connection.scalars(select(Item.item_id)))
    finally:
        engine.dispose()
    return users, items


def start_service(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [str(ROOT / "entrypoint.sh")],
        cwd=ROOT,
        env={**os.environ, "PYTHON": sys.executable, "HOST": "127.0.0.1", "PORT": str(port), **env},
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the service exited:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise TimeoutError("the service did not start within 300 s")


def serve(stack: ExitStack, database_url: str, redis_url: str, workers: int, workdir: Path) -> str:
    """The service as `make run` serves it (entrypoint.sh, ``workers`` uvicorn workers, the
    builder their child; its artefacts in ``workdir``) until ``stack`` closes; its base URL."""
    port = free_port()
    env = {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CACHE_NAMESPACE": f"bench-{uuid.uuid4().hex[:8]}",
        "WEB_CONCURRENCY": str(workers),
        "MODEL_DIR": str(workdir / "models"),
        "AUTO_MIGRATE": "false",
        "ENVIRONMENT": "development",
    }
    service = start_service(env, port, workdir / "service.log")
    stack.callback(service.wait, 30)
    stack.callback(os.killpg, service.pid, 15)
    return f"http://127.0.0.1:{port}"


def wrk(
    url: str, script: str, connections: int, seconds: int, env: dict[str, str]
) -> dict[str, float]:
    threads = min(connections, 2)
    result = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "-s", script, url],
        cwd=WRK_DIR,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("WRK_JSON "))
    figures: dict[str, float] = json.loads(line.removeprefix("WRK_JSON "))
    figures["rps"] = figures["requests"] / figures["seconds"]
    return figures


def cache_lookups(base: str) -> dict[str, float]:
    """Whole-answer hits and misses so far, all workers together (the service's /metrics).
    A miss also looks up the strategy's candidates (kind ``rec``): not counted again."""
    counts = {"hit": 0.0, "miss": 0.0}
    for family in text_string_to_metric_families(httpx.get(base + "/metrics").text):
        for sample in family.samples:
            if (
                sample.name == "cache_lookups_total"
                and sample.labels.get("kind") == "answer"
                and sample.labels.get("result") in counts
            ):
                counts[sample.labels["result"]] += sample.value
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--redis", default="", help="REDIS_URL for the service (default: none)")
    parser.add_argument("--workers", type=int, default=2, help="WEB_CONCURRENCY")
    parser.add_argument("--seconds", type=int, default=8, help="per measurement")
    parser.add_argument("--connections", type=int, default=64, help="for the throughput runs")
    parser.add_argument("--strategy", default="", help="default: cf if registered, else popular")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk, or scripts/ci-system-deps.sh)")
    if not RETAIL.exists():
        sys.exit(f"Online Retail not found at {RETAIL}")

    load_before = os.getloadavg()[0]
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-load-")))
        database_url = stack.enter_context(throwaway_database(args.database, workdir))
        users, items = load_retail(database_url)
        (workdir / "users.txt").write_text("\n".join(users) + "\n")
        (workdir / "warm.txt").write_text("\n".join(users[:WARM_USERS]) + "\n")
        (workdir / "items.txt").write_text("\n".join(items) + "\n")
        started = time.perf_counter()
        base = serve(stack, database_url, args.redis, args.workers, workdir)
        startup = time.perf_counter() - started
        names = [s["name"] for s in httpx.get(base + "/strategies").json()["strategies"]]
        strategy = args.strategy or ("cf" if "cf" in names else "popular")
        template = f"/recommendations?user_id={{user}}&n={{n}}&strategy={strategy}"
        for user in users[:WARM_USERS]:  # fill the cache for the cached scenario
            for _ in range(args.workers * 3):  # every worker has its own entries
                httpx.get(base + template.format(user=user, n=10))

        scenarios = {
            "GET /health/live (floor)": ("report.lua", base + "/health/live", {}),
            f"GET /recommendations cached ({strategy})": (
                "rotate.lua",
                base,
                {"USERS_FILE": str(workdir / "warm.txt"), "N_START": "10", "N_STEP": "0"},
            ),
            f"GET /recommendations uncached ({strategy})": (
                "rotate.lua",
                base,
                {"USERS_FILE": str(workdir / "users.txt"), "N_START": "11", "N_STEP": "1"},
            ),
            "POST /interactions": (
                "events.lua",
                base,
                {
                    "USERS_FILE": str(workdir / "users.txt"),
                    "ITEMS_FILE": str(workdir / "items.txt"),
                },
            ),
        }
        measured: dict[str, dict[str, dict[str, float]]] = {}
        for name, (script, url, extra) in tqdm(scenarios.items(), desc="wrk", unit="scenario"):
            throughput_extra = {"N_START": "51"} if extra.get("N_STEP") == "1" else {}
            extra = {"PATH_TEMPLATE": template, **extra}
            before = cache_lookups(base)
            measured[name] = {
                "latency": wrk(url, script, 1, args.seconds, extra),
                # Uncached: the throughput run asks for other n than the latency run did.
                "throughput": wrk(
                    url, script, args.connections, args.seconds, {**extra, **throughput_extra}
                ),
            }
            after = cache_lookups(base)
            hits, misses = (after[k] - before[k] for k in ("hit", "miss"))
            measured[name]["cache"] = {"hits": hits, "misses": misses}

    floor = measured["GET /health/live (floor)"]
    rows = []
    for name, figures in measured.items():
        latency, throughput = figures["latency"], figures["throughput"]
        rows.append(
            [
                name,
                latency["p50_ms"],
                latency["p95_ms"],
                latency["p99_ms"],
                latency["p95_ms"] / floor["latency"]["p95_ms"],
                throughput["rps"],
                throughput["rps"] / floor["throughput"]["rps"],
                throughput["p99_ms"],
                f"{int(latency['non_2xx'] + throughput['non_2xx'])} / "
                f"{int(latency['timeouts'] + throughput['timeouts'])}",
                _hit_rate(figures["cache"]),
            ]
        )
    title = (
        f"Load on loopback: {len(users):,} users, {len(items):,} items, Online Retail; "
        f"{args.database}{' + redis' if args.redis else ''}, {args.workers} workers, "
        f"wrk {args.seconds} s each; latency at 1 connection, throughput at "
        f"{args.connections} (service started in {startup:.1f} s); load average "
        f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after (2 cores: above 2, other "
        "processes compete and the ratios matter more than the absolute figures)"
    )
    print_table(
        title,
        [
            "endpoint",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "p95 / floor",
            "req/s",
            "req/s / floor",
            f"p99 ms @{args.connections}",
            "non-2xx / timeouts",
            "cache hits",
        ],
        rows,
    )
    path = save_results(
        f"load-{args.database}{'-redis' if args.redis else ''}",
        {
            "database": args.database,
            "redis": bool(args.redis),
            "workers": args.workers,
            "strategy": strategy,
            "connections": args.connections,
            "seconds": args.seconds,
            "startup_seconds": round(startup, 2),
            "load_average_before": load_before,
            "scenarios": measured,
        },
    )
    print(f"\nsaved {path.relative_to(ROOT)}")


def _hit_rate(cache: dict[str, float]) -> str:
    lookups = cache["hits"] + cache["misses"]
    return f"{cache['hits'] / lookups:.0%}" if lookups else "-"


if __name__ == "__main__":
    main()
