from __future__ import annotations

import re
from typing import Literal, Self

from pydantic import BaseModel, Field, field_validator, model_validator

from identifiers import ID_PATTERN, UserId
from recommenders.service import MAX_N, Filters

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
        item_ids = [part.strip() for value in values for part in value.split(",")]
        bad = [item_id for item_id in item_ids if not _ID.match(item_id)]
        if bad:
            raise ValueError(f"exclude holds malformed item ids: {bad[:5]}")
        return item_ids

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
        "popular_fallback, representative_fallback, ..."
    )


class RecommendationsPublic(BaseModel):
    user_id: str
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


class StrategyPublic(BaseModel):
    name: str
    description: str


class StrategiesPublic(BaseModel):
    strategies: list[StrategyPublic]
    default: str = Field(description="What /recommendations serves without ?strategy=")


class SimilarItemsPublic(BaseModel):
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
