"""Generate golden values from GrowthBook's gbstats for the tests in tests/stats/.

gbstats pins numpy and pandas below 2, which the project cannot install, so its figures are
computed once in a throwaway environment outside the repository and committed as JSON. The
suite never runs this script. To regenerate after changing the cases:

    python3 -m venv /tmp/gbstats-venv
    /tmp/gbstats-venv/bin/pip install gbstats==0.8.0
    /tmp/gbstats-venv/bin/python tests/stats/golden/make_gbstats_golden.py

It writes tests/stats/golden/gbstats_golden.json: for each case, the sufficient statistics
given to gbstats (so our engine is fed exactly the same numbers) and gbstats' answers.
"""

from __future__ import annotations

import importlib.metadata
import json
from pathlib import Path

import numpy as np
from gbstats.bayesian.tests import EffectBayesianABTest, EffectBayesianConfig, GaussianPrior
from gbstats.frequentist.tests import (
    FrequentistConfig,
    SequentialConfig,
    SequentialTwoSidedTTest,
    TwoSidedTTest,
)
from gbstats.models.statistics import (
    ProportionStatistic,
    RatioStatistic,
    RegressionAdjustedStatistic,
    SampleMeanStatistic,
    compute_theta,
)
from gbstats.utils import check_srm

OUT = Path(__file__).with_name("gbstats_golden.json")
rng = np.random.default_rng(20260501)


def mean_stats(values: np.ndarray) -> dict:
    return {"n": int(values.size), "total": float(values.sum()), "total_sq": float(values @ values)}


def to_mean(s: dict) -> SampleMeanStatistic:
    return SampleMeanStatistic(n=s["n"], sum=s["total"], sum_squares=s["total_sq"])


def ratio_stats(m: np.ndarray, d: np.ndarray) -> dict:
    return {
        "n": int(m.size),
        "numerator_total": float(m.sum()),
        "numerator_total_sq": float(m @ m),
        "denominator_total": float(d.sum()),
        "denominator_total_sq": float(d @ d),
        "cross_total": float(m @ d),
    }


def to_ratio(s: dict) -> RatioStatistic:
    return RatioStatistic(
        n=s["n"],
        m_statistic=SampleMeanStatistic(
            n=s["n"], sum=s["numerator_total"], sum_squares=s["numerator_total_sq"]
        ),
        d_statistic=SampleMeanStatistic(
            n=s["n"], sum=s["denominator_total"], sum_squares=s["denominator_total_sq"]
        ),
        m_d_sum_of_products=s["cross_total"],
    )


def cuped_stats(post: np.ndarray, pre: np.ndarray) -> dict:
    return {"post": mean_stats(post), "pre": mean_stats(pre), "post_pre_total": float(post @ pre)}


def to_cuped(s: dict) -> RegressionAdjustedStatistic:
    return RegressionAdjustedStatistic(
        n=s["post"]["n"],
        post_statistic=to_mean(s["post"]),
        pre_statistic=to_mean(s["pre"]),
        post_pre_sum_of_products=s["post_pre_total"],
        theta=0,
    )


def frequentist(a, b, difference_type: str, alpha: float) -> dict:
    result = TwoSidedTTest(
        a, b, FrequentistConfig(difference_type=difference_type, alpha=alpha)
    ).compute_result()
    return {
        "estimate": result.expected,
        "ci": list(result.ci),
        "p_value": result.p_value,
        "error": result.error_message,
    }


def sequential(a, b, difference_type: str, alpha: float, tuning: float) -> dict:
    config = SequentialConfig(
        difference_type=difference_type, alpha=alpha, sequential_tuning_parameter=tuning
    )
    result = SequentialTwoSidedTTest(a, b, config).compute_result()
    return {
        "estimate": result.expected,
        "ci": list(result.ci),
        "p_value": result.p_value,
        "error": result.error_message,
    }


def bayesian(a, b, difference_type: str, alpha: float, prior: dict | None) -> dict:
    config = EffectBayesianConfig(
        difference_type=difference_type, alpha=alpha, prior_type=difference_type
    )
    if prior is not None:
        config = EffectBayesianConfig(
            difference_type=difference_type,
            alpha=alpha,
            prior_type=difference_type,
            prior_effect=GaussianPrior(mean=prior["mean"], variance=prior["variance"], proper=True),
        )
    result = EffectBayesianABTest(a, b, config).compute_result()
    return {
        "chance_to_win": result.chance_to_win,
        "expected": result.expected,
        "ci": list(result.ci),
        "risk_control": result.risk[0],
        "risk_treatment": result.risk[1],
        "stddev": result.uplift.stddev,
        "error": result.error_message,
    }


def all_figures(make, control: dict, treatment: dict) -> dict:
    """Every gbstats test on one pair; `make` turns stored sums into fresh gbstats statistics."""
    out: dict = {}
    for difference_type in ("absolute", "relative"):
        for alpha in (0.05, 0.1):
            key = f"{difference_type}_alpha_{alpha}"
            out[f"ttest_{key}"] = frequentist(
                make(control), make(treatment), difference_type, alpha
            )
            for tuning in (5000, 200):
                out[f"sequential_{key}_tuning_{tuning}"] = sequential(
                    make(control), make(treatment), difference_type, alpha, tuning
                )
        out[f"bayes_{difference_type}_flat"] = bayesian(
            make(control), make(treatment), difference_type, 0.05, None
        )
        prior = (
            {"mean": 0.01, "variance": 0.0025}
            if difference_type == "relative"
            else {"mean": 0.0, "variance": 4.0}
        )
        out[f"bayes_{difference_type}_proper"] = bayesian(
            make(control), make(treatment), difference_type, 0.05, prior
        )
        out[f"bayes_{difference_type}_proper"]["prior"] = prior
    return out


