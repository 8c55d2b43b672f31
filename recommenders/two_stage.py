"""A user's served order in two stages: the strategy's candidates, then the re-rank rules
(rerank.py). The storefront serves it and the offline evaluation measures it with these
same decisions, so the figures it reports are the figures a storefront gets.

- The strategy is asked for ``rules.candidates`` items (at least the page's depth + 1).
- A strategy whose evidence runs out before that pads its list with popular items
  (``popular_fill``); such a user's strategy is asked again for depth + 1 only, so the fills
  the strategy defines keep their places (a deep popular fill would take the places of the
  items its cold-item fill puts after the list).
- Items a strategy appends after its own list (the CF cold-item fill) are ranked apart,
  without buy-again, and follow the list.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

import numpy as np

from recommenders.base import Recommender, Scored
from recommenders.cf import COLD_ITEM_FILL
from recommenders.rerank import MAX_CANDIDATES, ItemTable, RerankRules, Shopper, rerank
from recommenders.scoring import POPULAR_FILL

EXTRA_PATHS = frozenset({COLD_ITEM_FILL})


def candidate_count(rules: RerankRules, depth: int) -> int:
    """How many candidates to ask the strategy for, for a page ending at ``depth``."""
    return min(max(rules.candidates, depth + 1), MAX_CANDIDATES)


def asks_again(sources: Iterable[str], asked: int, depth: int) -> bool:
    """Whether an answer of ``asked`` candidates with these ``sources`` (``Scored.source``
    per item) is to be asked again for depth + 1: its evidence ran out before the
    candidates did."""
    return asked > depth + 1 and POPULAR_FILL in set(sources)


def is_extra(source: str) -> bool:
    """An item the strategy appends after its own list."""
    return source in EXTRA_PATHS


def served_top(
    model: Recommender,
    user_id: str,
    k: int,
    table: ItemTable,
    index: Mapping[str, int],
    rules: RerankRules,
    shopper: Shopper | None = None,
    intervals: np.ndarray | None = None,
) -> list[str]:
    """The first ``k`` item ids the storefront serves ``user_id`` from ``model`` (no
    request filters, first page): what an evaluation of the served pipeline ranks."""
    asked = candidate_count(rules, k)
    answer = model.recommend(user_id, n=asked, explain=False)
    if asks_again((s.source for s in answer), asked, k):
        answer = model.recommend(user_id, n=k + 1, explain=False)
    main = [s for s in answer if not is_extra(s.source)]
    extra = [s for s in answer if is_extra(s.source)]
    ranked = _ordered(main, k, table, index, rules, shopper, intervals)
    if extra:
        ranked += _ordered(extra, k, table, index, replace(rules, buy_again=False), shopper)
    return ranked[:k]


def _ordered(
    answer: Sequence[Scored],
    k: int,
    table: ItemTable,
    index: Mapping[str, int],
    rules: RerankRules,
    shopper: Shopper | None,
    intervals: np.ndarray | None = None,
) -> list[str]:
    kept = [s for s in answer if s.item_id in index]
    rows = np.array([index[s.item_id] for s in kept], dtype=np.int64)
    scores = np.array([s.score for s in kept], dtype=np.float64)
    ranking = rerank(rows, scores, table, rules, k + 1, shopper, intervals)
    return [table.item_ids[row] for row in ranking.rows[:k]]
