"""Evaluation runs for the dashboard: the offline protocol (``evaluate``) on the service's
own events, in a background thread, with progress.

A run's state is a JSON document kept in this process and mirrored to the cache, so with
Redis any worker can answer a poll for a run another worker started. One run at a time per
process: the protocol fits every strategy again and is CPU-heavy.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import Sequence
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session, sessionmaker

from cache import Cache, cache_key
from datasets.frame import POSITIVE_EVENT_TYPES
from evaluation.protocol import MIN_ITEMS
from evaluation.runner import EvaluationReport, evaluate
from recommenders.base import Catalog
from recommenders.storage import load_positives

log = logging.getLogger(__name__)

RUN_TTL_SECONDS = 7 * 86_400
# How often a running job mirrors its progress to the cache.
PUBLISH_EVERY_SECONDS = 0.25


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
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        cache: Cache,
        namespace: str,
    ) -> None:
        self.session_factory = session_factory
        self.cache = cache
        self.namespace = namespace
        self._runs: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()  # guards the run documents
        self._start_lock = threading.Lock()  # one start at a time
        self._running: str | None = None
        self._published_at = 0.0

    def start(
        self, strategies: Sequence[str], catalog: Catalog, max_users: int | None = None
    ) -> dict[str, Any]:
        """Check the data, then evaluate ``strategies`` in the background; returns the run."""
        with self._start_lock:
            if self._running is not None:
                raise RunInProgress(self._running)
            with self.session_factory() as session:
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
            run: dict[str, Any] = {
                "id": run_id,
                "status": "running",
                "progress": 0.0,
                "stage": "starting",
                "strategies": list(strategies),
                "max_users": max_users,
                "created_at": time.time(),
                "finished_at": None,
                "error": None,
                "data": {"positives": len(positives), "eligible_users": eligible},
                "results": [],
            }
            with self._lock:
                self._runs[run_id] = run
                self._running = run_id
        self._publish(run, force=True)
        threading.Thread(
            target=self._run,
            args=(run_id, positives, catalog, list(strategies), max_users),
            name=f"evaluation-{run_id}",
            daemon=True,
        ).start()
        return dict(run)

    def get(self, run_id: str) -> dict[str, Any] | None:
        with self._lock:
            run = self._runs.get(run_id)
            if run is not None:
                return json.loads(json.dumps(run))
        stored = self.cache.get(self._key(run_id))
        return None if stored is None else json.loads(stored)

    def _run(
        self,
        run_id: str,
        positives: pd.DataFrame,
        catalog: Catalog,
        strategies: list[str],
        max_users: int | None,
    ) -> None:
        run = self._runs[run_id]

        def progress(stage: str, done: int, total: int) -> None:
            name, _, step = stage.partition(": ")
            position = strategies.index(name) if name in strategies else 0
            # Fitting counts for a tenth of a strategy's share, ranking for the rest.
            within = 0.1 * (done / total) if step == "fit" else 0.1 + 0.9 * (done / total)
            with self._lock:
                run["stage"] = stage
                run["progress"] = round(min((position + within) / len(strategies), 1.0), 4)
            self._publish(run)

        try:
            report = evaluate(
                positives, catalog, strategies, progress, dataset="service", max_users=max_users
            )
        except Exception as error:
            log.exception("evaluation run %s failed", run_id)
            with self._lock:
                run.update(status="failed", error=str(error), finished_at=time.time())
        else:
            with self._lock:
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
        finally:
            with self._lock:
                self._running = None
        self._publish(run, force=True)

    def _publish(self, run: dict[str, Any], force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._published_at < PUBLISH_EVERY_SECONDS:
            return
        self._published_at = now
        with self._lock:
            document = json.dumps(run).encode()
        self.cache.set(self._key(run["id"]), document, RUN_TTL_SECONDS)

    def _key(self, run_id: str) -> str:
        return cache_key(self.namespace, "evaluation-run", run_id)


def _eligible_users(positives: pd.DataFrame) -> int:
    return int((positives.groupby("user_id")["item_id"].nunique() >= MIN_ITEMS).sum())


def _split_summary(report: EvaluationReport) -> dict[str, int]:
    return {
        "users": report.users,
        "train_pairs": report.train_pairs,
        "test_pairs": report.test_pairs,
        "train_items": report.train_items,
    }
