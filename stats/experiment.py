"""The whole analysis of one experiment, from per-variant sufficient statistics to a verdict.

``analyze_experiment`` is pure: the database side (``ab_testing/repository.py``) aggregates
per user, then per variant, and hands over the summaries. The first variant is the control and the
first metric the primary one, the one the verdict is about.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from stats.bayesian import BayesianResult, GaussianPrior, bayesian_effect
from stats.beta_binomial import BetaBinomialResult, beta_binomial_analysis
from stats.corrections import (
    benjamini_hochberg,
    benjamini_hochberg_reject,
    holm,
    holm_reject,
    single_test_reject,
)
from stats.cuped import CupedSummary, cuped_estimate, pooled_theta, variance_reduction
from stats.effect_sizes import cohens_d, cohens_h
from stats.estimates import (
    ArmEstimate,
    InsufficientDataError,
    MeanSummary,
    ProportionSummary,
    RatioSummary,
    estimate_mean,
    estimate_proportion,
    estimate_ratio,
)
from stats.interpretation import (
    ADAPTIVE_ALLOCATION_NOTE,
    Decision,
    Evidence,
    TreatmentVerdict,
    insufficient_data_verdict,
    sample_ratio_mismatch_text,
    treatment_verdict,
)
from stats.power import total_sample_size_for_allocation
from stats.sequential import (
    DEFAULT_TUNING_SAMPLE_SIZE,
    sequential_test,
    sequential_total_sample_size,
)
from stats.serialize import JsonReady
from stats.significance import (
    ChiSquareResult,
    IntervalTest,
    absolute_effect,
    chi_square_2x2,
    fixed_horizon_test,
    mean_interval,
    relative_effect,
    sample_ratio_mismatch,
    wilson_interval,
)

MetricSummary = MeanSummary | ProportionSummary | RatioSummary | CupedSummary
DecisionMethod = Literal["fixed_horizon", "sequential"]


@dataclass(frozen=True)
class MetricSpec:
    """A metric to analyse. ``label`` is how the verdict names it ("CTR")."""

    name: str
    label: str = ""
    higher_is_better: bool = True

    @property
    def display_name(self) -> str:
        return self.label or self.name


@dataclass(frozen=True)
class VariantInput:
    """One variant: its exposed users, intended weight and a summary per metric name."""

    name: str
    users: int
    intended_weight: float
    metrics: Mapping[str, MetricSummary]


@dataclass(frozen=True)
class AnalysisSettings:
    """How to decide.

    ``decision_method`` is ``"sequential"`` when people look at the results before the planned
    end (the always-valid test), ``"fixed_horizon"`` when the test is read once; adaptive tests
    always decide on the Bayesian posterior. ``daily_enrolment_rate`` is new users per day over
    all variants. ``minimum_effect_worth_shipping`` is a relative lift.

    For a planned sequential rule, pass the plan (``stats.power.planned_sample_size``):
    ``planned_tuning_sample_size`` (its ``tuning_sample_size``, both compared arms) and
    ``sequential_planned_looks`` (e.g. one look a day over the planned duration), which
    calibrates the sequence to spend all of alpha over those looks.
    """

    alpha: float = 0.05
    power: float = 0.8
    minimum_effect_worth_shipping: float = 0.02
    decision_method: DecisionMethod = "fixed_horizon"
    adaptive: bool = False
    daily_enrolment_rate: float | None = None
    planned_users_per_variant: int | None = None
    planned_tuning_sample_size: int | None = None
    sequential_planned_looks: int | None = None
    srm_p_value_threshold: float = 0.001
    prior: GaussianPrior = field(default_factory=GaussianPrior)

    def __post_init__(self) -> None:
        if not 0.0 < self.alpha < 0.5:
            raise ValueError("alpha must lie in (0, 0.5)")
        if not self.alpha < self.power < 1.0:
            raise ValueError("power must lie between alpha and 1")
        if self.minimum_effect_worth_shipping <= 0:
            raise ValueError("minimum_effect_worth_shipping must be a positive relative lift")
        if self.daily_enrolment_rate is not None and not self.daily_enrolment_rate > 0:
            raise ValueError("daily_enrolment_rate must be positive when given")
        if self.planned_users_per_variant is not None and self.planned_users_per_variant < 1:
            raise ValueError("planned_users_per_variant must be at least 1 when given")
        if self.planned_tuning_sample_size is not None and self.planned_tuning_sample_size < 2:
            raise ValueError("planned_tuning_sample_size must be at least 2 when given")
        if self.sequential_planned_looks is not None and self.sequential_planned_looks < 1:
            raise ValueError("sequential_planned_looks must be at least 1 when given")

    def sequential_tuning_sample_size(self) -> float:
        """Both arms' planned users: where the confidence sequence is made tightest."""
        if self.planned_tuning_sample_size is not None:
            return float(self.planned_tuning_sample_size)
        if self.planned_users_per_variant is None:
            return DEFAULT_TUNING_SAMPLE_SIZE
        return 2.0 * self.planned_users_per_variant


