"""Read side of the A/B tables: every figure is a GROUP BY in SQL over the running totals
(ab_testing/totals.py) or an index; events never come into Python, only per-variant (or
per-bucket) aggregates do."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal, get_args

from sqlalchemy import Connection, Float, Select, Subquery, case, cast, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from ab_testing.logger import EPOCH
from models import (
    AbAllocation,
    AbAssignment,
    AbHourlyTotals,
    AbImpression,
    AbPositionClicks,
    AbServingTotals,
    AbTest,
    AbUserTotals,
    AbVariant,
    Interaction,
)
from stats.analysis import MetricSource, SumName, metric_summary
from stats.experiment import AnalysisSettings, ExperimentAnalysis, VariantInput, analyze_experiment


@dataclass
class VariantAggregates:
    assigned_users: int = 0
    exposed_users: int = 0
    impressions: int = 0
    cache_hits: int = 0
    fallbacks: int = 0
    p95_latency_ms: float | None = None
    views: int = 0
    clicks: int = 0
    add_to_carts: int = 0
    purchases: int = 0
    clicking_users: int = 0
    converted_users: int = 0
    revenue: float = 0.0
    engagement_seconds: float = 0.0
    engagement_events: int = 0
    # list length -> impressions of that length (impressions at rank p = those longer than p)
    list_lengths: dict[int, int] = field(default_factory=dict)
    clicks_by_position: dict[int, int] = field(default_factory=dict)
    model_versions: dict[str, int] = field(default_factory=dict)

    @property
    def mean_engagement_seconds(self) -> float | None:
        return self.engagement_seconds / self.engagement_events if self.engagement_events else None

    def impressions_at(self, position: int) -> int:
        return sum(count for length, count in self.list_lengths.items() if length > position)


def variant_aggregates(session: Session, test_id: int) -> dict[int, VariantAggregates]:
    """Per variant id, from the assignments and the running totals (one row per exposed
    user, per rank, per model version and list length): no event is read."""
    out: dict[int, VariantAggregates] = defaultdict(VariantAggregates)
    for variant_id, assigned in session.execute(
        select(AbAssignment.variant_id, func.count())
        .where(AbAssignment.test_id == test_id)
        .group_by(AbAssignment.variant_id)
    ):
        out[variant_id].assigned_users = assigned

    users = AbUserTotals
    for row in session.execute(
        select(
            users.variant_id,
            func.count().label("exposed_users"),
            func.sum(users.views).label("views"),
            func.sum(users.clicks).label("clicks"),
            func.sum(users.add_to_carts).label("add_to_carts"),
            func.sum(users.purchases).label("purchases"),
            func.sum(case((users.clicks > 0, 1), else_=0)).label("clicking_users"),
            func.sum(case((users.purchases > 0, 1), else_=0)).label("converted_users"),
            func.sum(users.revenue).label("revenue"),
            func.sum(users.engagement_seconds).label("engagement_seconds"),
            func.sum(users.engagement_events).label("engagement_events"),
        )
        .where(users.test_id == test_id, users.impressions > 0)
        .group_by(users.variant_id)
    ).mappings():
        aggregates = out[row["variant_id"]]
        for name, value in row.items():
            if name != "variant_id":  # SUM is NULL-free here, but typed per field (int/float)
                setattr(aggregates, name, type(getattr(aggregates, name))(value or 0))

    for variant_id, length, version, impressions, hits, fallbacks in session.execute(
        select(
            AbServingTotals.variant_id,
            AbServingTotals.item_count,
            AbServingTotals.model_version,
            AbServingTotals.impressions,
            AbServingTotals.cache_hits,
            AbServingTotals.fallbacks,
        ).where(AbServingTotals.test_id == test_id)
    ):
        aggregates = out[variant_id]
        aggregates.impressions += impressions
        aggregates.cache_hits += hits
        aggregates.fallbacks += fallbacks
        aggregates.list_lengths[length] = aggregates.list_lengths.get(length, 0) + impressions
        aggregates.model_versions[version] = aggregates.model_versions.get(version, 0) + impressions

    for variant_id, aggregates in out.items():
        aggregates.p95_latency_ms = _latency_percentile(
            session, test_id, variant_id, aggregates.impressions, 0.95
        )

    for variant_id, position, clicks in session.execute(
        select(AbPositionClicks.variant_id, AbPositionClicks.position, AbPositionClicks.clicks)
        .where(AbPositionClicks.test_id == test_id)
    ):  # fmt: skip
        out[variant_id].clicks_by_position[position] = clicks
    return dict(out)


def _latency_percentile(
    session: Session, test_id: int, variant_id: int, count: int, quantile: float
) -> float | None:
    """Nearest-rank percentile, read off the (test, variant, latency) index: one row fetch
    instead of sorting in Python, the same SQL on both databases."""
    if count == 0:
        return None
    rank = max(math.ceil(quantile * count) - 1, 0)
    return session.scalar(
        select(AbImpression.latency_ms)
        .where(AbImpression.test_id == test_id, AbImpression.variant_id == variant_id)
        .order_by(AbImpression.latency_ms)
        .offset(rank)
        .limit(1)
    )


def allocations(session: Session, test_id: int) -> list[AbAllocation]:
    return list(
        session.scalars(
            select(AbAllocation)
            .where(AbAllocation.test_id == test_id)
            .order_by(AbAllocation.decided_at, AbAllocation.id)
        )
    )


Bucket = Literal["day", "hour"]


@dataclass(frozen=True)
class BucketCounts:
    start: datetime
    impressions: int = 0
    clicks: int = 0
    purchases: int = 0
    revenue: float = 0.0


def metrics_over_time(
    session: Session, test_id: int, bucket: Bucket
) -> dict[int, list[BucketCounts]]:
    """Per variant id, the buckets that saw impressions or credited events, in time order,
    summed from the hourly totals."""
    hours = 24 if bucket == "day" else 1
    t = AbHourlyTotals
    key = t.hour // hours if hours > 1 else t.hour
    series: dict[int, list[BucketCounts]] = defaultdict(list)
    for variant_id, start, impressions, clicks, purchases, revenue in session.execute(
        select(t.variant_id, key, func.sum(t.impressions), func.sum(t.clicks),
               func.sum(t.purchases), func.sum(t.revenue))
        .where(t.test_id == test_id)
        .group_by(t.variant_id, key)
        .order_by(t.variant_id, key)
    ):  # fmt: skip
        series[variant_id].append(
            BucketCounts(
                start=EPOCH + timedelta(hours=int(start) * hours),
                impressions=int(impressions),
                clicks=int(clicks),
                purchases=int(purchases),
                revenue=float(revenue or 0.0),
            )
        )
    return dict(series)


def clicks_and_impressions(session: Session, test_id: int) -> dict[int, tuple[int, int]]:
    """Per variant id: (credited clicks, impressions), what the bandit's posteriors need."""
    t = AbHourlyTotals
    return {
        variant_id: (int(clicks), int(impressions))
        for variant_id, clicks, impressions in session.execute(
            select(t.variant_id, func.sum(t.clicks), func.sum(t.impressions))
            .where(t.test_id == test_id)
            .group_by(t.variant_id)
        )
    }


