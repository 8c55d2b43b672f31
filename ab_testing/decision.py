"""A test's declared plan applied to its analysis: the planned size, the verdict of the
declared rule on the declared primary metric (docs/ab_testing.md), and ``analyse``, the whole
analysis the endpoints return.

``stats`` does the statistics; this decides which of its figures the rule reads, how many
users the plan needs at the real allocation, and how long that takes at the real traffic.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypedDict

from sqlalchemy.orm import Session

from ab_testing import assignment, interleaving, manager, repository
from ab_testing.schemas import DecisionPlan, DecisionRule
from models import AbTest, utcnow
from stats.analysis import MetricSource
from stats.estimates import InsufficientDataError, ProportionSummary
from stats.experiment import (
    AnalysisSettings,
    Comparison,
    ExperimentAnalysis,
    MetricAnalysis,
    MetricSpec,
    MetricSummary,
    SampleRatioCheck,
    VariantInput,
    analyze_experiment,
    decision_interval,
    estimate_arm,
)
from stats.formatting import format_p_value
from stats.interpretation import (
    RULE_NAMES,
    Decision,
    RuleEvidence,
    RuleStatus,
    RuleVerdict,
    rule_verdict,
)
from stats.power import PlannedSampleSize, planned_sample_size, planned_sample_size_for_rate
from stats.serialize import JsonReady


@dataclass(frozen=True)
class PlannedSize(JsonReady):
    """Users each variant needs before the rule can decide at the declared power."""

    users_per_variant: dict[str, int]
    total_users: int
    # Where the confidence sequence is tightest (the sequential rule), both arms together.
    sequential_tuning_sample_size: float | None
    basis: str


class _PlanTerms(TypedDict):
    """What ``stats.power``'s two planners share beyond the baseline and the effect."""

    weights: Sequence[float]
    alpha: float
    power: float
    rule: DecisionRule
    planned_looks: int | None


def _rule_plan(
    plan: DecisionPlan,
    rule: DecisionRule,
    summary: MetricSummary,
    weights: Sequence[float],
    looks: int | None,
) -> PlannedSampleSize | None:
    """``stats.power``'s plan on the control's observed value and spread (a CUPED metric's
    unadjusted ones, which plan conservatively); None while they cannot be measured."""
    try:
        estimate = estimate_arm(summary)
    except InsufficientDataError:
        return None
    sd = math.sqrt(max(estimate.unit_variance, 0.0))
    if estimate.mean == 0.0 or sd == 0.0 or estimate.n < 2:
        return None
    lift = plan.minimum_detectable_effect
    common = _PlanTerms(
        weights=weights, alpha=plan.alpha, power=plan.power, rule=rule, planned_looks=looks
    )
    if isinstance(summary, ProportionSummary) and summary.rate * (1.0 + lift) <= 1.0:
        # Exact Bernoulli spreads at the baseline and at the lifted rate.
        return planned_sample_size_for_rate(summary.rate, lift, **common)
    # Counts and amounts: the treatment's spread is taken to grow like a Poisson count's,
    # sqrt(1 + lift), which errs on the side of more users.
    treated = sd if isinstance(summary, ProportionSummary) else sd * math.sqrt(1.0 + lift)
    return planned_sample_size(lift, estimate.mean, sd, treated, **common)


def planned_looks(plan: DecisionPlan, rule: str) -> int | None:
    """The sequential rule is read daily up to the planned duration, and is calibrated to
    spend its whole alpha over those looks (``stats.sequential.calibrated_mixture_alpha``)."""
    return plan.planned_duration_days if rule == "sequential" else None


