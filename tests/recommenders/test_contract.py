"""Every registered strategy, on the tiny data set with a known answer."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from features.data import Catalog
from recommenders.base import Recommender
from recommenders.registry import STRATEGIES, create
from tests.recommenders import tiny

FALLBACKS = {"popular_fallback", "representative_fallback", "model"}


@pytest.fixture(params=sorted(STRATEGIES))
def model(request: pytest.FixtureRequest) -> Recommender:
    recommender = create(request.param)
    recommender.fit(tiny.interactions(), tiny.catalog())
    return recommender


def test_finds_the_withheld_item(model: Recommender) -> None:
    assert model.recommend("alice", n=1)[0].item_id == "p4"


def test_never_returns_a_seen_item_and_copes_with_n_beyond_the_catalogue(
    model: Recommender,
) -> None:
    log = tiny.log()
    for user, seen in log.groupby("user_id")["item_id"]:
        answer = model.recommend(str(user), n=50)
        ids = [s.item_id for s in answer]
        assert not set(ids) & set(seen)
        assert len(ids) == len(set(ids)) == 8 - len(set(seen))


def test_every_item_carries_its_evidence(model: Recommender) -> None:
    answer = model.recommend("alice", n=5)
    assert all(s.reason for s in answer)
    assert answer[0].source == "model"


def test_reasons_asked_afterwards_are_the_reasons_of_an_explained_answer(
    model: Recommender,
) -> None:
    """A page explains only its own items: whatever subset, in whatever order, each gets
    the reason ``recommend`` would have given it, on every path (the strategy's own items,
    the popular fill, the CF cold-item fill, an unknown user's fallback)."""
    model.add_items(
        Catalog(["p5"], ["Python Testing"], ["books"], ["python programming with pytest"],
                np.array([35.0]))
    )  # fmt: skip
    model.partial_update(tiny.event("alice", "g1", "not_interested", -5.0))
    for user, n in itertools.product(("alice", "bob", "carol", "nobody"), (3, 50)):
        explained = model.recommend(user, n=n)
        bare = model.recommend(user, n=n, explain=False)
        assert [(s.item_id, s.score, s.source) for s in bare] == [
            (s.item_id, s.score, s.source) for s in explained
        ]
        assert all(s.reason == "" for s in bare)
        assert model.reasons(user, bare) == [s.reason for s in explained]
        page = bare[::-2]
        assert model.reasons(user, page) == [s.reason for s in explained[::-2]]
    for item_id in ("p1", "g2", "p5"):
        explained = model.similar_items(item_id, n=10)
        bare = model.similar_items(item_id, n=10, explain=False)
        assert [(s.item_id, s.score) for s in bare] == [(s.item_id, s.score) for s in explained]
        assert all(s.reason == "" for s in bare)
        ids = [s.item_id for s in bare][::-1]
        assert model.similar_reasons(item_id, ids) == [s.reason for s in explained][::-1]
    paths = {
        s.source for u, n in itertools.product(("alice", "nobody"), (3, 50))
        for s in model.recommend(u, n=n)
    }  # fmt: skip
    expected = {"popular": {"model"}, "cf": {"model", "popular_fallback", "cold_item_fill"}}
    assert paths >= expected.get(model.name, {"model", next(iter(paths - {"model"}), "none")})


def test_unknown_user_gets_a_marked_fallback(model: Recommender) -> None:
    answer = model.recommend("nobody", n=3)
    assert len(answer) == 3
    assert {s.source for s in answer} <= FALLBACKS


def test_exclude_and_allowed_apply_before_the_cut(model: Recommender) -> None:
    allowed = tiny.catalog().mask(categories=["books"])
    answer = model.recommend("bob", n=3, exclude=["p1"], allowed=allowed)
    assert [s.item_id for s in answer] and all(s.item_id in {"p2", "p3", "p4"} for s in answer)
    assert len(answer) == 3
    cheap = tiny.catalog().mask(max_price=26.0)
    assert {s.item_id for s in model.recommend("alice", n=8, allowed=cheap)} <= {
        "p4",
        "g1",
        "g2",
        "g3",
        "g4",
    }


def test_similar_items_never_include_the_item(model: Recommender) -> None:
    similar = model.similar_items("p1", n=10)
    assert similar and "p1" not in [s.item_id for s in similar]
    assert all(s.reason for s in similar)
    assert model.similar_items("no-such-item") == []


def test_an_event_takes_effect_at_once(model: Recommender) -> None:
    model.partial_update(tiny.event("alice", "p4"))
    assert "p4" not in [s.item_id for s in model.recommend("alice", n=8)]
    model.partial_update(tiny.event("carol", "g1"))
    assert "g1" not in [s.item_id for s in model.recommend("carol", n=8)]


def test_not_interested_removes_the_item(model: Recommender) -> None:
    model.partial_update(tiny.event("alice", "p4", "not_interested", -5.0))
    assert "p4" not in [s.item_id for s in model.recommend("alice", n=8)]


def test_new_items_join_the_live_model(model: Recommender) -> None:
    model.add_items(
        Catalog(
            ["p5"],
            ["Python Testing"],
            ["books"],
            ["python programming with pytest"],
            np.array([35.0]),
        )
    )
    model.partial_update(tiny.event("reader0", "p5"))
    answer = model.recommend("alice", n=8)
    assert len({s.item_id for s in answer}) == len(answer)
    assert not {"p1", "p2", "p3"} & {s.item_id for s in answer}


@pytest.mark.parametrize("name", sorted(STRATEGIES))
def test_empty_data(name: str) -> None:
    model = create(name)
    model.fit(tiny.empty(), tiny.catalog())
    answer = model.recommend("alice", n=3)
    assert len(answer) <= 3
    assert {s.source for s in answer} <= FALLBACKS
    model.partial_update(tiny.event("alice", "p1"))
    assert "p1" not in [s.item_id for s in model.recommend("alice", n=8)]
