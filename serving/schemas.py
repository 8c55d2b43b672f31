from __future__ import annotations

import re
from typing import Any, Literal, Self

from pydantic import BaseModel, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from identifiers import ID_PATTERN, ItemId, UserId
from live.requests import MAX_N, Filters
from recommenders.rerank import MAX_CANDIDATES, RULE_BOUNDS, SEGMENTS
from timing import Timing

_ID = re.compile(ID_PATTERN)
# A name and a plain decimal of at most six digits before the point (no overflow to inf).
_WEIGHT = re.compile(r"^([a-z_][a-z0-9_]*):([0-9]{1,6}(?:\.[0-9]{1,6})?)$")


class FilterParams(BaseModel):
    """Query filters shared by every recommendation and similar-items endpoint."""

    n: int = Field(default=10, ge=1, le=MAX_N, description="How many items (1-100)")
    category: list[str] = Field(
        default_factory=list, description="Only these categories (repeat for several)"
    )
    min_price: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    max_price: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    exclude: list[str] = Field(
        default_factory=list,
        description="Item ids never to return: repeat the parameter or give a comma list",
    )

    @field_validator("category")
    @classmethod
    def _non_empty_categories(cls, categories: list[str]) -> list[str]:
        if any(not name.strip() or len(name) > 100 for name in categories):
            raise ValueError("a category must have 1-100 characters")
        return categories

    @field_validator("exclude")
    @classmethod
    def _split_item_ids(cls, values: list[str]) -> list[str]:
        return _split_ids(values, "exclude")

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        self.filters()  # raises InvalidRequest (a ValueError) for e.g. min_price > max_price
        return self

    def filters(self) -> Filters:
        return Filters(
            categories=tuple(self.category),
            min_price=self.min_price,
            max_price=self.max_price,
            exclude=tuple(self.exclude),
        )


class RecommendationParams(FilterParams):
    user_id: UserId
    weights: str | None = Field(
        default=None,
        description="Per-request blend for the hybrid: `ease:0.5,item_cf:0.3,content:0.2`",
        examples=["ease:0.6,item_cf:0.4"],
    )

    @field_validator("weights")
    @classmethod
    def _weights_syntax(cls, weights: str | None) -> str | None:
        if weights is not None:
            for part in weights.split(","):
                if not _WEIGHT.match(part.strip()):
                    raise ValueError(
                        f"weights must look like `ease:0.6,item_cf:0.4`; bad: {part!r}"
                    )
        return weights

    def weight_map(self) -> dict[str, float] | None:
        if self.weights is None:
            return None
        pairs = (part.strip().split(":") for part in self.weights.split(","))
        return {name: float(value) for name, value in pairs}


def _split_ids(values: list[str], name: str) -> list[str]:
    item_ids = [part.strip() for value in values for part in value.split(",")]
    bad = [item_id for item_id in item_ids if not _ID.match(item_id)]
    if bad:
        raise ValueError(f"{name} holds malformed item ids: {bad[:5]}")
    return item_ids


def _bound(name: str, description: str) -> Any:
    low, high = RULE_BOUNDS[name]
    return Field(default=None, ge=low, le=high, allow_inf_nan=False, description=description)


class RerankParams(BaseModel):
    """Per-request overrides of the re-rank rules (docs/recommenders.md, "Re-rank stage and
    storefront calls"); absent ones keep the configured value."""

    buy_again: bool | None = Field(
        default=None,
        description="Let bought items return, marked buy_again, once their repurchase "
        "interval has passed (off by default)",
    )
    upsell: float | None = _bound(
        "upsell", "Boost for items priced above the user's average: relevance x (1 + upsell)"
    )
    price_ratio: float | None = _bound(
        "price_ratio", "Items above this multiple of the user's average price are demoted"
    )
    price_demotion: float | None = _bound(
        "price_demotion", "Their relevance is multiplied by this (1 = no demotion)"
    )
    diversity: float | None = _bound(
        "diversity",
        "Maximal marginal relevance lambda: 1 = relevance only, lower pushes near-duplicates "
        "and same-category runs apart",
    )
    candidates: int | None = Field(
        default=None, ge=1, le=MAX_CANDIDATES, description="How many candidates to re-rank"
    )

    def rerank_overrides(self) -> dict[str, Any]:
        return {
            name: getattr(self, name)
            for name in RerankParams.model_fields
            if getattr(self, name) is not None
        }