@dataclass(frozen=True)
class VariantAllocation(JsonReady):
    variant: str
    users: int
    intended_weight: float
    observed_share: float | None


@dataclass(frozen=True)
class SampleRatioCheck(JsonReady):
    checked: bool
    mismatch: bool
    p_value: float | None
    chi_square: float | None
    threshold: float
    explanation: str


@dataclass(frozen=True)
class ArmValue(JsonReady):
    """One variant's metric value with its own 95 % (1 - alpha) interval."""

    variant: str
    users: int
    value: float | None
    ci_low: float | None
    ci_high: float | None
    reason: str | None = None


# A relative lift cannot go below -100 % (the treatment's value at zero), but its normal
# (delta-method) interval can when the control is noisy; reported intervals stop there and
# say so with ``ci_low_clipped``. Clipping never moves a decision: -100 % is below 0 and
# below minus any minimum effect.
LIFT_FLOOR = -1.0


def _tested(figure: float | None) -> float:
    """A figure of a test on a relative effect, which has spread (``relative_effect`` raises
    otherwise), so it is never the ``None`` of a degenerate test."""
    if figure is None:
        raise InsufficientDataError("zero_variance", "the relative effect has no spread to test")
    return figure


def _floored(low: float | None) -> tuple[float | None, bool]:
    """The lower end of a relative-lift interval, and whether it was cut at the floor."""
    if low is None or low >= LIFT_FLOOR:
        return low, False
    return LIFT_FLOOR, True


@dataclass(frozen=True)
class RelativeLift(JsonReady):
    estimate: float
    ci_low: float
    ci_high: float
    p_value: float
    standard_error: float
    ci_low_clipped: bool = False


@dataclass(frozen=True)
class SequentialFigures(JsonReady):
    """Always-valid figures for the relative lift: safe to read at every look (with
    ``planned_looks``: at up to that many looks until the tuning size)."""

    p_value: float
    ci_low: float
    ci_high: float
    tuning_sample_size: float
    planned_looks: int | None = None
    ci_low_clipped: bool = False


@dataclass(frozen=True)
class EventLevelChiSquare(JsonReady):
    """The classic test counting every impression as independent, shown for comparison."""

    chi_square: float
    p_value: float
    chi_square_yates: float
    p_value_yates: float
    note: str


@dataclass(frozen=True)
class CupedFigures(JsonReady):
    theta: float
    variance_reduction_control: float
    variance_reduction_treatment: float
    unadjusted_difference: float | None = None
    unadjusted_ci_low: float | None = None
    unadjusted_ci_high: float | None = None


