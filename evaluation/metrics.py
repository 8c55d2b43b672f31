"""EVALUATION.md section 3: ranking metrics with binary relevance, vectorised over users,
and the beyond-accuracy figures of the lists themselves (coverage, diversity, novelty,
personalisation).

``hits[u, k]`` is True when user u's rank-(k+1) item is relevant; ``n_relevant[u]`` is how
many relevant items u has. Each ranking function returns one value per user.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import numpy as np
from scipy import sparse

from stats.metrics import catalog_coverage, intra_list_diversity, novelty

DEPTH = 20


def hit_matrix(
    ranked: Sequence[Sequence[str]], relevant: Sequence[set[str]], depth: int = DEPTH
) -> np.ndarray:
    hits = np.zeros((len(ranked), depth), dtype=bool)
    for row, (items, wanted) in enumerate(zip(ranked, relevant, strict=True)):
        for rank, item in enumerate(items[:depth]):
            hits[row, rank] = item in wanted
    return hits


def ndcg(hits: np.ndarray, n_relevant: np.ndarray, k: int) -> np.ndarray:
    discounts = 1.0 / np.log2(np.arange(2, k + 2))
    dcg = hits[:, :k] @ discounts
    ideal = np.cumsum(discounts)[np.minimum(n_relevant, k) - 1]
    gains: np.ndarray = dcg / ideal
    return gains


def recall(hits: np.ndarray, n_relevant: np.ndarray, k: int) -> np.ndarray:
    recalled: np.ndarray = hits[:, :k].sum(axis=1) / np.minimum(n_relevant, k)
    return recalled


def hit_rate(hits: np.ndarray, k: int) -> np.ndarray:
    return np.asarray(hits[:, :k].any(axis=1), dtype=np.float64)


def mrr(hits: np.ndarray, k: int) -> np.ndarray:
    top = hits[:, :k]
    first = top.argmax(axis=1)
    reciprocal_ranks: np.ndarray = np.where(top.any(axis=1), 1.0 / (first + 1), 0.0)
    return reciprocal_ranks


def average_precision(hits: np.ndarray, n_relevant: np.ndarray, k: int) -> np.ndarray:
    top = hits[:, :k].astype(np.float64)
    precision = np.cumsum(top, axis=1) / np.arange(1, k + 1)
    precisions: np.ndarray = (precision * top).sum(axis=1) / np.minimum(n_relevant, k)
    return precisions


def coverage(
    top_lists: Sequence[Sequence[str]], train_items: Collection[str], k: int = 10
) -> float:
    """Share of the train items shown in some top-``k`` list. Items the model could show
    that train never held (cold items) are not counted, so the figure never exceeds 1."""
    if not train_items:
        return 0.0
    known = set(train_items)
    return catalog_coverage(
        ([item for item in items[:k] if item in known] for items in top_lists), len(known)
    )


def mean_intra_list_diversity(
    top_lists: Sequence[Sequence[str]],
    item_vectors: sparse.csr_array,
    item_index: Mapping[str, int],
    k: int = 10,
) -> float:
    """Mean over lists of the mean pairwise cosine distance among the top-``k`` items
    (``stats.metrics.intra_list_diversity``); an item without a vector is unlike all."""
    # One all-zero row at the end stands for every item without a vector.
    padded = sparse.csr_array(
        sparse.vstack([item_vectors, sparse.csr_array((1, item_vectors.shape[1]))])
    )
    blank = padded.shape[0] - 1
    values = [
        intra_list_diversity(padded[[item_index.get(i, blank) for i in items[:k]]])
        for items in top_lists
        if len(items[:k]) >= 2
    ]
    return float(np.mean(values)) if values else 0.0


def mean_novelty(
    top_lists: Sequence[Sequence[str]], train_users_per_item: Mapping[str, int], k: int = 10
) -> float:
    """Mean self-information of the items shown (``stats.metrics.novelty``): the rarer an
    item was in train, the more novel; a cold item counts as seen once."""
    return novelty([items[:k] for items in top_lists], train_users_per_item)


def personalisation(top_lists: Sequence[Sequence[str]], k: int = 10) -> float:
    """1 - the mean cosine similarity between two users' top-``k`` lists (as binary item
    vectors), over all pairs of users: 0 = everyone gets the same list, 1 = no overlap.

    The sum over pairs u != v of x_u . x_v (x = a list's unit vector) equals
    ||sum of x||^2 - (number of lists), so no users x users matrix is built."""
    lists = [list(dict.fromkeys(items[:k])) for items in top_lists]
    lists = [items for items in lists if items]
    if len(lists) < 2:
        return 0.0
    index: dict[str, int] = {}
    columns = [index.setdefault(item, len(index)) for items in lists for item in items]
    lengths = np.array([len(items) for items in lists])
    total = np.bincount(columns, weights=np.repeat(1.0 / np.sqrt(lengths), lengths))
    pairs = len(lists) * (len(lists) - 1)
    return float(1.0 - (total @ total - len(lists)) / pairs)


def ranking_metrics(hits: np.ndarray, n_relevant: np.ndarray) -> dict[str, float]:
    """The protocol's means over users (an empty set of users gives zeros)."""
    if len(hits) == 0:
        return dict.fromkeys(("ndcg@10", "recall@20", "hr@10", "mrr@10", "map@10"), 0.0)
    n_relevant = np.asarray(n_relevant)
    return {
        "ndcg@10": float(ndcg(hits, n_relevant, 10).mean()),
        "recall@20": float(recall(hits, n_relevant, 20).mean()),
        "hr@10": float(hit_rate(hits, 10).mean()),
        "mrr@10": float(mrr(hits, 10).mean()),
        "map@10": float(average_precision(hits, n_relevant, 10).mean()),
    }
