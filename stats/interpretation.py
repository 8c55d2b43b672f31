"""Effect sizes and the plain-language verdict a product manager can act on.

The verdict rules (see docs/statistics.md) in one place:

* a sample-ratio mismatch blocks every verdict;
* significant and at least the minimum effect worth shipping in the good direction: ship;
* significant in the bad direction: keep control;
* significant but smaller than the minimum worth shipping: too small to ship;
* not significant, and the test already has the users to find the minimum effect: no
  meaningful difference, keep control;
* otherwise: keep running, with how many more users and days it needs.

A test with a declared plan is read by ``rule_verdict`` instead: the declared rule alone
decides, on the primary metric, and the sentence always says who is ahead and by how much.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from stats.formatting import format_p_value
from stats.serialize import JsonReady


class Decision(StrEnum):
    SHIP = "ship"
    KEEP_CONTROL = "keep_control"
    TOO_SMALL_TO_SHIP = "too_small_to_ship"
    NO_MEANINGFUL_DIFFERENCE = "no_meaningful_difference"
    KEEP_RUNNING = "keep_running"
    INSUFFICIENT_DATA = "insufficient_data"
    BLOCKED_SAMPLE_RATIO_MISMATCH = "blocked_sample_ratio_mismatch"
    # A test stopped before its rule decided: nothing to act on.
    INCONCLUSIVE = "inconclusive"


def is_practically_significant(
    relative_lift: float, minimum_effect: float, higher_is_better: bool
) -> bool:
    """Whether a lift is at least ``minimum_effect`` in the direction that helps."""
    gain = relative_lift if higher_is_better else -relative_lift
    return gain >= minimum_effect


def format_percent(share: float) -> str:
    return f"{share * 100:.1f}%"


def _lower_end(low: float, show: Callable[[float], str]) -> str:
    """A relative-lift interval's lower end; at -100 % it was clipped there (a lift cannot go
    lower, stats.experiment.LIFT_FLOOR), and the sentence says so."""
    return f"{show(low)} (clipped)" if low <= -1.0 else show(low)


def format_chance(probability: float) -> str:
    """A probability as a percentage that never rounds to a certainty it is not."""
    if probability > 0.999:
        return "more than 99.9%"
    if probability < 0.001:
        return "less than 0.1%"
    return format_percent(probability)


def about_users(count: int) -> str:
    """Two significant figures, the precision a sample-size estimate deserves."""
    if count < 100:
        return f"{count:,}"
    digits = len(str(count)) - 2
    return f"{round(count, -digits):,}"


def about_duration(days: float) -> str:
    """Days while they are few, then weeks, then years: "19 weeks", not "133 days"."""
    if days < 1.0:
        return "less than a day"
    if days <= 21:
        whole = math.ceil(days - 1e-9)
        return "1 day" if whole == 1 else f"{whole} days"
    if days <= 730:
        return f"{math.ceil(days / 7 - 1e-9)} weeks"
    return f"about {days / 365.25:,.0f} years"


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
        f"{e.interval_name} {_lower_end(e.ci_low, format_percent)} to "
        f"{format_percent(e.ci_high)}, {certainty}"
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


# --- the declared decision rule ------------------------------------------------------------

RULE_NAMES = {
    "sequential": "sequential",
    "fixed_horizon": "fixed-horizon",
    "bayesian": "Bayesian (adaptive allocation)",
}


class RuleStatus(StrEnum):
    DECIDED = "decided"
    RUNNING = "running"
    UNDERPOWERED = "underpowered"
    STOPPED_UNDECIDED = "stopped_undecided"
    INSUFFICIENT_DATA = "insufficient_data"


@dataclass(frozen=True)
class RuleEvidence:
    """One treatment against control on the primary metric, as the declared rule reads it.

    ``relative_lift`` and its interval are on the rule's scale (the always-valid interval for
    the sequential rule); ``p_value`` is the rule's, adjusted across treatments;
    ``significant`` is the rule's call. ``users`` and ``planned_users`` are of the arm
    furthest from its plan; ``days_to_plan`` is the whole time the plan takes at the current
    traffic, counted from the start (None: the traffic is not known yet).
    """

    treatment: str
    control: str
    metric_label: str
    higher_is_better: bool
    rule: str
    minimum_detectable_effect: float
    planned_duration_days: int
    relative_lift: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    interval_name: str = "95% CI"
    p_value: float | None = None
    probability_beats_control: float | None = None
    significant: bool | None = None
    users: int = 0
    planned_users: int | None = None
    days_to_plan: float | None = None
    stopped_on: date | None = None
    detail: str | None = None

    @property
    def plan_reached(self) -> bool:
        return self.planned_users is not None and self.users >= self.planned_users


@dataclass(frozen=True)
class RuleVerdict(JsonReady):
    treatment: str
    decision: Decision
    status: RuleStatus
    decided: bool
    rule: str
    leader: str | None
    relative_lift: float | None
    text: str


def _signed(share: float) -> str:
    return f"{share * 100:+.1f}%"


def _standing(e: RuleEvidence, lift: float, past: bool) -> str:
    """Who is ahead and by how much: "treatment is ahead on CTR by +30.1%"."""
    is_ = "was" if past else "is"
    if lift == 0:
        return (
            f"{e.treatment} and {e.control} {'were' if past else 'are'} level on {e.metric_label}"
        )
    if (lift > 0) == e.higher_is_better:
        return f"{e.treatment} {is_} ahead on {e.metric_label} by {_signed(lift)}"
    return f"{e.control} {is_} ahead on {e.metric_label}: {e.treatment} {_signed(lift)}"


def _certainty(e: RuleEvidence) -> str:
    interval = ""
    if e.ci_low is not None and e.ci_high is not None:
        interval = f"{e.interval_name} {_lower_end(e.ci_low, _signed)} to {_signed(e.ci_high)}, "
    if e.p_value is not None:
        return interval + format_p_value(e.p_value)
    chance = e.probability_beats_control
    return interval + f"{format_chance(chance or 0.0)} chance to beat control"


def _users(e: RuleEvidence) -> str:
    return f"{e.users:,} of the planned {e.planned_users:,} users per variant"


def rule_verdict(e: RuleEvidence) -> RuleVerdict:
    """The declared rule's reading of one treatment. Decides only when the rule does:

    * sequential: when the always-valid test is significant, at any look; at the planned size
      without significance: no difference as large as the minimum detectable effect;
    * fixed horizon: only at the planned size, significant or not;
    * bayesian (adaptive tests): when the posterior is decisive.
    """
    rule = RULE_NAMES.get(e.rule, e.rule)
    by = f"the {rule} rule on {e.metric_label} (primary)"
    stopped = e.stopped_on is not None
    stop_note = f" The test was stopped on {e.stopped_on.isoformat()}." if e.stopped_on else ""
    if e.relative_lift is None or e.significant is None:
        detail = e.detail or "no usable data"
        return RuleVerdict(
            e.treatment, Decision.INSUFFICIENT_DATA, RuleStatus.INSUFFICIENT_DATA, False, e.rule,
            None, None,
            f"Not enough data for {by} to compare {e.treatment} with {e.control}: {detail}."
            + stop_note,
        )  # fmt: skip
    lift = e.relative_lift
    helps = (lift > 0) == e.higher_is_better
    leader = None if lift == 0 else (e.treatment if helps else e.control)
    standing = _standing(e, lift, past=stopped)
    figures = f"({_certainty(e)})"

    def verdict(decision: Decision, status: RuleStatus, text: str) -> RuleVerdict:
        decided = status == RuleStatus.DECIDED
        return RuleVerdict(e.treatment, decision, status, decided, e.rule, leader, lift, text)

    may_decide = e.rule != "fixed_horizon" or e.plan_reached
    if e.significant and may_decide:
        if helps:
            return verdict(
                Decision.SHIP, RuleStatus.DECIDED,
                f"Decided by {by}: {e.treatment} is better, {_signed(lift)} {figures}. "
                f"Ship {e.treatment}.{stop_note}",
            )  # fmt: skip
        return verdict(
            Decision.KEEP_CONTROL, RuleStatus.DECIDED,
            f"Decided by {by}: {e.treatment} is worse, {_signed(lift)} {figures}. "
            f"Keep {e.control}.{stop_note}",
        )  # fmt: skip
    if e.plan_reached:
        return verdict(
            Decision.NO_MEANINGFUL_DIFFERENCE, RuleStatus.DECIDED,
            f"Decided by {by}: at the planned {e.planned_users:,} users per variant there is "
            f"no difference of the planned {format_percent(e.minimum_detectable_effect)}; "
            f"{standing} {figures}, not significant. Keep {e.control}.{stop_note}",
        )  # fmt: skip
    early = (
        " The fixed-horizon rule reads the test once, at the planned size; figures before "
        "then are for reference only."
        if e.rule == "fixed_horizon" and e.significant
        else ""
    )
    if stopped:
        assert e.stopped_on is not None
        progress = f"; {_users(e)}" if e.planned_users is not None else ""
        return verdict(
            Decision.INCONCLUSIVE, RuleStatus.STOPPED_UNDECIDED,
            f"Stopped on {e.stopped_on.isoformat()} before {by} decided: {standing} {figures}, "
            f"not conclusive{progress}.",
        )  # fmt: skip
    if e.rule == "bayesian":  # adaptive tests have no planned size: the posterior decides
        return verdict(
            Decision.KEEP_RUNNING, RuleStatus.RUNNING,
            f"Not decided yet by {by}: {standing} {figures}.",
        )  # fmt: skip
    if e.planned_users is None:
        return verdict(
            Decision.KEEP_RUNNING, RuleStatus.RUNNING,
            f"Not decided by {by}: {standing} {figures}. The planned size is known once "
            f"{e.control} has data to measure its spread.{early}",
        )  # fmt: skip
    if e.days_to_plan is not None and e.days_to_plan > e.planned_duration_days:
        return verdict(
            Decision.KEEP_RUNNING, RuleStatus.UNDERPOWERED,
            f"Underpowered: at this traffic the planned {e.planned_users:,} users per variant "
            f"take {about_duration(e.days_to_plan)}, beyond the planned "
            f"{about_duration(e.planned_duration_days)}. Not decided by {by}: {standing} "
            f"{figures}. Send it more traffic, plan for a larger effect, or stop it.{early}",
        )  # fmt: skip
    when = (
        f"; at this traffic the plan takes {about_duration(e.days_to_plan)} in all"
        if e.days_to_plan is not None
        else " (the traffic rate is not known yet)"
    )
    return verdict(
        Decision.KEEP_RUNNING, RuleStatus.RUNNING,
        f"Not decided yet by {by}: {standing} {figures}; {_users(e)}{when}.{early}",
    )  # fmt: skip
