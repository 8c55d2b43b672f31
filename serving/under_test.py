"""Recommendations under a test: the user's variant, that variant's strategy, one impression.

The storefront does the recommending (candidates, then the re-rank stage with the variant's
own rules on top of the request's); this decides which strategy, scopes the cache to the test
and variant (lists never leak between arms), measures the answer (latency, cache hit,
fallback, model version) and records it as the impression its clicks will be credited to.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import datetime
from typing import Any

import numpy as np
from fastapi import HTTPException, status
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ab_testing import interleaving, manager, phases, repository
from ab_testing.bandit import FLOOR, thompson_shares
from ab_testing.logger import Impression, log_impressions
from config import Settings
from models import AbAllocation, AbTest, AbVariant, utcnow
from serving.schemas import StorefrontParams
from serving.storefront import Storefront, ask_for
from stats.interleaving import team_draft_interleave


def recommend_under_test(
    session: Session,
    storefront: Storefront,
    settings: Settings,
    test_id: int,
    params: StorefrontParams,
) -> dict[str, Any]:
    service = storefront.service
    user_id = params.user_id
    if user_id is None:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "under a test give user_id")
    try:
        test = manager.get_test(session, test_id)
    except manager.TestNotFound as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(error)) from error
    now = utcnow()
    if test.mode == "adaptive" and test.status == "active":
        maybe_reallocate(session, test, now, settings.ab_bandit_update_seconds)
    variant = None
    if manager.serves(test):
        variant = manager.assign(session, test, [user_id], now=now)[user_id].variant
        session.commit()
    if variant is None:  # stopped, or the layer leaves the user out: no variant, no impression
        answer = storefront.recommend(ask_for(params, service.default_strategy()))
        return {**answer, "test_id": test.id, "variant": None, "impression_id": None}

    started = time.perf_counter()
    if test.mode == "interleaving":
        answer, placed_by = _interleaved(storefront, test, params)
        strategy = "+".join(v.strategy for v in manager.variants_of(session, test.id))
    else:
        answer, placed_by = _recommend(storefront, test, variant, params), None
        strategy = variant.strategy
    latency_ms = (time.perf_counter() - started) * 1000
    [impression_id] = log_impressions(
        session,
        [
            Impression(
                test_id=test.id,
                variant_id=variant.id,
                user_id=user_id,
                strategy=strategy[:64],
                item_ids=[item["item_id"] for item in answer["items"]],
                served_at=now,
                model_version=str(answer["model_version"]),
                latency_ms=latency_ms,
                cache_hit=answer["source"] == "cache",
                fallback=answer["fallback"] is not None,
            )
        ],
    )
    if placed_by is not None:
        interleaving.record_teams(session, impression_id, [v.id for v in placed_by])
        answer["placed_by"] = [v.name for v in placed_by]
    manager.mark_exposed(session, test.id, user_id, now)
    phases.note_build(session, service, test, service.rebuilds, now)
    session.commit()
    return {**answer, "test_id": test.id, "variant": variant.name, "impression_id": impression_id}


def _recommend(
    storefront: Storefront, test: AbTest, variant: AbVariant, params: StorefrontParams
) -> dict[str, Any]:
    # The arm's re-rank settings win over the request's: they are what the test compares.
    ask = ask_for(params, variant.strategy)
    rules = {**(ask.rules or {}), **(variant.rerank or {})}
    return storefront.recommend(replace(ask, rules=rules, scope=f"ab:{test.id}:{variant.name}"))


def _interleaved(
    storefront: Storefront, test: AbTest, params: StorefrontParams
) -> tuple[dict[str, Any], list[AbVariant]]:
    """Both rankers' lists merged by team draft, with the variant that placed each rank.
    The coin flips are fresh per request: every list is a new draft."""
    session = Session.object_session(test)
    assert session is not None
    rankers = manager.variants_of(session, test.id)
    answers = [_recommend(storefront, test, ranker, params) for ranker in rankers]
    by_id = {item["item_id"]: item for answer in reversed(answers) for item in answer["items"]}
    draft = team_draft_interleave(
        [item["item_id"] for item in answers[0]["items"]],
        [item["item_id"] for item in answers[1]["items"]],
        params.n,
    )
    answer = {
        **answers[0],
        "strategy": "interleaved",
        "items": [by_id[item_id] for item_id in draft.items],
        "source": "cache" if all(a["source"] == "cache" for a in answers) else "model",
        "fallback": next((a["fallback"] for a in answers if a["fallback"] is not None), None),
    }
    return answer, [rankers[0 if team == "a" else 1] for team in draft.teams]


def maybe_reallocate(
    session: Session,
    test: AbTest,
    now: datetime,
    interval_seconds: float,
    rng: np.random.Generator | None = None,
) -> bool:
    """Thompson sampling: when the last allocation is ``interval_seconds`` old, set the
    weights to each arm's posterior probability of the best click-through (with a floor),
    recorded as a "thompson" allocation. New users follow the new weights; assigned users
    keep their variant."""
    last = session.scalar(
        select(func.max(AbAllocation.decided_at)).where(AbAllocation.test_id == test.id)
    )
    if last is not None and (now - last).total_seconds() < interval_seconds:
        return False
    variants = manager.variants_of(session, test.id)
    counts = repository.clicks_and_impressions(session, test.id)
    clicks = [counts.get(variant.id, (0, 0))[0] for variant in variants]
    shown = [counts.get(variant.id, (0, 0))[1] for variant in variants]
    # Many arms: each keeps FLOOR, or as much as half the traffic shared out evenly allows.
    floor = min(FLOOR, 0.5 / len(variants))
    shares = thompson_shares(clicks, shown, rng or np.random.default_rng(), floor=floor)
    weights = {variant.name: share for variant, share in zip(variants, shares, strict=True)}
    manager.set_weights(session, test.id, weights, source="thompson", now=now)
    return True
