"""Request and response bodies of the A/B endpoints."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from identifiers import ID_PATTERN
from recommenders.rerank import RerankRules

TestStatus = Literal["active", "stopped"]
TestMode = Literal["fixed", "adaptive", "interleaving"]
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
        description="Re-rank rules for this arm's lists (names and ranges as the "
        "/recommendations re-rank parameters); they win over a request's own",
        examples=[{"upsell": 2.0}],
    )

    @field_validator("rerank")
    @classmethod
    def _known_rules(cls, rerank: dict[str, Any] | None) -> dict[str, Any] | None:
        if rerank:
            RerankRules().updated(rerank)  # raises ValueError naming what is wrong
        return rerank


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
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "homepage: hybrid vs cf",
                    "variants": [
                        {"name": "control", "strategy": "cf", "weight": 0.5},
                        {"name": "treatment", "strategy": "hybrid", "weight": 0.5},
                    ],
                    "primary_metric": "ctr",
                }
            ]
        }
    )

    @model_validator(mode="after")
    def _interleaving_merges_two(self) -> AbTestCreate:
        if self.mode == "interleaving" and self.variants is not None and len(self.variants) != 2:
            raise ValueError(
                f"an interleaving test merges exactly two rankers, got {len(self.variants)}"
            )
        return self

    name: str = Field(min_length=1, max_length=200)
    description: str = ""
    variants: list[VariantCreate] | None = Field(
        default=None,
        description=f"Two to {MAX_VARIANTS}, in order; omitted: control = cf, "
        "treatment = content, 50/50",
    )
    mode: TestMode = Field(
        default="fixed",
        description="fixed: the MD5 split; adaptive: Thompson sampling moves the weights; "
        "interleaving: every list merges the two variants' rankings (team draft)",
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
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"weights": {"control": 0.8, "treatment": 0.2}}]}
    )

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
    rerank: dict[str, Any] | None = Field(
        default=None, description="The arm's own re-rank rules (null: the request's)"
    )
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


# --- the analysis endpoints -----------------------------------------------------------------
# The statistics engine may add figures; ``extra="allow"`` passes them through untyped rather
# than drop them, while every key listed here is typed for the dashboard.


class _Figures(BaseModel):
    model_config = ConfigDict(extra="allow")


class VariantAllocationPublic(_Figures):
    variant: str
    users: int
    intended_weight: float
    observed_share: float | None = Field(description="null before any user is exposed")


class SampleRatioPublic(_Figures):
    checked: bool = Field(description="false before any user, and for adaptive tests")
    mismatch: bool
    p_value: float | None
    chi_square: float | None
    threshold: float
    explanation: str


class ArmValuePublic(_Figures):
    variant: str
    users: int
    value: float | None
    ci_low: float | None
    ci_high: float | None
    reason: str | None = None


class RelativeLiftPublic(_Figures):
    estimate: float = Field(description="treatment / control - 1")
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    standard_error: float | None
    ci_low_clipped: bool = Field(
        default=False,
        description="true when the interval reached below -100 % and ci_low was cut to -1 "
        "(a relative lift cannot go lower)",
    )


class SequentialPublic(_Figures):
    p_value: float | None = Field(description="always valid: safe to read at every look")
    ci_low: float | None
    ci_high: float | None
    tuning_sample_size: float
    ci_low_clipped: bool = Field(
        default=False,
        description="true when the interval reached below -100 % and ci_low was cut to -1 "
        "(a relative lift cannot go lower)",
    )


class BayesianPublic(_Figures):
    probability_treatment_beats_control: float | None
    expected_loss_if_ship_treatment: float | None
    expected_loss_if_keep_control: float | None
    posterior_mean: float | None
    posterior_sd: float | None
    credible_interval_low: float | None
    credible_interval_high: float | None
    credible_interval_low_clipped: bool = Field(
        default=False,
        description="true when the interval reached below -100 % and its low end was cut to -1 "
        "(a relative lift cannot go lower)",
    )


class EventLevelChiSquarePublic(_Figures):
    chi_square: float | None
    p_value: float | None
    chi_square_yates: float | None
    p_value_yates: float | None
    note: str


class CupedPublic(_Figures):
    theta: float
    variance_reduction_control: float | None
    variance_reduction_treatment: float | None
    unadjusted_difference: float | None = None
    unadjusted_ci_low: float | None = None
    unadjusted_ci_high: float | None = None


class SampleSizePublic(_Figures):
    target_relative_effect: float
    users_needed_per_variant: int
    more_users_needed_per_variant: int
    days_needed: float | None
    basis: str


class ComparisonPublic(_Figures):
    """Treatment against control on one metric; a figure the data cannot support is null
    and ``reason`` names why."""

    metric: str
    control: str
    treatment: str
    control_value: float | None = None
    treatment_value: float | None = None
    difference: float | None = Field(default=None, description="treatment - control")
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: float | None = None
    standard_error: float | None = None
    degrees_of_freedom: float | None = None
    relative_lift: RelativeLiftPublic | None = None
    sequential: SequentialPublic | None = None
    bayesian: BayesianPublic | None = None
    event_level_chi_square: EventLevelChiSquarePublic | None = None
    cuped: CupedPublic | None = None
    cohens_d: float | None = None
    cohens_h: float | None = None
    decision_basis: str | None = None
    decision_p_value: float | None = None
    decision_p_value_adjusted: float | None = None
    adjustment_method: str | None = None
    significant: bool | None = None
    sample_size: SampleSizePublic | None = None
    reason: str | None = None
    reason_detail: str | None = None


class MetricAnalysisPublic(_Figures):
    metric: MetricName
    label: str
    kind: str
    higher_is_better: bool
    primary: bool = Field(description="The declared primary metric: the one the verdict reads")
    guardrail: bool = Field(default=False, description="Declared as a guardrail")
    variants: list[ArmValuePublic]
    comparisons: list[ComparisonPublic]


class PlannedSizePublic(BaseModel):
    users_per_variant: dict[str, int]
    total_users: int
    sequential_tuning_sample_size: float | None
    basis: str


class PlanPublic(DecisionPlan):
    planned: PlannedSizePublic | None = Field(
        description="null until the control has data to measure its spread (when derived)"
    )
    days_to_plan: float | None = Field(
        description="Days from the start until every arm has its planned users, at the "
        "current traffic; null when stopped or the traffic is unknown"
    )


class AbAnalysis(_Figures):
    test_id: int
    alpha: float
    decision_method: str = Field(description="The rule read: sequential, fixed_horizon, bayesian")
    adaptive: bool
    control: str
    primary_metric: MetricName
    allocation: list[VariantAllocationPublic]
    sample_ratio: SampleRatioPublic
    metrics: list[MetricAnalysisPublic] = Field(description="The primary metric first")
    plan: PlanPublic


class RuleVerdictPublic(BaseModel):
    treatment: str
    decision: str
    status: Literal["decided", "running", "underpowered", "stopped_undecided", "insufficient_data"]
    decided: bool
    rule: str
    leader: str | None = Field(description="The variant ahead on the primary metric")
    relative_lift: float | None = Field(description="treatment / control - 1, primary metric")
    text: str


class SecondaryReadingPublic(BaseModel):
    metric: MetricName
    label: str
    guardrail: bool
    treatment: str
    relative_lift: float | None
    p_value_adjusted: float | None
    adjustment_method: str | None
    significant: bool | None
    worse: bool = Field(description="Significantly worse: a breached guardrail if guardrail")


class VerdictPublic(BaseModel):
    decision: str = Field(
        description="ship, keep_control, no_meaningful_difference, keep_running, inconclusive, "
        "insufficient_data or blocked_sample_ratio_mismatch"
    )
    recommended_variant: str | None
    text: str
    per_treatment: list[RuleVerdictPublic]
    rule: str = Field(description="The rule that read the test")
    declared_rule: DecisionRule
    primary_metric: MetricName
    status: str
    decided: bool
    leader: str | None
    stopped_at: datetime | None
    secondary: list[SecondaryReadingPublic]
    guardrails_breached: list[MetricName]


class AbStatisticalAnalysis(AbAnalysis):
    test_name: str
    status: TestStatus
    verdict: VerdictPublic
    notes: list[str]


class ReplayEstimatePublic(BaseModel):
    estimate: float = Field(description="Clicks per list")
    ci_low: float
    ci_high: float
    standard_error: float


class ReplayPublic(BaseModel):
    test_id: int
    strategy: str
    served_by: list[str] = Field(description="The arms of the test that served this strategy")
    users: int = Field(description="Exposed users in the log")
    lists: int = Field(description="Lists (impressions) in the log")
    matched_users: int
    matched_lists: int = Field(description="Logged lists the strategy itself served")
    alpha: float
    ips: ReplayEstimatePublic | None = Field(description="Inverse propensity scoring")
    snips: ReplayEstimatePublic | None = Field(description="Self-normalised IPS")
    effective_sample_size: float | None
    reason: str | None = Field(description="Why there is no estimate, when there is none")


class RankerCreditPublic(BaseModel):
    variant: str
    strategy: str
    clicks: int = Field(description="Clicks on the items this ranker placed")
    lists_won: int = Field(description="Lists where its items got more of the clicks")


class InterleavingPublic(BaseModel):
    test_id: int
    lists: int
    lists_with_clicks: int
    ties: int = Field(description="Lists with clicks split evenly: no preference")
    rankers: list[RankerCreditPublic]
    p_value: float | None = Field(description="Two-sided sign test on the lists won")
    alpha: float
    decided: bool
    leader: str | None
    text: str


class PhaseArmPublic(BaseModel):
    variant: str
    lists: int
    clicks: int = Field(description="Clicks credited to the lists of this phase")
    ctr: float = Field(description="clicks / lists")
    relative_lift: float | None = Field(description="Against the control in the same phase")


class PhasePublic(BaseModel):
    phase: int
    started_at: datetime
    ended_at: datetime | None = Field(description="null: the current phase")
    model_build: int = Field(description="The model build (full retrain count) that began it")
    variants: list[PhaseArmPublic]


class PhasesPublic(BaseModel):
    test_id: int
    phases: list[PhasePublic] = Field(description="Empty before the test serves a list")
