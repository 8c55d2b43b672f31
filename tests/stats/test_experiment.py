"""The whole analysis: verdicts for the situations a product manager meets, and the edges."""

from __future__ import annotations

import json

import numpy as np
import pytest
from scipy import stats as sps
from statsmodels.stats.multitest import multipletests

from stats import (
    AnalysisSettings,
    CupedSummary,
    Decision,
    MeanSummary,
    MetricSpec,
    ProportionSummary,
    RatioSummary,
    VariantInput,
    analyze_experiment,
)
from stats.estimates import ArmEstimate, estimate_ratio
from stats.experiment import MetricSummary
from stats.significance import relative_effect
from tests.stats.oracle import agree

CTR = MetricSpec("ctr", "CTR")


def _ctr_arm(rng: np.random.Generator, users: int, ctr: float) -> RatioSummary:
    impressions = rng.poisson(4, users) + 1
    clicks = rng.binomial(impressions, ctr)
    return RatioSummary.from_values(clicks.astype(float), impressions.astype(float))


def _variant(
    name: str, summary: MetricSummary, weight: float = 1.0, metric: str = "ctr"
) -> VariantInput:
    return VariantInput(name, summary.n, weight, {metric: summary})


def test_a_clear_win_says_ship_it_with_the_numbers_it_rests_on() -> None:
    rng = np.random.default_rng(1)
    control = _variant("control", _ctr_arm(rng, 20_000, 0.10))
    treatment = _variant("treatment", _ctr_arm(rng, 20_000, 0.112))
    analysis = analyze_experiment([control, treatment], [CTR])
    comparison = analysis.metrics[0].comparisons[0]
    lift = comparison.relative_lift
    assert analysis.verdict.decision is Decision.SHIP
    assert analysis.verdict.recommended_variant == "treatment"
    assert analysis.verdict.text == (
        f"Treatment raises CTR by {lift.estimate * 100:.1f}% (95% CI {lift.ci_low * 100:.1f}% "
        f"to {lift.ci_high * 100:.1f}%, p < 0.001): ship it."
    )
    # The user-level test is the one decided on; the event-level chi-square sits beside it.
    assert comparison.event_level_chi_square is not None
    assert comparison.decision_basis == "fixed_horizon"
    json.dumps(analysis.to_dict(), allow_nan=False)


def test_not_yet_says_how_many_more_users_and_days() -> None:
    rng = np.random.default_rng(2)
    control = _variant("control", _ctr_arm(rng, 800, 0.10))
    treatment = _variant("treatment", _ctr_arm(rng, 800, 0.10))
    settings = AnalysisSettings(daily_enrolment_rate=400.0, minimum_effect_worth_shipping=0.05)
    analysis = analyze_experiment([control, treatment], [CTR], settings)
    comparison = analysis.metrics[0].comparisons[0]
    needed = comparison.sample_size
    assert analysis.verdict.decision is Decision.KEEP_RUNNING
    assert needed is not None and needed.more_users_needed_per_variant > 0
    assert needed.days_needed == agree(needed.more_users_needed_per_variant / 200.0)
    assert "more users per variant needed" in analysis.verdict.text
    assert "at the current rate" in analysis.verdict.text
    # At the planned size the relative-lift test, through its own delta-method variance, has
    # 80% power for a 5% lift; one user fewer it has less.
    c_est = estimate_ratio(control.metrics["ctr"])  # type: ignore[arg-type]
    t_est = estimate_ratio(treatment.metrics["ctr"])  # type: ignore[arg-type]

    def power_at(n: int) -> float:
        planned_c = ArmEstimate(n, c_est.mean, c_est.unit_variance, c_est.mean)
        planned_t = ArmEstimate(n, c_est.mean * 1.05, t_est.unit_variance, c_est.mean * 1.05)
        shift = 0.05 / relative_effect(planned_c, planned_t).standard_error
        z = sps.norm.ppf(0.975)
        return float(sps.norm.cdf(shift - z) + sps.norm.cdf(-shift - z))

    assert (
        power_at(needed.users_needed_per_variant - 1)
        < 0.8
        <= power_at(needed.users_needed_per_variant)
    )


