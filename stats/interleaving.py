"""Interleaving: two rankers merged into one list per request, judged by whose items get clicked.

Team draft (Radlinski, Kurup and Joachims, CIKM 2008): the team with fewer picks so far (a
coin flip when level) adds its highest-ranked item not yet in the list; each item remembers
the team that placed it. An impression is a win for the team whose items got more clicks,
a tie otherwise; ties (including no clicks) carry no preference. Under "no difference" each
decisive impression is a fair coin, so the decision is a two-sided sign (binomial) test.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats as sps

from stats.serialize import JsonReady

Team = Literal["a", "b"]
NO_DECISIVE_IMPRESSIONS = "no impression had more clicks on one ranker's items than the other's"


@dataclass(frozen=True)
class InterleavedList(JsonReady):
    """The merged list and, position by position, the team (``"a"`` or ``"b"``) that placed it."""

    items: list[Hashable]
    teams: list[Team]


def team_draft_interleave(
    ranking_a: Sequence[Hashable],
    ranking_b: Sequence[Hashable],
    length: int | None = None,
    seed: int | np.random.SeedSequence | None = None,
) -> InterleavedList:
    """Merge two rankings by team draft; the same ``seed`` always gives the same list.

    ``length`` defaults to every distinct item of both rankings. Each ranking must list an
    item at most once.
    """
    for name, ranking in (("ranking_a", ranking_a), ("ranking_b", ranking_b)):
        if len(set(ranking)) != len(ranking):
            raise ValueError(f"{name} lists an item more than once")
    distinct = len(set(ranking_a) | set(ranking_b))
    length = distinct if length is None else length
    if length < 0:
        raise ValueError("length must be >= 0")
    length = min(length, distinct)
    rng = np.random.default_rng(seed)
    rankings: dict[Team, Sequence[Hashable]] = {"a": ranking_a, "b": ranking_b}
    cursor: dict[Team, int] = {"a": 0, "b": 0}
    picks: dict[Team, int] = {"a": 0, "b": 0}
    items: list[Hashable] = []
    teams: list[Team] = []
    placed: set[Hashable] = set()

    def next_item(team: Team) -> Hashable | None:
        ranking = rankings[team]
        while cursor[team] < len(ranking) and ranking[cursor[team]] in placed:
            cursor[team] += 1
        return ranking[cursor[team]] if cursor[team] < len(ranking) else None

    while len(items) < length:
        if picks["a"] != picks["b"]:
            team: Team = "a" if picks["a"] < picks["b"] else "b"
        else:
            team = "a" if rng.random() < 0.5 else "b"
        item = next_item(team)
        if item is None:  # this ranker has run out: the other one fills the list
            team = "b" if team == "a" else "a"
            item = next_item(team)
        assert item is not None  # fewer than `distinct` items placed, so one remains
        items.append(item)
        teams.append(team)
        placed.add(item)
        picks[team] += 1
    return InterleavedList(items, teams)


@dataclass(frozen=True)
class InterleavingOutcomes(JsonReady):
    wins_a: int
    wins_b: int
    ties: int


def impression_outcomes(team_is_b: ArrayLike, clicks: ArrayLike) -> InterleavingOutcomes:
    """Wins and ties over impressions from (impressions x positions) arrays: whether ranker B
    placed each position, and the clicks on it (0 for positions not shown)."""
    placed_by_b = np.asarray(team_is_b, dtype=bool)
    clicked = np.asarray(clicks, dtype=float)
    if placed_by_b.shape != clicked.shape or placed_by_b.ndim != 2:
        raise ValueError("give one row per impression and one column per position, for both")
    if np.any(clicked < 0) or not np.all(np.isfinite(clicked)):
        raise ValueError("clicks are counts, >= 0")
    for_b = (clicked * placed_by_b).sum(axis=1)
    for_a = (clicked * ~placed_by_b).sum(axis=1)
    wins_b = int(np.count_nonzero(for_b > for_a))
    wins_a = int(np.count_nonzero(for_a > for_b))
    return InterleavingOutcomes(wins_a, wins_b, int(placed_by_b.shape[0]) - wins_a - wins_b)


@dataclass(frozen=True)
class SignTestResult(JsonReady):
    """``preference_for_b`` is ``(wins_b - wins_a) / impressions`` (the usual Delta_AB, from
    B's side); ``share_b`` is B's share of the decisive impressions, with its exact
    (Clopper-Pearson) interval. ``p_value`` is the two-sided binomial test of ``share_b = 0.5``.
    """

    wins_a: int
    wins_b: int
    ties: int
    preference_for_b: float | None
    share_b: float | None
    share_b_ci_low: float | None
    share_b_ci_high: float | None
    p_value: float | None
    degenerate: str | None = None


def interleaving_sign_test(
    wins_a: int, wins_b: int, ties: int = 0, alpha: float = 0.05
) -> SignTestResult:
    """Exact two-sided sign test on the decisive impressions (ties carry no preference)."""
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha must lie strictly between 0 and 1, got {alpha!r}")
    for name, value in (("wins_a", wins_a), ("wins_b", wins_b), ("ties", ties)):
        if value < 0 or int(value) != value:
            raise ValueError(f"{name} must be a non-negative whole number, got {value!r}")
    decisive = int(wins_a + wins_b)
    total = decisive + int(ties)
    if decisive == 0:
        preference = 0.0 if total else None
        return SignTestResult(
            int(wins_a),
            int(wins_b),
            int(ties),
            preference,
            None,
            None,
            None,
            None,
            NO_DECISIVE_IMPRESSIONS,
        )
    test = sps.binomtest(int(wins_b), decisive, 0.5)
    interval = test.proportion_ci(confidence_level=1.0 - alpha, method="exact")
    return SignTestResult(
        wins_a=int(wins_a),
        wins_b=int(wins_b),
        ties=int(ties),
        preference_for_b=(wins_b - wins_a) / total,
        share_b=wins_b / decisive,
        share_b_ci_low=float(interval.low),
        share_b_ci_high=float(interval.high),
        p_value=float(test.pvalue),
    )
