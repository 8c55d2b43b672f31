"""Deterministic assignment: pure functions, no database (docs/ab_testing.md states the rules).

A client can reproduce every answer: the user's bucket is an MD5 of a salt and the user id,
taken modulo 10,000; weights become consecutive bucket ranges in the listed order.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

BUCKETS = 10_000


def bucket(salt: str, user_id: str) -> int:
    """``int(md5(f"{salt}:{user_id}").hexdigest(), 16) % 10000``."""
    digest = hashlib.md5(f"{salt}:{user_id}".encode(), usedforsecurity=False).hexdigest()
    return int(digest, 16) % BUCKETS


def test_bucket(test_id: int, user_id: str) -> int:
    """The contract's bucket: ``md5(f"{test_id}:{user_id}")``."""
    return bucket(str(test_id), user_id)


def layer_bucket(layer_name: str, user_id: str) -> int:
    """The user's place in a layer: ``md5(f"layer:{layer_name}:{user_id}")``, independent of
    every test's own bucket, so a test's slice of the layer is an unbiased sample."""
    return bucket(f"layer:{layer_name}", user_id)


def range_sizes(weights: Sequence[float]) -> list[int]:
    """Buckets per variant: ``round(10000 * weight / total)``, the last taking what is left."""
    if len(weights) == 0:
        raise ValueError("no weights")
    total = float(sum(weights))
    sizes = [round(BUCKETS * weight / total) for weight in weights[:-1]]
    return [*sizes, max(BUCKETS - sum(sizes), 0)]


def pick(weights: Sequence[float], user_bucket: int) -> int:
    """The index of the variant whose range holds ``user_bucket``."""
    upper = 0
    for index, size in enumerate(range_sizes(weights)):
        upper += size
        if user_bucket < upper:
            return index
    return len(weights) - 1  # only reached when rounding overfilled the earlier ranges


def shares(weights: Sequence[float]) -> list[float]:
    """The share of users each variant actually gets (its range over 10,000)."""
    return [size / BUCKETS for size in range_sizes(weights)]


def slice_size(traffic: float) -> int:
    """A layer share (0, 1] as a number of layer buckets."""
    return round(BUCKETS * traffic)


def free_slice(taken: Sequence[tuple[int, int]], size: int) -> tuple[int, int] | None:
    """The first gap of ``size`` layer buckets between the ``[start, end)`` slices taken."""
    start = 0
    for taken_start, taken_end in sorted(taken):
        if taken_start - start >= size:
            return start, start + size
        start = max(start, taken_end)
    return (start, start + size) if BUCKETS - start >= size else None
