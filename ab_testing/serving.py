"""Recommendations under a test: the user's variant, that variant's strategy, one impression.

The live model service does the recommending; this decides which strategy, scopes the cache
to the test and variant (lists never leak between arms), measures the answer (latency, cache
hit, fallback, model version) and records it as the impression its clicks will be credited to.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

import numpy as np
from fastapi import HTTPException, status
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ab_testing import manager, repository
from ab_testing.bandit import FLOOR, thompson_shares
from ab_testing.logger import Impression, log_impressions
from config import Settings
from models import AbAllocation, AbTest, utcnow
from recommenders.schemas import RecommendationParams
from recommenders.service import RecommendationService


def recommend_under_test(
    session: Session,
    service: RecommendationService,
    settings: Settings,
    test_id: int,
    params: RecommendationParams,
) -> dict[str, Any]:
    try:
        test = manager.get_test(session, test_id)
    except manager.TestNotFound as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(error)) from error
    now = utcnow()
    if test.mode == "adaptive" and test.status == "active":
        maybe_reallocate(session, test, now, settings.ab_bandit_update_seconds)
    variant = None
    if manager.serves(test):
        variant = manager.assign(session, test, [params.user_id], now=now)[params.user_id].variant
        session.commit()
    if variant is None:  # stopped, or the layer leaves the user out: no variant, no impression
        answer = service.recommend(
            params.user_id, settings.default_strategy, params.n, params.filters(),
            weights=params.weight_map(),
        )  # fmt: skip
        return {**answer, "test_id": test.id, "variant": None, "impression_id": None}

    # The arm's re-rank settings go to the recommendation call only when it has some.
    rerank = {} if variant.rerank is None else {"rerank": variant.rerank}
    started = time.perf_counter()
    answer = service.recommend(
        params.user_id,
        variant.strategy,
        params.n,
        params.filters(),
        cache_scope=f"ab:{test.id}:{variant.name}",
        weights=params.weight_map(),
        **rerank,
    )
    latency_ms = (time.perf_counter() - started) * 1000
    [impression_id] = log_impressions(
        session,
        [
            Impression(
                test_id=test.id,
                variant_id=variant.id,
                user_id=params.user_id,
                strategy=variant.strategy,
                item_ids=[item["item_id"] for item in answer["items"]],
                served_at=now,
                model_version=str(answer["model_version"]),
                latency_ms=latency_ms,
                cache_hit=answer["source"] == "cache",
                fallback=answer["fallback"] is not None,
            )
        ],
    )
    manager.mark_exposed(session, test.id, params.user_id, now)
    session.commit()
    return {**answer, "test_id": test.id, "variant": variant.name, "impression_id": impression_id}


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
