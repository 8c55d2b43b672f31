"""The re-rank stage: business rules applied to a strategy's candidates (pure NumPy).

Every answer is made in two stages: a strategy ranks candidates (``RerankRules.candidates``
of them, 200 by default), then ``rerank`` turns them into the served order:

1. **relevance**: the strategy's scores min-max normalised over the candidates (best 1,
   weakest 0), capped so it never rises down the strategy's own order (a fill appended
   after the model's items stays after them). With every rule off the order is the
   strategy's.
2. **buy again** (``buy_again``, opt-in): an item the shopper bought comes back once the
   days since their last purchase reach the item's repurchase interval (learnt by
   ``repurchase_intervals``: the median gap between repeat purchases of the same user;
   ``repurchase_default_days`` where unknown; never for items nobody rebuys), with
   relevance ``buy_again_score``.
3. **upsell** (``upsell``, 0 = off): relevance x (1 + upsell) for items priced above the
   shopper's average price.
4. **price sensitivity**: relevance x ``price_demotion`` for items priced above
   ``price_ratio`` x the shopper's average price (1 = off).
5. **diversity** (``diversity``, maximal marginal relevance's lambda, 1 = off): each next
   item maximises ``lambda x relevance - (1 - lambda) x its highest similarity to an item
   already placed``; similarity = half for the same category plus half the Jaccard overlap
   of the title words, so near-duplicates and same-category runs are pushed apart.

The served ``relevance`` is the final value divided by the best one: 1 for the top item of
the whole ranking (page 1's first item), 0..1 below. With diversity on the order also
weighs novelty, so relevance need not fall monotonically down the list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

SEGMENTS = ("small", "low-average", "average", "high")
MAX_CANDIDATES = 500

# The numeric rules' inclusive bounds, checked whenever rules are made.
RULE_BOUNDS: dict[str, tuple[float, float]] = {
    "candidates": (1, MAX_CANDIDATES),
    "buy_again_score": (0.0, 1.0),
    "repurchase_default_days": (0.0, 3650.0),
    "upsell": (0.0, 10.0),
    "price_ratio": (1.0, 1000.0),
    "price_demotion": (0.0, 1.0),
    "diversity": (0.0, 1.0),
}


@dataclass(frozen=True)
class RerankRules:
    """The rules' settings; config.py holds the defaults, a request or an A/B variant's
    ``rerank`` dict overrides any of them (``updated``)."""

    candidates: int = 200
    buy_again: bool = False
    buy_again_score: float = 0.5
    repurchase_default_days: float = 30.0
    upsell: float = 0.0
    price_ratio: float = 1.5
    price_demotion: float = 0.85
    diversity: float = 1.0

    def __post_init__(self) -> None:
        for name, (low, high) in RULE_BOUNDS.items():
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"re-rank setting {name} must be a number, not {value!r}")
            if not (np.isfinite(value) and low <= value <= high):
                raise ValueError(
                    f"re-rank setting {name} must be within {low}..{high}, not {value}"
                )
        if not isinstance(self.buy_again, bool):
            raise ValueError(
                f"re-rank setting buy_again must be true or false, not {self.buy_again!r}"
            )
        if not isinstance(self.candidates, int):
            raise ValueError(
                f"re-rank setting candidates must be an integer, not {self.candidates!r}"
            )

    def updated(self, overrides: Mapping[str, Any] | None) -> RerankRules:
        """These rules with ``overrides`` (None values ignored); an unknown name or a value
        out of range raises ``ValueError`` naming it."""
        if not overrides:
            return self
        known = {f.name for f in fields(self)}
        unknown = sorted(set(overrides) - known)
        if unknown:
            raise ValueError(f"unknown re-rank settings {unknown}; known: {sorted(known)}")
        changes = {name: value for name, value in overrides.items() if value is not None}
        return replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ItemTable:
    """What the rules read per catalogue row: price, category code, title words."""

    item_ids: list[str]
    prices: np.ndarray  # float64, NaN = no price
    category_codes: np.ndarray  # int64
    words: sparse.csr_matrix  # rows x vocabulary, 1 where the title has the word

    @classmethod
    def build(
        cls,
        item_ids: list[str],
        titles: Sequence[str],
        categories: Sequence[str],
        prices: np.ndarray,
    ) -> ItemTable:
        _, codes = np.unique(np.asarray(categories, dtype=object).astype(str), return_inverse=True)
        vectoriser = CountVectorizer(binary=True, token_pattern=r"(?u)\b\w+\b")
        try:
            words = sparse.csr_matrix(vectoriser.fit_transform(list(titles)), dtype=np.float64)
        except ValueError:  # not one word in any title
            words = sparse.csr_matrix((len(item_ids), 1))
        return cls(
            list(item_ids), np.asarray(prices, dtype=np.float64), codes.astype(np.int64), words
        )

    def __len__(self) -> int:
        return len(self.item_ids)


@dataclass(frozen=True)
class Shopper:
    """One user as the rules see them."""

    average_price: float  # NaN when unknown
    bought_rows: np.ndarray  # catalogue rows they purchased
    days_since_bought: np.ndarray  # days since their last purchase of each of bought_rows

    @classmethod
    def anonymous(cls) -> Shopper:
        return cls(np.nan, np.zeros(0, dtype=np.int64), np.zeros(0))


@dataclass(frozen=True)
class Ranking:
    rows: np.ndarray  # catalogue rows, served order
    relevance: np.ndarray  # 0..1, see the module docstring
    buy_again: np.ndarray  # bool: returned by the repurchase rule
    candidate: np.ndarray  # index into the candidates given, -1 for buy-again items


def normalise(scores: np.ndarray) -> np.ndarray:
    """Min-max to 0..1 (all equal: all 1), then never rising down the given order."""
    scores = np.asarray(scores, dtype=np.float64)
    if len(scores) == 0:
        return scores
    finite = np.where(np.isfinite(scores), scores, np.nan)
    low, high = np.nanmin(finite, initial=np.inf), np.nanmax(finite, initial=-np.inf)
    if not np.isfinite(high) or high <= low:
        relevance = np.ones(len(scores))
    else:
        relevance = np.nan_to_num((finite - low) / (high - low), nan=0.0)
    return np.minimum.accumulate(relevance)


def due_repurchases(shopper: Shopper, intervals: np.ndarray, default_days: float) -> np.ndarray:
    """The rows of ``shopper.bought_rows`` whose repurchase interval has passed.
    ``intervals``: days per catalogue row, NaN unknown (``default_days`` applies), inf for
    items nobody rebuys."""
    rows = shopper.bought_rows
    known = rows < len(intervals)
    interval = np.full(len(rows), default_days)
    interval[known] = np.where(
        np.isnan(intervals[rows[known]]), default_days, intervals[rows[known]]
    )
    return rows[shopper.days_since_bought >= interval]


def price_factors(prices: np.ndarray, shopper: Shopper, rules: RerankRules) -> np.ndarray:
    """Upsell boost and price-sensitivity demotion per item (1 where neither applies)."""
    factors = np.ones(len(prices))
    average = shopper.average_price
    if not (np.isfinite(average) and average > 0):
        return factors
    with np.errstate(invalid="ignore"):
        factors[prices > average] *= 1.0 + rules.upsell
        factors[prices > rules.price_ratio * average] *= rules.price_demotion
    return factors


class Similarity:
    """Pairwise among candidates ``rows``: 0.5 x same category + 0.5 x the Jaccard overlap
    of their title words, a row at a time (MMR needs only the rows of the items it places)."""

    def __init__(self, table: ItemTable, rows: np.ndarray) -> None:
        self.categories = table.category_codes[rows]
        words = table.words[rows]
        # Dense over the words these candidates use: a few hundred columns at most.
        columns, positions = np.unique(words.indices, return_inverse=True)
        self.words = np.zeros((len(rows), len(columns)), dtype=np.float32)
        self.words[np.repeat(np.arange(len(rows)), np.diff(words.indptr)), positions] = 1.0
        self.sizes = self.words.sum(axis=1)

    def row(self, j: int) -> np.ndarray:
        shared = self.words @ self.words[j]
        union = self.sizes + self.sizes[j] - shared
        jaccard = np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)
        same_category = self.categories == self.categories[j]
        similarity: np.ndarray = 0.5 * same_category + 0.5 * jaccard.astype(np.float64)
        return similarity


def similarity(table: ItemTable, rows: np.ndarray) -> np.ndarray:
    """The whole pairwise matrix (``Similarity`` row by row)."""
    pairs = Similarity(table, rows)
    return np.array([pairs.row(j) for j in range(len(rows))]).reshape(len(rows), len(rows))


def mmr_order(
    relevance: np.ndarray, sim: Similarity | np.ndarray, lam: float, k: int
) -> np.ndarray:
    """Maximal marginal relevance: ``k`` indices, greedily (ties: the lower index)."""
    m = len(relevance)
    k = min(k, m)
    row = sim.row if isinstance(sim, Similarity) else sim.__getitem__
    order = np.empty(k, dtype=np.int64)
    taken = np.zeros(m, dtype=bool)
    closest = np.zeros(m)
    for position in range(k):  # one step per served position, each vectorised
        value = np.where(taken, -np.inf, lam * relevance - (1.0 - lam) * closest)
        chosen = int(np.argmax(value))
        order[position] = chosen
        taken[chosen] = True
        closest = np.maximum(closest, row(chosen))
    return order


def rerank(
    rows: np.ndarray,
    scores: np.ndarray,
    table: ItemTable,
    rules: RerankRules,
    k: int,
    shopper: Shopper | None = None,
    intervals: np.ndarray | None = None,
    allowed: np.ndarray | None = None,
) -> Ranking:
    """The first ``k`` of the served order of candidates ``rows`` (catalogue rows, the
    strategy's order) with the strategy's ``scores``. ``allowed`` (a mask over catalogue
    rows) bounds the buy-again items as the request's filters bound the candidates."""
    shopper = shopper or Shopper.anonymous()
    rows = np.asarray(rows, dtype=np.int64)
    relevance = normalise(scores)
    candidate = np.arange(len(rows))
    again = np.zeros(len(rows), dtype=bool)
    if rules.buy_again and len(shopper.bought_rows):
        due = due_repurchases(
            shopper,
            intervals if intervals is not None else np.zeros(0),
            rules.repurchase_default_days,
        )
        if allowed is not None:
            # Rows past the mask are newer items: allowed, as in Recommender.recommend.
            inside = due < len(allowed)
            due = np.concatenate([due[inside][allowed[due[inside]]], due[~inside]])
        due = np.setdiff1d(due, rows)
        rows = np.concatenate([rows, due])
        relevance = np.concatenate([relevance, np.full(len(due), rules.buy_again_score)])
        candidate = np.concatenate([candidate, np.full(len(due), -1)])
        again = np.concatenate([again, np.ones(len(due), dtype=bool)])
    adjusted = relevance * price_factors(table.prices[rows], shopper, rules)
    best = adjusted.max(initial=0.0)
    if best > 0:
        adjusted = adjusted / best
    if rules.diversity < 1.0 and len(rows) > 1:
        order = mmr_order(adjusted, Similarity(table, rows), rules.diversity, k)
    else:
        # Stable: equal values keep the strategy's order.
        order = np.argsort(-adjusted, kind="stable")[:k]
    return Ranking(rows[order], adjusted[order], again[order], candidate[order])


def repurchase_intervals(
    user_codes: np.ndarray,
    item_rows: np.ndarray,
    days: np.ndarray,
    buyers: np.ndarray,
    min_buyers: int = 5,
) -> np.ndarray:
    """Typical days between repeat purchases of each item by the same user: the median gap;
    purchases on the same day count once (one basket). ``user_codes``, ``item_rows``,
    ``days`` (any epoch): purchases (those of pairs bought once may be left out);
    ``buyers``: distinct buyers per item. NaN where unknown (fewer than ``min_buyers``
    buyers and no repeat), inf where at least ``min_buyers`` bought it and nobody again."""
    buyers = np.asarray(buyers)
    intervals = np.full(len(buyers), np.nan)
    intervals[buyers >= min_buyers] = np.inf
    if len(item_rows) == 0:
        return intervals
    day = np.floor(np.asarray(days, dtype=np.float64))
    pairs = np.unique(np.column_stack([np.asarray(user_codes), np.asarray(item_rows), day]), axis=0)
    users, items, day = pairs[:, 0], pairs[:, 1].astype(np.int64), pairs[:, 2]
    # np.unique sorted by (user, item, day): consecutive rows of a pair are its purchases.
    repeat = (users[1:] == users[:-1]) & (items[1:] == items[:-1])
    gap_items, gaps = items[1:][repeat], np.diff(day)[repeat]
    if len(gaps):
        order = np.lexsort((gaps, gap_items))
        gap_items, gaps = gap_items[order], gaps[order]
        counts = np.bincount(gap_items, minlength=len(buyers))
        starts = np.cumsum(counts) - counts
        have = np.flatnonzero(counts)
        low = starts[have] + (counts[have] - 1) // 2
        high = starts[have] + counts[have] // 2
        intervals[have] = (gaps[low] + gaps[high]) / 2.0
    return intervals


def spending_cutoffs(spending: np.ndarray) -> np.ndarray:
    """The 25th, 50th and 75th percentiles of the buyers' spending (linear interpolation);
    empty when nobody bought anything."""
    spending = np.asarray(spending, dtype=np.float64)
    spending = spending[spending > 0]
    if len(spending) == 0:
        return np.zeros(0)
    quartiles: np.ndarray = np.quantile(spending, [0.25, 0.5, 0.75])
    return quartiles


def segment_of(spent: float, cutoffs: np.ndarray) -> str | None:
    """The spending quartile: small (<= 25th percentile), low-average (<= median), average
    (<= 75th), high; None for a user who bought nothing (or when nobody did)."""
    if not spent > 0 or len(cutoffs) == 0:
        return None
    return SEGMENTS[int(np.searchsorted(cutoffs, spent, side="left"))]


def segment_bounds(segment: str, cutoffs: np.ndarray) -> tuple[float, float]:
    """(low, high]: the spending range of ``segment``."""
    edges = np.concatenate([[0.0], cutoffs, [np.inf]])
    index = SEGMENTS.index(segment)
    return float(edges[index]), float(edges[index + 1])
