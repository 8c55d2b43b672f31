"""Evaluation runs for the dashboard: the offline protocol (``evaluate``) on the service's
own events, with progress, outside the serving interpreter.

A run is a row of ``evaluation_runs`` (a database-backed queue): the API checks the data and
queues it (``EvaluationJobs.start``); the builder process's ``JobRunner`` claims queued runs
one at a time and runs them, writing progress into the row; any worker answers a poll from
the row, and runs survive restarts. A run its job process did not finish (the process
died) is marked failed when the next job process starts. With ``MODEL_BUILDER=inline``
there is no builder: the API's process runs the run in a thread (tests, one-off scripts).
"""

from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from collections.abc import Sequence
from typing import Any

import pandas as pd
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from evaluation.protocol import MIN_ITEMS
from evaluation.runner import EvaluationReport, evaluate
from features.data import POSITIVE_EVENT_TYPES
from models import EvaluationRun
from recommenders.storage import load_catalog, load_positives

log = logging.getLogger(__name__)

# How often a running job writes its progress into its row.
PUBLISH_EVERY_SECONDS = 0.25
CLAIM_EVERY_SECONDS = 0.5
LISTED = 50
INTERRUPTED = "interrupted: the job process stopped before the run finished; start it again"


class NotEnoughData(Exception):
    """The service holds too little to split; the API answers 409."""


class RunInProgress(Exception):
    def __init__(self, run_id: str) -> None:
        super().__init__(f"evaluation run {run_id} is still running; poll it or wait")
        self.run_id = run_id


def metric_name(name: str) -> str:
    """The protocol's ``ndcg@10`` as the API's ``ndcg_at_10``."""
    return name.replace("@", "_at_")


class EvaluationJobs:
    """The API's side: queue a run, read runs."""

    def __init__(self, session_factory: sessionmaker[Session], inline: bool = False) -> None:
        self.session_factory = session_factory
        self.inline = inline
        self._start_lock = threading.Lock()  # one start at a time in this process

    def start(self, strategies: Sequence[str], max_users: int | None = None) -> dict[str, Any]:
        """Check the data, then queue ``strategies`` for evaluation; returns the run."""
        with self._start_lock, self.session_factory() as session:
            unfinished = session.scalar(
                select(EvaluationRun.id)
                .where(EvaluationRun.state.in_(("queued", "running")))
                .limit(1)
            )
            if unfinished is not None:
                raise RunInProgress(unfinished)
            positives = load_positives(session)
            eligible = _eligible_users(positives)
            if eligible == 0:
                raise NotEnoughData(
                    f"nothing to evaluate: the protocol needs users with at least {MIN_ITEMS} "
                    f"distinct items they clicked, carted or bought "
                    f"({', '.join(sorted(POSITIVE_EVENT_TYPES))}); the service holds "
                    f"{positives['user_id'].nunique()} users with any, none with {MIN_ITEMS}"
                )
            run_id = uuid.uuid4().hex[:12]
            document: dict[str, Any] = {
                "id": run_id,
                "status": "running",
                "progress": 0.0,
                "stage": "queued",
                "strategies": list(strategies),
                "max_users": max_users,
                "created_at": time.time(),
                "finished_at": None,
                "error": None,
                "data": {"positives": len(positives), "eligible_users": eligible},
                "results": [],
            }
            session.add(EvaluationRun(id=run_id, state="queued", document=document))
            session.commit()
        if self.inline:
            runner = f"inline-{os.getpid()}"
            if claim(self.session_factory, run_id, runner):
                threading.Thread(
                    target=execute,
                    args=(self.session_factory, run_id),
                    name=f"evaluation-{run_id}",
                    daemon=True,
                ).start()
        return document

    def get(self, run_id: str) -> dict[str, Any] | None:
        with self.session_factory() as session:
            run = session.get(EvaluationRun, run_id)
            return None if run is None else dict(run.document)

    def list(self, limit: int = LISTED) -> list[dict[str, Any]]:
        """The newest runs first."""
        with self.session_factory() as session:
            rows = session.scalars(
                select(EvaluationRun.document)
                .order_by(EvaluationRun.created_at.desc(), EvaluationRun.id)
                .limit(limit)
            )
            return [dict(document) for document in rows]


