"""Our engine against GrowthBook's gbstats, on the very sufficient statistics gbstats saw.

The golden values come from tests/stats/golden/make_gbstats_golden.py (see its docstring to
regenerate). gbstats refuses any pair where either arm has zero variance; we analyse those
when the pair as a whole has spread, so such cases are checked against SciPy elsewhere and
here only where both engines answer.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from stats.bayesian import GaussianPrior, bayesian_effect
from stats.cuped import CupedSummary, cuped_estimate, pooled_theta
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
from stats.sequential import sequential_test
from stats.significance import (
    EffectEstimate,
    absolute_effect,
    fixed_horizon_test,
    relative_effect,
    sample_ratio_mismatch,
)

GOLDEN = json.loads((Path(__file__).parent / "golden" / "gbstats_golden.json").read_text())


def agree(value: float) -> Any:
    return pytest.approx(value, rel=1e-9, abs=1e-12)


def _cuped(s: dict) -> CupedSummary:
    return CupedSummary(MeanSummary(**s["post"]), MeanSummary(**s["pre"]), s["post_pre_total"])


def _pair(kind: str, case: dict) -> tuple[ArmEstimate, ArmEstimate]:
    if kind == "mean":
        return estimate_mean(MeanSummary(**case["control"])), estimate_mean(
            MeanSummary(**case["treatment"])
        )
    if kind == "proportion":
        return (
            estimate_proportion(ProportionSummary(**case["control"])),
            estimate_proportion(ProportionSummary(**case["treatment"])),
        )
    if kind == "ratio":
        return estimate_ratio(RatioSummary(**case["control"])), estimate_ratio(
            RatioSummary(**case["treatment"])
        )
    control, treatment = _cuped(case["control"]), _cuped(case["treatment"])
    theta = pooled_theta([control, treatment])
    return cuped_estimate(control, theta), cuped_estimate(treatment, theta)


CASES = [
    pytest.param(kind, case, id=f"{kind}-{case['name']}")
    for kind in ("mean", "proportion", "ratio", "cuped")
    for case in GOLDEN[kind]
]


def _effect(kind: str, case: dict, difference_type: str) -> EffectEstimate:
    control, treatment = _pair(kind, case)
    if difference_type == "relative":
        return relative_effect(control, treatment)
    return absolute_effect(control, treatment)


def _answered(expected: Any) -> bool:
    return isinstance(expected, dict) and expected["error"] is None


def _cases_with(prefix: str) -> list[Any]:
    """The cases where gbstats answered at least one ``prefix`` figure."""
    return [
        p
        for p in CASES
        if any(k.startswith(prefix) and _answered(v) for k, v in p.values[1]["gbstats"].items())
    ]


@pytest.mark.parametrize(("kind", "case"), _cases_with("ttest_"))
def test_fixed_horizon_t_test_matches_gbstats(kind: str, case: dict) -> None:
    compared = 0
    for key, expected in case["gbstats"].items():
        if not key.startswith("ttest_") or not _answered(expected):
            continue
        difference_type, alpha = key.split("_")[1], float(key.rsplit("_", 1)[1])
        result = fixed_horizon_test(_effect(kind, case, difference_type), alpha)
        assert result.estimate == agree(expected["estimate"])
        assert result.p_value == agree(expected["p_value"])
        assert [result.ci_low, result.ci_high] == [agree(v) for v in expected["ci"]]
        compared += 1
    assert compared > 0


@pytest.mark.parametrize(("kind", "case"), _cases_with("sequential_"))
def test_sequential_test_matches_gbstats(kind: str, case: dict) -> None:
    compared = 0
    for key, expected in case["gbstats"].items():
        if not key.startswith("sequential_") or not _answered(expected):
            continue
        parts = key.split("_")
        difference_type, alpha, tuning = parts[1], float(parts[3]), float(parts[5])
        result = sequential_test(_effect(kind, case, difference_type), alpha, tuning)
        assert result.p_value == agree(expected["p_value"])
        assert [result.ci_low, result.ci_high] == [agree(v) for v in expected["ci"]]
        compared += 1
    assert compared > 0


@pytest.mark.parametrize(("kind", "case"), _cases_with("bayes_"))
def test_bayesian_figures_match_gbstats(kind: str, case: dict) -> None:
    compared = 0
    for key, expected in case["gbstats"].items():
        if not key.startswith("bayes_") or not _answered(expected):
            continue
        difference_type = key.split("_")[1]
        prior = None
        if "prior" in expected:
            prior = GaussianPrior(
                expected["prior"]["mean"], expected["prior"]["variance"], proper=True
            )
        result = bayesian_effect(_effect(kind, case, difference_type), 0.05, prior)
        assert result.probability_treatment_beats_control == agree(expected["chance_to_win"])
        assert result.posterior_mean == agree(expected["expected"])
        assert result.posterior_sd == agree(expected["stddev"])
        assert [result.credible_interval_low, result.credible_interval_high] == [
            agree(v) for v in expected["ci"]
        ]
        assert result.expected_loss_if_keep_control == agree(expected["risk_control"])
        assert result.expected_loss_if_ship_treatment == agree(expected["risk_treatment"])
        compared += 1
    assert compared > 0


@pytest.mark.parametrize("case", GOLDEN["cuped"], ids=lambda c: c["name"])
def test_cuped_theta_matches_gbstats(case: dict) -> None:
    assert pooled_theta([_cuped(case["control"]), _cuped(case["treatment"])]) == agree(
        case["gbstats"]["theta"]
    )


@pytest.mark.parametrize("case", GOLDEN["srm"], ids=lambda c: c["name"])
def test_sample_ratio_mismatch_matches_gbstats(case: dict) -> None:
    assert sample_ratio_mismatch(case["users"], case["weights"]).p_value == agree(case["p_value"])


REFUSED_CASES = [
    p
    for p in CASES
    if any(isinstance(v, dict) and not _answered(v) for v in p.values[1]["gbstats"].values())
]


@pytest.mark.parametrize(("kind", "case"), REFUSED_CASES)
def test_where_gbstats_refuses_we_name_a_reason_or_answer_finitely(kind: str, case: dict) -> None:
    """gbstats' refusals are zero variance or a zero baseline; we must not produce NaN there."""
    refused = {
        key.split("_")[1]
        for key, v in case["gbstats"].items()
        if isinstance(v, dict) and not _answered(v)
    }
    for difference_type in refused:
        try:
            effect = _effect(kind, case, difference_type)
        except InsufficientDataError as error:
            assert error.reason in {"zero_variance", "control_mean_is_zero", "fewer_than_two_users"}
            continue
        result = fixed_horizon_test(effect)
        assert 0.0 <= result.p_value <= 1.0
        assert result.ci_low <= result.estimate <= result.ci_high
