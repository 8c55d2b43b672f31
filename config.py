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
    # Writes per key, in the `limits` library's notation (no keys configured: no limit);
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

    # An event timestamped further than this into the future is refused (422): clocks drift a
    # little, but one far-future event would age every other one in the trending scores.
    max_future_skew_seconds: float = Field(default=300.0, ge=0)

    # The strategy /recommendations serves when the request names none.
    default_strategy: str = "hybrid"
    # Once the model builder has self-tuned (live/tuning.py), serve its best validated
    # strategy when a request names none, instead of default_strategy (served_default).
    default_strategy_follows_tuning: bool = False
    # The model builder's self-tuning (live/tuning.py): wall-clock seconds one run may take
    # (about 60 s suits Online Retail on 2 cores; 0 = off: registry defaults are served).
    tuning_budget_seconds: float = Field(default=60.0, ge=0)
    # It tunes again this long after the last tuning, or once the stored events changed by
    # this share of those it was tuned on; below this many events it keeps the defaults.
    tuning_interval_hours: float = Field(default=24.0, gt=0)
    tuning_retune_growth: float = Field(default=0.5, gt=0)
    tuning_min_events: int = Field(default=1_000, ge=0)
    # The live model refits in the background (what incremental updates cannot move, like
    # other users' neighbour lists) after this many new events, or this share of the events
    # it was built from if that is more, or this long after the first change.
    model_refit_min_events: int = Field(default=1_000, ge=1)
    model_refit_fraction: float = Field(default=0.1, ge=0)
    model_refit_interval_seconds: float = Field(default=600.0, gt=0)
    # A due rebuild waits until no event arrived for this long (a bulk load makes one
    # build after it), but not longer than the max delay after it fell due.
    model_rebuild_quiet_seconds: float = Field(default=1.0, ge=0)
    model_rebuild_max_delay_seconds: float = Field(default=60.0, ge=0)
    # A build remembers the event_ids of this many of the newest stored events, so a change
    # that reaches the worker after the build but was already in it is not counted twice.
    model_covered_window_events: int = Field(default=200_000, ge=0)
    # How often each worker looks for changes other processes committed (sync.py); 0 = never.
    change_sync_seconds: float = Field(default=0.25, ge=0)
    # Where the builder publishes model artefacts and workers load them (live/artefacts.py).
    model_dir: str = "./data/models"
    # Who fits the models: "embedded" = a builder child process this app starts (the
    # default: nothing else to run), "external" = a builder run elsewhere (`python -m
    # live.builder`, e.g. its own container on the same MODEL_DIR), "inline" = this process
    # fits them itself, in a thread (tests and one-off scripts; no artefact is written).
    model_builder: Literal["embedded", "external", "inline"] = "embedded"
    # A build starts once requests have been quiet this long (a bulk load asks many times),
    # or this long after the first one at the latest.
    model_build_debounce_seconds: float = Field(default=1.0, ge=0)
    model_build_max_delay_seconds: float = Field(default=30.0, ge=0)
    # How long a worker with nothing to serve waits for the builder's first artefact.
    model_build_timeout_seconds: float = Field(default=900.0, gt=0)
    # Artefact versions kept on disk (a worker may still map the previous one).
    model_keep_versions: int = Field(default=3, ge=2)
    # The hybrid strategy's blend (strategy name -> weight); a request may override it.
    hybrid_weights: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_HYBRID_WEIGHTS))

    # The re-rank stage after every strategy (recommenders/rerank.py, RerankRules): overrides
    # of its defaults, e.g. {"upsell": 0.2, "diversity": 0.8}; a request's query parameters
    # and an A/B variant's `rerank` settings override these in turn.
    rerank_defaults: dict[str, bool | int | float] = Field(default_factory=dict)
    # Repurchase intervals and spending quartiles are relearnt from the log at most this
    # often; an item bought by this many people, none of them twice, is never bought again.
    shopper_stats_seconds: float = Field(default=60.0, ge=0)
    repurchase_min_buyers: int = Field(default=5, ge=1)

    # A/B tests: an event without an impression_id is credited to the user's latest list in
    # the test that showed the item this recently; adaptive tests re-allocate this often.
    ab_attribution_window_hours: float = Field(default=24.0, gt=0)
    ab_bandit_update_seconds: float = Field(default=60.0, ge=0)

    @field_validator("rerank_defaults")
    @classmethod
    def _known_rerank_rules(
        cls, rules: dict[str, bool | int | float]
    ) -> dict[str, bool | int | float]:
        from recommenders.rerank import RerankRules  # NumPy: only when the setting is used

        if rules:
            RerankRules().updated(rules)  # raises ValueError naming a bad rule
        return rules

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

    def refit_threshold(self, events_at_build: int) -> int:
        """New events after which models built from ``events_at_build`` events are refitted."""
        return max(self.model_refit_min_events, int(self.model_refit_fraction * events_at_build))

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
