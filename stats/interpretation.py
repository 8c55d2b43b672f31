"""Effect sizes and the plain-language verdict a product manager can act on.

The verdict rules (see docs/statistics.md) in one place:

* a sample-ratio mismatch blocks every verdict;
* significant and at least the minimum effect worth shipping in the good direction: ship;
* significant in the bad direction: keep control;
* significant but smaller than the minimum worth shipping: too small to ship;
* not significant, and the test already has the users to find the minimum effect: no
  meaningful difference, keep control;
* otherwise: keep running, with how many more users and days it needs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from stats.estimates import ArmEstimate
from stats.serialize import JsonReady


class Decision(StrEnum):
    SHIP = "ship"
    KEEP_CONTROL = "keep_control"
    TOO_SMALL_TO_SHIP = "too_small_to_ship"
    NO_MEANINGFUL_DIFFERENCE = "no_meaningful_difference"
    KEEP_RUNNING = "keep_running"
    INSUFFICIENT_DATA = "insufficient_data"
    BLOCKED_SAMPLE_RATIO_MISMATCH = "blocked_sample_ratio_mismatch"


def cohens_h(control_rate: float, treatment_rate: float) -> float:
    """``2 asin(sqrt(p_t)) - 2 asin(sqrt(p_c))``: 0.2 small, 0.5 medium, 0.8 large."""
    for rate in (control_rate, treatment_rate):
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"Cohen's h needs proportions in [0, 1], got {rate!r}")
    return 2.0 * math.asin(math.sqrt(treatment_rate)) - 2.0 * math.asin(math.sqrt(control_rate))


def cohens_d(control: ArmEstimate, treatment: ArmEstimate) -> float | None:
    """Difference in means over the pooled standard deviation; None when nobody varies."""
    dof = control.n + treatment.n - 2
    pooled = (
        (control.n - 1) * control.unit_variance + (treatment.n - 1) * treatment.unit_variance
    ) / dof
    if pooled <= 0.0:
        return None
    return (treatment.mean - control.mean) / math.sqrt(pooled)


def is_practically_significant(
    relative_lift: float, minimum_effect: float, higher_is_better: bool
) -> bool:
    """Whether a lift is at least ``minimum_effect`` in the direction that helps."""
    gain = relative_lift if higher_is_better else -relative_lift
    return gain >= minimum_effect


def format_percent(share: float) -> str:
    return f"{share * 100:.1f}%"


def format_chance(probability: float) -> str:
    """A probability as a percentage that never rounds to a certainty it is not."""
    if probability > 0.999:
        return "more than 99.9%"
    if probability < 0.001:
        return "less than 0.1%"
    return format_percent(probability)


def format_p_value(p_value: float) -> str:
    if p_value < 0.001:
        return "p < 0.001"
    return f"p = {p_value:.3f}" if p_value < 0.01 else f"p = {p_value:.2f}"


def about_users(count: int) -> str:
    """Two significant figures, the precision a sample-size estimate deserves."""
    if count < 100:
        return f"{count:,}"
    digits = len(str(count)) - 2
    return f"{round(count, -digits):,}"


def about_days(days: float) -> str:
    if days < 1.0:
        return "less than a day"
    whole = math.ceil(days - 1e-9)
    return "about 1 day" if whole == 1 else f"about {whole:,} days"


@dataclass(frozen=True)
class Evidence:
    """What one treatment's verdict rests on, on the relative-lift scale."""

    treatment: str
    metric_label: str
    higher_is_better: bool
    relative_lift: float
    ci_low: float
    ci_high: float
    significant: bool
    interval_name: str
    minimum_effect_worth_shipping: float
    p_value: float | None = None
    probability_beats_control: float | None = None
    more_users_needed_per_variant: int | None = None
    days_needed: float | None = None


@dataclass(frozen=True)
class TreatmentVerdict(JsonReady):
    treatment: str
    decision: Decision
    text: str


def _figures(e: Evidence) -> str:
    certainty = (
        format_p_value(e.p_value)
        if e.p_value is not None
        else f"{format_chance(e.probability_beats_control or 0.0)} chance to beat control"
    )
    return (
        f"{e.interval_name} {format_percent(e.ci_low)} to {format_percent(e.ci_high)}, {certainty}"
    )


def _subject(name: str) -> str:
    return name[:1].upper() + name[1:]


def treatment_verdict(e: Evidence) -> TreatmentVerdict:
    verb = "raises" if e.relative_lift >= 0 else "lowers"
    change = (
        f"{_subject(e.treatment)} {verb} {e.metric_label} by {format_percent(abs(e.relative_lift))}"
    )
    helps = (e.relative_lift > 0) == e.higher_is_better
    minimum = format_percent(e.minimum_effect_worth_shipping)
    if e.significant and not helps:
        return TreatmentVerdict(
            e.treatment, Decision.KEEP_CONTROL, f"{change} ({_figures(e)}): keep control."
        )
    if e.significant:
        if is_practically_significant(
            e.relative_lift, e.minimum_effect_worth_shipping, e.higher_is_better
        ):
            return TreatmentVerdict(
                e.treatment, Decision.SHIP, f"{change} ({_figures(e)}): ship it."
            )
        return TreatmentVerdict(
            e.treatment,
            Decision.TOO_SMALL_TO_SHIP,
            f"{change} ({_figures(e)}), less than the {minimum} worth shipping: "
            "keep control unless the change costs nothing.",
        )
    observed = (
        f"{e.treatment} vs control: {e.metric_label} {e.relative_lift * 100:+.1f}%, {_figures(e)}"
    )
    if e.more_users_needed_per_variant is None or e.more_users_needed_per_variant <= 0:
        return TreatmentVerdict(
            e.treatment,
            Decision.NO_MEANINGFUL_DIFFERENCE,
            f"No meaningful difference ({observed}): the test has enough users to have found a "
            f"{minimum} change, so stop it and keep control.",
        )
    wait = (
        f", {about_days(e.days_needed)} at the current rate"
        if e.days_needed is not None
        else " (the enrolment rate is unknown, so no estimate of days)"
    )
    return TreatmentVerdict(
        e.treatment,
        Decision.KEEP_RUNNING,
        f"No detectable difference yet ({observed}): about "
        f"{about_users(e.more_users_needed_per_variant)} more users per variant needed{wait}.",
    )


def insufficient_data_verdict(treatment: str, metric_label: str, detail: str) -> TreatmentVerdict:
    return TreatmentVerdict(
        treatment,
        Decision.INSUFFICIENT_DATA,
        f"Not enough data to compare {metric_label} for {treatment} yet: {detail}.",
    )


def sample_ratio_mismatch_text(
    names: list[str], observed: list[int], expected: list[float], p_value: float
) -> str:
    split = ", ".join(
        f"{name} {count:,} where {round(exp):,} were expected"
        for name, count, exp in zip(names, observed, expected, strict=True)
    )
    return (
        "Verdict withheld: the users are not split as intended "
        f"({split}; {format_p_value(p_value)}). "
        "Users are being lost or mis-assigned in some variant, which alone can create or hide a "
        "difference; find and fix the cause before trusting these results."
    )


ADAPTIVE_ALLOCATION_NOTE = (
    "Traffic was allocated adaptively (a bandit), so the split of users is not checked against "
    "fixed weights and the fixed-horizon p-values are shown for reference only: the verdict rests "
    "on the Bayesian posterior, which adaptive allocation does not bias because the allocation "
    "depended only on outcomes already observed. A metric that drifts over time can still "
    "mislead, since late traffic went mostly to the leading variant."
)