def planned_size(
    plan: DecisionPlan,
    rule: DecisionRule,
    control: VariantInput,
    treatments: Sequence[VariantInput],
    shares: Mapping[str, float],
    primary: str,
) -> PlannedSize | None:
    """The plan's users per variant: as declared, or derived from the minimum detectable
    effect, alpha, power, the allocation and the control's observed spread by
    ``stats.power.planned_sample_size``. None while the control has too little data to
    measure its spread."""
    names = [control.name, *(t.name for t in treatments)]
    if plan.planned_users_per_variant is not None:
        fixed = dict.fromkeys(names, plan.planned_users_per_variant)
        tuning = 2.0 * plan.planned_users_per_variant
        return PlannedSize(fixed, sum(fixed.values()), tuning, "declared at creation")
    looks = planned_looks(plan, rule)
    weights = [shares[name] for name in names]
    sized = _rule_plan(plan, rule, control.metrics[primary], weights, looks)
    if sized is None:
        return None
    calibration = f", calibrated for {looks} daily looks," if looks else ""
    basis = (
        f"{RULE_NAMES[rule]} relative-lift test{calibration} finding a "
        f"{plan.minimum_detectable_effect * 100:g}% lift with {plan.power * 100:g}% power at "
        f"alpha {plan.alpha:g}, at the allocation and the control's observed spread"
    )
    return PlannedSize(
        dict(zip(names, sized.users_per_variant, strict=True)),
        sized.total_users,
        float(sized.tuning_sample_size) if rule == "sequential" else None,
        basis,
    )


@dataclass(frozen=True)
class SecondaryReading(JsonReady):
    """A non-primary metric: reported beside the verdict, never deciding it."""

    metric: str
    label: str
    guardrail: bool
    treatment: str
    relative_lift: float | None
    p_value_adjusted: float | None
    adjustment_method: str | None
    significant: bool | None
    worse: bool


@dataclass(frozen=True)
class DeclaredVerdict(JsonReady):
    """The verdict of the declared rule. ``decision``, ``recommended_variant``, ``text`` and
    ``per_treatment`` keep their earlier meaning; the rest says how it was reached."""

    decision: Decision
    recommended_variant: str | None
    text: str
    per_treatment: list[RuleVerdict]
    rule: str
    declared_rule: str
    primary_metric: str
    status: str
    decided: bool
    leader: str | None
    stopped_at: str | None  # ISO 8601, UTC
    secondary: list[SecondaryReading]
    guardrails_breached: list[str]


def _evidence(
    c: Comparison,
    metric: MetricAnalysis,
    plan: DecisionPlan,
    rule: str,
    alpha: float,
    size: PlannedSize | None,
    users: Mapping[str, int],
    days_to_plan: float | None,
    stopped_at: datetime | None,
) -> RuleEvidence:
    low, high, kind = decision_interval(c)
    planned_users = progress_users = None
    if size is not None:
        # The arm furthest from its plan is the one the rule waits for.
        arm = min(
            (c.control, c.treatment), key=lambda v: users[v] / max(size.users_per_variant[v], 1)
        )
        planned_users, progress_users = size.users_per_variant[arm], users[arm]
    return RuleEvidence(
        treatment=c.treatment,
        control=c.control,
        metric_label=metric.label,
        higher_is_better=metric.higher_is_better,
        rule=rule,
        minimum_detectable_effect=plan.minimum_detectable_effect,
        planned_duration_days=plan.planned_duration_days,
        relative_lift=None if c.relative_lift is None else c.relative_lift.estimate,
        ci_low=low,
        ci_high=high,
        interval_name=f"{(1 - alpha) * 100:g}% {kind}",
        p_value=None if rule == "bayesian" else c.decision_p_value_adjusted,
        probability_beats_control=(
            c.bayesian.probability_treatment_beats_control if c.bayesian else None
        ),
        significant=c.significant,
        users=progress_users if progress_users is not None else min(users.values()),
        planned_users=planned_users,
        days_to_plan=days_to_plan,
        stopped_on=stopped_at.date() if stopped_at else None,
        detail=c.reason_detail,
    )


def days_to_plan(
    size: PlannedSize | None,
    users: Mapping[str, int],
    shares: Mapping[str, float],
    daily_users: float | None,
    days_running: float,
) -> float | None:
    """The whole time, from the start, until every arm has its planned users at the current
    enrolment (None when the enrolment rate is unknown)."""
    if size is None or daily_users is None:
        return None
    remaining = max(
        max(planned - users[name], 0) / (daily_users * shares[name])
        for name, planned in size.users_per_variant.items()
    )
    return days_running + remaining


_OVERALL = [
    Decision.KEEP_RUNNING,
    Decision.INCONCLUSIVE,
    Decision.NO_MEANINGFUL_DIFFERENCE,
    Decision.KEEP_CONTROL,
    Decision.INSUFFICIENT_DATA,
]


