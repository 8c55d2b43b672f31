"""The JSON-ready form: plain types, enums as their values, and never a NaN."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import pytest

from stats.beta_binomial import beta_binomial_analysis
from stats.effect_sizes import cohens_d
from stats.estimates import ArmEstimate, ProportionSummary
from stats.interleaving import interleaving_sign_test, team_draft_interleave
from stats.interpretation import Decision
from stats.power import (
    arcsine_sample_size,
    planned_sample_size_for_rate,
    proportion_minimum_detectable_effect,
)
from stats.replay import replay_ctr
from stats.serialize import JsonReady
from stats.significance import IntervalTest, chi_square_2x2, two_proportion_z_test


@dataclass(frozen=True)
class _Holder(JsonReady):
    decision: Decision
    figures: list[IntervalTest]
    optional: float | None


def test_nested_results_become_plain_json() -> None:
    holder = _Holder(Decision.SHIP, [IntervalTest(0.1, 0.0, 0.2, 0.04, 0.05)], None)
    data = holder.to_dict()
    assert data == {
        "decision": "ship",
        "figures": [
            {
                "estimate": 0.1,
                "ci_low": 0.0,
                "ci_high": 0.2,
                "p_value": 0.04,
                "standard_error": 0.05,
                "statistic": None,
                "degrees_of_freedom": None,
                "degenerate": None,
            }
        ],
        "optional": None,
    }
    assert json.loads(json.dumps(data, allow_nan=False)) == data


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_a_non_finite_number_is_refused_with_its_path(bad: float) -> None:
    with pytest.raises(ValueError, match=r"\$\.figures\[0\]\.p_value"):
        _Holder(Decision.SHIP, [IntervalTest(0.1, 0.0, 0.2, bad, 0.05)], None).to_dict()


def test_every_new_result_serialises_to_plain_json() -> None:
    """The results p5's API returns: each to_dict() survives json.dumps with no NaN."""
    c, t = ProportionSummary(100, 10), ProportionSummary(100, 15)
    arm = ArmEstimate(1, 1.0, 0.0, 1.0)
    results = [
        beta_binomial_analysis(c, t),
        cohens_d(arm, arm),
        interleaving_sign_test(3, 5, 2),
        interleaving_sign_test(0, 0, 2),
        team_draft_interleave([1, 2, 3], [3, 4], seed=1),
        arcsine_sample_size(0.1, 0.12),
        planned_sample_size_for_rate(0.1, 0.1, rule="sequential", planned_looks=14),
        proportion_minimum_detectable_effect(0.99, 3),
        replay_ctr([0.5, 0.2], [1, 0], [1, 1]),
        replay_ctr([0.5], [1], [0]),
        chi_square_2x2(c, t),
        two_proportion_z_test(c, t),
    ]
    for result in results:
        text = json.dumps(result.to_dict(), allow_nan=False)
        assert json.loads(text) == result.to_dict()
