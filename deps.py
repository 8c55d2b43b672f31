"""Request dependencies as Annotated aliases: the routes' only way to reach app state."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Query, Request, status
from sqlalchemy.orm import Session, sessionmaker

from access import Keyring, Scope
from cache import Cache
from changes import ChangeFeed
from config import Settings
from live.service import RecommendationService
from serving.storefront import Storefront


# The getters of app state are `async def` (they do no I/O): FastAPI runs plain `def`
# dependencies in its thread pool, a thread hop each, on every request.
async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_session(request: Request) -> Iterator[Session]:
    """A session per request; routes that write call ``session.commit()`` themselves, so the
    commit happens before the response and before listeners hear of the change."""
    session = request.app.state.session_factory()
    try:
        yield session
    finally:
        session.rollback()
        session.close()


async def get_session_factory(request: Request) -> sessionmaker[Session]:
    """For an ``async`` route that opens a session only on the path that needs one (in the
    thread pool), rather than on every request as ``SessionDep`` does."""
    factory: sessionmaker[Session] = request.app.state.session_factory
    return factory


async def get_cache(request: Request) -> Cache:
    cache: Cache = request.app.state.cache
    return cache


async def get_feed(request: Request) -> ChangeFeed:
    feed: ChangeFeed = request.app.state.feed
    return feed


async def get_recommendations(request: Request) -> RecommendationService:
    recommendations: RecommendationService = request.app.state.recommendations
    return recommendations


KeyHeader = Annotated[
    str | None,
    Header(description="An API key: the admin key, or the storefront key where it suffices"),
]


async def get_keyring(request: Request) -> Keyring:
    keyring: Keyring = request.app.state.keyring
    return keyring


def _require(keyring: Keyring, presented: str | None, scopes: tuple[Scope, ...]) -> Scope | None:
    if not keyring.configured:
        return None
    needed = " or ".join(f"the {scope} key" for scope in scopes)
    if presented is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, f"this endpoint needs {needed} in X-API-Key"
        )
    scope = keyring.scope(presented)
    if scope not in scopes:
        raise HTTPException(status.HTTP_403_FORBIDDEN, f"the X-API-Key is not {needed}")
    return scope


def require_admin(
    keyring: Annotated[Keyring, Depends(get_keyring)], x_api_key: KeyHeader = None
) -> None:
    _require(keyring, x_api_key, ("admin",))


def require_storefront(
    request: Request, keyring: Annotated[Keyring, Depends(get_keyring)], x_api_key: KeyHeader = None
) -> None:
    """A shop's back end: events, items and users' data. Writes are rate limited per key."""
    _require(keyring, x_api_key, ("admin", "storefront"))
    if request.method != "GET":
        _count_write(request, x_api_key)


def require_catalog_writer(
    request: Request,
    settings: Annotated[Settings, Depends(get_settings)],
    keyring: Annotated[Keyring, Depends(get_keyring)],
    x_api_key: KeyHeader = None,
) -> None:
    if settings.protect_catalog_writes:
        _require(keyring, x_api_key, ("admin",))
        _count_write(request, x_api_key)
    else:
        require_storefront(request, keyring, x_api_key)


# ``async`` (a digest compare, no I/O): the cached recommendation path runs without a thread.
async def require_recommendation_reader(
    settings: Annotated[Settings, Depends(get_settings)],
    keyring: Annotated[Keyring, Depends(get_keyring)],
    x_api_key: KeyHeader = None,
) -> None:
    if not settings.public_recommendations:
        _require(keyring, x_api_key, ("admin", "storefront"))


def _count_write(request: Request, key: str | None) -> None:
    """Writes are limited per key. Without keys configured (the open, embedded default) a
    write carries none and is not limited: every client would share one address's count."""
    if key:
        request.app.state.write_limiter.hit(key)


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(get_session)]
SessionFactoryDep = Annotated[sessionmaker[Session], Depends(get_session_factory)]
CacheDep = Annotated[Cache, Depends(get_cache)]
FeedDep = Annotated[ChangeFeed, Depends(get_feed)]
RecommendationsDep = Annotated[RecommendationService, Depends(get_recommendations)]
AdminRequired = Depends(require_admin)
StorefrontRequired = Depends(require_storefront)
CatalogWriteGuard = Depends(require_catalog_writer)
RecommendationReader = Depends(require_recommendation_reader)

Limit = Annotated[int, Query(ge=1, le=1000, description="Page size")]
# Bounded so a huge offset is a 422, not an integer overflow in the database driver.
Offset = Annotated[int, Query(ge=0, le=1_000_000_000, description="Rows to skip")]


async def get_storefront(request: Request) -> Storefront:
    storefront: Storefront = request.app.state.storefront
    return storefront


StorefrontDep = Annotated[Storefront, Depends(get_storefront)]
