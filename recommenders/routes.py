"""The recommendation endpoints of API.md. The work happens in RecommendationService; these
turn its answers into responses and its exceptions into 4xx."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, status

from ab_testing.schemas import RecommendationsUnderTest
from ab_testing.serving import recommend_under_test
from deps import RecommendationReader, RecommendationsDep, SessionDep, SettingsDep, StorefrontDep
from recommenders.registry import UnknownStrategyError
from recommenders.schemas import (
    FilterParams,
    ModelStatus,
    PopularParams,
    PopularPublic,
    RecommendationParams,
    RecommendationsPublic,
    SimilarItemsPublic,
    StorefrontParams,
    StrategiesPublic,
)
from recommenders.service import InvalidRequest, UnknownItem
from recommenders.storefront import SIMILAR, Ask, Storefront

router = APIRouter(tags=["recommendations"], dependencies=[RecommendationReader])

RecommendationQuery = Annotated[RecommendationParams, Query()]
StorefrontQuery = Annotated[StorefrontParams, Query()]
FilterQuery = Annotated[FilterParams, Query()]


@contextmanager
def service_errors() -> Iterator[None]:
    """The service's refusals as HTTP: bad parameters 422, an unknown item 404."""
    try:
        yield
    except UnknownStrategyError as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, error.args[0]) from error
    except InvalidRequest as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(error)) from error
    except UnknownItem as error:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, f"no item {error.args[0]!r} in the catalog"
        ) from error


def recommend(
    storefront: Storefront, params: RecommendationParams, strategy: str
) -> dict[str, Any]:
    """A user's list by ``strategy``, candidates then the re-rank stage."""
    extra = params if isinstance(params, StorefrontParams) else None
    with service_errors():
        return storefront.recommend(
            Ask(
                strategy=strategy,
                n=params.n,
                user_id=params.user_id,
                item_id=extra.item_id if extra else None,
                recent_items=tuple(extra.recent_items) if extra else (),
                offset=extra.offset if extra else 0,
                cursor=extra.cursor if extra else None,
                filters=params.filters(),
                weights=params.weight_map(),
                rules=extra.rerank_overrides() if extra else None,
            )
        )


@router.get("/recommendations/v1", response_model=RecommendationsPublic)
def recommendations_v1(params: RecommendationQuery, storefront: StorefrontDep) -> dict[str, Any]:
    """User-based collaborative filtering, then the cold-item fill (at most n more)."""
    return recommend(storefront, params, "cf")


@router.get("/recommendations/v2", response_model=RecommendationsPublic)
def recommendations_v2(params: RecommendationQuery, storefront: StorefrontDep) -> dict[str, Any]:
    """Content-based: TF-IDF + category, with the cold-user fallback."""
    return recommend(storefront, params, "content")


@router.get(
    "/recommendations",
    response_model=RecommendationsUnderTest,
    response_model_exclude_unset=True,  # the test fields appear only under a test
)
def recommendations(
    params: StorefrontQuery,
    storefront: StorefrontDep,
    settings: SettingsDep,
    session: SessionDep,
    strategy: Annotated[str | None, Query(description="A name from /strategies")] = None,
    test_id: Annotated[
        int | None,
        Query(ge=1, le=2**31 - 1, description="Serve the user's variant in this A/B test"),
    ] = None,
) -> dict[str, Any]:
    """Any registered strategy by name (the configured default when none is named), or,
    with ``test_id``, the user's variant in that test (logging one impression).

    Without ``user_id``: ``item_id`` ("people who view this also like") or
    ``recent_items`` (an anonymous session); with it as well, the user's items stay out and
    their price rules apply. Every list is re-ranked (``buy_again``, ``upsell``,
    ``price_ratio``, ``price_demotion``, ``diversity``, ``candidates``) and paged by
    ``offset`` or by the ``next_cursor`` of the previous page."""
    if test_id is None:
        # Without a strategy, an item or session context blends the similar-items evidence.
        context = params.item_id or params.recent_items
        default = SIMILAR if context else storefront.service.default_strategy()
        return recommend(storefront, params, strategy or default)
    if strategy is not None:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            "give either strategy or test_id: under a test the variant decides the strategy",
        )
    if params.user_id is None or params.item_id or params.recent_items:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            "under a test give user_id, without item_id or recent_items",
        )
    if params.offset or params.cursor:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, "a test serves one page: no offset or cursor"
        )
    started = time.perf_counter()
    generated_at = datetime.now(UTC)
    with service_errors():
        answer = recommend_under_test(session, storefront, settings, test_id, params)
    return {
        **answer,
        "generated_at": generated_at,
        "processing_time_ms": round((time.perf_counter() - started) * 1000, 3),
    }


@router.get("/items/popular", response_model=PopularPublic, tags=["catalog"])
def popular_items(
    params: Annotated[PopularParams, Query()], storefront: StorefrontDep
) -> dict[str, Any]:
    """Trending items (the ``popular`` strategy, re-ranked and paged like every list), with
    the category, price and exclude filters; with ``segment``, the items most bought by
    shoppers of that spending quartile."""
    with service_errors():
        return storefront.popular(params.n, params.offset, params.filters(), params.segment)


@router.get("/strategies", response_model=StrategiesPublic)
def strategies(service: RecommendationsDep) -> dict[str, Any]:
    """Every registered strategy with what it does, and the default for /recommendations."""
    return {"strategies": service.strategies(), "default": service.default_strategy()}


@router.get("/items/{item_id}/similar", response_model=SimilarItemsPublic, tags=["catalog"])
def similar_items(
    item_id: str,
    params: FilterQuery,
    storefront: StorefrontDep,
    strategy: Annotated[
        str | None,
        Query(description="One strategy's similarity; default: content and co-occurrence"),
    ] = None,
) -> dict[str, Any]:
    """Items like this one ("similar items" on a product page): by default content and
    co-occurrence blended on normalised scores; never the item itself."""
    with service_errors():
        return storefront.similar_items(item_id, params.n, params.filters(), strategy)


@router.get("/model", response_model=ModelStatus)
def model_status(service: RecommendationsDep) -> dict[str, Any]:
    """The live model: version, full rebuilds so far, events taken in since the last build."""
    return service.status()
