"""Pure KPI functions: rates per exposed user and the quality of the lists served.

Rates over an empty denominator are 0.0 (nothing shown, nothing clicked), so dashboards
never show NaN; the statistics modules report such cases with a named reason instead.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

import numpy as np
from scipy import sparse

Item = TypeVar("Item", bound=Hashable)


def _rate(numerator: float, denominator: float) -> float:
    if denominator < 0 or numerator < 0:
        raise ValueError("counts cannot be negative")
    return 0.0 if denominator == 0 else numerator / denominator


def click_through_rate(clicks: int, impressions: int) -> float:
    """Clicks per impression (a list shown counts once however many items it held)."""
    return _rate(clicks, impressions)


def conversion_rate(converted_users: int, exposed_users: int) -> float:
    """Share of exposed users who purchased at least once."""
    return _rate(converted_users, exposed_users)


def revenue_per_user(revenue: float, exposed_users: int) -> float:
    """Revenue per exposed user (users who bought nothing count as zero)."""
    if exposed_users < 0:
        raise ValueError("counts cannot be negative")
    return 0.0 if exposed_users == 0 else revenue / exposed_users


def mean_engagement_seconds(total_seconds: float, exposed_users: int) -> float:
    return _rate(total_seconds, exposed_users)


def intra_list_diversity(item_vectors: np.ndarray | sparse.spmatrix | sparse.sparray) -> float:
    """Mean pairwise cosine distance ``1 - cos`` among the items of one list.

    ``item_vectors`` has one row per recommended item (TF-IDF, categories, ...). A list of
    fewer than two items has no pairs and a diversity of 0.0; an all-zero row is treated as
    unlike everything (distance 1).
    """
    rows = sparse.csr_array(item_vectors, dtype=float)
    k = rows.shape[0]
    if k < 2:
        return 0.0
    norms = np.sqrt(np.asarray(rows.multiply(rows).sum(axis=1)).ravel())
    inverse = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    unit = sparse.diags_array(inverse) @ rows
    similarity = (unit @ unit.T).toarray()
    pair_similarity_sum = similarity.sum() - np.trace(similarity)
    return float(1.0 - pair_similarity_sum / (k * (k - 1)))


def catalog_coverage(recommended_lists: Iterable[Iterable[Hashable]], catalog_size: int) -> float:
    """Share of the catalogue that appears in at least one recommended list."""
    if catalog_size <= 0:
        raise ValueError("catalog_size must be positive")
    shown: set[Hashable] = set()
    for items in recommended_lists:
        shown.update(items)
    if len(shown) > catalog_size:
        raise ValueError("more distinct items were recommended than the catalogue holds")
    return len(shown) / catalog_size


def novelty(
    recommended_lists: Sequence[Sequence[Item]], item_popularity: Mapping[Item, int]
) -> float:
    """Mean self-information ``-log2(share of users who interacted with the item)``.

    ``item_popularity`` maps items to interaction counts; unseen items count as one
    interaction (the most novel an item can be) so the figure stays finite.
    """
    total = sum(item_popularity.values())
    if total <= 0:
        raise ValueError("item_popularity must hold at least one interaction")
    counts = Counter(item for items in recommended_lists for item in items)
    shown = sum(counts.values())
    if shown == 0:
        return 0.0
    information = sum(
        times * -math.log2(max(item_popularity.get(item, 0), 1) / total)
        for item, times in counts.items()
    )
    return information / shown
