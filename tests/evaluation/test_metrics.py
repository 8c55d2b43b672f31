"""The protocol's metrics on rankings worked out by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import sparse

from evaluation.metrics import (
    average_precision,
    coverage,
    hit_matrix,
    hit_rate,
    mean_intra_list_diversity,
    mean_novelty,
    mrr,
    ndcg,
    personalisation,
    ranking_metrics,
    recall,
)

# One user, 3 relevant items (a, b, z); ranked: a x b y ... (z never shown).
RANKED = [["a", "x", "b", "y"]]
RELEVANT = [{"a", "b", "z"}]


@pytest.fixture
def hits() -> np.ndarray:
    return hit_matrix(RANKED, RELEVANT)


def test_hit_matrix_marks_relevant_ranks(hits: np.ndarray) -> None:
    assert hits.shape == (1, 20)
    assert np.flatnonzero(hits[0]).tolist() == [0, 2]


def test_ndcg(hits: np.ndarray) -> None:
    dcg = 1 / math.log2(2) + 1 / math.log2(4)
    ideal = 1 / math.log2(2) + 1 / math.log2(3) + 1 / math.log2(4)
    assert ndcg(hits, np.array([3]), 10) == pytest.approx([dcg / ideal])


def test_recall_caps_the_denominator_at_k(hits: np.ndarray) -> None:
    assert recall(hits, np.array([3]), 20) == pytest.approx([2 / 3])
    many = np.ones((1, 20), dtype=bool)
    assert recall(many, np.array([50]), 20) == pytest.approx([1.0])


def test_hit_rate_and_mrr(hits: np.ndarray) -> None:
    assert hit_rate(hits, 10).tolist() == [1.0]
    late = hit_matrix([["x", "y", "a"]], [{"a"}])
    assert mrr(late, 10) == pytest.approx([1 / 3])
    assert mrr(hit_matrix([["x"]], [{"a"}]), 10).tolist() == [0.0]


def test_average_precision(hits: np.ndarray) -> None:
    # precision@1 = 1 (hit), precision@3 = 2/3 (hit); divided by min(3, 10)
    assert average_precision(hits, np.array([3]), 10) == pytest.approx([(1 + 2 / 3) / 3])


def test_coverage_counts_distinct_items_in_top_10() -> None:
    lists = [["a", "b"], ["b", "c"], [f"i{k}" for k in range(12)]]
    train = {"a", "b", "c", *(f"i{k}" for k in range(17))}
    assert coverage(lists, train) == pytest.approx((3 + 10) / 20)


def test_coverage_never_counts_items_train_did_not_hold() -> None:
    # Three train items; the lists show one of them and four cold items: 1/3, not 5/3.
    lists = [["a", "new1", "new2"], ["new3", "new4", "a"]]
    assert coverage(lists, {"a", "b", "c"}) == pytest.approx(1 / 3)


def test_intra_list_diversity_by_hand() -> None:
    # a and b were had by the same two users (cosine 1); c by a third user only (0 to
    # both); "cold" has no train column (unlike all).
    vectors = sparse.csr_array(np.array([[1, 1, 0], [1, 1, 0], [0, 0, 1]], dtype=float))
    index = {"a": 0, "b": 1, "c": 2}
    # [a, b, c]: pair distances 0, 1, 1 -> 2/3; [a, cold]: 1; [c] alone has no pairs.
    lists = [["a", "b", "c"], ["a", "cold"], ["c"]]
    assert mean_intra_list_diversity(lists, vectors, index) == pytest.approx((2 / 3 + 1) / 2)


def test_novelty_by_hand() -> None:
    # Train pairs: a by 3 users, b by 1: shares 3/4 and 1/4; cold counts as 1 of 4.
    novel = mean_novelty([["a", "b"], ["cold", "a"]], {"a": 3, "b": 1})
    assert novel == pytest.approx((2 * -math.log2(3 / 4) + 2 * -math.log2(1 / 4)) / 4)


def test_personalisation_by_hand() -> None:
    # Lists of 2: u1 and u2 share one item (cosine 1/2), u3 shares none: mean pair
    # similarity (1/2 + 0 + 0) / 3, so personalisation 1 - 1/6.
    lists = [["a", "b"], ["a", "c"], ["d", "e"]]
    assert personalisation(lists) == pytest.approx(1 - 1 / 6)
    assert personalisation([["a", "b"], ["b", "a"]]) == pytest.approx(0.0)
    assert personalisation([["a", "b"], ["c"]]) == pytest.approx(1.0)
    assert personalisation([["a"]]) == 0.0


def test_means_over_users() -> None:
    hits = hit_matrix([["a"], ["x"]], [{"a"}, {"a"}])
    metrics = ranking_metrics(hits, np.array([1, 1]))
    assert metrics["ndcg@10"] == pytest.approx(0.5)
    assert metrics["hr@10"] == pytest.approx(0.5)
    assert ranking_metrics(np.zeros((0, 20), dtype=bool), np.array([]))["ndcg@10"] == 0.0