def test_sample_ratio_mismatch_blocks_the_verdict_and_says_why() -> None:
    rng = np.random.default_rng(3)
    control = _variant("control", _ctr_arm(rng, 5400, 0.10))
    treatment = _variant("treatment", _ctr_arm(rng, 4600, 0.13))
    analysis = analyze_experiment([control, treatment], [CTR])
    assert analysis.sample_ratio.mismatch
    assert analysis.verdict.decision is Decision.BLOCKED_SAMPLE_RATIO_MISMATCH
    assert analysis.verdict.recommended_variant is None
    assert "control 5,400 where 5,000 were expected" in analysis.verdict.text
    assert "treatment 4,600 where 5,000 were expected" in analysis.verdict.text
    assert "ship" not in analysis.verdict.text


def test_adaptive_test_is_not_srm_checked_and_decides_on_the_posterior() -> None:
    rng = np.random.default_rng(4)
    control = _variant("control", _ctr_arm(rng, 3000, 0.10))
    treatment = _variant("treatment", _ctr_arm(rng, 9000, 0.12))
    analysis = analyze_experiment([control, treatment], [CTR], AnalysisSettings(adaptive=True))
    comparison = analysis.metrics[0].comparisons[0]
    assert not analysis.sample_ratio.checked
    assert "adaptively" in analysis.sample_ratio.explanation
    assert analysis.decision_method == "bayesian"
    assert comparison.decision_basis == "bayesian"
    assert analysis.verdict.decision is Decision.SHIP
    assert "chance to beat control" in analysis.verdict.text
    assert any("Bayesian posterior" in note for note in analysis.notes)


def test_several_treatments_are_holm_adjusted_and_the_best_is_recommended() -> None:
    rng = np.random.default_rng(5)
    variants = [
        _variant("control", _ctr_arm(rng, 6000, 0.10)),
        _variant("v2", _ctr_arm(rng, 6000, 0.10)),
        _variant("v3", _ctr_arm(rng, 6000, 0.125)),
        _variant("v4", _ctr_arm(rng, 6000, 0.115)),
    ]
    analysis = analyze_experiment(variants, [CTR])
    comparisons = analysis.metrics[0].comparisons
    raw = [c.decision_p_value for c in comparisons]
    expected = multipletests(raw, method="holm")[1]
    assert [c.decision_p_value_adjusted for c in comparisons] == [agree(v) for v in expected]
    assert {c.adjustment_method for c in comparisons} == {"holm"}
    assert analysis.verdict.recommended_variant == "v3"
    assert analysis.verdict.text.startswith("Ship v3.")


def test_sequential_decision_uses_the_always_valid_p_value() -> None:
    rng = np.random.default_rng(6)
    control = _variant("control", _ctr_arm(rng, 4000, 0.10))
    treatment = _variant("treatment", _ctr_arm(rng, 4000, 0.11))
    settings = AnalysisSettings(decision_method="sequential", planned_users_per_variant=5000)
    comparison = analyze_experiment([control, treatment], [CTR], settings).metrics[0].comparisons[0]
    assert comparison.sequential is not None and comparison.relative_lift is not None
    assert comparison.decision_p_value == comparison.sequential.p_value
    assert comparison.sequential.tuning_sample_size == 10_000
    assert comparison.sequential.p_value >= comparison.relative_lift.p_value


def test_cuped_metric_reports_a_narrower_interval_than_unadjusted() -> None:
    rng = np.random.default_rng(7)

    def arm(n: int, lift: float) -> CupedSummary:
        pre = rng.gamma(2.0, 10.0, n)
        return CupedSummary.from_values(pre * 0.9 + rng.normal(5 + lift, 4.0, n), pre)

    control, treatment = arm(3000, 0.0), arm(3000, 0.5)
    analysis = analyze_experiment(
        [
            _variant("control", control, metric="revenue"),
            _variant("treatment", treatment, metric="revenue"),
        ],
        [MetricSpec("revenue", "revenue per user")],
    )
    comparison = analysis.metrics[0].comparisons[0]
    cuped = comparison.cuped
    assert cuped is not None and cuped.unadjusted_ci_high is not None
    assert cuped.unadjusted_ci_low is not None
    assert cuped.variance_reduction_control > 0.5
    assert comparison.ci_high - comparison.ci_low < 0.7 * (
        cuped.unadjusted_ci_high - cuped.unadjusted_ci_low
    )


