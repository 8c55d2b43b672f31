"""Request and response bodies of the A/B endpoints."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from identifiers import ID_PATTERN
from recommenders.schemas import RecommendationsPublic

TestStatus = Literal["active", "stopped"]
TestMode = Literal["fixed", "adaptive"]


class VariantCreate(BaseModel):
    name: str = Field(pattern=ID_PATTERN, examples=["control"])
    strategy: str = Field(min_length=1, max_length=64, examples=["cf"])
    weight: float = Field(gt=0, allow_inf_nan=False, description="Relative; need not sum to 1")


class AbTestCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    description: str = ""
    variants: list[VariantCreate] | None = Field(
        default=None,
        description="Two or more, in order; omitted: control = cf, treatment = content, 50/50",
    )
    mode: TestMode = Field(
        default="fixed",
        description="fixed: the MD5 split; adaptive: Thompson sampling moves the weights",
    )
    layer: str | None = Field(
        default=None,
        pattern=ID_PATTERN,
        description="Tests in one layer never share a user",
    )
    layer_traffic: float = Field(
        default=1.0, gt=0, le=1, description="The share of the layer's users this test takes"
    )

    @field_validator("variants")
    @classmethod
    def _two_distinct_variants(
        cls, variants: list[VariantCreate] | None
    ) -> list[VariantCreate] | None:
        if variants is None:
            return None
        if len(variants) < 2:
            raise ValueError(f"a test needs two or more variants, got {len(variants)}")
        names = [variant.name for variant in variants]
        if len(set(names)) != len(names):
            raise ValueError(f"variant names must differ, got {names}")
        return variants


class WeightsUpdate(BaseModel):
    weights: dict[str, float] = Field(
        description="{variant name: weight > 0} for every variant; stored assignments stay"
    )

    @field_validator("weights")
    @classmethod
    def _positive(cls, weights: dict[str, float]) -> dict[str, float]:
        bad = {name: weight for name, weight in weights.items() if not weight > 0}
        if bad:
            raise ValueError(f"weights must be > 0, got {bad}")
        return weights


class VariantPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    name: str
    strategy: str
    weight: float


class AbTestPublic(BaseModel):
    id: int
    name: str
    description: str
    status: TestStatus
    mode: TestMode
    created_at: datetime
    stopped_at: datetime | None
    layer: str | None
    layer_traffic: float | None
    variants: list[VariantPublic]


class AbTestsPublic(BaseModel):
    tests: list[AbTestPublic]


class AssignmentPublic(BaseModel):
    test_id: int
    user_id: str
    variant: str | None = Field(
        description="null: the test is stopped or its layer leaves the user out"
    )
    strategy: str = Field(description="The strategy the user is served under this test")


class PositionStats(BaseModel):
    position: int = Field(description="Rank in the list, 0 = first")
    impressions: int
    clicks: int
    ctr: float


class ModelVersionCount(BaseModel):
    model_version: str
    impressions: int


class ServingHealth(BaseModel):
    p95_latency_ms: float | None
    cache_hit_rate: float
    fallback_share: float


class VariantResults(BaseModel):
    variant: str
    strategy: str
    weight: float
    assigned_users: int
    exposed_users: int
    impressions: int
    clicks: int
    add_to_carts: int
    purchases: int
    clicking_users: int
    converted_users: int
    ctr: float = Field(description="clicks / impressions")
    conversion_rate: float = Field(description="exposed users who purchased / exposed users")
    mean_engagement_seconds: float | None = Field(
        description="mean over attributed events that report engagement"
    )
    revenue: float
    revenue_per_user: float = Field(description="revenue / exposed users")
    ctr_by_position: list[PositionStats]
    serving: ServingHealth
    model_versions: list[ModelVersionCount]


class AllocationPublic(BaseModel):
    decided_at: datetime
    source: str
    weights: dict[str, float]


class AbResults(BaseModel):
    test_id: int
    name: str
    status: TestStatus
    mode: TestMode
    attribution_window_hours: float
    variants: list[VariantResults]
    allocations: list[AllocationPublic] = Field(
        description="Every allocation the test had; more than one means traffic was not fixed"
    )


class TimeBucket(BaseModel):
    start: datetime
    impressions: int
    clicks: int
    ctr: float
    conversions: int = Field(description="Attributed purchases")
    revenue: float


class VariantSeries(BaseModel):
    variant: str
    buckets: list[TimeBucket]


class MetricsOverTime(BaseModel):
    test_id: int
    bucket: Literal["day", "hour"]
    variants: list[VariantSeries]


class RecommendationsUnderTest(RecommendationsPublic):
    """/recommendations; with ``test_id`` the answer also says which variant served it."""

    test_id: int | None = Field(default=None, description="Present when served under a test")
    variant: str | None = Field(
        default=None, description="null when the test is stopped or leaves the user out"
    )
    impression_id: str | None = Field(
        default=None, description="Carry it on clicks and purchases: they are credited to it"
    )
