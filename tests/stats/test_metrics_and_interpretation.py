"""KPI functions, effect sizes and the wording of verdicts."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import sparse
from sklearn.metrics.pairwise import cosine_distances
from statsmodels.stats.proportion import proportion_effectsize

from stats.effect_sizes import cohens_d, cohens_h
from stats.estimates import MeanSummary, estimate_mean
from stats.formatting import format_p_value
from stats.interpretation import (
    Decision,
    Evidence,
    about_days,
    about_users,
    format_chance,
    format_percent,
    treatment_verdict,
)
from stats.metrics import (
    catalog_coverage,
    click_through_rate,
    conversion_rate,
    intra_list_diversity,
    mean_engagement_seconds,
    novelty,
    revenue_per_user,
)
from tests.stats.oracle import agree


def test_rates_by_hand_and_empty_denominators() -> None:
    assert click_through_rate(3, 40) == 0.075
    assert conversion_rate(0, 0) == 0.0
    assert revenue_per_user(125.5, 10) == 12.55
    assert mean_engagement_seconds(90, 4) == 22.5
    with pytest.raises(ValueError):
        click_through_rate(-1, 5)


def test_intra_list_diversity_matches_sklearn_cosine_distances() -> None:
    vectors = np.random.default_rng(5).random((6, 9))
    vectors[2] = 0.0  # an item with no features is unlike everything
    distances = cosine_distances(vectors)
    expected = distances[~np.eye(6, dtype=bool)].mean()
    assert intra_list_diversity(vectors) == agree(expected)
    assert intra_list_diversity(sparse.csr_array(vectors)) == agree(expected)


def test_intra_list_diversity_edges() -> None:
    assert intra_list_diversity(np.ones((1, 3))) == 0.0
    assert intra_list_diversity(np.ones((4, 3))) == agree(0.0)
    assert intra_list_diversity(np.eye(3)) == agree(1.0)


def test_catalog_coverage_and_novelty_by_hand() -> None:
    lists = [["a", "b"], ["b", "c"]]
    assert catalog_coverage(lists, 10) == 0.3
    popularity = {"a": 50, "b": 25, "c": 25}
    # -log2(0.5) = 1 once, -log2(0.25) = 2 three times: mean 7 / 4
    assert novelty(lists, popularity) == agree(1.75)
    assert novelty([["zzz"]], popularity) == agree(math.log2(100))
    with pytest.raises(ValueError):
        catalog_coverage(lists, 0)


@pytest.mark.parametrize(("pc", "pt"), [(0.1, 0.12), (0.0, 1.0), (0.5, 0.5), (0.9, 0.3)])
def test_cohens_h_matches_statsmodels(pc: float, pt: float) -> None:
    assert cohens_h(pc, pt) == agree(proportion_effectsize(pt, pc))


def test_cohens_d_by_hand_from_samples() -> None:
    rng = np.random.default_rng(2)
    control, treatment = rng.normal(0, 1, 80), rng.normal(0.4, 1.5, 120)
    pooled = ((79 * control.var(ddof=1)) + 119 * treatment.var(ddof=1)) / 198
    expected = (treatment.mean() - control.mean()) / math.sqrt(pooled)
    ours = cohens_d(
        estimate_mean(MeanSummary.from_values(control)),
        estimate_mean(MeanSummary.from_values(treatment)),
    ).d
    assert ours == agree(expected)
    flat = estimate_mean(MeanSummary.from_values([2.0, 2.0]))
    assert cohens_d(flat, flat).d is None


def test_number_wording() -> None:
    assert format_percent(0.1234) == "12.3%"
    assert format_p_value(0.0031) == "p = 0.003"
    assert format_p_value(0.4567) == "p = 0.46"
    assert format_p_value(0.00004) == "p < 0.001"
    assert about_users(3412) == "3,400"
    assert about_users(87) == "87"
    assert about_users(123_456) == "120,000"
    assert about_days(3.2) == "about 4 days"
    assert about_days(1.0) == "about 1 day"
    assert about_days(0.3) == "less than a day"
    assert format_chance(0.9996) == "more than 99.9%"
    assert format_chance(0.0004) == "less than 0.1%"
    assert format_chance(0.9912) == "99.1%"


def _evidence(**changes: object) -> Evidence:
    base = {
        "treatment": "treatment",
        "metric_label": "CTR",
        "higher_is_better": True,
        "relative_lift": 0.123,
        "ci_low": 0.041,
        "ci_high": 0.205,
        "significant": True,
        "interval_name": "95% CI",
        "minimum_effect_worth_shipping": 0.02,
        "p_value": 0.003,
    }
    return Evidence(**{**base, **changes})  # type: ignore[arg-type]


def test_the_ship_sentence_reads_as_the_issue_asks() -> None:
    verdict = treatment_verdict(_evidence())
    assert verdict.decision is Decision.SHIP
    assert (
        verdict.text == "Treatment raises CTR by 12.3% (95% CI 4.1% to 20.5%, p = 0.003): ship it."
    )


def test_the_keep_running_sentence_gives_users_and_days() -> None:
    verdict = treatment_verdict(
        _evidence(
            significant=False,
            ci_low=-0.02,
            p_value=0.21,
            more_users_needed_per_variant=3412,
            days_needed=3.4,
        )
    )
    assert verdict.decision is Decision.KEEP_RUNNING
    assert verdict.text.startswith("No detectable difference yet")
    assert verdict.text.endswith(
        "about 3,400 more users per variant needed, about 4 days at the current rate."
    )


@pytest.mark.parametrize(
    ("changes", "decision"),
    [
        ({"relative_lift": -0.08, "ci_low": -0.12, "ci_high": -0.04}, Decision.KEEP_CONTROL),
        ({"relative_lift": 0.01, "ci_low": 0.002, "ci_high": 0.018}, Decision.TOO_SMALL_TO_SHIP),
        (
            {"significant": False, "ci_low": -0.01, "more_users_needed_per_variant": 0},
            Decision.NO_MEANINGFUL_DIFFERENCE,
        ),
        (
            {"higher_is_better": False, "relative_lift": -0.1, "ci_low": -0.15, "ci_high": -0.05},
            Decision.SHIP,
        ),
        ({"higher_is_better": False}, Decision.KEEP_CONTROL),
    ],
)
def test_decision_rules(changes: dict, decision: Decision) -> None:
    assert treatment_verdict(_evidence(**changes)).decision is decision


def test_bayesian_wording_quotes_the_chance_to_beat_control() -> None:
    verdict = treatment_verdict(
        _evidence(
            p_value=None, probability_beats_control=0.991, interval_name="95% credible interval"
        )
    )
    assert (
        "95% credible interval 4.1% to 20.5%, 99.1% chance to beat control): ship it."
        in verdict.text
    )
