"""Request dependencies as Annotated aliases: the routes' only way to reach app state."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Query, Request, status
from sqlalchemy.orm import Session

from cache import Cache
from changes import ChangeFeed
from config import Settings
from recommenders.service import RecommendationService
from recommenders.storefront import Storefront


# The getters of app state are `async def` (they do no I/O): FastAPI runs plain `def`
# dependencies in its thread pool, a thread hop each, on every request.
async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_session(request: Request) -> Iterator[Session]:
    """A session per request; routes that write call ``session.commit()`` themselves, so the
    commit happens before the response and before listeners hear of the change."""
    session = request.app.state.session_factory()
    try:
        yield session
    finally:
        session.rollback()
        session.close()


async def get_cache(request: Request) -> Cache:
    return request.app.state.cache


async def get_feed(request: Request) -> ChangeFeed:
    return request.app.state.feed


async def get_recommendations(request: Request) -> RecommendationService:
    return request.app.state.recommendations


def require_admin(
    settings: Annotated[Settings, Depends(get_settings)],
    x_api_key: Annotated[str | None, Header(description="The admin key, when one is set")] = None,
) -> None:
    if not settings.admin_required:
        return
    if x_api_key is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "this endpoint needs the admin key in X-API-Key"
        )
    if not secrets.compare_digest(x_api_key.encode(), settings.admin_api_key.encode()):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "the X-API-Key is not the admin key")


def require_admin_for_catalog_writes(
    settings: Annotated[Settings, Depends(get_settings)],
    x_api_key: Annotated[str | None, Header(description="The admin key, when one is set")] = None,
) -> None:
    if settings.protect_catalog_writes:
        require_admin(settings, x_api_key)


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(get_session)]
CacheDep = Annotated[Cache, Depends(get_cache)]
FeedDep = Annotated[ChangeFeed, Depends(get_feed)]
RecommendationsDep = Annotated[RecommendationService, Depends(get_recommendations)]
AdminRequired = Depends(require_admin)
CatalogWriteGuard = Depends(require_admin_for_catalog_writes)

Limit = Annotated[int, Query(ge=1, le=1000, description="Page size")]
# Bounded so a huge offset is a 422, not an integer overflow in the database driver.
Offset = Annotated[int, Query(ge=0, le=1_000_000_000, description="Rows to skip")]


async def get_storefront(request: Request) -> Storefront:
    return request.app.state.storefront


StorefrontDep = Annotated[Storefront, Depends(get_storefront)]
