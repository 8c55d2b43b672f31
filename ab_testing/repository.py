"""Read side of the A/B tables: every figure is a GROUP BY in SQL over indexed columns;
events never come into Python, only per-variant (or per-bucket) aggregates do."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import Float, Integer, case, cast, func, select
from sqlalchemy.orm import Session

from ab_testing.logger import EPOCH
from models import AbAllocation, AbAssignment, AbAttribution, AbImpression, AbTest, Interaction


@dataclass
class VariantAggregates:
    assigned_users: int = 0
    exposed_users: int = 0
    impressions: int = 0
    cache_hits: int = 0
    fallbacks: int = 0
    p95_latency_ms: float | None = None
    # event type -> (events, distinct users, engagement sum, engagement count, revenue)
    events: dict[str, tuple[int, int, float, int, float]] = field(default_factory=dict)
    # list length -> impressions of that length (impressions at rank p = those longer than p)
    list_lengths: dict[int, int] = field(default_factory=dict)
    clicks_by_position: dict[int, int] = field(default_factory=dict)
    model_versions: dict[str, int] = field(default_factory=dict)

    def count(self, event_type: str) -> int:
        return self.events.get(event_type, (0, 0, 0.0, 0, 0.0))[0]

    def users(self, event_type: str) -> int:
        return self.events.get(event_type, (0, 0, 0.0, 0, 0.0))[1]

    @property
    def revenue(self) -> float:
        return sum(row[4] for row in self.events.values())

    @property
    def mean_engagement_seconds(self) -> float | None:
        seconds = sum(row[2] for row in self.events.values())
        reported = sum(row[3] for row in self.events.values())
        return seconds / reported if reported else None

    def impressions_at(self, position: int) -> int:
        return sum(count for length, count in self.list_lengths.items() if length > position)


def variant_aggregates(session: Session, test_id: int) -> dict[int, VariantAggregates]:
    """Per variant id: assignment, impression, serving and attributed-event aggregates."""
    out: dict[int, VariantAggregates] = defaultdict(VariantAggregates)
    for variant_id, assigned, exposed in session.execute(
        select(AbAssignment.variant_id, func.count(), func.count(AbAssignment.first_exposed_at))
        .where(AbAssignment.test_id == test_id)
        .group_by(AbAssignment.variant_id)
    ):
        out[variant_id].assigned_users = assigned
        out[variant_id].exposed_users = exposed

    for variant_id, length, version, impressions, hits, fallbacks in session.execute(
        select(
            AbImpression.variant_id,
            AbImpression.item_count,
            AbImpression.model_version,
            func.count(),
            func.sum(cast(AbImpression.cache_hit, Integer)),
            func.sum(cast(AbImpression.fallback, Integer)),
        )
        .where(AbImpression.test_id == test_id)
        .group_by(AbImpression.variant_id, AbImpression.item_count, AbImpression.model_version)
    ):
        aggregates = out[variant_id]
        aggregates.impressions += impressions
        aggregates.cache_hits += int(hits or 0)
        aggregates.fallbacks += int(fallbacks or 0)
        aggregates.list_lengths[length] = aggregates.list_lengths.get(length, 0) + impressions
        aggregates.model_versions[version] = aggregates.model_versions.get(version, 0) + impressions

    for variant_id, aggregates in out.items():
        aggregates.p95_latency_ms = _latency_percentile(
            session, test_id, variant_id, aggregates.impressions, 0.95
        )

    for variant_id, event_type, events, users, seconds, reported, revenue in session.execute(
        select(
            AbAttribution.variant_id,
            AbAttribution.event_type,
            func.count(),
            func.count(func.distinct(AbAttribution.user_id)),
            func.sum(AbAttribution.engagement_seconds),
            func.count(AbAttribution.engagement_seconds),
            func.sum(AbAttribution.revenue),
        )
        .where(AbAttribution.test_id == test_id)
        .group_by(AbAttribution.variant_id, AbAttribution.event_type)
    ):
        out[variant_id].events[event_type] = (
            events, users, float(seconds or 0.0), reported, float(revenue or 0.0)
        )  # fmt: skip

    for variant_id, position, clicks in session.execute(
        select(AbAttribution.variant_id, AbAttribution.position, func.count())
        .where(AbAttribution.test_id == test_id, AbAttribution.event_type == "click")
        .where(AbAttribution.position.is_not(None))
        .group_by(AbAttribution.variant_id, AbAttribution.position)
    ):
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
    """Per variant id, the buckets that saw impressions or attributed events, in time order."""
    hours = 24 if bucket == "day" else 1
    counts: dict[tuple[int, int], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    served = AbImpression.served_hour // hours if hours > 1 else AbImpression.served_hour
    for variant_id, key, impressions in session.execute(
        select(AbImpression.variant_id, served, func.count())
        .where(AbImpression.test_id == test_id)
        .group_by(AbImpression.variant_id, served)
    ):
        counts[(variant_id, int(key))]["impressions"] += impressions
    happened = AbAttribution.event_hour // hours if hours > 1 else AbAttribution.event_hour
    for variant_id, key, event_type, events, revenue in session.execute(
        select(
            AbAttribution.variant_id,
            happened,
            AbAttribution.event_type,
            func.count(),
            func.sum(AbAttribution.revenue),
        )
        .where(AbAttribution.test_id == test_id)
        .where(AbAttribution.event_type.in_(["click", "purchase"]))
        .group_by(AbAttribution.variant_id, happened, AbAttribution.event_type)
    ):
        row = counts[(variant_id, int(key))]
        row["clicks" if event_type == "click" else "purchases"] += events
        if event_type == "purchase":
            row["revenue"] += float(revenue or 0.0)
    series: dict[int, list[BucketCounts]] = defaultdict(list)
    for (variant_id, key), row in sorted(counts.items()):
        series[variant_id].append(
            BucketCounts(
                start=EPOCH + timedelta(hours=key * hours),
                impressions=int(row["impressions"]),
                clicks=int(row["clicks"]),
                purchases=int(row["purchases"]),
                revenue=row["revenue"],
            )
        )
    return dict(series)


def clicked_impressions(session: Session, test_id: int) -> dict[int, tuple[int, int]]:
    """Per variant id: (impressions with at least one attributed click, impressions), the
    Bernoulli trials the bandit's click-through posteriors are built from."""
    impressions = dict(
        session.execute(
            select(AbImpression.variant_id, func.count())
            .where(AbImpression.test_id == test_id)
            .group_by(AbImpression.variant_id)
        ).all()
    )
    clicked = dict(
        session.execute(
            select(AbAttribution.variant_id, func.count(func.distinct(AbAttribution.impression_id)))
            .where(AbAttribution.test_id == test_id, AbAttribution.event_type == "click")
            .group_by(AbAttribution.variant_id)
        ).all()
    )
    return {
        variant_id: (clicked.get(variant_id, 0), count) for variant_id, count in impressions.items()
    }