EDGE_CASES = {
    # In-test revenue is constant within each arm; only the pre-period varies.
    "cuped_flat_within_arms": (
        CupedSummary.from_values([5.0, 5.0, 5.0], [1.0, 2.0, 3.0]),
        CupedSummary.from_values([7.0, 7.0, 7.0], [4.0, 6.0, 5.0]),
        None,
    ),
    "n0_both": (ProportionSummary(0, 0), ProportionSummary(0, 0), "no_users"),
    "n1": (ProportionSummary(1, 1), ProportionSummary(1, 0), "fewer_than_two_users"),
    "n2": (ProportionSummary(2, 1), ProportionSummary(2, 2), None),
    "zero_of_n_both": (ProportionSummary(500, 0), ProportionSummary(500, 0), "zero_variance"),
    "zero_of_n_control": (
        ProportionSummary(500, 0),
        ProportionSummary(500, 7),
        "control_mean_is_zero",
    ),
    "n_of_n_both": (ProportionSummary(300, 300), ProportionSummary(300, 300), "zero_variance"),
    "identical_arms": (ProportionSummary(1000, 120), ProportionSummary(1000, 120), None),
    "n_1e7": (ProportionSummary(10**7, 10**6), ProportionSummary(10**7, 1_002_000), None),
    "mean_zero_variance": (
        MeanSummary(50, 100.0, 200.0),
        MeanSummary(50, 150.0, 450.0),
        "zero_variance",
    ),
    "ratio_no_impressions": (
        RatioSummary(5, 0.0, 0.0, 0.0, 0.0, 0.0),
        RatioSummary(5, 1.0, 1.0, 3.0, 3.0, 1.0),
        "no_denominator",
    ),
    "mean_n_1e7": (
        MeanSummary(10**7, 5e7, 2.9e8),
        MeanSummary(10**7, 5.0001e7, 2.90012e8),
        None,
    ),
}


@pytest.mark.parametrize(
    ("control", "treatment", "reason"), EDGE_CASES.values(), ids=EDGE_CASES.keys()
)
def test_edge_cases_give_a_defined_answer_never_nan(
    control: MetricSummary, treatment: MetricSummary, reason: str | None
) -> None:
    analysis = analyze_experiment(
        [_variant("control", control), _variant("treatment", treatment)],
        [CTR],
        AnalysisSettings(daily_enrolment_rate=100.0),
    )
    text = json.dumps(analysis.to_dict(), allow_nan=False)
    comparison = analysis.metrics[0].comparisons[0]
    assert comparison.reason == reason
    if reason is None:
        assert comparison.p_value is not None and 0.0 <= comparison.p_value <= 1.0
        assert analysis.verdict.decision is not Decision.INSUFFICIENT_DATA
    else:
        assert analysis.verdict.decision is Decision.INSUFFICIENT_DATA
        assert "Not enough data" in analysis.verdict.text
    assert "NaN" not in text and "Infinity" not in text


def test_identical_arms_are_not_a_difference() -> None:
    arm = ProportionSummary(1000, 120)
    analysis = analyze_experiment([_variant("control", arm), _variant("treatment", arm)], [CTR])
    comparison = analysis.metrics[0].comparisons[0]
    assert comparison.p_value == 1.0
    assert comparison.relative_lift is not None and comparison.relative_lift.estimate == 0.0
    assert comparison.bayesian is not None
    assert comparison.bayesian.probability_treatment_beats_control == 0.5
    assert analysis.verdict.decision in {Decision.KEEP_RUNNING, Decision.NO_MEANINGFUL_DIFFERENCE}


@pytest.mark.parametrize(
    ("variants", "metrics", "message"),
    [
        ([_variant("control", ProportionSummary(10, 1))], [CTR], "at least one treatment"),
        (
            [_variant("a", ProportionSummary(10, 1)), _variant("a", ProportionSummary(10, 1))],
            [CTR],
            "unique",
        ),
        (
            [_variant("a", ProportionSummary(10, 1)), _variant("b", MeanSummary(10, 1.0, 1.0))],
            [CTR],
            "different kinds",
        ),
        (
            [_variant("a", ProportionSummary(10, 1)), _variant("b", ProportionSummary(10, 1))],
            [MetricSpec("revenue")],
            "no summary",
        ),
        (
            [
                _variant("a", ProportionSummary(10, 1)),
                VariantInput("b", 12, 1.0, {"ctr": ProportionSummary(10, 1)}),
            ],
            [CTR],
            "covers 10 users",
        ),
    ],
)
def test_malformed_experiments_are_clear_errors(
    variants: list[VariantInput], metrics: list[MetricSpec], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        analyze_experiment(variants, metrics)