@dataclass(frozen=True)
class SampleSizeNeeded(JsonReady):
    """Users the comparison needs at the test's own split of users (e.g. 90/10).

    ``users_needed_per_variant``/``more_users_needed_per_variant`` are the larger of the two
    arms' figures; ``days_needed`` is how long the slower-filling arm takes at its share of
    ``daily_enrolment_rate``.
    """

    target_relative_effect: float
    users_needed_per_variant: int
    more_users_needed_per_variant: int
    days_needed: float | None
    basis: str
    users_needed_control: int = 0
    users_needed_treatment: int = 0
    more_users_needed_control: int = 0
    more_users_needed_treatment: int = 0
    treatment_share: float = 0.5


@dataclass(frozen=True)
class Comparison(JsonReady):
    """Treatment versus control on one metric.

    ``difference``/``ci_low``/``ci_high``/``p_value`` are the user-level fixed-horizon test of
    the absolute difference; ``relative_lift``, ``sequential`` and ``bayesian`` are on the
    relative scale; ``beta_binomial`` (proportions only) is the exact conjugate view per arm.
    ``decision_p_value`` is the one the verdict uses, adjusted for the number
    of comparisons in ``decision_p_value_adjusted``. When the data cannot support a figure it
    is ``None`` and ``reason`` names why.
    """

    metric: str
    control: str
    treatment: str
    control_value: float | None = None
    treatment_value: float | None = None
    difference: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: float | None = None
    standard_error: float | None = None
    degrees_of_freedom: float | None = None
    relative_lift: RelativeLift | None = None
    sequential: SequentialFigures | None = None
    bayesian: BayesianResult | None = None
    beta_binomial: BetaBinomialResult | None = None
    event_level_chi_square: EventLevelChiSquare | None = None
    cuped: CupedFigures | None = None
    cohens_d: float | None = None
    pooled_sd: float | None = None
    cohens_h: float | None = None
    decision_basis: str | None = None
    decision_p_value: float | None = None
    decision_p_value_adjusted: float | None = None
    adjustment_method: str | None = None
    significant: bool | None = None
    sample_size: SampleSizeNeeded | None = None
    reason: str | None = None
    reason_detail: str | None = None


@dataclass(frozen=True)
class MetricAnalysis(JsonReady):
    metric: str
    label: str
    kind: str
    higher_is_better: bool
    primary: bool
    variants: list[ArmValue]
    comparisons: list[Comparison]


@dataclass(frozen=True)
class Verdict(JsonReady):
    decision: Decision
    recommended_variant: str | None
    text: str
    per_treatment: list[TreatmentVerdict]


@dataclass(frozen=True)
class ExperimentAnalysis(JsonReady):
    alpha: float
    decision_method: str
    adaptive: bool
    control: str
    primary_metric: str
    allocation: list[VariantAllocation]
    sample_ratio: SampleRatioCheck
    metrics: list[MetricAnalysis]
    verdict: Verdict
    notes: list[str]


EVENT_LEVEL_NOTE = (
    "Counts every impression as independent. Users who see many lists make this test "
    "overconfident, so the verdict uses the user-level delta-method test instead."
)


def _kind(summary: MetricSummary) -> str:
    return {
        MeanSummary: "mean",
        ProportionSummary: "proportion",
        RatioSummary: "ratio",
        CupedSummary: "mean_with_cuped",
    }[type(summary)]


def estimate_arm(summary: MetricSummary) -> ArmEstimate:
    """One arm's mean and per-user spread (a CUPED metric's: the unadjusted ones)."""
    if isinstance(summary, ProportionSummary):
        return estimate_proportion(summary)
    if isinstance(summary, RatioSummary):
        return estimate_ratio(summary)
    if isinstance(summary, CupedSummary):
        return estimate_mean(summary.post)
    return estimate_mean(summary)


def _arm_value(variant: str, summary: MetricSummary, alpha: float) -> ArmValue:
    try:
        if isinstance(summary, ProportionSummary):
            low, high = wilson_interval(summary.successes, summary.n, alpha)
            return ArmValue(variant, summary.n, summary.rate, low, high)
        estimate = estimate_arm(summary)
        low, high = mean_interval(estimate, alpha)
        return ArmValue(variant, estimate.n, estimate.mean, low, high)
    except InsufficientDataError as error:
        return ArmValue(variant, summary.n, _point_value(summary), None, None, error.reason)