class JobRunner:
    """The job process's side (live/builder.py): claims queued runs and runs them, one at a
    time, in a thread of that process."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self.session_factory = session_factory
        self.name = f"jobs-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="evaluation-jobs", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def run_next(self) -> str | None:
        """Claim and run the oldest queued run; its id, or None when none is queued."""
        with self.session_factory() as session:
            queued = session.scalars(
                select(EvaluationRun.id)
                .where(EvaluationRun.state == "queued")
                .order_by(EvaluationRun.created_at, EvaluationRun.id)
            ).all()
        for run_id in queued:
            if claim(self.session_factory, run_id, self.name):
                execute(self.session_factory, run_id)
                return run_id
        return None

    def _run(self) -> None:
        recovered = failing = False
        while not self._stop.wait(CLAIM_EVERY_SECONDS):
            try:
                if not recovered:
                    fail_interrupted(self.session_factory, self.name)
                    recovered = True
                self.run_next()
            except Exception as error:
                # Storage down or not migrated yet: say so once, look again on each tick.
                if not failing:
                    log.warning("evaluation job runner cannot reach storage (%s); retrying", error)
                failing = True
                continue
            if failing:
                log.info("evaluation job runner reading storage again")
                failing = False


def claim(session_factory: sessionmaker[Session], run_id: str, runner: str) -> bool:
    """Take a queued run; False if another runner took it first."""
    with session_factory() as session:
        taken = session.execute(
            update(EvaluationRun)
            .where(EvaluationRun.id == run_id, EvaluationRun.state == "queued")
            .values(state="running", runner=runner)
        )
        session.commit()
        return bool(getattr(taken, "rowcount", 0))


def fail_interrupted(session_factory: sessionmaker[Session], runner: str) -> None:
    """Runs left running by a job process that is gone (one job process per store)."""
    with session_factory() as session:
        for run in session.scalars(
            select(EvaluationRun).where(
                EvaluationRun.state == "running", EvaluationRun.runner != runner
            )
        ):
            run.state = "failed"
            run.document = {
                **run.document,
                "status": "failed",
                "error": INTERRUPTED,
                "finished_at": time.time(),
            }
        session.commit()


def execute(session_factory: sessionmaker[Session], run_id: str) -> None:
    """Run one claimed run to its end, writing progress and the result into its row."""
    with session_factory() as session:
        row = session.get(EvaluationRun, run_id)
        if row is None:
            return  # deleted meanwhile (a data reset)
        run: dict[str, Any] = dict(row.document)  # the run's JSON, as the API shows it
        positives = load_positives(session)
        catalog = load_catalog(session)
    strategies: list[str] = run["strategies"]
    published_at = 0.0

    def write(state: str, force: bool = False) -> None:
        nonlocal published_at
        now = time.monotonic()
        if not force and now - published_at < PUBLISH_EVERY_SECONDS:
            return
        published_at = now
        with session_factory() as session:
            session.execute(
                update(EvaluationRun)
                .where(EvaluationRun.id == run_id)
                .values(state=state, document=dict(run))
            )
            session.commit()

    def progress(stage: str, done: int, total: int) -> None:
        name, _, step = stage.partition(": ")
        position = strategies.index(name) if name in strategies else 0
        # Fitting counts for a tenth of a strategy's share, ranking for the rest.
        within = 0.1 * (done / total) if step == "fit" else 0.1 + 0.9 * (done / total)
        run["stage"] = stage
        run["progress"] = max(
            run["progress"], round(min((position + within) / len(strategies), 1.0), 4)
        )
        write("running")

    run["stage"] = "starting"
    write("running", force=True)
    try:
        report = evaluate(
            positives,
            catalog,
            strategies,
            progress,
            dataset="service",
            max_users=run["max_users"],
        )
    except Exception as error:
        log.exception("evaluation run %s failed", run_id)
        run.update(status="failed", error=str(error), finished_at=time.time())
        write("failed", force=True)
        return
    run.update(
        status="done",
        progress=1.0,
        stage="done",
        finished_at=time.time(),
        data={**run["data"], **_split_summary(report)},
        results=[
            {
                "strategy": result.strategy,
                "users": result.users,
                **{metric_name(k): v for k, v in result.metrics.items()},
                "fit_seconds": result.fit_seconds,
                "latency_ms_median": result.latency_ms_median,
                "latency_ms_p95": result.latency_ms_p95,
            }
            for result in report.results
        ],
    )
    write("done", force=True)


def _eligible_users(positives: pd.DataFrame) -> int:
    return int((positives.groupby("user_id")["item_id"].nunique() >= MIN_ITEMS).sum())


def _split_summary(report: EvaluationReport) -> dict[str, int]:
    return {
        "users": report.users,
        "train_pairs": report.train_pairs,
        "test_pairs": report.test_pairs,
        "train_items": report.train_items,
    }