# --- per-user sufficient statistics for the statistics engine ----------------------------

USER_METRICS = ("impressions", "clicks", "purchases", "converted", "revenue", "engagement", "pre")


@dataclass(frozen=True)
class UserLevelSums:
    """One variant's exposed users, each user one unit: ``n``, and per metric the sum and the
    sum of squares over users, plus the cross products the delta method and CUPED need.

    Metrics per user: impressions, clicks, purchases, converted (0/1: purchased at least
    once), revenue, engagement (seconds) -- all attributed to the test -- and pre (the user's
    events of any kind in the ``pre_period`` before the test was created, for CUPED).
    """

    variant_id: int
    n: int
    sums: dict[str, float]
    sums_of_squares: dict[str, float]
    # "clicks*impressions", "purchases*impressions", "pre*clicks", "pre*converted",
    # "pre*revenue", "pre*purchases"
    cross: dict[str, float]


CROSS_PRODUCTS = (
    ("clicks", "impressions"),
    ("purchases", "impressions"),
    ("pre", "clicks"),
    ("pre", "purchases"),
    ("pre", "converted"),
    ("pre", "revenue"),
)


def user_level_sums(
    session: Session, test: AbTest, pre_period: timedelta = timedelta(days=14)
) -> dict[int, UserLevelSums]:
    """Per variant id, aggregated per user first (the unit of randomisation), in SQL."""
    exposed = (
        select(AbAssignment.user_id, AbAssignment.variant_id)
        .where(AbAssignment.test_id == test.id, AbAssignment.first_exposed_at.is_not(None))
        .subquery()
    )
    shown = (
        select(AbImpression.user_id, func.count().label("impressions"))
        .where(AbImpression.test_id == test.id)
        .group_by(AbImpression.user_id)
        .subquery()
    )

    def of_type(event_type: str):  # type: ignore[no-untyped-def]
        return func.sum(case((AbAttribution.event_type == event_type, 1), else_=0))

    acted = (
        select(
            AbAttribution.user_id,
            of_type("click").label("clicks"),
            of_type("purchase").label("purchases"),
            func.coalesce(func.sum(AbAttribution.revenue), 0.0).label("revenue"),
            func.coalesce(func.sum(AbAttribution.engagement_seconds), 0.0).label("engagement"),
        )
        .where(AbAttribution.test_id == test.id)
        .group_by(AbAttribution.user_id)
        .subquery()
    )
    before = (
        select(Interaction.user_id, func.count().label("pre"))
        .where(Interaction.user_id.in_(select(exposed.c.user_id)))
        .where(
            Interaction.timestamp >= test.created_at - pre_period,
            Interaction.timestamp < test.created_at,
        )
        .group_by(Interaction.user_id)
        .subquery()
    )
    per_user = (
        select(
            exposed.c.variant_id,
            func.coalesce(shown.c.impressions, 0).label("impressions"),
            func.coalesce(acted.c.clicks, 0).label("clicks"),
            func.coalesce(acted.c.purchases, 0).label("purchases"),
            case((func.coalesce(acted.c.purchases, 0) > 0, 1), else_=0).label("converted"),
            func.coalesce(acted.c.revenue, 0.0).label("revenue"),
            func.coalesce(acted.c.engagement, 0.0).label("engagement"),
            func.coalesce(before.c.pre, 0).label("pre"),
        )
        .select_from(exposed)
        .outerjoin(shown, shown.c.user_id == exposed.c.user_id)
        .outerjoin(acted, acted.c.user_id == exposed.c.user_id)
        .outerjoin(before, before.c.user_id == exposed.c.user_id)
        .subquery()
    )
    columns = [func.count().label("n")]
    for metric in USER_METRICS:
        value = cast(per_user.c[metric], Float)
        columns += [
            func.sum(value).label(f"s_{metric}"),
            func.sum(value * value).label(f"q_{metric}"),
        ]
    for a, b in CROSS_PRODUCTS:
        product = cast(per_user.c[a], Float) * cast(per_user.c[b], Float)
        columns.append(func.sum(product).label(f"x_{a}_{b}"))
    out = {}
    for row in session.execute(
        select(per_user.c.variant_id, *columns).group_by(per_user.c.variant_id)
    ).mappings():
        out[row["variant_id"]] = UserLevelSums(
            variant_id=row["variant_id"],
            n=row["n"],
            sums={m: float(row[f"s_{m}"] or 0.0) for m in USER_METRICS},
            sums_of_squares={m: float(row[f"q_{m}"] or 0.0) for m in USER_METRICS},
            cross={f"{a}*{b}": float(row[f"x_{a}_{b}"] or 0.0) for a, b in CROSS_PRODUCTS},
        )
    return out
