"""The recommendation endpoints of API.md. The work happens in RecommendationService; these
turn its answers into responses and its exceptions into 4xx."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Response, status
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel
from sqlalchemy.orm import Session, sessionmaker

from cache import Cache
from config import Settings
from deps import (
    CacheDep,
    RecommendationReader,
    RecommendationsDep,
    SessionFactoryDep,
    SettingsDep,
    StorefrontDep,
)
from live.requests import InvalidRequest, UnknownItem
from recommenders.registry import UnknownStrategyError
from serving.schemas import (
    FilterParams,
    ModelStatus,
    PopularParams,
    PopularPublic,
    RecommendationParams,
    RecommendationsPublic,
    RecommendationsUnderTest,
    SimilarItemsPublic,
    StorefrontParams,
    StrategiesPublic,
)
from serving.storefront import SIMILAR, Ask, Storefront, ask_for
from serving.under_test import recommend_under_test

router = APIRouter(tags=["recommendations"], dependencies=[RecommendationReader])

RecommendationQuery = Annotated[RecommendationParams, Query()]
StorefrontQuery = Annotated[StorefrontParams, Query()]
FilterQuery = Annotated[FilterParams, Query()]
ANSWER = "answer"  # the cache's kind of key for whole answers
JSON = "application/json"


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


async def cached_answer(
    route: str,
    ask: Ask,
    model: type[BaseModel],
    storefront: Storefront,
    cache: Cache,
    settings: Settings,
    exclude_unset: bool = False,
) -> Response:
    """A user's list by ``ask.strategy``, cached whole as the bytes sent, one entry for
    every worker. A hit goes back as stored, from the event loop: no thread, no response
    model. A miss is computed in the thread pool and serialised by the route's response
    ``model`` as FastAPI would (the same bytes), then stored marked ``"source": "cache"``
    with the computation's ``generated_at`` and ``processing_time_ms``."""
    question = (route, ask.question())
    user_id = ask.user_id or ""
    key = None
    # While Redis is unreachable its reconnect attempts (a timeout each) stay off the loop.
    if getattr(cache, "healthy", True):
        key = storefront.service.answer_key(ANSWER, user_id, question)
        stored = None if key is None else cache.get(key)
        if stored is not None:
            return Response(stored, media_type=JSON)

    def compute() -> Response:
        nonlocal key
        if key is None:  # the fast path did not look: the user's events were queued
            key = storefront.service.answer_key(ANSWER, user_id, question, wait=True)
            assert key is not None  # after waiting there is always a key
            stored = cache.get(key)
            if stored is not None:
                return Response(stored, media_type=JSON)
        with service_errors():
            answer = model.model_validate(storefront.recommend(ask))
        hit = answer.model_copy(update={"source": "cache"})
        cache.set(key, _json(hit, exclude_unset), settings.cache_ttl_seconds)
        return Response(_json(answer, exclude_unset), media_type=JSON)

    return await run_in_threadpool(compute)


def _json(answer: BaseModel, exclude_unset: bool) -> bytes:
    # FastAPI's own serialisation of a response model: by alias, straight to bytes.
    return answer.__pydantic_serializer__.to_json(
        answer, by_alias=True, exclude_unset=exclude_unset
    )


@router.get("/recommendations/v1", response_model=RecommendationsPublic)
async def recommendations_v1(
    params: RecommendationQuery, storefront: StorefrontDep, cache: CacheDep, settings: SettingsDep
) -> Response:
    """User-based collaborative filtering, then the cold-item fill (at most n more)."""
    ask = ask_for(params, "cf")
    return await cached_answer(
        "/recommendations/v1", ask, RecommendationsPublic, storefront, cache, settings
    )


@router.get("/recommendations/v2", response_model=RecommendationsPublic)
async def recommendations_v2(
    params: RecommendationQuery, storefront: StorefrontDep, cache: CacheDep, settings: SettingsDep
) -> Response:
    """Content-based: TF-IDF + category, with the cold-user fallback."""
    ask = ask_for(params, "content")
    return await cached_answer(
        "/recommendations/v2", ask, RecommendationsPublic, storefront, cache, settings
    )


@router.get(
    "/recommendations",
    response_model=RecommendationsUnderTest,
    response_model_exclude_unset=True,  # the test fields appear only under a test
)
async def recommendations(
    params: StorefrontQuery,
    storefront: StorefrontDep,
    settings: SettingsDep,
    cache: CacheDep,
    sessions: SessionFactoryDep,
    strategy: Annotated[str | None, Query(description="A name from /strategies")] = None,
    test_id: Annotated[
        int | None,
        Query(ge=1, le=2**31 - 1, description="Serve the user's variant in this A/B test"),
    ] = None,
) -> Response | dict[str, Any]:
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
        ask = ask_for(params, strategy or default)
        return await cached_answer(
            "/recommendations", ask, RecommendationsUnderTest, storefront, cache, settings,
            exclude_unset=True,
        )  # fmt: skip
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
    return await run_in_threadpool(
        answer_under_test, sessions, storefront, settings, test_id, params
    )


def answer_under_test(
    sessions: sessionmaker[Session],
    storefront: Storefront,
    settings: Settings,
    test_id: int,
    params: StorefrontParams,
) -> dict[str, Any]:
    """The user's variant's list; each one logs an impression, so none is cached whole."""
    started = time.perf_counter()
    generated_at = datetime.now(UTC)
    with sessions() as session, service_errors():
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
