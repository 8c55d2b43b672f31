"""The assignment rule of API.md, checked against an independent reading of its text."""

from __future__ import annotations

import hashlib
import math

import pytest

from ab_testing import assignment

USERS = [f"user-{number}" for number in range(10_000)]


def contract_variant(test_id: int, user_id: str, weights: list[float]) -> int:
    """API.md, word for word: consecutive ranges of round(10000 * weight / total) buckets in
    the listed order, the last taking what rounding leaves; the range holding bucket wins."""
    bucket = int(hashlib.md5(f"{test_id}:{user_id}".encode()).hexdigest(), 16) % 10000
    total = sum(weights)
    start = 0
    for index, weight in enumerate(weights[:-1]):
        end = start + round(10000 * weight / total)
        if start <= bucket < end:
            return index
        start = end
    return len(weights) - 1


@pytest.mark.parametrize(
    ("test_id", "weights"),
    [(1, [0.5, 0.5]), (7, [0.2, 0.8]), (42, [1, 1, 1]), (3, [5, 3, 2]), (9, [0.1, 0.9])],
)
def test_10000_users_follow_the_formula_and_the_weights(test_id: int, weights: list[float]) -> None:
    picked = [assignment.pick(weights, assignment.test_bucket(test_id, u)) for u in USERS]
    assert picked == [contract_variant(test_id, u, weights) for u in USERS]
    total = sum(weights)
    for index, weight in enumerate(weights):
        share = weight / total
        sigma = math.sqrt(len(USERS) * share * (1 - share))
        assert abs(picked.count(index) - len(USERS) * share) < 4 * sigma


def test_ranges_cover_all_buckets_even_when_rounding_does_not_divide() -> None:
    assert assignment.range_sizes([1, 1, 1]) == [3333, 3333, 3334]
    assert sum(assignment.range_sizes([1, 2, 3, 4, 5, 6, 7])) == 10_000
    assert assignment.pick([1, 1], 4999) == 0
    assert assignment.pick([1, 1], 5000) == 1


def test_layer_buckets_are_independent_of_test_buckets() -> None:
    """Within a layer slice the test's own split still follows its weights."""
    in_slice = [u for u in USERS if assignment.layer_bucket("home", u) < 5_000]
    treated = sum(assignment.pick([1, 1], assignment.test_bucket(5, u)) for u in in_slice)
    sigma = math.sqrt(len(in_slice) * 0.25)
    assert abs(treated - len(in_slice) / 2) < 4 * sigma


def test_free_slices_never_overlap() -> None:
    assert assignment.free_slice([], 3_000) == (0, 3_000)
    assert assignment.free_slice([(0, 3_000)], 5_000) == (3_000, 8_000)
    assert assignment.free_slice([(0, 3_000), (3_000, 8_000)], 2_000) == (8_000, 10_000)
    assert assignment.free_slice([(0, 3_000), (3_000, 8_000)], 2_001) is None
    # a stopped test's slice, between two active ones, is reused
    assert assignment.free_slice([(0, 2_000), (5_000, 10_000)], 3_000) == (2_000, 5_000)
