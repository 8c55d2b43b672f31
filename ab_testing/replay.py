"""Offline replay: the CTR a strategy would have had on a test's own logged traffic, by
inverse propensity scoring (IPS) and its self-normalised form (SNIPS).

The logging policy is the test's assignment: a user's lists come from their arm, drawn with
the probability stored on the assignment (``assignment_probability``: the arm's share then,
which the bandit moves in adaptive tests). The target policy "serve strategy S" agrees with
the log on every list an arm running S served, so with ``w = 1 / p`` on those lists

    IPS   = sum(w * clicks) / lists logged          (unbiased)
    SNIPS = sum(w * clicks) / sum(w * lists)        (lower variance, slightly biased)

The user is the unit that was randomised, so both are ratios of per-user sums, and their
intervals come from the delta method over users (lists of one user are not independent):
``stats.replay.replay_ctr`` with each user's lists as ``impressions``.
A strategy no arm served has no support in the log: no estimate, and the answer says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AbAssignment, AbTest, AbUserTotals, AbVariant
from stats.replay import ReplayEstimate, replay_ctr
from stats.serialize import JsonReady


@dataclass(frozen=True)
class Replay(JsonReady):
    test_id: int
    strategy: str
    served_by: list[str]
    users: int
    lists: int
    matched_users: int
    matched_lists: int
    alpha: float
    ips: ReplayEstimate | None
    snips: ReplayEstimate | None
    effective_sample_size: float | None
    reason: str | None


def replay(session: Session, test: AbTest, strategy: str, alpha: float = 0.05) -> Replay:
    rows = session.execute(
        select(
            AbVariant.name,
            AbVariant.strategy,
            AbAssignment.assignment_probability,
            AbUserTotals.impressions,
            AbUserTotals.clicks,
        )
        .join(AbVariant, AbVariant.id == AbUserTotals.variant_id)
        .join(
            AbAssignment,
            (AbAssignment.test_id == AbUserTotals.test_id)
            & (AbAssignment.user_id == AbUserTotals.user_id),
        )
        .where(AbUserTotals.test_id == test.id, AbUserTotals.impressions > 0)
    ).all()
    served_by = [
        name
        for name, arm_strategy in session.execute(
            select(AbVariant.name, AbVariant.strategy)
            .where(AbVariant.test_id == test.id)
            .order_by(AbVariant.position)
        )
        if arm_strategy == strategy
    ]
    lists = np.array([row.impressions for row in rows], dtype=float)
    match = np.array([row.strategy == strategy for row in rows], dtype=bool)
    probability = np.array([row.assignment_probability or 1.0 for row in rows], dtype=float)
    clicks = np.array([row.clicks for row in rows], dtype=float)
    replay = partial(
        Replay,
        test_id=test.id,
        strategy=strategy,
        served_by=served_by,
        users=len(rows),
        lists=int(lists.sum()),
        matched_users=int(match.sum()),
        matched_lists=int(lists[match].sum()),
        alpha=alpha,
    )
    if not match.any():
        reason = (
            "no arm of this test served this strategy, so its logged traffic has no support "
            "for it: IPS needs lists the strategy itself served"
            if not served_by
            else "no user of the arms serving this strategy has been shown a list yet"
        )
        return replay(ips=None, snips=None, effective_sample_size=None, reason=reason)
    estimates = replay_ctr(probability, clicks, match, alpha, impressions=lists)
    return replay(
        ips=estimates.ips,
        snips=estimates.snips,
        effective_sample_size=estimates.snips.effective_sample_size,
        reason=None,
    )