# --- one row per exposed user: what the statistics engine aggregates -----------------------


def per_user_select(test: AbTest, pre_period: timedelta = timedelta(days=14)) -> Select[Any]:
    """A SELECT with one row per exposed user of ``test`` (the unit of randomisation):

    ``variant`` (its name), ``impressions``, and the events credited to the test:
    ``clicks``, ``purchases``, ``purchased`` (0/1), ``revenue``, ``seconds`` (engagement);
    then the user's activity in the ``pre_period`` before the test was created, for CUPED:
    ``pre_revenue`` and ``pre_events`` (events of any kind). Users without a value get 0.

    ``variant_inputs`` wraps it in a ``GROUP BY variant`` of sums, squares and cross
    products, so no user or event row leaves the database.
    """
    users = AbUserTotals
    exposed = (
        select(users, AbVariant.name.label("variant"))
        .join(AbVariant, AbVariant.id == users.variant_id)
        .where(users.test_id == test.id, users.impressions > 0)
        .subquery()
    )
    before = (
        select(
            Interaction.user_id,
            func.sum(Interaction.revenue).label("pre_revenue"),
            func.count().label("pre_events"),
        )
        .where(Interaction.user_id.in_(select(exposed.c.user_id)))
        .where(
            Interaction.timestamp >= test.created_at - pre_period,
            Interaction.timestamp < test.created_at,
        )
        .group_by(Interaction.user_id)
        .subquery()
    )
    return (
        select(
            exposed.c.user_id,
            exposed.c.variant,
            exposed.c.impressions,
            exposed.c.clicks,
            exposed.c.purchases,
            case((exposed.c.purchases > 0, 1), else_=0).label("purchased"),
            exposed.c.revenue,
            exposed.c.engagement_seconds.label("seconds"),
            func.coalesce(before.c.pre_revenue, 0.0).label("pre_revenue"),
            func.coalesce(before.c.pre_events, 0).label("pre_events"),
        )
        .select_from(exposed)
        .outerjoin(before, before.c.user_id == exposed.c.user_id)
    )


