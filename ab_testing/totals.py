"""Running totals the reports read, kept by the writes that change them.

Each batch of impressions or attributions is summed in Python (it is already in memory) and
added with one bulk ``INSERT ... ON CONFLICT DO UPDATE SET n = n + excluded.n`` per table, in
the writer's transaction, so the totals are exact under concurrent writers and never ahead of
the rows they count. ``rebuild`` recomputes them from the raw rows with ``INSERT ... SELECT
... GROUP BY``: the backfill after a bulk load, and the check that both ways agree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Integer, case, cast, delete, func, insert, select
from sqlalchemy.orm import Session

from db import bulk_insert
from models import (
    AbAttribution,
    AbHourlyTotals,
    AbImpression,
    AbPositionClicks,
    AbServingTotals,
    AbUserTotals,
    Base,
)

EVENT_COLUMN = {
    "view": "views",
    "click": "clicks",
    "add_to_cart": "add_to_carts",
    "purchase": "purchases",
}
Key = tuple[Any, ...]


def _add(
    session: Session,
    model: type[Base],
    keys: Sequence[str],
    sums: Mapping[Key, Mapping[str, float]],
    fixed: Mapping[Key, Mapping[str, Any]] | None = None,
) -> None:
    """Add ``sums`` (per key: column -> amount) to ``model``'s rows, creating missing ones;
    ``fixed`` columns are set on creation only (a user's variant). A key with nothing to add
    (a credited ``not_interested`` adds to no total) writes nothing."""
    sums = {key: amounts for key, amounts in sums.items() if amounts}
    if not sums:
        return
    columns = sorted({column for amounts in sums.values() for column in amounts})
    rows = [
        {**dict(zip(keys, key, strict=True)), **{c: amounts.get(c, 0) for c in columns},
         **(fixed or {}).get(key, {})}
        for key, amounts in sums.items()
    ]  # fmt: skip
    connection = session.connection()
    quote = connection.dialect.identifier_preparer.quote
    table = quote(model.__tablename__)
    adding = ", ".join(f"{quote(c)} = {table}.{quote(c)} + excluded.{quote(c)}" for c in columns)
    # A fixed order: concurrent writers then take row locks in the same order (no deadlock).
    rows.sort(key=lambda row: tuple(str(row[k]) for k in keys))
    conflict = f"({', '.join(map(quote, keys))}) DO UPDATE SET {adding}"
    bulk_insert(connection, model.__table__, rows, conflict)


def add_impressions(session: Session, rows: Iterable[Mapping[str, Any]]) -> None:
    """``rows`` as inserted into ab_impressions."""
    users: dict[Key, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    variant_of: dict[Key, dict[str, Any]] = {}
    hourly: dict[Key, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    serving: dict[Key, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for row in rows:
        user = (row["test_id"], row["user_id"])
        users[user]["impressions"] += 1
        variant_of[user] = {"variant_id": row["variant_id"]}
        hourly[(row["test_id"], row["variant_id"], row["served_hour"])]["impressions"] += 1
        served = serving[(row["test_id"], row["variant_id"], row["model_version"],
                          row["item_count"])]  # fmt: skip
        served["impressions"] += 1
        served["cache_hits"] += bool(row["cache_hit"])
        served["fallbacks"] += bool(row["fallback"])
    _add(session, AbUserTotals, ["test_id", "user_id"], users, variant_of)
    _add(session, AbHourlyTotals, ["test_id", "variant_id", "hour"], hourly)
    _add(session, AbServingTotals, ["test_id", "variant_id", "model_version", "item_count"],
         serving)  # fmt: skip


def add_attributions(session: Session, rows: Iterable[Mapping[str, Any]]) -> None:
    """``rows`` as newly inserted into ab_attributions (never a row counted before)."""
    users: dict[Key, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    variant_of: dict[Key, dict[str, Any]] = {}
    hourly: dict[Key, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    positions: dict[Key, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for row in rows:
        user = (row["test_id"], row["user_id"])
        variant_of[user] = {"variant_id": row["variant_id"]}
        hour = hourly[(row["test_id"], row["variant_id"], row["event_hour"])]
        totals = users[user]
        column = EVENT_COLUMN.get(row["event_type"])
        if column is not None:
            totals[column] += 1
            if column in ("clicks", "purchases"):
                hour[column] += 1
        if row["revenue"] is not None:
            totals["revenue"] += row["revenue"]
            hour["revenue"] += row["revenue"]
        if row["engagement_seconds"] is not None:
            totals["engagement_seconds"] += row["engagement_seconds"]
            totals["engagement_events"] += 1
        if row["event_type"] == "click" and row["position"] is not None:
            positions[(row["test_id"], row["variant_id"], row["position"])]["clicks"] += 1
    _add(session, AbUserTotals, ["test_id", "user_id"], users, variant_of)
    _add(session, AbHourlyTotals, ["test_id", "variant_id", "hour"], hourly)
    _add(session, AbPositionClicks, ["test_id", "variant_id", "position"], positions)


def rebuild(session: Session, test_id: int) -> None:
    """Recompute every total of ``test_id`` from the raw rows, in SQL."""
    for model in (AbUserTotals, AbHourlyTotals, AbPositionClicks, AbServingTotals):
        session.execute(delete(model).where(model.test_id == test_id))
    imp, att = AbImpression, AbAttribution

    def count_of(event_type: str) -> Any:
        return func.sum(case((att.event_type == event_type, 1), else_=0))

    def as_int(flag: Any) -> Any:
        return func.sum(cast(flag, Integer))

    per_user_shown = (
        select(imp.test_id, imp.user_id, func.min(imp.variant_id).label("variant_id"),
               func.count().label("impressions"))
        .where(imp.test_id == test_id)
        .group_by(imp.test_id, imp.user_id)
    )  # fmt: skip
    session.execute(
        insert(AbUserTotals).from_select(
            ["test_id", "user_id", "variant_id", "impressions"], per_user_shown
        )
    )
    # Users with credited events (all of them were shown a list) get their event totals.
    credited = (
        select(
            att.user_id,
            count_of("view").label("views"),
            count_of("click").label("clicks"),
            count_of("add_to_cart").label("add_to_carts"),
            count_of("purchase").label("purchases"),
            func.coalesce(func.sum(att.revenue), 0.0).label("revenue"),
            func.coalesce(func.sum(att.engagement_seconds), 0.0).label("engagement_seconds"),
            func.count(att.engagement_seconds).label("engagement_events"),
        )
        .where(att.test_id == test_id)
        .group_by(att.user_id)
        .subquery()
    )
    columns = ["views", "clicks", "add_to_carts", "purchases", "revenue", "engagement_seconds",
               "engagement_events"]  # fmt: skip
    user_totals = AbUserTotals.__table__
    session.execute(
        user_totals.update()
        .where(user_totals.c.test_id == test_id, user_totals.c.user_id == credited.c.user_id)
        .values({column: credited.c[column] for column in columns})
    )
    session.execute(
        insert(AbHourlyTotals).from_select(
            ["test_id", "variant_id", "hour", "impressions"],
            select(imp.test_id, imp.variant_id, imp.served_hour, func.count())
            .where(imp.test_id == test_id)
            .group_by(imp.test_id, imp.variant_id, imp.served_hour),
        )
    )
    # Events by hour go through the same upsert: an hour may have events but no list.
    hourly_events = session.execute(
        select(att.variant_id, att.event_hour, count_of("click"), count_of("purchase"),
               func.sum(att.revenue))
        .where(att.test_id == test_id)
        .group_by(att.variant_id, att.event_hour)
    ).all()  # fmt: skip
    _add(session, AbHourlyTotals, ["test_id", "variant_id", "hour"], {
        (test_id, variant_id, hour): {"clicks": clicks, "purchases": purchases,
                                      "revenue": float(revenue or 0.0)}
        for variant_id, hour, clicks, purchases, revenue in hourly_events
    })  # fmt: skip
    session.execute(
        insert(AbPositionClicks).from_select(
            ["test_id", "variant_id", "position", "clicks"],
            select(att.test_id, att.variant_id, att.position, func.count())
            .where(att.test_id == test_id, att.event_type == "click", att.position.is_not(None))
            .group_by(att.test_id, att.variant_id, att.position),
        )
    )
    session.execute(
        insert(AbServingTotals).from_select(
            ["test_id", "variant_id", "model_version", "item_count", "impressions", "cache_hits",
             "fallbacks"],
            select(imp.test_id, imp.variant_id, imp.model_version, imp.item_count, func.count(),
                   as_int(imp.cache_hit), as_int(imp.fallback))
            .where(imp.test_id == test_id)
            .group_by(imp.test_id, imp.variant_id, imp.model_version, imp.item_count),
        )
    )  # fmt: skip
