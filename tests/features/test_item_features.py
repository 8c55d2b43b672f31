"""Content evidence (features/item_features.py): which liked items and shared words a
content reason names, for many candidates at once."""

from __future__ import annotations

import numpy as np

from features.data import Catalog
from features.item_features import ItemFeatures

WORDS = ["wool", "scarf", "red", "blue", "lamp", "desk", "mug", "tea", "oak", "glass"]


def catalogue(n: int = 60, seed: int = 3) -> Catalog:
    rng = np.random.default_rng(seed)
    titles = [" ".join(rng.choice(WORDS, size=3, replace=False)) for _ in range(n)]
    return Catalog(
        [f"i{k}" for k in range(n)],
        titles,
        [f"c{k % 4}" for k in range(n)],
        [""] * n,
        np.full(n, np.nan),
    )


def test_evidence_names_the_top_contributors_and_the_words_shared_with_them() -> None:
    features = ItemFeatures()
    features.fit(catalogue())
    liked = np.array([1, 5, 9, 14])
    weights = np.array([1.0, 3.0, 0.5, 2.0])
    items = np.arange(20, 60)
    answers = features.evidence(liked, weights, items)
    vectors = features.vectors
    for item, (named, words) in zip(items, answers, strict=True):
        contribution = (vectors[liked] @ vectors[item].T).toarray().ravel() * weights
        order = [k for k in np.argsort(-contribution, kind="stable")[:2] if contribution[k] > 0]
        assert named == [int(liked[k]) for k in order]
        profile = features.profile(liked[order], weights[order])
        # The words read off the dense profile, the way evidence's sparse rows must agree with.
        expected = features._top_terms(int(item), profile.__getitem__) if order else []
        assert words == expected
        title = set(features_title(item))
        assert set(words) <= title  # a shared word is the item's own
    assert sum(bool(words) for _, words in answers) > 10  # most candidates share a word


def features_title(item: int) -> list[str]:
    return catalogue().titles[item].split()


def test_nothing_liked_names_nothing() -> None:
    features = ItemFeatures()
    features.fit(catalogue())
    assert features.evidence(np.array([], dtype=np.int64), np.array([]), np.arange(3)) == [
        ([], []),
        ([], []),
        ([], []),
    ]