def _point_value(summary: MetricSummary) -> float | None:
    """The metric's value without an interval (one user is enough); None with no users."""
    try:
        if isinstance(summary, ProportionSummary):
            return summary.rate
        if isinstance(summary, RatioSummary):
            return summary.ratio
        if isinstance(summary, CupedSummary):
            return summary.post.mean
        return summary.mean
    except InsufficientDataError:
        return None


def _event_level(control: RatioSummary, treatment: RatioSummary) -> EventLevelChiSquare | None:
    """2x2 chi-square of events (clicks) over trials (impressions), when that table exists."""
    counts = [
        control.numerator_total,
        control.denominator_total,
        treatment.numerator_total,
        treatment.denominator_total,
    ]
    if any(c != int(c) for c in counts):
        return None
    if (
        control.numerator_total > control.denominator_total
        or treatment.numerator_total > treatment.denominator_total
    ):
        return None
    c = ProportionSummary(int(control.denominator_total), int(control.numerator_total))
    t = ProportionSummary(int(treatment.denominator_total), int(treatment.numerator_total))
    try:
        plain: ChiSquareResult = chi_square_2x2(c, t, yates=False)
        corrected = chi_square_2x2(c, t, yates=True)
    except InsufficientDataError:
        return None
    return EventLevelChiSquare(
        plain.chi_square, plain.p_value, corrected.chi_square, corrected.p_value, EVENT_LEVEL_NOTE
    )


def _cuped_figures(
    control: CupedSummary, treatment: CupedSummary, theta: float, settings: AnalysisSettings
) -> CupedFigures:
    """What CUPED changed, beside the unadjusted test (absent when the raw metric is flat
    within each arm, which only the covariate then explains)."""
    figures = CupedFigures(
        theta=theta,
        variance_reduction_control=variance_reduction(control, theta),
        variance_reduction_treatment=variance_reduction(treatment, theta),
    )
    try:
        raw = absolute_effect(estimate_mean(control.post), estimate_mean(treatment.post))
    except InsufficientDataError:
        return figures
    unadjusted = fixed_horizon_test(raw, settings.alpha)
    return dataclasses.replace(
        figures,
        unadjusted_difference=unadjusted.estimate,
        unadjusted_ci_low=unadjusted.ci_low,
        unadjusted_ci_high=unadjusted.ci_high,
    )


