"""Seeded simulations behind the replay and interleaving figures in docs/statistics.md.

    python -m stats.simulations

prints how often the IPS and SNIPS intervals cover a simulated ranker's true CTR, and how
many users an interleaved test needs to detect a ranker with 10 % more clicks against a
split A/B test at the same power. Everything is drawn as whole NumPy arrays; the estimates
go through the same functions the service uses (``stats.replay``, ``stats.interleaving``,
``stats.power``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import optimize
from scipy import stats as sps

from stats.interleaving import interleaving_sign_test, team_draft_interleave
from stats.power import planned_sample_size
from stats.replay import replay_ctr
from stats.serialize import JsonReady


@dataclass(frozen=True)
class ReplayCoverage(JsonReady):
    runs: int
    impressions_per_run: int
    true_ctr: float
    ips_coverage: float
    snips_coverage: float
    mean_effective_sample_size: float


def replay_coverage(
    runs: int = 1000, impressions: int = 20_000, alpha: float = 0.05, seed: int = 21
) -> ReplayCoverage:
    """A logging policy (softmax over 5 lists in 20 kinds of context) and a deterministic
    target ranker: how often each interval holds the target's true CTR."""
    rng = np.random.default_rng(seed)
    contexts, actions = 20, 5
    ctr = rng.beta(2.0, 18.0, (contexts, actions))
    logging_scores = rng.normal(0.0, 1.0, (contexts, actions))
    logging = np.exp(logging_scores) / np.exp(logging_scores).sum(axis=1, keepdims=True)
    # The ranker being evaluated knows the CTRs imperfectly.
    target = np.argmax(ctr + rng.normal(0.0, 0.03, ctr.shape), axis=1)
    context_share = rng.dirichlet(np.full(contexts, 5.0))
    true_ctr = float(context_share @ ctr[np.arange(contexts), target])

    # (context, action) pairs drawn at once from their joint distribution under logging.
    joint = np.cumsum((context_share[:, None] * logging).ravel())
    ips_hits = snips_hits = 0
    ess = []
    for _ in range(runs):
        pair = np.minimum(
            np.searchsorted(joint, rng.random(impressions) * joint[-1]), joint.size - 1
        )
        context, action = np.divmod(pair, actions)
        reward = (rng.random(impressions) < ctr[context, action]).astype(float)
        match = (action == target[context]).astype(float)
        result = replay_ctr(logging[context, action], reward, match, alpha)
        ips, snips = result.ips, result.snips
        assert ips.ci_low is not None and ips.ci_high is not None
        assert snips.ci_low is not None and snips.ci_high is not None
        ips_hits += ips.ci_low <= true_ctr <= ips.ci_high
        snips_hits += snips.ci_low <= true_ctr <= snips.ci_high
        ess.append(snips.effective_sample_size or 0.0)
    return ReplayCoverage(
        runs, impressions, true_ctr, ips_hits / runs, snips_hits / runs, float(np.mean(ess))
    )


@dataclass(frozen=True)
class InterleavingComparison(JsonReady):
    """Users each design needs for ``power`` against the same two rankers."""

    click_ratio_b_over_a: float
    split_users_total: int
    interleaving_users: int
    users_ratio: float
    decisive_share: float
    share_b_of_decisive: float
    interleaving_power_measured: float
    split_power_measured: float
    power: float


_POOL, _LENGTH = 20, 10
_POSITION_BIAS = 1.0 / np.log2(np.arange(2, _LENGTH + 2))


def _expected_clicks(attraction: np.ndarray, noise: np.ndarray, sd: float) -> np.ndarray:
    """Expected clicks per impression of the ranker sorting by ``attraction + sd * noise``."""
    order = np.argsort(-(attraction + sd * noise), axis=1)[:, :_LENGTH]
    clicks: np.ndarray = (np.take_along_axis(attraction, order, axis=1) * _POSITION_BIAS).sum(
        axis=1
    )
    return clicks


