"""EVALUATION.md section 3: ranking metrics with binary relevance, vectorised over users.

``hits[u, k]`` is True when user u's rank-(k+1) item is relevant; ``n_relevant[u]`` is how
many relevant items u has. Each function returns one value per user.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

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
    return dcg / ideal


def recall(hits: np.ndarray, n_relevant: np.ndarray, k: int) -> np.ndarray:
    return hits[:, :k].sum(axis=1) / np.minimum(n_relevant, k)


def hit_rate(hits: np.ndarray, k: int) -> np.ndarray:
    return hits[:, :k].any(axis=1).astype(np.float64)


def mrr(hits: np.ndarray, k: int) -> np.ndarray:
    top = hits[:, :k]
    first = top.argmax(axis=1)
    return np.where(top.any(axis=1), 1.0 / (first + 1), 0.0)


def average_precision(hits: np.ndarray, n_relevant: np.ndarray, k: int) -> np.ndarray:
    top = hits[:, :k].astype(np.float64)
    precision = np.cumsum(top, axis=1) / np.arange(1, k + 1)
    return (precision * top).sum(axis=1) / np.minimum(n_relevant, k)


def coverage(top_lists: Sequence[Sequence[str]], n_train_items: int, k: int = 10) -> float:
    shown = {item for items in top_lists for item in items[:k]}
    return len(shown) / n_train_items if n_train_items else 0.0


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