def declared_verdict(
    analysis: ExperimentAnalysis,
    plan: DecisionPlan,
    size: PlannedSize | None,
    shares: Mapping[str, float],
    daily_users: float | None,
    days_running: float,
    stopped_at: datetime | None,
) -> DeclaredVerdict:
    """The verdict of the rule the analysis was run under, on its first (primary) metric."""
    rule = analysis.decision_method
    primary, others = analysis.metrics[0], analysis.metrics[1:]
    users = {arm.variant: arm.users for arm in primary.variants}
    days = None if stopped_at else days_to_plan(size, users, shares, daily_users, days_running)
    per_treatment = [
        rule_verdict(
            _evidence(c, primary, plan, rule, analysis.alpha, size, users, days, stopped_at)
        )
        for c in primary.comparisons
    ]
    secondary = [
        SecondaryReading(
            metric=m.metric,
            label=m.label,
            guardrail=m.metric in plan.guardrail_metrics,
            treatment=c.treatment,
            relative_lift=None if c.relative_lift is None else c.relative_lift.estimate,
            p_value_adjusted=c.decision_p_value_adjusted,
            adjustment_method=c.adjustment_method,
            significant=c.significant,
            worse=bool(
                c.significant
                and c.relative_lift is not None
                and (c.relative_lift.estimate > 0) != m.higher_is_better
            ),
        )
        for m in others
        for c in m.comparisons
    ]
    breached = sorted({s.metric for s in secondary if s.guardrail and s.worse})
    ships = [v for v in per_treatment if v.decision == Decision.SHIP]
    if ships:
        best = max(ships, key=lambda v: abs(v.relative_lift or 0.0))
        decision, recommended = Decision.SHIP, best.treatment
    else:
        found = {v.decision for v in per_treatment}
        decision = next((d for d in _OVERALL if d in found), Decision.INSUFFICIENT_DATA)
        recommended = None
    text = " ".join(v.text for v in per_treatment)
    if analysis.sample_ratio.mismatch:
        decision, recommended, text = (
            Decision.BLOCKED_SAMPLE_RATIO_MISMATCH,
            None,
            analysis.sample_ratio.explanation,
        )
    text += _secondary_text(secondary, breached)
    leaders = [v for v in per_treatment if v.leader == v.treatment]
    if leaders:
        leader: str | None = max(leaders, key=lambda v: abs(v.relative_lift or 0.0)).treatment
    else:
        leader = analysis.control if any(v.leader for v in per_treatment) else None
    statuses = {v.status for v in per_treatment}
    status = next(
        (s.value for s in (RuleStatus.UNDERPOWERED, RuleStatus.RUNNING) if s in statuses),
        per_treatment[0].status.value if per_treatment else RuleStatus.INSUFFICIENT_DATA.value,
    )
    return DeclaredVerdict(
        decision=decision,
        recommended_variant=recommended,
        text=text,
        per_treatment=per_treatment,
        rule=rule,
        declared_rule=plan.decision_rule,
        primary_metric=primary.metric,
        status=status,
        decided=bool(per_treatment) and all(v.decided for v in per_treatment),
        leader=leader,
        stopped_at=stopped_at.isoformat() if stopped_at else None,
        secondary=secondary,
        guardrails_breached=breached,
    )


def _secondary_text(secondary: Sequence[SecondaryReading], breached: Sequence[str]) -> str:
    parts = []
    for s in secondary:
        if s.relative_lift is None:
            continue
        p = "" if s.p_value_adjusted is None else f", {format_p_value(s.p_value_adjusted)}"
        parts.append(f"{s.label} {s.relative_lift * 100:+.1f}%{p}")
    text = ""
    if parts:
        method = next((s.adjustment_method for s in secondary if s.adjustment_method), None)
        adjusted = (
            f", p-values {method.replace('_', '-').title()}-adjusted"
            if method and method != "none"
            else ""
        )
        text = f" Secondary metrics, not deciding{adjusted}: {'; '.join(parts)}."
    for metric in breached:
        worse = [s for s in secondary if s.metric == metric and s.worse]
        text += (
            f" Guardrail breached: {worse[0].label} is significantly worse for "
            f"{', '.join(s.treatment for s in worse)}; look into it before shipping."
        )
    return text