class StorefrontParams(RecommendationParams, RerankParams):
    """GET /recommendations: a user's list, an item's context, or an anonymous session."""

    user_id: UserId | None = None  # type: ignore[assignment]
    item_id: ItemId | None = Field(
        default=None, description="Item context: people who view this also like (never it)"
    )
    recent_items: list[str] = Field(
        default_factory=list,
        description="An anonymous session: recently viewed item ids (comma list or repeated, "
        "at most 20); never those items",
        examples=[["elec-001,elec-004"]],
    )
    offset: int = Field(
        default=0, ge=0, le=MAX_CANDIDATES - 1, description="Items to skip (page = offset/n)"
    )
    cursor: str | None = Field(
        default=None,
        max_length=40_000,
        description="The next_cursor of the previous page: the next page without any "
        "item already served, even after the model moved",
    )

    @field_validator("recent_items")
    @classmethod
    def _split_recent(cls, values: list[str]) -> list[str]:
        return _split_ids(values, "recent_items")

    @model_validator(mode="after")
    def _some_context(self) -> Self:
        if self.user_id is None and self.item_id is None and not self.recent_items:
            raise PydanticCustomError(
                "missing", "Field required: give user_id, item_id or recent_items"
            )
        return self


class PopularParams(FilterParams):
    offset: int = Field(default=0, ge=0, le=MAX_CANDIDATES - 1, description="Items to skip")
    segment: Literal[SEGMENTS] | None = Field(  # type: ignore[valid-type]
        default=None,
        description="Popular with shoppers of this spending quartile: small, low-average, "
        "average, high (see /users/{user_id}/profile)",
    )


class FiltersPublic(BaseModel):
    category: list[str]
    min_price: float | None
    max_price: float | None
    exclude: list[str]


class RecommendedItem(BaseModel):
    item_id: str
    score: float
    title: str
    category: str
    reason: str = Field(description="The evidence: neighbours, liked items or shared terms")
    via: str = Field(
        description="The path that produced it: model, cold_item_fill, popular_fill, "
        "popular_fallback, representative_fallback, buy_again, ..."
    )
    price: float | None = Field(
        default=None, description="The catalogue price; null if none", examples=[2.55]
    )
    relevance: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="0..1 on one scale for every strategy: the strategy's score min-max "
        "normalised over the candidates, times the re-rank rules' factors, divided by the "
        "best; 1 = the top item of the whole ranking (page 1's first). `score` stays the "
        "strategy's own, on its own scale",
        examples=[0.83],
    )
    buy_again: bool = Field(
        default=False, description="Returned by the repurchase rule: bought before, due again"
    )


class RecommendationsPublic(Timing):
    user_id: str | None = Field(description="null for an item or session context without one")
    strategy: str
    n: int
    items: list[RecommendedItem] = Field(description="Best first")
    source: Literal["cache", "model"] = Field(description="Served from the cache or computed")
    fallback: str | None = Field(
        description="Set when a fallback served the user (e.g. popular_fallback for a user "
        "with no history); null when the strategy's own model did"
    )
    filters: FiltersPublic
    weights: dict[str, float] | None
    model_version: int = Field(description="The live model's version the answer came from")
    context: Literal["user", "item", "session"] | None = Field(
        default=None, description="What the list was built from", examples=["item"]
    )
    item_id: str | None = Field(default=None, description="The item context, if any")
    recent_items: list[str] | None = Field(default=None, description="The session, if any")
    offset: int | None = None
    next_cursor: str | None = Field(
        default=None,
        description="Pass as `cursor` for the next page (null: no more): it never repeats an "
        "item served on this or an earlier page",
    )
    rerank: dict[str, Any] | None = Field(
        default=None,
        description="The re-rank rules this answer was ranked with",
        examples=[
            {
                "candidates": 200,
                "buy_again": False,
                "buy_again_score": 0.5,
                "repurchase_default_days": 30.0,
                "upsell": 0.0,
                "price_ratio": 1.5,
                "price_demotion": 0.85,
                "diversity": 1.0,
            }
        ],
    )
    segment: str | None = Field(
        default=None, description="The user's spending segment", examples=["high"]
    )


