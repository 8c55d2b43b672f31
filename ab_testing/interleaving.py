"""Interleaving tests: both rankers serve every request, merged into one list by team draft
(Radlinski, Kurup and Joachims, "How does clickthrough data reflect retrieval quality?",
CIKM 2008); a click is credited to the ranker that placed the item, and a list "prefers" the
ranker whose items got more of its clicks. The decision is a two-sided sign test on those
preferences: under no difference each preferring list is a fair coin.

Every user sees both rankers, so the comparison is within the list, free of the variance
between users that a split test must average away: it needs far fewer users to detect the
same difference (docs/ab_testing.md).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from scipy import stats as sps
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from models import AbAttribution, AbImpression, AbInterleavedItem, AbTest, AbVariant
from stats.formatting import format_p_value
from stats.serialize import JsonReady


def team_draft(
    first: Sequence[str], second: Sequence[str], length: int, rng: random.Random
) -> tuple[list[str], list[int]]:
    """Merge two rankings into at most ``length`` items and say which (0 or 1) placed each.

    Each round the team with fewer picks (a coin flip when even) adds its best item not yet
    in the list; a team that runs out leaves the rest to the other. (A local form: the
    statistics engine's team-draft function replaces it when ready.)"""
    rankings = (list(first), list(second))
    merged: list[str] = []
    teams: list[int] = []
    taken: set[str] = set()
    picks = [0, 0]
    cursor = [0, 0]

    def next_of(team: int) -> str | None:
        ranking = rankings[team]
        while cursor[team] < len(ranking) and ranking[cursor[team]] in taken:
            cursor[team] += 1
        return ranking[cursor[team]] if cursor[team] < len(ranking) else None

    while len(merged) < length:
        if picks[0] != picks[1]:
            team = 0 if picks[0] < picks[1] else 1
        else:
            team = rng.randrange(2)
        item = next_of(team)
        if item is None:
            team = 1 - team
            item = next_of(team)
            if item is None:
                break
        merged.append(item)
        teams.append(team)
        taken.add(item)
        picks[team] += 1
    return merged, teams


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
    p_value = float(sps.binomtest(wins_b, decisive, 0.5).pvalue) if decisive else None
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
