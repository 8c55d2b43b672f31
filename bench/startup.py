"""A worker starting on an existing artefact: how soon it serves, and the memory of 1 vs 4
workers (they map one artefact, so its pages are shared).

    python -m bench.startup [--dataset retail|sample] [--workers 1 4]

The data set goes into a throwaway SQLite database (``python -m cli import``), the builder
publishes one artefact (``python -m live.builder --once``), then the service is started
through entrypoint.sh with MODEL_BUILDER=external (no builder: nothing but the workers) for
each worker count. Figures: seconds from launching the entrypoint to the first 200 from
/recommendations, the worker's own artefact load (``/model``'s load_seconds), and the
workers' summed PSS from /proc/<pid>/smaps_rollup (shared pages divided among the processes
that map them; RSS would count them once per worker) beside one worker's. Aim: the start
within 5 s and four workers' PSS at most 1.6 x one worker's.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench.common import ROOT, SHARED_DATA, print_table, save_results

RETAIL = SHARED_DATA / "online-retail" / "online_retail.csv.gz"
TARGET_START_SECONDS = 5.0
TARGET_PSS_RATIO = 1.6


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def memory_kib(pid: int) -> tuple[int, int]:
    """(Pss, Rss) of one process, in KiB."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value, *_ = line.split()
        fields[name.rstrip(":")] = int(value)
    return fields["Pss"], fields["Rss"]


def workers_of(master: int) -> list[int]:
    """uvicorn's workers (spawned children); with one worker uvicorn serves in the master."""
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if parent == master and b"spawn_main" in command:
            children.append(int(entry.name))
    return children or [master]


def start_service(env: dict[str, str], workers: int, log: Path) -> dict[str, float]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    launched = time.perf_counter()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(ROOT / "entrypoint.sh")],
            cwd=ROOT,
            env={**env, "PORT": str(port), "HOST": "127.0.0.1", "WEB_CONCURRENCY": str(workers)},
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        user = env["BENCH_USER"]
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the service exited:\n{log.read_text()}")
            try:
                response = httpx.get(f"{url}/recommendations", params={"user_id": user}, timeout=2)
                if response.status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.02)
        first_answer = time.perf_counter() - launched
        deadline = time.monotonic() + 120
        while log.read_text().count("Application startup complete") < workers:
            if time.monotonic() > deadline:
                raise RuntimeError(f"not every worker started:\n{log.read_text()}")
            time.sleep(0.1)
        all_started = time.perf_counter() - launched
        # Every worker answers a few (the kernel spreads connections), so each has touched
        # the pages it serves from.
        for _ in range(20 * workers):
            httpx.get(f"{url}/recommendations", params={"user_id": user}, timeout=10)
        status = httpx.get(f"{url}/model", timeout=5).json()
        pids = workers_of(process.pid)
        pss, rss = (sum(values) for values in zip(*(memory_kib(p) for p in pids), strict=True))
        return {
            "workers": len(pids),
            "first_answer_s": first_answer,
            "all_started_s": all_started,
            "artefact_load_s": float(status["load_seconds"]),
            "pss_mib": pss / 1024,
            "rss_mib": rss / 1024,
            "artefact_version": status["artefact"]["version"],
        }
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", choices=["retail", "sample"], default="retail")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 4])
    args = parser.parse_args()
    if args.dataset == "retail" and not RETAIL.is_file():
        print(f"Online Retail not found at {RETAIL}: skipped (try --dataset sample)")
        return 0
    workdir = Path(tempfile.mkdtemp(prefix="smart-suggest-startup-"))
    env = {
        **os.environ,
        "PYTHON": sys.executable,
        "ENVIRONMENT": "development",
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.db'}",
        "REDIS_URL": "",
        "MODEL_DIR": str(workdir / "models"),
        "MODEL_BUILDER": "external",
        "CHANGE_SYNC_SECONDS": "0",
        # One build and the start are measured here; the self-tuning is bench/tuning.py's.
        "TUNING_BUDGET_SECONDS": "0",
    }
    python = [sys.executable, "-m"]
    subprocess.run([*python, "cli", "migrate"], cwd=ROOT, env=env, check=True)
    if args.dataset == "retail":
        subprocess.run(
            [*python, "cli", "import", "retail", str(RETAIL)], cwd=ROOT, env=env, check=True
        )
    else:
        subprocess.run([*python, "cli", "seed"], cwd=ROOT, env=env, check=True)
    built = time.perf_counter()
    subprocess.run([*python, "live.builder", "--once"], cwd=ROOT, env=env, check=True)
    build_seconds = time.perf_counter() - built
    env["BENCH_USER"] = _some_user(env["DATABASE_URL"])

    rows = []
    for workers in args.workers:
        rows.append(start_service(env, workers, workdir / f"service-{workers}.log"))
    one = next((row for row in rows if row["workers"] == 1), rows[0])
    table = [
        [
            row["workers"],
            row["first_answer_s"],
            row["all_started_s"],
            row["artefact_load_s"],
            row["pss_mib"],
            row["rss_mib"],
            row["pss_mib"] / one["pss_mib"],
        ]
        for row in rows
    ]
    print_table(
        f"Start-up on an existing artefact ({args.dataset}; build took {build_seconds:.1f} s "
        f"in the builder; aim: first answer <= {TARGET_START_SECONDS} s, PSS ratio <= "
        f"{TARGET_PSS_RATIO})",
        [
            "workers",
            "first answer s",
            "all started s",
            "artefact load s",
            "PSS MiB",
            "RSS MiB",
            "PSS / 1 worker",
        ],
        table,
    )
    save_results(f"startup-{args.dataset}", {"build_seconds": build_seconds, "runs": rows})
    return 0


def _some_user(database_url: str) -> str:
    from sqlalchemy import select

    from db import make_engine, make_session_factory
    from models import Interaction

    engine = make_engine(database_url)
    try:
        with make_session_factory(engine)() as session:
            return session.scalar(select(Interaction.user_id).limit(1)) or "nobody"
    finally:
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