def interleaving_vs_split(
    impressions: int = 40_000,
    lift: float = 0.10,
    alpha: float = 0.05,
    power: float = 0.8,
    experiments: int = 1000,
    seed: int = 8,
) -> InterleavingComparison:
    """Two rankers order a pool of 20 candidates by noisy views of their attraction; ranker
    B's view is calibrated so its lists get ``lift`` more clicks (position-biased clicks on
    the top 10), users differing in appetite. One impression per user in both designs."""
    rng = np.random.default_rng(seed)
    # Users differ in how much they click at all (mean 1), as real users do.
    appetite = rng.gamma(0.5, 2.0, (impressions, 1))
    attraction = np.minimum(1.0, appetite * rng.beta(1.0, 8.0, (impressions, _POOL)))
    noise_a, noise_b = rng.normal(size=(2, impressions, _POOL))
    sd_b = 0.02
    clicks_b = _expected_clicks(attraction, noise_b, sd_b).mean()

    def ratio_gap(sd_a: float) -> float:
        return float(clicks_b / _expected_clicks(attraction, noise_a, sd_a).mean() - (1.0 + lift))

    sd_a = optimize.brentq(ratio_gap, sd_b, 5.0, xtol=1e-6)

    def ranked(noise: np.ndarray, sd: float) -> np.ndarray:
        return np.argsort(-(attraction + sd * noise), axis=1)[:, :_LENGTH]

    top_a, top_b = ranked(noise_a, sd_a), ranked(noise_b, sd_b)
    click_draws = rng.random((3, impressions, _LENGTH))

    def clicks_on(items: np.ndarray, draws: np.ndarray) -> np.ndarray:
        return draws < np.take_along_axis(attraction, items, axis=1) * _POSITION_BIAS

    # Split test: each user sees one ranker's list; clicks per user, Welch at the plan.
    split_a = clicks_on(top_a, click_draws[0]).sum(axis=1).astype(float)
    split_b = clicks_on(top_b, click_draws[1]).sum(axis=1).astype(float)
    plan = planned_sample_size(
        split_b.mean() / split_a.mean() - 1.0,
        split_a.mean(),
        split_a.std(ddof=1),
        split_b.std(ddof=1),
        alpha=alpha,
        power=power,
    )
    split_users = plan.total_users

    # Interleaving: one team-draft list per impression, clicks credited by team.
    merged = np.empty((impressions, _LENGTH), dtype=int)
    placed_by_b = np.empty((impressions, _LENGTH), dtype=bool)
    for i in range(impressions):
        draft = team_draft_interleave(top_a[i].tolist(), top_b[i].tolist(), _LENGTH, seed=i)
        merged[i] = draft.items
        placed_by_b[i] = [team == "b" for team in draft.teams]
    clicked = clicks_on(merged, click_draws[2])
    for_b = (clicked & placed_by_b).sum(axis=1)
    for_a = (clicked & ~placed_by_b).sum(axis=1)
    p_b, p_a = float(np.mean(for_b > for_a)), float(np.mean(for_a > for_b))
    decisive = p_a + p_b
    share_b = p_b / decisive
    interleaving_users = _sign_test_users(p_a, p_b, alpha, power)
    outcomes = rng.multinomial(interleaving_users, [p_a, p_b, 1 - decisive], experiments)
    interleaving_found = np.mean(
        [
            (test := interleaving_sign_test(int(a), int(b), int(t), alpha)).p_value is not None
            and test.p_value <= alpha
            and b > a
            for a, b, t in outcomes
        ]
    )
    per_arm = plan.users_per_variant
    split_found = _split_power(rng, split_a, split_b, per_arm, alpha, experiments)
    return InterleavingComparison(
        click_ratio_b_over_a=float(split_b.mean() / split_a.mean()),
        split_users_total=split_users,
        interleaving_users=interleaving_users,
        users_ratio=split_users / interleaving_users,
        decisive_share=decisive,
        share_b_of_decisive=share_b,
        interleaving_power_measured=float(interleaving_found),
        split_power_measured=split_found,
        power=power,
    )


