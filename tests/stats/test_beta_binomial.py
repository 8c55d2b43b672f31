"""The Beta-Binomial view against closed forms and a large Monte Carlo."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import special
from scipy import stats as sps

from stats import MetricSpec, VariantInput, analyze_experiment
from stats.bayesian import bayesian_effect
from stats.beta_binomial import beta_binomial_analysis
from stats.estimates import ProportionSummary, estimate_proportion
from stats.significance import absolute_effect


def _miller_chance(a_c: int, b_c: int, a_t: int, b_t: int) -> float:
    """Evan Miller's exact sum for P(X_t > X_c) with integer posterior parameters."""
    i = np.arange(a_t)
    terms = (
        special.betaln(a_c + i, b_c + b_t)
        - np.log(b_t + i)
        - special.betaln(1 + i, b_t)
        - special.betaln(a_c, b_c)
    )
    return float(np.exp(terms).sum())


@pytest.mark.parametrize(
    ("control", "treatment"),
    [((20, 3), (20, 7)), ((200, 21), (180, 30)), ((5000, 500), (5000, 530)), ((10, 0), (10, 10))],
)
def test_chance_to_beat_control_matches_the_exact_sum(
    control: tuple[int, int], treatment: tuple[int, int]
) -> None:
    result = beta_binomial_analysis(ProportionSummary(*control), ProportionSummary(*treatment))
    c, t = result.control, result.treatment
    assert (c.alpha, c.beta) == (1 + control[1], 1 + control[0] - control[1])
    exact = _miller_chance(int(c.alpha), int(c.beta), int(t.alpha), int(t.beta))
    assert result.probability_treatment_beats_control == pytest.approx(exact, abs=1e-9)


def test_posteriors_intervals_and_losses_match_monte_carlo() -> None:
    control, treatment = ProportionSummary(300, 30), ProportionSummary(280, 38)
    result = beta_binomial_analysis(control, treatment, alpha=0.1, prior_alpha=2, prior_beta=5)
    c, t = result.control, result.treatment
    assert (c.alpha, c.beta, t.alpha, t.beta) == (32, 275, 40, 247)
    assert c.mean == pytest.approx(32 / 307)
    assert (c.credible_interval_low, c.credible_interval_high) == pytest.approx(
        sps.beta.ppf([0.05, 0.95], 32, 275)
    )
    rng = np.random.default_rng(12)
    draws = 4_000_000
    x_c, x_t = rng.beta(32, 275, draws), rng.beta(40, 247, draws)
    for ours, sample in (
        (result.expected_loss_if_ship_treatment, np.maximum(0.0, x_c - x_t)),
        (result.expected_loss_if_keep_control, np.maximum(0.0, x_t - x_c)),
        (result.probability_treatment_beats_control, (x_t > x_c).astype(float)),
    ):
        assert abs(ours - sample.mean()) < 5 * sample.std() / math.sqrt(draws)


def test_large_samples_agree_with_the_normal_model() -> None:
    control, treatment = ProportionSummary(50_000, 5000), ProportionSummary(50_000, 5150)
    exact = beta_binomial_analysis(control, treatment)
    normal = bayesian_effect(
        absolute_effect(estimate_proportion(control), estimate_proportion(treatment))
    )
    assert exact.probability_treatment_beats_control == pytest.approx(
        normal.probability_treatment_beats_control, abs=2e-3
    )
    assert exact.expected_loss_if_ship_treatment == pytest.approx(
        normal.expected_loss_if_ship_treatment, rel=0.05
    )


def test_no_users_yet_gives_the_prior_and_even_odds() -> None:
    result = beta_binomial_analysis(ProportionSummary(0, 0), ProportionSummary(0, 0))
    assert result.control.mean == 0.5
    assert result.probability_treatment_beats_control == pytest.approx(0.5, abs=1e-9)
    assert result.expected_loss_if_ship_treatment == pytest.approx(1 / 6, abs=1e-9)
    result.to_dict()
    with pytest.raises(ValueError, match="prior_alpha"):
        beta_binomial_analysis(ProportionSummary(1, 0), ProportionSummary(1, 1), prior_alpha=0)


def test_the_analysis_of_a_proportion_carries_the_beta_binomial_view() -> None:
    control, treatment = ProportionSummary(400, 40), ProportionSummary(400, 56)
    analysis = analyze_experiment(
        [
            VariantInput("control", 400, 1, {"cv": control}),
            VariantInput("t", 400, 1, {"cv": treatment}),
        ],
        [MetricSpec("cv")],
    )
    view = analysis.metrics[0].comparisons[0].beta_binomial
    assert view == beta_binomial_analysis(control, treatment)
    assert (
        analysis.to_dict()["metrics"][0]["comparisons"][0]["beta_binomial"]["treatment"]["alpha"]
        == 57
    )