class PopularPublic(Timing):
    strategy: str
    segment: str | None = Field(description="The spending segment asked for, if any")
    n: int
    offset: int
    items: list[RecommendedItem] = Field(description="Best first")
    has_more: bool = Field(description="Whether offset + n leaves more items")
    filters: FiltersPublic
    model_version: int


class StrategyPublic(BaseModel):
    name: str
    description: str


class StrategiesPublic(BaseModel):
    strategies: list[StrategyPublic]
    default: str = Field(description="What /recommendations serves without ?strategy=")


class SimilarItemsPublic(Timing):
    item_id: str
    strategies: list[str] = Field(description="The strategies whose similarities were blended")
    n: int
    items: list[RecommendedItem]
    filters: FiltersPublic
    model_version: int


class ArtefactStatus(BaseModel):
    version: int = Field(description="The builder's artefact version: the same on every worker")
    position: int = Field(description="The highest interaction id the artefact was built from")
    created_at: float


class TuningStatus(BaseModel):
    """The builder's self-tuning behind the served models (live/tuning.py)."""

    state: Literal["off", "too_little_data", "pending", "failed", "tuned"] = Field(
        description="off: TUNING_BUDGET_SECONDS is 0, or this process fits its own models; "
        "too_little_data: fewer than TUNING_MIN_EVENTS events; pending: the first tuning is "
        "under way; failed: it failed (the defaults are served); tuned: the winners are served"
    )
    tuned_at: float | None = Field(default=None, description="When it ran (Unix time)")
    reason: str | None = Field(default=None, description="Why it ran (first, scheduled, ...)")
    events: int | None = Field(default=None, description="Stored events it was tuned on")
    best: str | None = Field(default=None, description="The strategy best on validation")
    validation: dict[str, dict[str, float]] = Field(
        default_factory=dict,
        description="Per strategy, its chosen parameters' figures on the validation split "
        "(ndcg@10, recall@20, ..., users)",
    )
    seconds: float | None = Field(default=None, description="Wall-clock seconds it took")
    budget_seconds: float | None = None
    complete: bool | None = Field(
        default=None, description="Every candidate was tried within the budget"
    )
    tried: int | None = Field(default=None, description="Candidates evaluated")


class ModelStatus(BaseModel):
    version: int
    epoch: int
    model_version: str = Field(
        description="The build's version: the same on every worker built from the same data"
    )
    rebuilds: int = Field(description="Full builds since the service started, the first included")
    strategies: list[str]
    items: int
    events_at_build: int
    events_since_build: int
    current: bool = Field(
        description="The last build read every stored event: the served models are the "
        "models of the data (a bulk loader waits for this)"
    )
    covers_event_id: int = Field(description="The event log position the last build read")
    stored_event_id: int = Field(description="The event log position in storage now")
    pending_events: int = Field(
        description="Events taken in incrementally since the last build (the next covers them)"
    )
    current_since: float | None = Field(
        description="Since when (Unix time) the models are current; null while not"
    )
    built_at: float
    build_seconds: float = Field(description="Reading storage plus fitting every strategy")
    load_seconds: float
    fit_seconds: dict[str, float]
    refit_after_events: int
    artefact: ArtefactStatus | None = Field(
        default=None, description="Where the models came from; null when this process fit them"
    )
    parameters: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description="Per strategy, the parameters the served model was created with",
    )
    tuning: TuningStatus = Field(
        default_factory=lambda: TuningStatus(state="off"),
        description="The self-tuning that chose the parameters",
    )


class RecommendationsUnderTest(RecommendationsPublic):
    """/recommendations; with ``test_id`` the answer also says which variant served it."""

    test_id: int | None = Field(default=None, description="Present when served under a test")
    variant: str | None = Field(
        default=None, description="null when the test is stopped or leaves the user out"
    )
    impression_id: str | None = Field(
        default=None, description="Carry it on clicks and purchases: they are credited to it"
    )
    placed_by: list[str] | None = Field(
        default=None,
        description="Interleaving tests: the variant whose ranker placed each item, by rank",
    )