def _compare(
    spec: MetricSpec,
    control_name: str,
    control: MetricSummary,
    treatment_name: str,
    treatment: MetricSummary,
    settings: AnalysisSettings,
) -> Comparison:
    base = Comparison(metric=spec.name, control=control_name, treatment=treatment_name)
    try:
        if isinstance(control, CupedSummary) and isinstance(treatment, CupedSummary):
            theta = pooled_theta([control, treatment])
            c_est, t_est = cuped_estimate(control, theta), cuped_estimate(treatment, theta)
        else:
            c_est, t_est = estimate_arm(control), estimate_arm(treatment)
        effect = absolute_effect(c_est, t_est)
    except InsufficientDataError as error:
        return dataclasses.replace(base, reason=error.reason, reason_detail=str(error))

    absolute = fixed_horizon_test(effect, settings.alpha)
    standardised = cohens_d(c_est, t_est)
    result = dataclasses.replace(
        base,
        control_value=c_est.unadjusted_mean,
        treatment_value=t_est.unadjusted_mean,
        difference=absolute.estimate,
        ci_low=absolute.ci_low,
        ci_high=absolute.ci_high,
        p_value=absolute.p_value,
        standard_error=absolute.standard_error,
        degrees_of_freedom=effect.degrees_of_freedom,
        cohens_d=standardised.d,
        pooled_sd=standardised.pooled_sd,
    )
    if isinstance(control, CupedSummary) and isinstance(treatment, CupedSummary):
        result = dataclasses.replace(
            result, cuped=_cuped_figures(control, treatment, theta, settings)
        )
    if isinstance(control, ProportionSummary) and isinstance(treatment, ProportionSummary):
        result = dataclasses.replace(
            result,
            cohens_h=cohens_h(control.rate, treatment.rate),
            beta_binomial=beta_binomial_analysis(control, treatment, settings.alpha),
        )
    if isinstance(control, RatioSummary) and isinstance(treatment, RatioSummary):
        events = _event_level(control, treatment)
        result = dataclasses.replace(result, event_level_chi_square=events)
        if events is not None:
            result = dataclasses.replace(result, cohens_h=cohens_h(c_est.mean, t_est.mean))

    try:
        relative = relative_effect(c_est, t_est)
    except InsufficientDataError as error:
        return dataclasses.replace(result, reason=error.reason, reason_detail=str(error))
    relative_fixed: IntervalTest = fixed_horizon_test(relative, settings.alpha)
    tuning = settings.sequential_tuning_sample_size()
    relative_sequential = sequential_test(
        relative, settings.alpha, tuning, settings.sequential_planned_looks
    )
    posterior = bayesian_effect(relative, settings.alpha, settings.prior)
    low, clipped = _floored(posterior.credible_interval_low)
    posterior = dataclasses.replace(
        posterior, credible_interval_low=low, credible_interval_low_clipped=clipped
    )
    fixed_low, fixed_clipped = _floored(relative_fixed.ci_low)
    sequential_low, sequential_clipped = _floored(relative_sequential.ci_low)
    if settings.adaptive:
        basis, decision_p = "bayesian", None
    elif settings.decision_method == "sequential":
        basis, decision_p = "sequential", relative_sequential.p_value
    else:
        basis, decision_p = "fixed_horizon", relative_fixed.p_value
    return dataclasses.replace(
        result,
        relative_lift=RelativeLift(
            relative_fixed.estimate,
            _tested(fixed_low),
            _tested(relative_fixed.ci_high),
            _tested(relative_fixed.p_value),
            relative_fixed.standard_error,
            ci_low_clipped=fixed_clipped,
        ),
        sequential=SequentialFigures(
            _tested(relative_sequential.p_value),
            _tested(sequential_low),
            _tested(relative_sequential.ci_high),
            tuning,
            settings.sequential_planned_looks,
            ci_low_clipped=sequential_clipped,
        ),
        bayesian=posterior,
        decision_basis=basis,
        decision_p_value=decision_p,
    )


def _adjust(comparisons: list[Comparison], method: str, alpha: float) -> list[Comparison]:
    """Fill in adjusted p-values and significance across ``comparisons`` (one family)."""
    tested = [i for i, c in enumerate(comparisons) if c.decision_p_value is not None]
    adjusted_values: list[float] = []
    rejected: list[bool] = []
    if tested:
        raw = [comparisons[i].decision_p_value or 0.0 for i in tested]
        if len(raw) == 1:
            adjusted_values, rejected = raw, [single_test_reject(raw[0], alpha)]
        elif method == "holm":
            adjusted_values, rejected = holm(raw), holm_reject(raw, alpha)
        else:
            adjusted_values = benjamini_hochberg(raw)
            rejected = benjamini_hochberg_reject(raw, alpha)
    method_name = method if len(tested) > 1 else "none"
    adjusted = dict(zip(tested, adjusted_values, strict=True))
    significant = dict(zip(tested, rejected, strict=True))
    out = []
    for i, c in enumerate(comparisons):
        if i in adjusted:
            out.append(
                dataclasses.replace(
                    c,
                    decision_p_value_adjusted=adjusted[i],
                    adjustment_method=method_name,
                    significant=significant[i],
                )
            )
        elif (
            c.bayesian is not None
            and c.decision_basis == "bayesian"
            and (chance := c.bayesian.probability_treatment_beats_control) is not None
        ):
            out.append(dataclasses.replace(c, significant=min(chance, 1 - chance) < alpha / 2))
        else:
            out.append(c)
    return out


