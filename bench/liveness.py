"""Liveness while the service works: `python -m bench.liveness [--database postgresql]`.

The service as `make run` serves it (entrypoint.sh, WEB_CONCURRENCY workers, the builder as
their child) with Online Retail imported. One client asks ``GET /health/live`` back to back
(keep-alive) all along and records each answer's latency; the figures are the answers in
three windows: idle (models current, nothing running), during a model build (a batch of
new events asks for one; the window is the build's own span from ``/model``: its
``build_seconds`` ending at ``built_at``) and during an evaluation run
(``POST /evaluation/runs``; from its ``created_at`` to its ``finished_at``). Builds and runs
happen in the builder process, not in a worker, so the workers' answers should barely move:
the aim (issue 10) is a p95 during each at most 2 x the idle p95. On two cores the builder
takes one and the workers share the other with the client, so the ratio is the figure.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from bench.common import ROOT, print_table, save_results, throwaway_database
from bench.load import RETAIL, load_retail, serve

TARGET_RATIO = 2.0
IDLE_SECONDS = 15.0


class Prober(threading.Thread):
    """Asks /health/live back to back; keeps (wall-clock start, latency ms) of each answer."""

    def __init__(self, base: str) -> None:
        super().__init__(daemon=True)
        self.base = base
        self.samples: list[tuple[float, float]] = []
        self.errors = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        with httpx.Client(base_url=self.base, timeout=10) as client:
            while not self.stopped.is_set():
                started, tick = time.time(), time.perf_counter()
                try:
                    ok = client.get("/health/live").status_code == 200
                except httpx.HTTPError:
                    ok = False
                if ok:
                    self.samples.append((started, (time.perf_counter() - tick) * 1000))
                else:
                    self.errors += 1

    def window(self, start: float, end: float) -> np.ndarray:
        return np.array([ms for at, ms in self.samples if start <= at <= end])


def wait_for(check: Any, what: str, limit: float = 900.0) -> Any:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        answer = check()
        if answer:
            return answer
        time.sleep(0.5)
    raise TimeoutError(f"{what} did not happen within {limit:.0f} s")


def settled(client: httpx.Client) -> dict[str, Any] | None:
    """``/model`` once the models are current and no first tuning is under way."""
    state: dict[str, Any] = client.get("/model").json()
    return state if state["current"] and state["tuning"]["state"] != "pending" else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--redis", default="", help="REDIS_URL for the service (default: none)")
    parser.add_argument("--workers", type=int, default=2, help="WEB_CONCURRENCY")
    parser.add_argument("--max-users", type=int, default=1000, help="of the evaluation run")
    args = parser.parse_args()
    if not RETAIL.exists():
        raise SystemExit(f"Online Retail not found at {RETAIL}")
    load_before = os.getloadavg()[0]
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-live-")))
        database_url = stack.enter_context(throwaway_database(args.database, workdir))
        users, items = load_retail(database_url)
        base = serve(stack, database_url, args.redis, args.workers, workdir)
        client = stack.enter_context(httpx.Client(base_url=base, timeout=60))
        print("waiting for the first build (and its self-tuning) ...", flush=True)
        first = wait_for(lambda: settled(client), "the first build")

        prober = Prober(base)
        prober.start()
        stack.callback(prober.stopped.set)
        idle_start = time.time()
        time.sleep(IDLE_SECONDS)
        windows: dict[str, tuple[float, float]] = {"idle": (idle_start, time.time())}

        print("a batch of new events, then the build it asks for ...", flush=True)
        picker = random.Random(7)
        batch = [
            {
                "user_id": picker.choice(users),
                "item_id": picker.choice(items),
                "event_type": "purchase",
            }
            for _ in range(first["refit_after_events"] + 1)
        ]
        for offset in range(0, len(batch), 10_000):
            answer = client.post(
                "/interactions/batch", json={"interactions": batch[offset : offset + 10_000]}
            )
            answer.raise_for_status()
        built = wait_for(
            lambda: (s := settled(client)) and s["model_version"] != first["model_version"] and s,
            "the new build",
        )
        windows["during a model build"] = (
            built["built_at"] - built["build_seconds"],
            built["built_at"],
        )

        print(f"an evaluation run ({args.max_users} users, every strategy) ...", flush=True)
        run = client.post("/evaluation/runs", json={"max_users": args.max_users})
        run.raise_for_status()
        run_id = run.json()["id"]

        def finished() -> dict[str, Any] | None:
            state: dict[str, Any] = client.get(f"/evaluation/runs/{run_id}").json()
            if state["status"] == "failed":
                raise RuntimeError(f"the evaluation run failed: {state['error']}")
            return state if state["status"] == "done" else None

        done = wait_for(finished, "the evaluation run")
        windows["during an evaluation run"] = (done["created_at"], done["finished_at"])
        prober.stopped.set()
        prober.join(15)

    idle_p95 = float(np.percentile(prober.window(*windows["idle"]), 95))
    rows, measured = [], {}
    for name, (start, end) in windows.items():
        latencies = prober.window(start, end)
        p50, p95, p99 = (float(np.percentile(latencies, q)) for q in (50, 95, 99))
        measured[name] = {
            "seconds": end - start,
            "answers": len(latencies),
            "p50_ms": p50,
            "p95_ms": p95,
            "p99_ms": p99,
            "max_ms": float(latencies.max()),
        }
        rows.append(
            [name, end - start, len(latencies), p50, p95, p99, latencies.max(), p95 / idle_p95]
        )
    title = (
        f"GET /health/live, one client back to back: Online Retail, {args.database}"
        f"{' + redis' if args.redis else ''}, {args.workers} workers; aim: p95 <= "
        f"{TARGET_RATIO:g} x idle; {prober.errors} failed answers; load average "
        f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    )
    headers = ["window", "seconds", "answers", "p50 ms", "p95 ms", "p99 ms", "max ms", "p95/idle"]
    print_table(title, headers, rows)
    path = save_results(
        f"liveness-{args.database}{'-redis' if args.redis else ''}",
        {
            "database": args.database,
            "redis": bool(args.redis),
            "workers": args.workers,
            "evaluation_max_users": args.max_users,
            "load_average_before": load_before,
            "errors": prober.errors,
            "windows": measured,
        },
    )
    print(f"\nsaved {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
