"""The hybrid blends normalised scores by weight."""

from __future__ import annotations

import numpy as np
import pytest

from recommenders.hybrid import HybridRecommender, normalise
from recommenders.popularity import PopularityRecommender
from tests.recommenders import tiny


def test_normalise_scales_the_strongest_evidence_to_one_and_none_to_zero() -> None:
    scores = np.array([2.0, -np.inf, 6.0, -3.0])
    assert normalise(scores) == pytest.approx([1 / 3, 0.0, 1.0, -0.5])
    assert normalise(np.full(3, -np.inf)).tolist() == [0.0, 0.0, 0.0]


def test_a_single_component_keeps_its_ranking() -> None:
    hybrid = HybridRecommender({"popular": 1.0})
    popular = PopularityRecommender()
    for model in (hybrid, popular):
        model.fit(tiny.interactions(), tiny.catalog())
    ids = [s.item_id for s in hybrid.recommend("bob", n=5)]
    assert ids == [s.item_id for s in popular.recommend("bob", n=5)]


def test_weights_move_the_blend_and_per_request_weights_do_not_leak() -> None:
    hybrid = HybridRecommender({"content": 0.5, "popular": 0.5})
    hybrid.fit(tiny.interactions(), tiny.catalog())
    seen = ["g1", "g2", "g3"]
    parts = {}
    for name in ("content", "popular"):
        raw = hybrid.components[name].scores("bob")
        assert raw is not None
        raw = raw.copy()
        raw[[hybrid.matrix.item_index[i] for i in seen]] = -np.inf
        parts[name] = np.where(np.isfinite(raw), normalise(raw), -np.inf)
    blended = hybrid.scores("bob")
    assert blended is not None
    expected = 0.5 * np.nan_to_num(parts["content"], neginf=0.0) + 0.5 * np.nan_to_num(
        parts["popular"], neginf=0.0
    )
    evidence = np.isfinite(parts["content"]) | np.isfinite(parts["popular"])
    assert blended == pytest.approx(np.where(evidence, expected, -np.inf))
    only_content = hybrid.with_weights({"content": 1.0})
    assert only_content.scores("bob") == pytest.approx(parts["content"])
    assert hybrid.weights == {"content": 0.5, "popular": 0.5}
    reasons = [s.reason for s in only_content.recommend("alice", n=1)]
    assert all(r.startswith("content: ") for r in reasons)


@pytest.mark.parametrize("weights", [{}, {"popular": -1.0}, {"hybrid": 1.0}])
def test_bad_weights_are_refused(weights: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        HybridRecommender(weights or {"popular": 0.0})


def test_shared_components_are_blended_not_refitted_or_updated_twice() -> None:
    popular = PopularityRecommender()
    popular.fit(tiny.interactions(), tiny.catalog())
    hybrid = HybridRecommender({"popular": 1.0}, shared_components={"popular": popular})
    hybrid.fit(tiny.interactions(), tiny.catalog())
    assert hybrid.components["popular"] is popular
    popular.partial_update(tiny.event("bob", "p4"))
    hybrid.partial_update(tiny.event("bob", "p4"))
    assert popular.trending.people[popular.matrix.item_index["p4"]] == 7  # counted once
    assert "p4" not in [s.item_id for s in hybrid.recommend("bob", n=8)]