def _sample_size_needed(
    comparison: Comparison,
    control: VariantInput,
    treatment: VariantInput,
    metric: str,
    settings: AnalysisSettings,
    observed_shares: Mapping[str, float | None],
) -> SampleSizeNeeded | None:
    """Users per variant to find the minimum effect worth shipping, at the observed spread
    and the intended split between these two arms."""
    if comparison.control_value is None or comparison.control_value == 0.0:
        return None
    c_summary, t_summary = control.metrics[metric], treatment.metrics[metric]
    if isinstance(c_summary, CupedSummary) and isinstance(t_summary, CupedSummary):
        theta = comparison.cuped.theta if comparison.cuped else 0.0
        c_est, t_est = cuped_estimate(c_summary, theta), cuped_estimate(t_summary, theta)
    else:
        c_est, t_est = estimate_arm(c_summary), estimate_arm(t_summary)
    lift = settings.minimum_effect_worth_shipping
    # The relative-lift test counts the control's spread (1 + lift) times (see power.py).
    sd_c = math.sqrt(c_est.unit_variance) * (1.0 + lift)
    sd_t = math.sqrt(t_est.unit_variance)
    if sd_c == 0.0 and sd_t == 0.0:
        return None
    effect = lift * abs(comparison.control_value)
    share = treatment.intended_weight / (control.intended_weight + treatment.intended_weight)
    if comparison.decision_basis == "sequential":
        total = sequential_total_sample_size(
            effect,
            sd_c,
            sd_t,
            share,
            settings.alpha,
            settings.power,
            settings.sequential_tuning_sample_size(),
            settings.sequential_planned_looks,
        )
        basis = "sequential relative-lift test at the configured power and split"
    else:
        total = total_sample_size_for_allocation(
            effect, sd_c, sd_t, share, settings.alpha, settings.power
        )
        basis = "fixed-horizon relative-lift test at the configured power and split"
    need_c = math.ceil(total * (1.0 - share) - 1e-9)
    need_t = math.ceil(total * share - 1e-9)
    more_c, more_t = max(0, need_c - c_est.n), max(0, need_t - t_est.n)
    days = None
    if settings.daily_enrolment_rate is not None:
        waits: list[float | None] = [
            more / (settings.daily_enrolment_rate * arm_share) if arm_share else None
            for more, arm_share in (
                (more_c, observed_shares.get(control.name)),
                (more_t, observed_shares.get(treatment.name)),
            )
            if more > 0
        ]
        # An arm nobody has reached yet fills at no known rate.
        days = None if None in waits else max((w for w in waits if w is not None), default=0.0)
    return SampleSizeNeeded(
        target_relative_effect=lift,
        users_needed_per_variant=max(need_c, need_t),
        more_users_needed_per_variant=max(more_c, more_t),
        days_needed=days,
        basis=basis,
        users_needed_control=need_c,
        users_needed_treatment=need_t,
        more_users_needed_control=more_c,
        more_users_needed_treatment=more_t,
        treatment_share=share,
    )


def _validate(variants: Sequence[VariantInput], metrics: Sequence[MetricSpec]) -> None:
    if len(variants) < 2:
        raise ValueError("an experiment needs a control and at least one treatment")
    names = [v.name for v in variants]
    if len(set(names)) != len(names):
        raise ValueError("variant names must be unique")
    if not metrics:
        raise ValueError("give at least one metric; the first is the primary one")
    if len({m.name for m in metrics}) != len(metrics):
        raise ValueError("metric names must be unique")
    for variant in variants:
        if variant.users < 0 or not variant.intended_weight > 0:
            raise ValueError(
                f"variant {variant.name!r}: users must be >= 0 and the weight positive"
            )
        for spec in metrics:
            if spec.name not in variant.metrics:
                raise ValueError(
                    f"variant {variant.name!r} has no summary for metric {spec.name!r}"
                )
            summary = variant.metrics[spec.name]
            if summary.n != variant.users:
                raise ValueError(
                    f"variant {variant.name!r}: metric {spec.name!r} covers {summary.n} users, "
                    f"not the variant's {variant.users}; summaries are per exposed user"
                )
            if type(summary) is not type(variants[0].metrics[spec.name]):
                raise ValueError(
                    f"metric {spec.name!r} has summaries of different kinds across variants"
                )