def _sign_test_power(users: int, p_a: float, p_b: float, alpha: float) -> float:
    """Exact chance the sign test finds B better with ``users`` impressions: over the number
    ``D`` of decisive ones (binomial), the chance B's wins reach the two-sided critical value
    of ``binomtest(., D, 0.5)`` (symmetric at 0.5, so an upper tail)."""
    decisive = np.arange(users + 1)
    # Largest lower-tail count with 2 P(X <= k) <= alpha, per D; -1 when none.
    lower = sps.binom.ppf(alpha / 2.0, decisive, 0.5)
    lower = np.where(2.0 * sps.binom.cdf(lower, decisive, 0.5) <= alpha, lower, lower - 1)
    upper = decisive - lower  # B needs at least this many wins
    share_b = p_b / (p_a + p_b)
    reject = np.where(lower >= 0, sps.binom.sf(upper - 1, decisive, share_b), 0.0)
    return float(np.dot(sps.binom.pmf(decisive, users, p_a + p_b), reject))


def _sign_test_users(p_a: float, p_b: float, alpha: float, power: float) -> int:
    """Fewest impressions at which the sign test reaches ``power`` (and stays there after)."""
    share_b = p_b / (p_a + p_b)
    z_alpha, z_power = sps.norm.ppf(1 - alpha / 2), sps.norm.ppf(power)
    guess = ((z_alpha * 0.5 + z_power * math.sqrt(share_b * (1 - share_b))) / (share_b - 0.5)) ** 2
    users: int = max(1, math.floor(0.5 * guess / (p_a + p_b)))
    # Power zig-zags with the discrete critical values; walk up until it holds.
    while _sign_test_power(users, p_a, p_b, alpha) < power or any(
        _sign_test_power(users + step, p_a, p_b, alpha) < power for step in (1, 2, 3)
    ):
        users += 1
    return users


def _split_power(
    rng: np.random.Generator,
    clicks_a: np.ndarray,
    clicks_b: np.ndarray,
    per_arm: list[int],
    alpha: float,
    experiments: int,
) -> float:
    """Split tests at the planned size, users drawn from the simulated click counts: the
    share that finds B better with the relative-lift test the verdicts use."""
    from stats.estimates import MeanSummary, estimate_mean
    from stats.significance import fixed_horizon_test, relative_effect

    found = 0
    for _ in range(experiments):
        a = rng.choice(clicks_a, per_arm[0])
        b = rng.choice(clicks_b, per_arm[1])
        effect = relative_effect(
            estimate_mean(MeanSummary.from_values(a)), estimate_mean(MeanSummary.from_values(b))
        )
        result = fixed_horizon_test(effect, alpha)
        found += result.p_value is not None and result.p_value <= alpha and result.estimate > 0
    return found / experiments


def main() -> None:
    coverage = replay_coverage()
    print(  # noqa: T201 - this module's purpose is to print the figures
        f"replay: {coverage.runs} runs of {coverage.impressions_per_run:,} logged impressions, "
        f"true CTR {coverage.true_ctr:.4f}: IPS interval covers it in "
        f"{coverage.ips_coverage:.1%}, SNIPS in {coverage.snips_coverage:.1%} "
        f"(mean effective sample size {coverage.mean_effective_sample_size:,.0f})"
    )
    comparison = interleaving_vs_split()
    print(  # noqa: T201
        f"interleaving: ranker B gets {comparison.click_ratio_b_over_a - 1:.1%} more clicks; "
        f"at {comparison.power:.0%} power a split test needs {comparison.split_users_total:,} "
        f"users (measured power {comparison.split_power_measured:.1%}), interleaving "
        f"{comparison.interleaving_users:,} (measured power "
        f"{comparison.interleaving_power_measured:.1%}): {comparison.users_ratio:.1f}x fewer; "
        f"{comparison.decisive_share:.1%} of interleaved impressions are decisive, "
        f"B wins {comparison.share_b_of_decisive:.1%} of them"
    )


if __name__ == "__main__":
    main()