def mean_cases() -> list[dict]:
    cases = []
    raw = {
        "typical_1000": (rng.normal(10.0, 3.0, 1000), rng.normal(10.4, 3.3, 1100)),
        "small_n2": (np.array([1.0, 3.0]), np.array([2.0, 5.0])),
        "skewed_revenue": (
            rng.exponential(20.0, 800) * rng.binomial(1, 0.1, 800),
            rng.exponential(22.0, 900) * rng.binomial(1, 0.1, 900),
        ),
        "identical_arms": (np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.0, 2.0, 3.0, 4.0])),
        "control_constant": (np.full(50, 2.0), rng.normal(2.5, 1.0, 50)),
        "zero_variance_both": (np.full(30, 2.0), np.full(30, 3.0)),
        "large_n_1e7": (rng.normal(5.0, 2.0, 10_000_000), rng.normal(5.001, 2.0, 10_000_000)),
    }
    for name, (control, treatment) in raw.items():
        c, t = mean_stats(control), mean_stats(treatment)
        cases.append(
            {"name": name, "control": c, "treatment": t, "gbstats": all_figures(to_mean, c, t)}
        )
    return cases


def proportion_cases() -> list[dict]:
    cases = []
    for name, (c, t) in {
        "typical": ((5000, 512), (5000, 580)),
        "zero_of_n_control": ((100, 0), (100, 3)),
        "all_of_n": ((100, 100), (120, 118)),
        "zero_and_all": ((40, 0), (40, 40)),
        "identical": ((1000, 100), (1000, 100)),
        "n_equals_2": ((2, 1), (2, 2)),
        "large_n_1e7": ((10_000_000, 1_000_000), (10_000_000, 1_003_000)),
    }.items():
        control = {"n": c[0], "successes": c[1]}
        treatment = {"n": t[0], "successes": t[1]}
        make = lambda s: ProportionStatistic(n=s["n"], sum=s["successes"])  # noqa: E731
        cases.append(
            {
                "name": name,
                "control": control,
                "treatment": treatment,
                "gbstats": all_figures(make, control, treatment),
            }
        )
    return cases


def ratio_cases() -> list[dict]:
    cases = []
    for name, (n_c, n_t, ctr_c, ctr_t) in {
        "ctr_typical": (3000, 3100, 0.10, 0.11),
        "ctr_small": (12, 15, 0.2, 0.25),
    }.items():
        imps_c, imps_t = rng.poisson(6, n_c) + 1, rng.poisson(6, n_t) + 1
        clicks_c, clicks_t = rng.binomial(imps_c, ctr_c), rng.binomial(imps_t, ctr_t)
        c, t = (
            ratio_stats(clicks_c.astype(float), imps_c.astype(float)),
            ratio_stats(clicks_t.astype(float), imps_t.astype(float)),
        )
        cases.append(
            {"name": name, "control": c, "treatment": t, "gbstats": all_figures(to_ratio, c, t)}
        )
    return cases


def cuped_cases() -> list[dict]:
    cases = []
    for name, (n, correlation) in {
        "strong_correlation": (2000, 0.8),
        "weak_correlation": (500, 0.1),
    }.items():
        pre_c, pre_t = rng.normal(10, 3, n), rng.normal(10, 3, n + 37)
        post_c = correlation * pre_c + rng.normal(2.0, 3 * np.sqrt(1 - correlation**2), n)
        post_t = correlation * pre_t + rng.normal(2.3, 3 * np.sqrt(1 - correlation**2), n + 37)
        c, t = cuped_stats(post_c, pre_c), cuped_stats(post_t, pre_t)
        figures = all_figures(to_cuped, c, t)
        figures["theta"] = compute_theta(to_cuped(c), to_cuped(t))
        cases.append({"name": name, "control": c, "treatment": t, "gbstats": figures})
    return cases


def srm_cases() -> list[dict]:
    return [
        {
            "name": name,
            "users": users,
            "weights": weights,
            "p_value": float(check_srm(users, weights)),
        }
        for name, users, weights in [
            ("balanced", [5000, 5000], [0.5, 0.5]),
            ("mismatch", [5400, 4600], [0.5, 0.5]),
            ("three_arms_uneven_weights", [2050, 3900, 4080], [0.2, 0.4, 0.4]),
            ("slight", [1010, 990], [1, 1]),
        ]
    ]


def main() -> None:
    golden = {
        "generator": "tests/stats/golden/make_gbstats_golden.py",
        "gbstats_version": importlib.metadata.version("gbstats"),
        "numpy_version": np.__version__,
        "mean": mean_cases(),
        "proportion": proportion_cases(),
        "ratio": ratio_cases(),
        "cuped": cuped_cases(),
        "srm": srm_cases(),
    }
    OUT.write_text(json.dumps(golden, indent=1, allow_nan=True) + "\n")
    print(f"wrote {OUT}")  # noqa: T201


if __name__ == "__main__":
    main()