def _sample_ratio_check(
    variants: Sequence[VariantInput], settings: AnalysisSettings
) -> SampleRatioCheck:
    if settings.adaptive:
        return SampleRatioCheck(
            False, False, None, None, settings.srm_p_value_threshold, ADAPTIVE_ALLOCATION_NOTE
        )
    srm = sample_ratio_mismatch([v.users for v in variants], [v.intended_weight for v in variants])
    mismatch = srm.p_value < settings.srm_p_value_threshold
    if mismatch:
        explanation = sample_ratio_mismatch_text(
            [v.name for v in variants], srm.observed_users, srm.expected_users, srm.p_value
        )
    else:
        explanation = "The users are split as intended (no sample-ratio mismatch)."
    return SampleRatioCheck(
        True, mismatch, srm.p_value, srm.chi_square, settings.srm_p_value_threshold, explanation
    )


def decision_interval(c: Comparison) -> tuple[float | None, float | None, str]:
    """The relative-lift interval the comparison's decision basis reads, and its kind."""
    if c.decision_basis == "bayesian" and c.bayesian is not None:
        low, high = c.bayesian.credible_interval_low, c.bayesian.credible_interval_high
        return low, high, "credible interval"
    if c.decision_basis == "sequential" and c.sequential is not None:
        return c.sequential.ci_low, c.sequential.ci_high, "always-valid CI"
    if c.relative_lift is not None:
        return c.relative_lift.ci_low, c.relative_lift.ci_high, "CI"
    return None, None, "CI"


def _evidence(
    comparison: Comparison, spec: MetricSpec, settings: AnalysisSettings
) -> Evidence | None:
    lift = comparison.relative_lift
    if lift is None or comparison.significant is None:
        return None
    needed = comparison.sample_size
    confidence = f"{(1 - settings.alpha) * 100:g}%"
    p_value: float | None = comparison.decision_p_value_adjusted
    chance: float | None = None
    ci_low, ci_high, kind = decision_interval(comparison)
    if ci_low is None or ci_high is None:
        return None
    if comparison.decision_basis == "bayesian" and comparison.bayesian is not None:
        p_value, chance = None, comparison.bayesian.probability_treatment_beats_control
    return Evidence(
        treatment=comparison.treatment,
        metric_label=spec.display_name,
        higher_is_better=spec.higher_is_better,
        relative_lift=lift.estimate,
        ci_low=ci_low,
        ci_high=ci_high,
        significant=comparison.significant,
        interval_name=f"{confidence} {kind}",
        minimum_effect_worth_shipping=settings.minimum_effect_worth_shipping,
        p_value=p_value,
        probability_beats_control=chance,
        more_users_needed_per_variant=needed.more_users_needed_per_variant if needed else None,
        days_needed=needed.days_needed if needed else None,
    )


_OVERALL_ORDER = [
    Decision.SHIP,
    Decision.KEEP_RUNNING,
    Decision.TOO_SMALL_TO_SHIP,
    Decision.NO_MEANINGFUL_DIFFERENCE,
    Decision.KEEP_CONTROL,
    Decision.INSUFFICIENT_DATA,
]


def _overall_verdict(
    per_treatment: list[TreatmentVerdict], comparisons: list[Comparison]
) -> Verdict:
    by_decision = {d: [v for v in per_treatment if v.decision == d] for d in _OVERALL_ORDER}
    ships = by_decision[Decision.SHIP]
    if ships:
        lifts = {
            c.treatment: c.relative_lift.estimate
            for c in comparisons
            if c.relative_lift is not None
        }
        best = max(ships, key=lambda v: lifts.get(v.treatment, 0.0))
        text = (
            best.text
            if len(per_treatment) == 1
            else f"Ship {best.treatment}. " + " ".join(v.text for v in per_treatment)
        )
        return Verdict(Decision.SHIP, best.treatment, text, per_treatment)
    overall = next(d for d in _OVERALL_ORDER if by_decision[d])
    text = " ".join(v.text for v in per_treatment)
    return Verdict(overall, None, text, per_treatment)


