"""Interleaving tests: both rankers serve every request, merged into one list by team draft
(Radlinski, Kurup and Joachims, "How does clickthrough data reflect retrieval quality?",
CIKM 2008); a click is credited to the ranker that placed the item, and a list "prefers" the
ranker whose items got more of its clicks. The decision is a two-sided sign test on those
preferences: under no difference each preferring list is a fair coin. The merge and the
test are ``stats.interleaving``'s; this module records who placed what and counts in SQL.

Every user sees both rankers, so the comparison is within the list, free of the variance
between users that a split test must average away: it needs far fewer users to detect the
same difference (docs/ab_testing.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from models import AbAttribution, AbImpression, AbInterleavedItem, AbTest, AbVariant
from stats.formatting import format_p_value
from stats.interleaving import interleaving_sign_test
from stats.serialize import JsonReady


def record_teams(session: Session, impression_id: str, variant_ids: Sequence[int]) -> None:
    """Which ranker (variant) placed each rank of an interleaved impression."""
    session.execute(
        AbInterleavedItem.__table__.insert(),
        [
            {"impression_id": impression_id, "position": position, "variant_id": variant_id}
            for position, variant_id in enumerate(variant_ids)
        ],
    )


@dataclass(frozen=True)
class RankerCredit(JsonReady):
    variant: str
    strategy: str
    clicks: int = 0
    lists_won: int = 0


@dataclass(frozen=True)
class InterleavingAnalysis(JsonReady):
    test_id: int
    lists: int
    lists_with_clicks: int
    ties: int
    rankers: list[RankerCredit]
    p_value: float | None
    alpha: float
    decided: bool
    leader: str | None
    text: str


def analyse(session: Session, test: AbTest, variants: Sequence[AbVariant]) -> InterleavingAnalysis:
    """Clicks per ranker and lists won per ranker, in SQL; then the sign test."""
    control, treatment = variants[0], variants[1]
    credited = (
        select(
            AbAttribution.impression_id,
            func.sum(case((AbInterleavedItem.variant_id == control.id, 1), else_=0)).label("a"),
            func.sum(case((AbInterleavedItem.variant_id == treatment.id, 1), else_=0)).label("b"),
        )
        .join(
            AbInterleavedItem,
            (AbInterleavedItem.impression_id == AbAttribution.impression_id)
            & (AbInterleavedItem.position == AbAttribution.position),
        )
        .where(AbAttribution.test_id == test.id, AbAttribution.event_type == "click")
        .group_by(AbAttribution.impression_id)
        .subquery()
    )
    row = session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(credited.c.a), 0),
            func.coalesce(func.sum(credited.c.b), 0),
            func.coalesce(func.sum(case((credited.c.a > credited.c.b, 1), else_=0)), 0),
            func.coalesce(func.sum(case((credited.c.b > credited.c.a, 1), else_=0)), 0),
        ).select_from(credited)
    ).one()
    with_clicks, clicks_a, clicks_b, wins_a, wins_b = (int(value) for value in row)
    lists = int(
        session.scalar(
            select(func.count()).select_from(AbImpression).where(AbImpression.test_id == test.id)
        )
        or 0
    )
    rankers = [
        RankerCredit(control.name, control.strategy, clicks_a, wins_a),
        RankerCredit(treatment.name, treatment.strategy, clicks_b, wins_b),
    ]
    decisive = wins_a + wins_b
    p_value = interleaving_sign_test(wins_a, wins_b, with_clicks - decisive, test.alpha).p_value
    decided = p_value is not None and p_value < test.alpha
    leader = None if wins_a == wins_b else (treatment if wins_b > wins_a else control)
    return InterleavingAnalysis(
        test_id=test.id,
        lists=lists,
        lists_with_clicks=with_clicks,
        ties=with_clicks - decisive,
        rankers=rankers,
        p_value=p_value,
        alpha=test.alpha,
        decided=decided,
        leader=leader.name if leader else None,
        text=_text(rankers, decisive, p_value, decided, leader, control, treatment),
    )


def _text(
    rankers: Sequence[RankerCredit],
    decisive: int,
    p_value: float | None,
    decided: bool,
    leader: AbVariant | None,
    control: AbVariant,
    treatment: AbVariant,
) -> str:
    if p_value is None:
        return "No list has a preference yet: the sign test needs clicks that favour a ranker."
    if leader is None:
        return (
            f"The rankers are level: each won {rankers[0].lists_won:,} of the {decisive:,} "
            f"lists with a preference ({format_p_value(p_value)}). Not decided."
        )
    won = next(r for r in rankers if r.variant == leader.name).lists_won
    share = f"{won:,} of the {decisive:,} lists with a preference ({won / decisive:.1%})"
    if decided:
        action = f"Ship {treatment.name}." if leader is treatment else f"Keep {control.name}."
        return (
            f"Decided by the sign test: {leader.name}'s ranker ({leader.strategy}) is better, "
            f"winning {share}, {format_p_value(p_value)}. {action}"
        )
    return (
        f"Not decided yet by the sign test: {leader.name}'s ranker ({leader.strategy}) is "
        f"ahead, winning {share}, {format_p_value(p_value)}."
    )
