"""Typed settings, read from the environment (and a `.env` file when present)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from access import split_keys
from recommenders.defaults import DEFAULT_HYBRID_WEIGHTS

EventType = Literal["view", "click", "add_to_cart", "purchase", "not_interested"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = "sqlite:///./smart_suggest.db"
    # Empty means the in-process cache; a URL means Redis, falling back in-process on failure.
    redis_url: str = ""
    # Prefix on every cache key, so several deployments (or test runs) can share one Redis.
    cache_namespace: str = "smart-suggest"
    cache_ttl_seconds: int = Field(default=300, ge=1)
    # One key, or two separated by a comma while rotating (access.py). Empty: read
    # admin_api_key_file, which the entrypoint fills with a generated key on a first start.
    admin_api_key: str = ""
    admin_api_key_file: str = ""
    # The storefront's key: events, items and users' data, nothing administrative.
    storefront_api_key: str = ""
    # With keys configured, serving recommendations stays open (a shop's pages call it from
    # browsers) unless this is false; then it needs a storefront or admin key.
    public_recommendations: bool = True
    # Writes per key (or per client address without one), in the `limits` library's notation;
    # empty = no limit. Shared by all workers through Redis when REDIS_URL is set.
    write_rate_limit: str = "100/second"
    # With an admin key set, also require it to add to the catalog (for storefronts whose
    # catalog is pushed by a trusted back office rather than by the shop's pages).
    protect_catalog_writes: bool = False
    port: int = 8000
    # Apply pending migrations when the app starts; containers run them once in the
    # entrypoint instead, before the workers start.
    auto_migrate: bool = True
    cors_origins: list[str] = Field(default_factory=lambda: ["http://localhost:5173"])
    # Requests larger than this are refused with 413 before they are parsed.
    max_body_bytes: int = Field(default=20 * 1024 * 1024, ge=1024)

    # Implicit-feedback strength of each event type in the recommenders' user x item matrix.
    # not_interested is negative: it removes the item and lowers similar ones.
    event_weights: dict[str, float] = Field(
        default_factory=lambda: {
            "view": 1.0,
            "click": 3.0,
            "add_to_cart": 4.0,
            "purchase": 5.0,
            "not_interested": -5.0,
        }
    )

    # The strategy /recommendations serves when the request names none.
    default_strategy: str = "hybrid"
    # The live model refits in the background (what incremental updates cannot move, like
    # other users' neighbour lists) after this many new events, or this share of the events
    # it was built from if that is more, or this long after the first change.
    model_refit_min_events: int = Field(default=1_000, ge=1)
    model_refit_fraction: float = Field(default=0.1, ge=0)
    model_refit_interval_seconds: float = Field(default=600.0, gt=0)
    # How often each worker looks for changes other processes committed (sync.py); 0 = never.
    change_sync_seconds: float = Field(default=0.25, ge=0)
    # The hybrid strategy's blend (strategy name -> weight); a request may override it.
    hybrid_weights: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_HYBRID_WEIGHTS))

    # A/B tests: an event without an impression_id is credited to the user's latest list in
    # the test that showed the item this recently; adaptive tests re-allocate this often.
    ab_attribution_window_hours: float = Field(default=24.0, gt=0)
    ab_bandit_update_seconds: float = Field(default=60.0, ge=0)

    @field_validator("database_url")
    @classmethod
    def _normalise_database_url(cls, url: str) -> str:
        return normalise_database_url(url)

    def admin_keys(self) -> list[str]:
        if self.admin_api_key:
            return split_keys(self.admin_api_key, "ADMIN_API_KEY")
        if self.admin_api_key_file and Path(self.admin_api_key_file).is_file():
            return split_keys(Path(self.admin_api_key_file).read_text(), "ADMIN_API_KEY_FILE")
        return []

    def storefront_keys(self) -> list[str]:
        return split_keys(self.storefront_api_key, "STOREFRONT_API_KEY")

    @property
    def admin_required(self) -> bool:
        return bool(self.admin_keys())


def normalise_database_url(url: str) -> str:
    """Accept URLs as people paste them: `postgres://` and plain `postgresql://` get the
    psycopg (v3) driver, which is the one installed."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@lru_cache
def get_settings() -> Settings:
    return Settings()
