"""A Bayesian view of an effect: chance to beat control, expected loss, credible interval.

The effect (absolute or relative, with its standard error) is treated as a normal
likelihood; with a flat prior the posterior is ``N(estimate, se^2)``, with a proper
``N(m0, v0)`` prior it is the precision-weighted combination. This is GrowthBook's
``EffectBayesianABTest`` model; expected losses are written in closed form,
``E[max(0, -X)] = sigma phi(mu / sigma) - mu Phi(-mu / sigma)`` for ``X ~ N(mu, sigma^2)``.

Because the posterior depends on the data only through the likelihood, it stays valid when
traffic was allocated adaptively (a bandit), which is why adaptive tests decide on it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import stats as sps

from stats.serialize import JsonReady
from stats.significance import NO_VARIANCE, EffectEstimate, degenerate_test


@dataclass(frozen=True)
class GaussianPrior(JsonReady):
    mean: float = 0.0
    variance: float = 1.0
    proper: bool = False


@dataclass(frozen=True)
class BayesianResult(JsonReady):
    """Posterior summaries of the effect of treatment versus control.

    With no spread in the data (``standard_error == 0``) there is no likelihood to speak of:
    the probabilities, losses and interval are ``None`` and ``degenerate`` names why.

    ``expected_loss_if_ship_treatment`` is how much is lost on average, in the effect's units,
    if treatment is shipped and control was in fact better; likewise for keeping control.
    """

    probability_treatment_beats_control: float | None
    expected_loss_if_ship_treatment: float | None
    expected_loss_if_keep_control: float | None
    posterior_mean: float
    posterior_sd: float
    credible_interval_low: float | None
    credible_interval_high: float | None
    degenerate: str | None = None
    # Set when the effect is a relative lift whose interval was cut at -100 % (see
    # ``stats.experiment.LIFT_FLOOR``).
    credible_interval_low_clipped: bool = False


def _expected_shortfall(mu: float, sigma: float) -> float:
    """``E[max(0, -X)]`` for ``X ~ N(mu, sigma^2)``."""
    z = mu / sigma
    # Non-negative in exact arithmetic; far in the tail the two terms nearly cancel.
    return max(0.0, float(sigma * sps.norm.pdf(z) - mu * sps.norm.cdf(-z)))


def bayesian_effect(
    effect: EffectEstimate, alpha: float = 0.05, prior: GaussianPrior | None = None
) -> BayesianResult:
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha must lie strictly between 0 and 1, got {alpha!r}")
    prior = prior or GaussianPrior()
    if degenerate_test(effect) is not None:
        return BayesianResult(None, None, None, effect.estimate, 0.0, None, None, NO_VARIANCE)
    data_precision = 1.0 / effect.standard_error**2
    if prior.proper:
        if prior.variance <= 0:
            raise ValueError("a proper prior needs a positive variance")
        precision = data_precision + 1.0 / prior.variance
        mu = (effect.estimate * data_precision + prior.mean / prior.variance) / precision
    else:
        precision = data_precision
        mu = effect.estimate
    sigma = math.sqrt(1.0 / precision)
    low, high = sps.norm.ppf([alpha / 2.0, 1.0 - alpha / 2.0], mu, sigma)
    return BayesianResult(
        probability_treatment_beats_control=float(sps.norm.sf(0.0, mu, sigma)),
        expected_loss_if_ship_treatment=_expected_shortfall(mu, sigma),
        expected_loss_if_keep_control=_expected_shortfall(-mu, sigma),
        posterior_mean=mu,
        posterior_sd=sigma,
        credible_interval_low=float(low),
        credible_interval_high=float(high),
    )
