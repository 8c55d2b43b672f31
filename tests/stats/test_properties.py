"""Invariants over generated inputs (hypothesis): ranges, containment, symmetry."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from stats import (
    AnalysisSettings,
    CupedSummary,
    MetricSpec,
    RatioSummary,
    VariantInput,
    analyze_experiment,
)
from stats.bayesian import bayesian_effect
from stats.corrections import benjamini_hochberg, holm
from stats.estimates import InsufficientDataError, MeanSummary, ProportionSummary, estimate_mean
from stats.sequential import sequential_test
from stats.significance import (
    absolute_effect,
    chi_square_2x2,
    fixed_horizon_test,
    mean_interval,
    relative_effect,
    two_proportion_z_test,
    wilson_interval,
)

values = st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=2, max_size=60)
positive_values = st.lists(st.floats(0.01, 1e4, allow_nan=False), min_size=2, max_size=60)
proportions = st.integers(1, 10**7).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n)))
alphas = st.sampled_from([0.01, 0.05, 0.1, 0.2])
checked = settings(max_examples=150, deadline=None)


@checked
@given(proportions, alphas)
def test_wilson_interval_lies_in_unit_range_and_holds_the_rate(
    counts: tuple[int, int], alpha: float
) -> None:
    n, successes = counts
    low, high = wilson_interval(successes, n, alpha)
    assert 0.0 <= low <= successes / n <= high <= 1.0


@checked
@given(proportions, proportions)
def test_proportion_tests_give_p_values_and_do_not_care_which_arm_is_first(
    a: tuple[int, int], b: tuple[int, int]
) -> None:
    first, second = ProportionSummary(*a), ProportionSummary(*b)
    try:
        forward, backward = (
            two_proportion_z_test(first, second),
            two_proportion_z_test(second, first),
        )
        chi = chi_square_2x2(first, second, yates=True)
    except InsufficientDataError:
        assume(False)
        return
    assert 0.0 <= forward.p_value <= 1.0
    assert 0.0 <= chi.p_value <= 1.0
    assert backward.z == pytest.approx(-forward.z, rel=1e-12, abs=1e-12)
    assert backward.p_value == pytest.approx(forward.p_value, rel=1e-12, abs=1e-300)
    assert chi_square_2x2(second, first, yates=True).chi_square == pytest.approx(
        chi.chi_square, rel=1e-12
    )


@checked
@given(values, values, alphas)
def test_welch_is_a_p_value_with_an_interval_around_the_estimate_and_symmetric(
    a: list[float], b: list[float], alpha: float
) -> None:
    first, second = (
        estimate_mean(MeanSummary.from_values(a)),
        estimate_mean(MeanSummary.from_values(b)),
    )
    try:
        forward = fixed_horizon_test(absolute_effect(first, second), alpha)
    except InsufficientDataError:
        assume(False)
        return
    backward = fixed_horizon_test(absolute_effect(second, first), alpha)
    assert 0.0 <= forward.p_value <= 1.0
    assert forward.ci_low <= forward.estimate <= forward.ci_high
    assert backward.p_value == pytest.approx(forward.p_value, rel=1e-9, abs=1e-300)
    assert backward.ci_low == pytest.approx(-forward.ci_high, rel=1e-9, abs=1e-9)
    assert backward.estimate == pytest.approx(-forward.estimate, rel=1e-12, abs=1e-9)


@checked
@given(positive_values, positive_values, alphas)
def test_relative_sequential_and_bayesian_figures_stay_in_range(
    a: list[float], b: list[float], alpha: float
) -> None:
    control, treatment = (
        estimate_mean(MeanSummary.from_values(a)),
        estimate_mean(MeanSummary.from_values(b)),
    )
    try:
        effect = relative_effect(control, treatment)
    except InsufficientDataError:
        assume(False)
        return
    fixed, sequential = fixed_horizon_test(effect, alpha), sequential_test(effect, alpha)
    posterior = bayesian_effect(effect, alpha)
    for result in (fixed, sequential):
        assert 0.0 <= result.p_value <= 1.0
        assert result.ci_low <= result.estimate <= result.ci_high
    assert 0.0 <= posterior.probability_treatment_beats_control <= 1.0
    assert posterior.expected_loss_if_ship_treatment >= 0.0
    assert posterior.expected_loss_if_keep_control >= 0.0
    assert (
        posterior.credible_interval_low
        <= posterior.posterior_mean
        <= posterior.credible_interval_high
    )


@checked
@given(values, alphas)
def test_a_mean_interval_holds_the_mean(a: list[float], alpha: float) -> None:
    estimate = estimate_mean(MeanSummary.from_values(a))
    low, high = mean_interval(estimate, alpha)
    assert low <= estimate.mean <= high


@checked
@given(st.lists(st.floats(0.0, 1.0), min_size=1, max_size=50))
def test_adjusted_p_values_are_p_values_no_smaller_than_raw(p_values: list[float]) -> None:
    for adjusted in (holm(p_values), benjamini_hochberg(p_values)):
        assert all(
            raw <= adj + 1e-15 and 0.0 <= adj <= 1.0
            for raw, adj in zip(p_values, adjusted, strict=True)
        )
    assert all(
        b <= h + 1e-15 for b, h in zip(benjamini_hochberg(p_values), holm(p_values), strict=True)
    )


small_values = st.lists(st.integers(0, 20).map(float), min_size=0, max_size=25)
arm_data = st.tuples(small_values, st.integers(0, 3), st.floats(-50, 50, allow_nan=False))


def _arm(name: str, clicks: list[float], extra_impressions: int, pre_shift: float) -> VariantInput:
    """Every kind of summary from one arm's per-user values (possibly no users at all)."""
    values = np.asarray(clicks)
    impressions = values + extra_impressions
    pre = values * 0.5 + pre_shift
    return VariantInput(
        name,
        values.size,
        1.0,
        {
            "ctr": RatioSummary.from_values(values, impressions),
            "clicked": ProportionSummary(values.size, int((values > 0).sum())),
            "clicks": MeanSummary.from_values(values),
            "clicks_cuped": CupedSummary.from_values(values, pre),
        },
    )


@settings(max_examples=200, deadline=None)
@given(
    arm_data,
    arm_data,
    st.booleans(),
    st.sampled_from(["fixed_horizon", "sequential"]),
    st.one_of(st.none(), st.floats(0.5, 1e5)),
)
def test_any_data_gives_json_without_nan_and_a_verdict(
    control: tuple[list[float], int, float],
    treatment: tuple[list[float], int, float],
    adaptive: bool,
    method: str,
    daily_rate: float | None,
) -> None:
    metrics = [MetricSpec(name) for name in ("ctr", "clicked", "clicks", "clicks_cuped")]
    analysis = analyze_experiment(
        [_arm("control", *control), _arm("treatment", *treatment)],
        metrics,
        AnalysisSettings(
            adaptive=adaptive,
            decision_method=method,  # type: ignore[arg-type]
            daily_enrolment_rate=daily_rate,
        ),
    )
    json.dumps(analysis.to_dict(), allow_nan=False)
    assert analysis.verdict.text
