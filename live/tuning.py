"""The builder's self-tuning: each strategy's parameters and the hybrid's weights chosen on
the validation split of the log the service holds (``evaluation.tuning.tune``, EVALUATION.md
section 2), within ``TUNING_BUDGET_SECONDS``, and served by the builds that follow.

It tunes when none is recorded yet, ``TUNING_INTERVAL_HOURS`` after the last tuning, and
once the stored events changed (grew, or shrank after a reset) by ``TUNING_RETUNE_GROWTH``
of those it was tuned on. Below ``TUNING_MIN_EVENTS`` events, or with a budget of 0, the
registry defaults are served. The winners are kept in the store as ``TUNING.json`` (they
outlive the builder), and every manifest records what its build served (``plan``).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any, Literal

from config import Settings
from evaluation.tuning import NothingToTune, tune
from features.data import Catalog, InteractionData
from live.artefacts import ArtefactStore

log = logging.getLogger("smart_suggest.tuning")

RECORD = "TUNING.json"
# What /model shows of the tuning beside its state (the record also keeps the split etc.).
SUMMARY_FIELDS = (
    "tuned_at",
    "reason",
    "events",
    "best",
    "validation",
    "seconds",
    "budget_seconds",
    "complete",
    "tried",
)

TuningState = Literal["off", "too_little_data", "pending", "failed", "tuned"]


@dataclass(frozen=True)
class Plan:
    """What the next build serves: the chosen parameters per strategy (empty: the registry
    defaults) and the tuning behind them, as /model shows it."""

    params: dict[str, dict[str, Any]] = field(default_factory=dict)
    tuning: dict[str, Any] = field(default_factory=dict)


class SelfTuner:
    def __init__(self, settings: Settings, store: ArtefactStore) -> None:
        self.settings = settings
        self.store = store
        self.record = store.read_record(RECORD)
        self.failed_at: float | None = None
        self.failure: TuningState = "failed"

    @property
    def enabled(self) -> bool:
        return self.settings.tuning_budget_seconds > 0

    def due(self, events: int, now: float | None = None) -> str | None:
        """Why a tuning should run now on ``events`` stored events, if it should."""
        if not self.enabled or events < self.settings.tuning_min_events:
            return None
        now = time.time() if now is None else now
        interval = self.settings.tuning_interval_hours * 3600
        if self.failed_at is not None and now - self.failed_at < interval:
            return None  # a tuning that fails on this data would fail on every build
        if self.record is None:
            return "first tuning"
        if now - float(self.record.get("tuned_at", 0)) >= interval:
            return "scheduled"
        tuned_on = int(self.record.get("events", 0))
        if abs(events - tuned_on) >= self.settings.tuning_retune_growth * max(tuned_on, 1):
            return f"events went from {tuned_on} to {events}"
        return None

    def tune(self, data: InteractionData, catalog: Catalog, reason: str, events: int) -> bool:
        """Tune on ``data`` (the log of ``events`` stored events, as one build reads it)
        and record the winners; False (the previous winners or the defaults stay) when the
        tuning failed."""
        started = time.time()
        try:
            result = tune(data, catalog, self.settings.tuning_budget_seconds)
        except NothingToTune as why:
            log.info("not tuned on %d events: %s; serving the previous parameters", events, why)
            self.failed_at, self.failure = started, "too_little_data"
            return False
        except Exception:
            log.exception(
                "self-tuning failed on %d events; serving the previous parameters", events
            )
            self.failed_at, self.failure = started, "failed"
            return False
        record = {**result, "tuned_at": started, "reason": reason, "events": events}
        self.store.write_record(RECORD, record)
        self.record, self.failed_at = record, None
        log.info(
            "self-tuned (%s) on %d events in %.1f s (budget %g s): best %s, NDCG@10 %.4f",
            reason,
            events,
            result["seconds"],
            result["budget_seconds"],
            result["best"],
            result["validation"][result["best"]]["ndcg@10"],
        )
        return True

    def plan(self, events: int) -> Plan:
        """What a build on ``events`` stored events serves."""
        budget = {"budget_seconds": self.settings.tuning_budget_seconds}
        if not self.enabled:
            return Plan(tuning=self._state("off", budget))
        if events < self.settings.tuning_min_events:
            return Plan(tuning=self._state("too_little_data", budget))
        if self.record is None:
            return Plan(tuning=self._state(self.failure if self.failed_at else "pending", budget))
        summary = {name: self.record[name] for name in SUMMARY_FIELDS if name in self.record}
        return Plan(
            params=dict(self.record.get("params", {})), tuning=self._state("tuned", summary)
        )

    @staticmethod
    def _state(state: TuningState, fields: dict[str, Any]) -> dict[str, Any]:
        return {"state": state, **fields}