def no_users_yet(check: SampleRatioCheck, total_users: int) -> SampleRatioCheck:
    """Before anyone is exposed there is no split to check: say so instead of "passed"."""
    if total_users > 0:
        return check
    return dataclasses.replace(
        check,
        checked=False,
        mismatch=False,
        p_value=None,
        chi_square=None,
        explanation="No users yet: the split is checked once users are exposed.",
    )


# --- the analysis the endpoints return ----------------------------------------------------

METRICS = {
    source.spec.name: source
    for source in (
        MetricSource(MetricSpec("ctr", "CTR"), "ratio", "clicks", denominator="impressions"),
        MetricSource(MetricSpec("conversion", "conversion"), "proportion", "purchased"),
        MetricSource(
            MetricSpec("revenue", "revenue per user"), "cuped", "revenue", covariate="pre_revenue"
        ),
        MetricSource(MetricSpec("engagement", "engagement seconds"), "mean", "seconds"),
    )
}


def _sources(plan: DecisionPlan) -> list[MetricSource]:
    """The declared primary metric first (the engine treats the first as primary), then the
    guardrails, then the rest."""
    order: list[str] = [plan.primary_metric, *plan.guardrail_metrics]
    order += [name for name in METRICS if name not in order]
    return [METRICS[name] for name in order]


def analyse(session: Session, test: AbTest, rule: DecisionRule | None) -> dict[str, Any]:
    """The whole analysis as the API returns it: per user, then per variant, in SQL
    (ab_testing.repository); the statistics are pure; the declared plan decides. ``rule`` reads the
    test under another rule, for reference."""
    plan = manager.plan_of(test)
    variants = manager.variants_of(session, test.id)
    weights = {variant.name: variant.weight for variant in variants}
    shares = dict(zip(weights, assignment.shares(list(weights.values())), strict=True))
    sources = _sources(plan)
    inputs = repository.variant_inputs(
        session.connection(), repository.per_user_select(test), sources, weights
    )
    chosen = rule or plan.decision_rule
    adaptive = test.mode == "adaptive"
    size = None
    if not adaptive:
        size = planned_size(plan, chosen, inputs[0], inputs[1:], shares, sources[0].spec.name)
    now = utcnow()
    daily = repository.daily_exposures(session, test, now)
    tuning = size.sequential_tuning_sample_size if size else None
    settings = AnalysisSettings(
        alpha=plan.alpha,
        power=plan.power,
        minimum_effect_worth_shipping=plan.minimum_detectable_effect,
        decision_method=chosen,
        adaptive=adaptive,
        daily_enrolment_rate=daily,
        planned_tuning_sample_size=math.ceil(tuning) if tuning else None,
        # Calibrated for daily looks only up to a planned size.
        sequential_planned_looks=planned_looks(plan, chosen) if size else None,
    )
    analysis = analyze_experiment(inputs, [source.spec for source in sources], settings)
    analysis = dataclasses.replace(
        analysis,
        sample_ratio=no_users_yet(analysis.sample_ratio, sum(variant.users for variant in inputs)),
    )
    running_until = min(now, test.stopped_at) if test.stopped_at else now
    days_running = max((running_until - test.created_at).total_seconds(), 0.0) / 86_400
    verdict = declared_verdict(analysis, plan, size, shares, daily, days_running, test.stopped_at)
    if rule is not None and rule != plan.decision_rule and not adaptive:
        verdict = dataclasses.replace(
            verdict,
            text=f"For reference, read under the {RULE_NAMES[rule]} rule; this test "
            f"declared the {RULE_NAMES[plan.decision_rule]} rule, which alone decides "
            f"it. {verdict.text}",
        )
    if test.mode == "interleaving":
        sign_test = interleaving.analyse(session, test, variants)
        verdict = dataclasses.replace(
            verdict,
            text=f"Interleaving test: {sign_test.text} (The split by variant below compares "
            "two halves of the same interleaved lists and decides nothing; "
            f"see /ab_tests/{test.id}/interleaving.)",
        )
    users = {variant.name: variant.users for variant in inputs}
    full = analysis.to_dict()
    for metric in full["metrics"]:
        metric["guardrail"] = metric["metric"] in plan.guardrail_metrics
    return {
        **full,
        "verdict": verdict.to_dict(),
        "plan": {
            **plan.model_dump(),
            "planned": size.to_dict() if size else None,
            "days_to_plan": None
            if test.stopped_at
            else days_to_plan(size, users, shares, daily, days_running),
        },
    }
