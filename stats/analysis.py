"""From per-variant sums to the summaries ``analyze_experiment`` takes.

The storage side (ab_testing/repository.py) aggregates a row per exposed user into one row per
variant of counts, sums, sums of squares and cross products; this module names which per-user
columns each metric needs and turns those sums into summaries, so no user row is ever needed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from stats.cuped import CupedSummary
from stats.estimates import MeanSummary, ProportionSummary, RatioSummary
from stats.experiment import MetricSpec, MetricSummary

MetricKind = Literal["mean", "proportion", "ratio", "cuped"]
# Sums over a variant's users of the value x, and of the paired value y where there is one.
SumName = Literal["x", "xx", "y", "yy", "xy"]


@dataclass(frozen=True)
class MetricSource:
    """Where one metric's per-user values are in the per-user query.

    ``column`` is the value (a 0/1 flag for ``proportion``, the numerator for ``ratio``, the
    in-test value for ``cuped``); ``denominator`` is the ratio's denominator and
    ``covariate`` CUPED's pre-period value.
    """

    spec: MetricSpec
    kind: MetricKind
    column: str
    denominator: str | None = None
    covariate: str | None = None

    def __post_init__(self) -> None:
        if (self.kind == "ratio") != (self.denominator is not None):
            raise ValueError("a ratio metric, and only a ratio metric, names a denominator column")
        if (self.kind == "cuped") != (self.covariate is not None):
            raise ValueError("a CUPED metric, and only a CUPED metric, names a covariate column")

    @property
    def paired_column(self) -> str | None:
        """The per-user y beside x: the ratio's denominator or CUPED's covariate."""
        return self.denominator or self.covariate


def metric_summary(
    source: MetricSource, users: int, sums: Mapping[SumName, float | None]
) -> MetricSummary:
    """The metric's summary over ``users`` from its sums; a missing (or NULL) sum is 0."""

    def total(name: SumName) -> float:
        found = sums.get(name)
        return 0.0 if found is None else float(found)

    if source.kind == "proportion":
        return ProportionSummary(users, round(total("x")))
    if source.kind == "ratio":
        return RatioSummary(users, total("x"), total("xx"), total("y"), total("yy"), total("xy"))
    if source.kind == "cuped":
        return CupedSummary(
            MeanSummary(users, total("x"), total("xx")),
            MeanSummary(users, total("y"), total("yy")),
            total("xy"),
        )
    return MeanSummary(users, total("x"), total("xx"))
