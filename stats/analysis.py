"""The database side of the analysis: per user, then per variant, in SQL.

The A/B package supplies one SELECT with a row per exposed user of a test: the user's
``variant`` and the per-user values the metrics need (clicks, impressions, a 0/1
``purchased``, revenue, the same user's pre-period revenue, ...). This module wraps it in a
``GROUP BY variant`` that returns only counts, sums, sums of squares and cross products, builds
the summaries ``analyze_experiment`` takes, and never loads events or users into Python.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Connection, Float, Select, cast, func, select
from sqlalchemy.sql.elements import ColumnElement

from stats.cuped import CupedSummary
from stats.estimates import MeanSummary, ProportionSummary, RatioSummary
from stats.experiment import (
    AnalysisSettings,
    ExperimentAnalysis,
    MetricSpec,
    MetricSummary,
    VariantInput,
    analyze_experiment,
)

MetricKind = Literal["mean", "proportion", "ratio", "cuped"]


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


def _sums(sources: Sequence[MetricSource], table: Any) -> list[ColumnElement[Any]]:
    """The aggregate columns, named ``{metric}__{what}``, as double precision throughout."""

    def value(name: str) -> ColumnElement[Any]:
        return cast(func.coalesce(table.c[name], 0), Float)

    columns: list[ColumnElement[Any]] = []
    for source in sources:
        name = source.spec.name
        x = value(source.column)
        columns += [func.sum(x).label(f"{name}__x"), func.sum(x * x).label(f"{name}__xx")]
        other = source.denominator or source.covariate
        if other is not None:
            y = value(other)
            columns += [
                func.sum(y).label(f"{name}__y"),
                func.sum(y * y).label(f"{name}__yy"),
                func.sum(x * y).label(f"{name}__xy"),
            ]
    return columns


def _summary(source: MetricSource, users: int, row: Mapping[str, Any]) -> MetricSummary:
    def total(what: str) -> float:
        found = row.get(f"{source.spec.name}__{what}")
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


def variant_inputs(
    connection: Connection,
    per_user: Select[Any],
    sources: Sequence[MetricSource],
    intended_weights: Mapping[str, float],
    variant_column: str = "variant",
) -> list[VariantInput]:
    """One ``VariantInput`` per variant in ``intended_weights`` order (control first).

    A variant nobody has reached yet gets zero users rather than disappearing, so the
    analysis can say so.
    """
    users_table = per_user.subquery("per_user")
    variant = users_table.c[variant_column]
    query = select(variant, func.count().label("users"), *_sums(sources, users_table)).group_by(
        variant
    )
    rows: dict[Any, dict[str, Any]] = {
        row[variant_column]: {str(key): value for key, value in row.items()}
        for row in connection.execute(query).mappings()
    }
    unknown = set(rows) - set(intended_weights)
    if unknown:
        raise ValueError(f"users in variants the test does not define: {sorted(map(str, unknown))}")
    inputs = []
    for name, weight in intended_weights.items():
        row = rows.get(name, {})
        users = int(row.get("users", 0))
        metrics = {source.spec.name: _summary(source, users, row) for source in sources}
        inputs.append(VariantInput(name, users, weight, metrics))
    return inputs


def analyze_test(
    connection: Connection,
    per_user: Select[Any],
    sources: Sequence[MetricSource],
    intended_weights: Mapping[str, float],
    settings: AnalysisSettings | None = None,
    variant_column: str = "variant",
) -> ExperimentAnalysis:
    """Aggregate in the database and analyse: the first source is the primary metric."""
    inputs = variant_inputs(connection, per_user, sources, intended_weights, variant_column)
    return analyze_experiment(inputs, [source.spec for source in sources], settings)
