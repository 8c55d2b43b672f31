"""The SQLAlchemy 2.0 tables, and nothing else."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ID_LENGTH = 64
EVENT_ID_LENGTH = 128

# Named constraints, so migrations can refer to them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC (SQLite has no time zones) and always hands back aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass an aware one")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL gets a real bigint.
BigIntegerPK = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    # Every model here is declared with columns, so its table is a Table (SQLAlchemy's own
    # annotation allows any FromClause, which has no insert() or update()).
    __table__: ClassVar[Table]


class Item(Base):
    __tablename__ = "items"

    item_id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    category: Mapped[str] = mapped_column(String(100), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    price: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class User(Base):
    """A user exists once it has an interaction; the counts are kept as events arrive."""

    __tablename__ = "users"

    user_id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    interaction_count: Mapped[int] = mapped_column(Integer, default=0)


class Interaction(Base):
    __tablename__ = "interactions"
    __table_args__ = (
        Index("ix_interactions_user_time", "user_id", "timestamp"),
        Index("ix_interactions_item_type", "item_id", "event_type"),
    )

    id: Mapped[int] = mapped_column(BigIntegerPK, primary_key=True, autoincrement=True)
    # The client's idempotency key (or one the server made): a retried event is stored once.
    event_id: Mapped[str] = mapped_column(String(EVENT_ID_LENGTH), unique=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.user_id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(ForeignKey("items.item_id", ondelete="CASCADE"))
    event_type: Mapped[str] = mapped_column(String(20))
    timestamp: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    engagement_seconds: Mapped[float | None] = mapped_column(Float)
    revenue: Mapped[float | None] = mapped_column(Float)
    impression_id: Mapped[str | None] = mapped_column(String(ID_LENGTH), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# --- A/B testing -------------------------------------------------------------------------
# The raw record (impressions, their items, attributions) is kept in full; the reports read
# small running totals (ab_user_totals, ab_hourly_totals, ab_position_clicks,
# ab_serving_totals) that the same transaction adds to, so a report never scans events.


class AbLayer(Base):
    """Tests in one layer split its users between them: no user is in two of its tests."""

    __tablename__ = "ab_layers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(ID_LENGTH), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AbTest(Base):
    __tablename__ = "ab_tests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    # "active" or "stopped"; a stopped test keeps its data and serves no variant.
    status: Mapped[str] = mapped_column(String(20), index=True)
    # "fixed" (the MD5 split of the contract) or "adaptive" (Thompson sampling).
    mode: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    layer_id: Mapped[int | None] = mapped_column(ForeignKey("ab_layers.id", ondelete="CASCADE"))
    # The test's share of its layer: layer buckets [slice_start, slice_end) of 10,000.
    slice_start: Mapped[int | None] = mapped_column(Integer)
    slice_end: Mapped[int | None] = mapped_column(Integer)
    # The decision plan, declared at creation (ab_testing.schemas.DecisionPlan); the server
    # defaults give tests created before plans existed the documented defaults.
    primary_metric: Mapped[str] = mapped_column(String(20), server_default="ctr")
    guardrail_metrics: Mapped[list[str]] = mapped_column(JSON, server_default="[]")
    decision_rule: Mapped[str] = mapped_column(String(20), server_default="sequential")
    minimum_detectable_effect: Mapped[float] = mapped_column(Float, server_default="0.05")
    power: Mapped[float] = mapped_column(Float, server_default="0.8")
    alpha: Mapped[float] = mapped_column(Float, server_default="0.05")
    planned_users_per_variant: Mapped[int | None] = mapped_column(Integer)
    planned_duration_days: Mapped[int] = mapped_column(Integer, server_default="14")


class AbVariant(Base):
    __tablename__ = "ab_variants"
    __table_args__ = (UniqueConstraint("test_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    test_id: Mapped[int] = mapped_column(ForeignKey("ab_tests.id", ondelete="CASCADE"))
    # The listed order: variants own consecutive bucket ranges in this order.
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(ID_LENGTH))
    strategy: Mapped[str] = mapped_column(String(ID_LENGTH))
    # The current allocation weight (the bandit moves it in adaptive tests).
    weight: Mapped[float] = mapped_column(Float)
    # Re-rank settings the arm's recommendation call gets (None: the strategy's own order).
    rerank: Mapped[dict[str, object] | None] = mapped_column(JSON)


class AbAllocation(Base):
    """Every allocation a test has had, so the analysis knows when traffic was not fixed."""

    __tablename__ = "ab_allocations"
    __table_args__ = (Index("ix_ab_allocations_test_time", "test_id", "decided_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    test_id: Mapped[int] = mapped_column(ForeignKey("ab_tests.id", ondelete="CASCADE"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # "initial", "manual" (weights changed through the API) or "thompson" (the bandit).
    source: Mapped[str] = mapped_column(String(20))
    # {variant name: share}, the shares summing to 1.
    weights: Mapped[dict[str, float]] = mapped_column(JSON)


class AbAssignment(Base):
    __tablename__ = "ab_assignments"
    __table_args__ = (Index("ix_ab_assignments_test_variant", "test_id", "variant_id"),)

    test_id: Mapped[int] = mapped_column(
        ForeignKey("ab_tests.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    variant_id: Mapped[int] = mapped_column(ForeignKey("ab_variants.id", ondelete="CASCADE"))
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The variant's share when the user was assigned (adaptive tests weight by its inverse).
    assignment_probability: Mapped[float] = mapped_column(Float)
    # The first list served under the test; an assignment lookup alone does not expose.
    first_exposed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AbImpression(Base):
    """One list served under a test."""

    __tablename__ = "ab_impressions"
    __table_args__ = (
        Index("ix_ab_impressions_test_variant_latency", "test_id", "variant_id", "latency_ms"),
        Index("ix_ab_impressions_user_time", "user_id", "served_at"),
    )

    impression_id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    test_id: Mapped[int] = mapped_column(ForeignKey("ab_tests.id", ondelete="CASCADE"))
    variant_id: Mapped[int] = mapped_column(ForeignKey("ab_variants.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    strategy: Mapped[str] = mapped_column(String(ID_LENGTH))
    served_at: Mapped[datetime] = mapped_column(UTCDateTime)
    served_hour: Mapped[int] = mapped_column(Integer)  # whole hours since the Unix epoch, UTC
    item_count: Mapped[int] = mapped_column(Integer)
    model_version: Mapped[str] = mapped_column(String(ID_LENGTH), default="")
    latency_ms: Mapped[float] = mapped_column(Float, default=0.0)
    cache_hit: Mapped[bool] = mapped_column(Boolean, default=False)
    fallback: Mapped[bool] = mapped_column(Boolean, default=False)


class AbImpressionItem(Base):
    """The items of a served list, by rank (0 = first)."""

    __tablename__ = "ab_impression_items"
    __table_args__ = (Index("ix_ab_impression_items_item", "item_id"),)

    impression_id: Mapped[str] = mapped_column(
        ForeignKey("ab_impressions.impression_id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[str] = mapped_column(String(ID_LENGTH))


class AbAttribution(Base):
    """An event credited to an impression: at most once per test, so each click counts once."""

    __tablename__ = "ab_attributions"
    test_id: Mapped[int] = mapped_column(
        ForeignKey("ab_tests.id", ondelete="CASCADE"), primary_key=True
    )
    event_id: Mapped[str] = mapped_column(
        ForeignKey("interactions.event_id", ondelete="CASCADE"), primary_key=True
    )
    variant_id: Mapped[int] = mapped_column(ForeignKey("ab_variants.id", ondelete="CASCADE"))
    impression_id: Mapped[str] = mapped_column(
        ForeignKey("ab_impressions.impression_id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    event_type: Mapped[str] = mapped_column(String(20))
    timestamp: Mapped[datetime] = mapped_column(UTCDateTime)
    event_hour: Mapped[int] = mapped_column(Integer)
    # The item's rank in the impression; None when the event names an item the list lacked.
    position: Mapped[int | None] = mapped_column(Integer)
    engagement_seconds: Mapped[float | None] = mapped_column(Float)
    revenue: Mapped[float | None] = mapped_column(Float)
    # "impression_id" (the event carried it) or "window" (latest list showing the item).
    method: Mapped[str] = mapped_column(String(20))


class AbUserTotals(Base):
    """Per exposed user of a test: lists seen and what was credited to them. One row per
    unit of randomisation, so per-user statistics read 1 row per user, not their events."""

    __tablename__ = "ab_user_totals"
    __table_args__ = (Index("ix_ab_user_totals_test_variant", "test_id", "variant_id"),)

    test_id: Mapped[int] = mapped_column(
        ForeignKey("ab_tests.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    variant_id: Mapped[int] = mapped_column(ForeignKey("ab_variants.id", ondelete="CASCADE"))
    impressions: Mapped[int] = mapped_column(Integer, default=0)
    views: Mapped[int] = mapped_column(Integer, default=0)
    clicks: Mapped[int] = mapped_column(Integer, default=0)
    add_to_carts: Mapped[int] = mapped_column(Integer, default=0)
    purchases: Mapped[int] = mapped_column(Integer, default=0)
    revenue: Mapped[float] = mapped_column(Float, default=0.0)
    engagement_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    # credited events that reported engagement (the mean's denominator)
    engagement_events: Mapped[int] = mapped_column(Integer, default=0)


class AbHourlyTotals(Base):
    """Per variant and UTC hour: lists served and what was credited (by the event's hour)."""

    __tablename__ = "ab_hourly_totals"

    test_id: Mapped[int] = mapped_column(
        ForeignKey("ab_tests.id", ondelete="CASCADE"), primary_key=True
    )
    variant_id: Mapped[int] = mapped_column(
        ForeignKey("ab_variants.id", ondelete="CASCADE"), primary_key=True
    )
    hour: Mapped[int] = mapped_column(Integer, primary_key=True)  # hours since the epoch
    impressions: Mapped[int] = mapped_column(Integer, default=0)
    clicks: Mapped[int] = mapped_column(Integer, default=0)
    purchases: Mapped[int] = mapped_column(Integer, default=0)
    revenue: Mapped[float] = mapped_column(Float, default=0.0)


class AbPositionClicks(Base):
    """Per variant and rank: clicks credited to the item shown there."""

    __tablename__ = "ab_position_clicks"

    test_id: Mapped[int] = mapped_column(
        ForeignKey("ab_tests.id", ondelete="CASCADE"), primary_key=True
    )
    variant_id: Mapped[int] = mapped_column(
        ForeignKey("ab_variants.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    clicks: Mapped[int] = mapped_column(Integer, default=0)


class AbServingTotals(Base):
    """Per variant, model version and list length: lists served, cache hits, fallbacks."""

    __tablename__ = "ab_serving_totals"

    test_id: Mapped[int] = mapped_column(
        ForeignKey("ab_tests.id", ondelete="CASCADE"), primary_key=True
    )
    variant_id: Mapped[int] = mapped_column(
        ForeignKey("ab_variants.id", ondelete="CASCADE"), primary_key=True
    )
    model_version: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    item_count: Mapped[int] = mapped_column(Integer, primary_key=True)
    impressions: Mapped[int] = mapped_column(Integer, default=0)
    cache_hits: Mapped[int] = mapped_column(Integer, default=0)
    fallbacks: Mapped[int] = mapped_column(Integer, default=0)


class AbInterleavedItem(Base):
    """Which ranker placed each rank of an interleaved list (team draft): a click on that
    rank is credited to that ranker."""

    __tablename__ = "ab_interleaved_items"

    impression_id: Mapped[str] = mapped_column(
        ForeignKey("ab_impressions.impression_id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The variant (ranker) that placed the item.
    variant_id: Mapped[int] = mapped_column(ForeignKey("ab_variants.id", ondelete="CASCADE"))


class AbPhase(Base):
    """A stretch of a test served by one model build: a retrain mid-test starts a new phase,
    so the analysis can split by phase instead of mixing two models in one arm."""

    __tablename__ = "ab_phases"

    test_id: Mapped[int] = mapped_column(
        ForeignKey("ab_tests.id", ondelete="CASCADE"), primary_key=True
    )
    phase: Mapped[int] = mapped_column(Integer, primary_key=True)  # 1, 2, ...
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The serving process's count of full model builds when the phase began.
    model_build: Mapped[int] = mapped_column(Integer)


class EvaluationRun(Base):
    """An evaluation run (evaluation/jobs.py): queued by the API, run by the builder's job
    process, kept across restarts. ``document`` is the run as the API shows it."""

    __tablename__ = "evaluation_runs"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    # queued -> running -> done | failed: what the job process claims by.
    state: Mapped[str] = mapped_column(String(20), index=True)
    runner: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    document: Mapped[dict[str, object]] = mapped_column(JSON)