def analyze_experiment(
    variants: Sequence[VariantInput],
    metrics: Sequence[MetricSpec],
    settings: AnalysisSettings | None = None,
) -> ExperimentAnalysis:
    """Analyse every metric for every treatment against the first variant (the control)."""
    settings = settings or AnalysisSettings()
    _validate(variants, metrics)
    control, treatments = variants[0], list(variants[1:])
    total_users = sum(v.users for v in variants)
    allocation = [
        VariantAllocation(
            v.name, v.users, v.intended_weight, v.users / total_users if total_users else None
        )
        for v in variants
    ]
    sample_ratio = _sample_ratio_check(variants, settings)
    notes = [ADAPTIVE_ALLOCATION_NOTE] if settings.adaptive else []
    if len(treatments) > 1:
        notes.append(
            "Several treatments: the primary metric's p-values are Holm-adjusted across them; "
            "secondary metrics are Benjamini-Hochberg-adjusted across all their comparisons."
        )

    primary, secondary = metrics[0], list(metrics[1:])
    raw = {
        spec.name: [
            _compare(
                spec,
                control.name,
                control.metrics[spec.name],
                t.name,
                t.metrics[spec.name],
                settings,
            )
            for t in treatments
        ]
        for spec in metrics
    }
    raw[primary.name] = _adjust(raw[primary.name], "holm", settings.alpha)
    secondary_flat = _adjust(
        [c for spec in secondary for c in raw[spec.name]], "benjamini_hochberg", settings.alpha
    )
    for spec_index, spec in enumerate(secondary):
        raw[spec.name] = secondary_flat[
            spec_index * len(treatments) : (spec_index + 1) * len(treatments)
        ]

    shares = {a.variant: a.observed_share for a in allocation}
    primary_comparisons = []
    for comparison, treatment in zip(raw[primary.name], treatments, strict=True):
        if comparison.significant is False:
            needed = _sample_size_needed(
                comparison, control, treatment, primary.name, settings, shares
            )
            comparison = dataclasses.replace(comparison, sample_size=needed)
        primary_comparisons.append(comparison)
    raw[primary.name] = primary_comparisons

    per_treatment = []
    for comparison in primary_comparisons:
        evidence = _evidence(comparison, primary, settings)
        if evidence is None:
            per_treatment.append(
                insufficient_data_verdict(
                    comparison.treatment,
                    primary.display_name,
                    comparison.reason_detail or "no usable data",
                )
            )
        else:
            per_treatment.append(treatment_verdict(evidence))
    if sample_ratio.mismatch:
        verdict = Verdict(
            Decision.BLOCKED_SAMPLE_RATIO_MISMATCH, None, sample_ratio.explanation, []
        )
    else:
        verdict = _overall_verdict(per_treatment, primary_comparisons)

    metric_results = [
        MetricAnalysis(
            metric=spec.name,
            label=spec.display_name,
            kind=_kind(control.metrics[spec.name]),
            higher_is_better=spec.higher_is_better,
            primary=spec is primary,
            variants=[_arm_value(v.name, v.metrics[spec.name], settings.alpha) for v in variants],
            comparisons=raw[spec.name],
        )
        for spec in metrics
    ]
    return ExperimentAnalysis(
        alpha=settings.alpha,
        decision_method="bayesian" if settings.adaptive else settings.decision_method,
        adaptive=settings.adaptive,
        control=control.name,
        primary_metric=primary.name,
        allocation=allocation,
        sample_ratio=sample_ratio,
        metrics=metric_results,
        verdict=verdict,
        notes=notes,
    )
