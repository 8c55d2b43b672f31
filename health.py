"""What each backend is doing right now, for /health and /health/ready.

The storage answers or the service cannot work (readiness fails). The cache may be down while
the service keeps answering from its in-process stand-in: that is "degraded", with the reason,
never a silent "redis".
"""

from __future__ import annotations

from typing import Any, Literal

import redis
from pydantic import BaseModel, Field
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

State = Literal["ok", "degraded", "down"]


class BackendState(BaseModel):
    backend: str = Field(description="sqlite, postgresql, memory or redis")
    state: State
    reason: str | None = Field(default=None, description="Why it is not ok, in a sentence")


def storage_state(engine: Engine) -> BackendState:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        cause = getattr(error, "orig", None) or error
        reason = f"{type(cause).__name__}: cannot reach the database"
        return BackendState(backend=engine.dialect.name, state="down", reason=reason)
    return BackendState(backend=engine.dialect.name, state="ok")


def cache_state(cache: Any) -> BackendState:
    """Pings Redis itself (a cache that has not been used since an outage began would still
    believe it healthy); the in-process cache is always ok."""
    client = getattr(cache, "client", None)
    if client is None:
        return BackendState(backend=cache.name, state="ok")
    try:
        client.ping()
    except redis.RedisError as error:
        return BackendState(
            backend=cache.name,
            state="degraded",
            reason=f"redis unreachable ({type(error).__name__}); answers come from the "
            "in-process cache of each worker until it is back",
        )
    return BackendState(backend=cache.name, state="ok")


class Health(BaseModel):
    status: State = Field(description="The worst state of any backend")
    version: str
    storage: str = Field(description="The storage backend in use: sqlite or postgresql")
    cache: str = Field(description="The cache backend configured: memory or redis")
    backends: dict[str, BackendState]
    model_version: int | None = Field(
        default=None, description="The builder's artefact this worker serves (None: fitted here)"
    )
