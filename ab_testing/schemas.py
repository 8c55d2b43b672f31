"""Request and response bodies of the A/B endpoints."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from identifiers import ID_PATTERN
from recommenders.schemas import RecommendationsPublic

TestStatus = Literal["active", "stopped"]
TestMode = Literal["fixed", "adaptive"]
DecisionRule = Literal["sequential", "fixed_horizon"]
MetricName = Literal["ctr", "conversion", "revenue", "engagement"]
# A test's bounds (docs/ab_testing.md): more arms split the traffic too thin to decide, and a
# weight is relative, so a bounded range loses nothing while keeping the sums finite.
MAX_VARIANTS = 10
MAX_WEIGHT = 1_000_000.0


class VariantCreate(BaseModel):
    name: str = Field(pattern=ID_PATTERN, examples=["control"])
    strategy: str = Field(min_length=1, max_length=64, examples=["cf"])
    weight: float = Field(
        gt=0,
        le=MAX_WEIGHT,
        allow_inf_nan=False,
        description=f"Relative; need not sum to 1; at most {MAX_WEIGHT:,.0f}",
    )
    rerank: dict[str, Any] | None = Field(
        default=None,
        description="Re-rank settings passed through to the recommendation call of this arm",
    )


class DecisionPlan(BaseModel):
    """What the test will decide on, and how, declared before any data is seen."""

    primary_metric: MetricName = Field(
        default="ctr", description="The one metric the verdict decides on"
    )
    guardrail_metrics: list[MetricName] = Field(
        default_factory=list,
        description="Metrics that must not get worse; reported, never decisive",
    )
    decision_rule: DecisionRule = Field(
        default="sequential",
        description="sequential: always valid, read it any day; fixed_horizon: decide once, "
        "when the planned users per variant are in",
    )
    minimum_detectable_effect: float = Field(
        default=0.05,
        gt=0,
        le=10,
        allow_inf_nan=False,
        description="The smallest relative lift worth finding (0.05 = 5 %)",
    )
    power: float = Field(default=0.8, ge=0.5, lt=1, description="Chance to find that lift")
    alpha: float = Field(default=0.05, gt=0, le=0.2, description="False-positive rate")
    planned_users_per_variant: int | None = Field(
        default=None,
        ge=10,
        le=1_000_000_000,
        description="Fixes the plan; omitted: derived from the minimum detectable effect, "
        "power, alpha, the allocation and the control's observed spread",
    )
    planned_duration_days: int = Field(
        default=14, ge=1, le=365, description="How long the test is meant to run"
    )

    @model_validator(mode="after")
    def _guardrails_differ(self) -> DecisionPlan:
        if self.primary_metric in self.guardrail_metrics:
            raise ValueError(
                f"{self.primary_metric!r} is the primary metric; it cannot also be a guardrail"
            )
        if len(set(self.guardrail_metrics)) != len(self.guardrail_metrics):
            raise ValueError(f"guardrail metrics repeat: {self.guardrail_metrics}")
        return self


class AbTestCreate(DecisionPlan):
    name: str = Field(min_length=1, max_length=200)
    description: str = ""
    variants: list[VariantCreate] | None = Field(
        default=None,
        description=f"Two to {MAX_VARIANTS}, in order; omitted: control = cf, "
        "treatment = content, 50/50",
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
        if not 2 <= len(variants) <= MAX_VARIANTS:
            raise ValueError(
                f"a test needs two or more variants and at most {MAX_VARIANTS}, got {len(variants)}"
            )
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
        bad = {name: w for name, w in weights.items() if not 0 < w <= MAX_WEIGHT}
        if bad:
            raise ValueError(f"weights must be > 0 and at most {MAX_WEIGHT:,.0f}, got {bad}")
        return weights


class VariantPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    name: str
    strategy: str
    weight: float
    rerank: dict[str, Any] | None = None


class AbTestPublic(DecisionPlan):
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
    assigned_variant: str | None = Field(
        default=None,
        description="The variant the user was in, kept after the test stops (then "
        "`variant` is null: a stopped test serves no one)",
    )


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