def daily_exposures(session: Session, test: AbTest, now: datetime, days: int = 7) -> float | None:
    """First exposures per day over the last ``days`` days (or the test's life, if shorter):
    the enrolment rate behind "about N more days"."""
    since = max(now - timedelta(days=days), test.created_at)
    span = (now - since).total_seconds() / 86_400
    recent = session.scalar(
        select(func.count())
        .select_from(AbAssignment)
        .where(AbAssignment.test_id == test.id, AbAssignment.first_exposed_at >= since)
    )
    return recent / span if recent and span > 0 else None


# --- per user -> per variant: the sums the statistics engine takes -------------------------


def _sum_columns(sources: Sequence[MetricSource], users: Subquery) -> list[ColumnElement[Any]]:
    """The aggregate columns, named ``{metric}__{sum}``, as double precision throughout."""

    def value(name: str) -> ColumnElement[float]:
        return cast(func.coalesce(users.c[name], 0), Float)

    columns: list[ColumnElement[Any]] = []
    for source in sources:
        name = source.spec.name
        x = value(source.column)
        columns += [func.sum(x).label(f"{name}__x"), func.sum(x * x).label(f"{name}__xx")]
        if source.paired_column is not None:
            y = value(source.paired_column)
            columns += [
                func.sum(y).label(f"{name}__y"),
                func.sum(y * y).label(f"{name}__yy"),
                func.sum(x * y).label(f"{name}__xy"),
            ]
    return columns


def variant_inputs(
    connection: Connection,
    per_user: Select[Any],
    sources: Sequence[MetricSource],
    intended_weights: Mapping[str, float],
    variant_column: str = "variant",
) -> list[VariantInput]:
    """One ``VariantInput`` per variant in ``intended_weights`` order (control first), from a
    SELECT with a row per exposed user (``per_user_select``) aggregated in the database.

    A variant nobody has reached yet gets zero users rather than disappearing, so the
    analysis can say so.
    """
    users_table = per_user.subquery("per_user")
    variant = users_table.c[variant_column]
    query = select(
        variant, func.count().label("users"), *_sum_columns(sources, users_table)
    ).group_by(variant)
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
        metrics = {
            source.spec.name: metric_summary(
                source,
                users,
                {what: row.get(f"{source.spec.name}__{what}") for what in get_args(SumName)},
            )
            for source in sources
        }
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
