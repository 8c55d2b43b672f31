"""create_app(settings) -> FastAPI: lifespan, middleware, routers, the built dashboard."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from sqlalchemy.exc import DataError, InterfaceError, OperationalError

import admin
from ab_testing import routes as ab_testing_routes
from access import Keyring
from api_schema import answer_options, document_error_shapes, field_errors
from cache import make_cache
from catalog import routes as catalog_routes
from change_stream import make_change_stream
from changes import ChangeFeed, LiveParts
from config import Settings
from db import make_engine, make_session_factory, migrate
from evaluation import routes as evaluation_routes
from evaluation.jobs import EvaluationJobs
from health import Health, cache_state, storage_state
from live.builder import spawn_child, stop_child
from live.loader import ArtefactWatcher, model_source
from live.service import RecommendationService
from observability import (
    BodySizeLimitMiddleware,
    MeteredCache,
    RequestContextMiddleware,
    make_metrics,
    metrics_response,
    rebuild_counter,
)
from ratelimit import WriteLimiter
from serving import routes as recommendation_routes
from serving.storefront import Storefront
from sync import ChangeSync
from tracking import routes as tracking_routes
from tracking.profiles import Profiles

VERSION = "0.1.0"
DASHBOARD_DIST = Path(__file__).resolve().parent / "frontend" / "dist"
log = logging.getLogger("smart_suggest")


def check_settings(settings: Settings) -> None:
    """Refuse settings that are unsafe to serve with (the entrypoint checks before forking)."""
    if settings.environment == "production" and not settings.admin_required:
        raise RuntimeError("ENVIRONMENT=production needs ADMIN_API_KEY: refusing to start")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    check_settings(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The builder first: a worker waits for its first artefact when there is none.
        builder = spawn_child(settings) if settings.model_builder == "embedded" else None
        app.state.builder = builder
        watcher = None
        try:
            app.state.sync.prepare()
            app.state.recommendations.start()
            app.state.storefront.profiles.load()
            if source is not None:
                watcher = ArtefactWatcher(
                    source,
                    lambda: app.state.recommendations.artefact_version,
                    lambda: app.state.recommendations.build(reason="new artefact"),
                )
                watcher.start()
            app.state.sync.start()
            yield
        finally:
            if watcher is not None:
                watcher.close()
            stop_child(builder)
        app.state.sync.close()
        app.state.recommendations.close()
        app.state.engine.dispose()
        sync_engine.dispose()

    # Swagger UI and ReDoc from the service's own files: /docs works without internet.
    app = FastAPIOffline(
        title="smart-suggest",
        version=VERSION,
        description="Recommendations with A/B testing built in.",
        lifespan=lifespan,
    )
    if settings.auto_migrate:
        migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    app.state.settings = settings
    app.state.keyring = Keyring.from_keys(settings.admin_keys(), settings.storefront_keys())
    app.state.write_limiter = WriteLimiter(
        settings.write_rate_limit, settings.redis_url, settings.cache_namespace + ":writes"
    )
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)
    app.state.metrics = metrics = make_metrics()
    app.state.cache = MeteredCache(
        make_cache(settings.redis_url, settings.cache_namespace), settings.cache_namespace, metrics
    )
    app.state.feed = ChangeFeed()
    app.state.seed_steps = []
    # Where the models come from: the builder's artefacts, or (inline) fitted here.
    source = model_source(settings)
    app.state.recommendations = RecommendationService(
        settings, app.state.session_factory, app.state.cache, source=source
    )
    profiles = Profiles(
        app.state.session_factory,
        min_buyers=settings.repurchase_min_buyers,
        refresh_seconds=settings.shopper_stats_seconds,
    )
    app.state.storefront = Storefront(app.state.recommendations, profiles, settings)
    # The models and profiles hear this worker's changes through the sync, which also sends
    # them to the other workers and brings in theirs (Redis Streams, LISTEN/NOTIFY or a poll).
    # Its own connection pool: polls never wait for (or take) a request's connection.
    sync_engine = make_engine(settings.database_url)
    app.state.sync = ChangeSync(
        make_session_factory(sync_engine),
        LiveParts(app.state.recommendations, profiles),
        interval=settings.change_sync_seconds,
        on_relayed=lambda kind, count: metrics.changes_relayed.labels(kind).inc(count),
        stream=make_change_stream(
            settings.redis_url, settings.database_url, settings.cache_namespace
        ),
    )
    app.state.sync.subscribe(app.state.feed)
    app.state.recommendations.listeners.append(rebuild_counter(app.state.recommendations, metrics))
    # Runs go to the builder's job process; with no builder, a thread of this one.
    app.state.evaluations = EvaluationJobs(
        app.state.session_factory, inline=settings.model_builder == "inline"
    )

    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["*"],
        allow_headers=["*"],
    )

    app.add_middleware(BodySizeLimitMiddleware, max_body_bytes=settings.max_body_bytes)
    # Outermost, so the request id and the timing cover everything else.
    app.add_middleware(RequestContextMiddleware, metrics=metrics)

    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    async def storage_unavailable(_request: Request, error: Exception) -> JSONResponse:
        log.error("storage unavailable: %s", error)
        return JSONResponse(
            {"detail": "storage is unavailable right now; retry shortly"},
            status_code=503,
            headers={"Retry-After": "1"},
        )

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, error: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": field_errors(error)}, status_code=422)

    @app.exception_handler(DataError)
    async def value_refused(_request: Request, error: Exception) -> JSONResponse:
        # PostgreSQL refuses some values SQLite keeps (a NUL character in text): bad input.
        log.info("value refused by the database: %s", error)
        return JSONResponse(
            {"detail": "a value in the request cannot be stored or searched (NUL in text?)"},
            status_code=422,
        )

    storage_down: dict[int | str, dict[str, Any]] = {
        503: {"model": Health, "description": "The storage is down"}
    }

    @app.get("/health", tags=["health"], response_model=Health, responses=storage_down)
    def health() -> JSONResponse:
        """Each backend's live state. 200 while the service can answer (the cache may be
        ``degraded``: Redis down, answers from the in-process cache); 503 when the storage is
        down. The compose file's health check calls this."""
        backends = {
            "storage": storage_state(engine),
            "cache": cache_state(app.state.cache),
        }
        states = {backend.state for backend in backends.values()}
        body = Health(
            status="down" if "down" in states else "degraded" if "degraded" in states else "ok",
            version=VERSION,
            storage=engine.dialect.name,
            cache=app.state.cache.name,
            backends=backends,
            model_version=app.state.recommendations.artefact_version,
        )
        return JSONResponse(body.model_dump(), status_code=503 if body.status == "down" else 200)

    @app.get("/health/ready", tags=["health"], response_model=Health, responses=storage_down)
    def readiness() -> JSONResponse:
        """For readiness probes and load balancers: the same answer as ``/health``."""
        return health()

    @app.get("/health/live", tags=["health"])
    def liveness() -> dict[str, str]:
        """The process answers (touches no storage): for liveness probes, and the load
        benchmark's floor: what any request costs in this stack."""
        return {"status": "ok"}

    @app.get("/metrics", tags=["health"], include_in_schema=False)
    def metrics_endpoint() -> Response:
        """Prometheus metrics: request rate and latency by route, cache hits, rebuilds."""
        return metrics_response(metrics)

    # Recommendations first: their /items/popular must win over the catalogue's /items/{id}.
    app.include_router(recommendation_routes.router)
    app.include_router(catalog_routes.router)
    app.include_router(tracking_routes.router)
    app.include_router(admin.router)
    app.include_router(evaluation_routes.router)
    ab_testing_routes.install(app)

    answer_options(app)
    document_error_shapes(app)
    if DASHBOARD_DIST.is_dir():
        app.mount("/", StaticFiles(directory=DASHBOARD_DIST, html=True), name="dashboard")
    return app
