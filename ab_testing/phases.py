"""Phases: a model retrained mid-test starts a new phase of the test, and the analysis can
split by phase, so two models in one arm are never silently mixed.

The serving process counts its full model builds (``RecommendationService.rebuilds``). The
first list a test serves opens phase 1; the first list served from a newer build than the
latest phase's opens the next one. Builds are counted per process, so with several workers
a phase marks the first list any of them served from a newer build (a worker still on an
older build does not open a phase; docs/ab_testing.md).
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ab_testing.sql import insert_ignoring_conflicts
from models import AbAttribution, AbImpression, AbPhase, AbTest, AbVariant
from stats.serialize import JsonReady

# Per serving process (its model service): (test id, created at) -> the newest build already
# recorded, which spares a query per list. Weak, so a new service never inherits entries, and
# keyed by the creation time too, so a test id reused after a reset is a new test.
_recorded: weakref.WeakKeyDictionary[object, dict[tuple[int, datetime], int]] = (
    weakref.WeakKeyDictionary()
)


def note_build(session: Session, service: object, test: AbTest, build: int, now: datetime) -> None:
    """Open a phase when ``build`` (the service's count of full model builds) is newer than
    the test's latest phase (the caller commits)."""
    seen = _recorded.setdefault(service, {})
    key = (test.id, test.created_at)
    test_id = test.id
    if seen.get(key, -1) >= build:
        return
    latest = session.execute(
        select(AbPhase.phase, AbPhase.model_build)
        .where(AbPhase.test_id == test_id)
        .order_by(AbPhase.phase.desc())
        .limit(1)
    ).first()
    if latest is None or latest.model_build < build:
        number = 1 if latest is None else latest.phase + 1
        # Two servers opening the same phase at once: the first one wins.
        session.execute(
            insert_ignoring_conflicts(session, AbPhase, ["test_id", "phase"]),
            [{"test_id": test_id, "phase": number, "started_at": now, "model_build": build}],
        )
        build = max(build, latest.model_build if latest else build)
    seen[key] = build


@dataclass(frozen=True)
class PhaseArm(JsonReady):
    variant: str
    lists: int
    clicks: int
    ctr: float
    relative_lift: float | None  # against the control in the same phase


@dataclass(frozen=True)
class PhaseReport(JsonReady):
    phase: int
    started_at: str
    ended_at: str | None
    model_build: int
    variants: list[PhaseArm]


def split_by_phase(
    session: Session, test: AbTest, variants: Sequence[AbVariant]
) -> list[PhaseReport]:
    """Lists, credited clicks and CTR per phase and variant, a GROUP BY in SQL: a list
    belongs to the phase it was served in, and its clicks with it."""
    phases = list(
        session.scalars(select(AbPhase).where(AbPhase.test_id == test.id).order_by(AbPhase.phase))
    )
    if not phases:
        return []
    phase_of = case(
        *[(AbImpression.served_at >= p.started_at, p.phase) for p in reversed(phases[1:])],
        else_=phases[0].phase,
    )
    lists = {
        (variant_id, phase): count
        for variant_id, phase, count in session.execute(
            select(AbImpression.variant_id, phase_of, func.count())
            .where(AbImpression.test_id == test.id)
            .group_by(AbImpression.variant_id, phase_of)
        )
    }
    clicks = {
        (variant_id, phase): count
        for variant_id, phase, count in session.execute(
            select(AbAttribution.variant_id, phase_of, func.count())
            .join(AbImpression, AbImpression.impression_id == AbAttribution.impression_id)
            .where(AbAttribution.test_id == test.id, AbAttribution.event_type == "click")
            .group_by(AbAttribution.variant_id, phase_of)
        )
    }
    reports = []
    for index, phase in enumerate(phases):
        arms = []
        control_ctr = None
        for variant in variants:
            shown = int(lists.get((variant.id, phase.phase), 0))
            clicked = int(clicks.get((variant.id, phase.phase), 0))
            ctr = clicked / shown if shown else 0.0
            if control_ctr is None:
                control_ctr = ctr if shown else None
                lift = None
            else:
                lift = ctr / control_ctr - 1.0 if control_ctr and shown else None
            arms.append(PhaseArm(variant.name, shown, clicked, ctr, lift))
        ended = phases[index + 1].started_at.isoformat() if index + 1 < len(phases) else None
        reports.append(
            PhaseReport(phase.phase, phase.started_at.isoformat(), ended, phase.model_build, arms)
        )
    return reports
