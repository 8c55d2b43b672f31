"""The recommendation endpoints of API.md. The work happens in RecommendationService; these
turn its answers into responses and its exceptions into 4xx."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, status

from ab_testing.schemas import RecommendationsUnderTest
from ab_testing.serving import recommend_under_test
from deps import RecommendationReader, RecommendationsDep, SessionDep, SettingsDep
from recommenders.registry import UnknownStrategyError
from recommenders.schemas import (
    FilterParams,
    ModelStatus,
    RecommendationParams,
    RecommendationsPublic,
    SimilarItemsPublic,
    StrategiesPublic,
)
from recommenders.service import InvalidRequest, RecommendationService, UnknownItem

router = APIRouter(tags=["recommendations"], dependencies=[RecommendationReader])

RecommendationQuery = Annotated[RecommendationParams, Query()]
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
    service: RecommendationService, params: RecommendationParams, strategy: str, scope: str = ""
) -> dict[str, Any]:
    with service_errors():
        return service.recommend(
            params.user_id,
            strategy,
            params.n,
            params.filters(),
            cache_scope=scope,
            weights=params.weight_map(),
        )


@router.get("/recommendations/v1", response_model=RecommendationsPublic)
def recommendations_v1(params: RecommendationQuery, service: RecommendationsDep) -> dict[str, Any]:
    """User-based collaborative filtering, then the cold-item fill (at most n more)."""
    return recommend(service, params, "cf")


@router.get("/recommendations/v2", response_model=RecommendationsPublic)
def recommendations_v2(params: RecommendationQuery, service: RecommendationsDep) -> dict[str, Any]:
    """Content-based: TF-IDF + category, with the cold-user fallback."""
    return recommend(service, params, "content")


@router.get(
    "/recommendations",
    response_model=RecommendationsUnderTest,
    response_model_exclude_unset=True,  # the test fields appear only under a test
)
def recommendations(
    params: RecommendationQuery,
    service: RecommendationsDep,
    settings: SettingsDep,
    session: SessionDep,
    strategy: Annotated[str | None, Query(description="A name from /strategies")] = None,
    test_id: Annotated[
        int | None,
        Query(ge=1, le=2**31 - 1, description="Serve the user's variant in this A/B test"),
    ] = None,
) -> dict[str, Any]:
    """Any registered strategy by name (the configured default when none is named), or,
    with ``test_id``, the user's variant in that test (logging one impression)."""
    if test_id is None:
        return recommend(service, params, strategy or settings.default_strategy)
    if strategy is not None:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            "give either strategy or test_id: under a test the variant decides the strategy",
        )
    with service_errors():
        return recommend_under_test(session, service, settings, test_id, params)


@router.get("/strategies", response_model=StrategiesPublic)
def strategies(service: RecommendationsDep, settings: SettingsDep) -> dict[str, Any]:
    return {"strategies": service.strategies(), "default": settings.default_strategy}


@router.get("/items/{item_id}/similar", response_model=SimilarItemsPublic, tags=["catalog"])
def similar_items(
    item_id: str,
    params: FilterQuery,
    service: RecommendationsDep,
    strategy: Annotated[
        str | None,
        Query(description="One strategy's similarity; default: content and co-occurrence"),
    ] = None,
) -> dict[str, Any]:
    with service_errors():
        return service.similar_items(item_id, params.n, params.filters(), strategy)


@router.get("/model", response_model=ModelStatus)
def model_status(service: RecommendationsDep) -> dict[str, Any]:
    """The live model: version, full rebuilds so far, events taken in since the last build."""
    return service.status()
