"""The declared rule's verdict, in words (stats.interpretation.rule_verdict), and the
p-value and duration wording it relies on."""

from __future__ import annotations

from datetime import date

import pytest

from stats.formatting import format_p_value
from stats.interpretation import (
    Decision,
    RuleEvidence,
    RuleStatus,
    about_duration,
    rule_verdict,
)


def _evidence(**changes: object) -> RuleEvidence:
    base: dict[str, object] = {
        "treatment": "treatment",
        "control": "control",
        "metric_label": "CTR",
        "higher_is_better": True,
        "rule": "sequential",
        "minimum_detectable_effect": 0.05,
        "planned_duration_days": 14,
        "relative_lift": 0.301,
        "ci_low": 0.08,
        "ci_high": 0.52,
        "interval_name": "95% always-valid CI",
        "p_value": 0.003,
        "significant": True,
        "users": 1_500,
        "planned_users": 16_000,
        "days_to_plan": 10.0,
    }
    return RuleEvidence(**{**base, **changes})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("p_value", "shown"),
    [
        (0.0496, "p = 0.0496"),  # not "p = 0.05": that would cross the threshold
        (0.0504, "p = 0.05"),
        (0.05, "p = 0.05"),
        (0.0996, "p = 0.0996"),
        (0.00999, "p = 0.00999"),
        (0.0031, "p = 0.003"),
        (0.4567, "p = 0.46"),
        (0.0004, "p < 0.001"),
    ],
)
def test_p_values_never_round_across_a_threshold(p_value: float, shown: str) -> None:
    assert format_p_value(p_value) == shown


def test_durations_read_in_days_weeks_then_years() -> None:
    assert about_duration(0.4) == "less than a day"
    assert about_duration(1.0) == "1 day"
    assert about_duration(9.2) == "10 days"
    assert about_duration(132.5) == "19 weeks"
    assert about_duration(8_458) == "about 23 years"


def test_sequential_decides_at_any_look_and_names_rule_metric_and_lift() -> None:
    verdict = rule_verdict(_evidence())
    assert (verdict.decision, verdict.status, verdict.decided) == (
        Decision.SHIP,
        RuleStatus.DECIDED,
        True,
    )
    assert verdict.leader == "treatment"
    assert verdict.text == (
        "Decided by the sequential rule on CTR (primary): treatment is better, +30.1% "
        "(95% always-valid CI +8.0% to +52.0%, p = 0.003). Ship treatment."
    )


def test_fixed_horizon_waits_for_the_planned_size_then_decides() -> None:
    early = rule_verdict(_evidence(rule="fixed_horizon", interval_name="95% CI"))
    assert early.decision is Decision.KEEP_RUNNING and not early.decided
    assert "treatment is ahead on CTR by +30.1%" in early.text
    assert "1,500 of the planned 16,000 users per variant" in early.text
    assert "for reference only" in early.text
    reached = rule_verdict(_evidence(rule="fixed_horizon", users=16_000))
    assert reached.decision is Decision.SHIP and reached.decided
    flat = rule_verdict(
        _evidence(rule="fixed_horizon", users=16_000, significant=False, relative_lift=0.01)
    )
    assert flat.decision is Decision.NO_MEANINGFUL_DIFFERENCE and flat.decided
    assert "no difference of the planned 5.0%" in flat.text
    assert "treatment is ahead on CTR by +1.0%" in flat.text


def test_a_plan_out_of_reach_is_called_underpowered_in_weeks() -> None:
    verdict = rule_verdict(_evidence(significant=False, p_value=0.4, days_to_plan=132.5))
    assert verdict.status is RuleStatus.UNDERPOWERED
    assert verdict.text.startswith(
        "Underpowered: at this traffic the planned 16,000 users per variant take 19 weeks"
    )
    assert "treatment is ahead on CTR by +30.1%" in verdict.text
    assert "days at the current rate" not in verdict.text


def test_control_ahead_is_said_so() -> None:
    verdict = rule_verdict(
        _evidence(relative_lift=-0.12, ci_low=-0.3, ci_high=0.1, significant=False, p_value=0.3)
    )
    assert verdict.leader == "control"
    assert "control is ahead on CTR: treatment -12.0%" in verdict.text
    worse = rule_verdict(_evidence(relative_lift=-0.12, ci_low=-0.2, ci_high=-0.04))
    assert worse.decision is Decision.KEEP_CONTROL and "treatment is worse" in worse.text


def test_a_stopped_test_reports_its_stop_date_and_never_says_yet() -> None:
    stopped = _evidence(significant=False, p_value=0.4, stopped_on=date(2026, 11, 30))
    verdict = rule_verdict(stopped)
    assert verdict.status is RuleStatus.STOPPED_UNDECIDED
    assert verdict.decision is Decision.INCONCLUSIVE
    assert verdict.text.startswith("Stopped on 2026-11-30 before the sequential rule")
    assert "treatment was ahead on CTR by +30.1%" in verdict.text
    assert "yet" not in verdict.text
    decided = rule_verdict(_evidence(stopped_on=date(2026, 11, 30)))
    assert decided.decided and "stopped on 2026-11-30" in decided.text


def test_no_figures_is_insufficient_data_with_the_reason() -> None:
    verdict = rule_verdict(
        _evidence(relative_lift=None, significant=None, detail="control has no users yet")
    )
    assert verdict.decision is Decision.INSUFFICIENT_DATA
    assert "control has no users yet" in verdict.text


def test_an_adaptive_test_is_read_on_its_posterior_without_a_plan() -> None:
    verdict = rule_verdict(
        _evidence(rule="bayesian", significant=False, p_value=None,
                  probability_beats_control=0.91, planned_users=None, days_to_plan=None)
    )  # fmt: skip
    assert verdict.status is RuleStatus.RUNNING
    assert verdict.text.startswith("Not decided yet by the Bayesian (adaptive allocation) rule")
    assert "91.0% chance to beat control" in verdict.text and "planned" not in verdict.text
