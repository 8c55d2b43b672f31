"""A conjugate Beta-Binomial analysis of two proportions (conversion, a per-user CTR flag).

Each arm's rate has a ``Beta(a + successes, b + failures)`` posterior under a
``Beta(a, b)`` prior (uniform by default). Shown beside the normal model of ``bayesian.py``:
exact at small counts, where the normal approximation is not.

The chance that treatment beats control, ``P(X_t > X_c) = E[F_c(X_t)]``, is integrated over
the treatment's quantiles, ``int_0^1 F_c(F_t^-1(u)) du``, which stays smooth however peaked
the posteriors are. The expected loss of shipping treatment is ``E[max(0, X_c - X_t)]``, with
the inner expectation in closed form,
``E[max(0, X_c - x)] = mean_c sf_{Beta(a_c + 1, b_c)}(x) - x sf_{Beta(a_c, b_c)}(x)``, and the
loss of keeping control follows from ``E[max(0, X_t - X_c)] = (mean_t - mean_c) +
E[max(0, X_c - X_t)]``. Losses are absolute rates (0.01 = one percentage point).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from scipy import integrate
from scipy import stats as sps

from stats.estimates import ProportionSummary
from stats.serialize import JsonReady


@dataclass(frozen=True)
class BetaPosterior(JsonReady):
    """One arm's posterior ``Beta(alpha, beta)`` with its mean and equal-tailed interval."""

    alpha: float
    beta: float
    mean: float
    credible_interval_low: float
    credible_interval_high: float


@dataclass(frozen=True)
class BetaBinomialResult(JsonReady):
    prior_alpha: float
    prior_beta: float
    control: BetaPosterior
    treatment: BetaPosterior
    probability_treatment_beats_control: float
    expected_loss_if_ship_treatment: float
    expected_loss_if_keep_control: float


def _posterior(summary: ProportionSummary, a: float, b: float, alpha: float) -> BetaPosterior:
    post_a, post_b = a + summary.successes, b + summary.n - summary.successes
    low, high = sps.beta.ppf([alpha / 2.0, 1.0 - alpha / 2.0], post_a, post_b)
    return BetaPosterior(post_a, post_b, post_a / (post_a + post_b), float(low), float(high))


def _over_treatment_quantiles(
    function: Callable[[float], float], treatment: BetaPosterior
) -> float:
    value, _ = integrate.quad(
        lambda u: function(sps.beta.ppf(u, treatment.alpha, treatment.beta)),
        0.0,
        1.0,
        limit=500,
        epsabs=1e-13,
        epsrel=1e-10,
    )
    return float(value)


def beta_binomial_analysis(
    control: ProportionSummary,
    treatment: ProportionSummary,
    alpha: float = 0.05,
    prior_alpha: float = 1.0,
    prior_beta: float = 1.0,
) -> BetaBinomialResult:
    """Per-arm posteriors, ``1 - alpha`` credible intervals, chance to beat control and
    expected losses. An arm with no users yet has the prior as its posterior."""
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha must lie strictly between 0 and 1, got {alpha!r}")
    for name, value in (("prior_alpha", prior_alpha), ("prior_beta", prior_beta)):
        if not (math.isfinite(value) and value > 0):
            raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    c = _posterior(control, prior_alpha, prior_beta, alpha)
    t = _posterior(treatment, prior_alpha, prior_beta, alpha)

    def control_below(x: float) -> float:
        return float(sps.beta.cdf(x, c.alpha, c.beta))

    def control_shortfall(x: float) -> float:
        above = c.mean * sps.beta.sf(x, c.alpha + 1.0, c.beta) - x * sps.beta.sf(x, c.alpha, c.beta)
        return max(0.0, float(above))

    chance = min(1.0, max(0.0, _over_treatment_quantiles(control_below, t)))
    loss_ship = max(0.0, _over_treatment_quantiles(control_shortfall, t))
    return BetaBinomialResult(
        prior_alpha=prior_alpha,
        prior_beta=prior_beta,
        control=c,
        treatment=t,
        probability_treatment_beats_control=chance,
        expected_loss_if_ship_treatment=loss_ship,
        expected_loss_if_keep_control=max(0.0, t.mean - c.mean + loss_ship),
    )
