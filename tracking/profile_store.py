"""The SQL behind shopper profiles and the re-rank stage's learnt figures (tracking/profiles.py
turns these rows into profiles, intervals and segments). Aggregation happens in the database;
only a user's own rows, the repeat purchases and one spending figure per buyer come back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd
from sqlalchemy import Float, String, func, select, type_coerce
from sqlalchemy.orm import Session

from models import Interaction, Item, UTCDateTime

PURCHASE = "purchase"


@dataclass(frozen=True)
class ActivityRow:
    """One (item, event type) of a user's log."""

    item_id: str
    event_type: str
    count: int
    last_at: datetime
    spent: float  # sum of revenue, the item's price where an event has none; 0 if neither
    price: float | None
    category: str


def _spent_column() -> object:
    return func.coalesce(func.sum(func.coalesce(Interaction.revenue, Item.price)), 0.0)


def user_activity(session: Session, user_id: str) -> list[ActivityRow]:
    rows = session.execute(
        select(
            Interaction.item_id,
            Interaction.event_type,
            func.count(),
            type_coerce(func.max(Interaction.timestamp), UTCDateTime()),
            type_coerce(_spent_column(), Float()),
            Item.price,
            Item.category,
        )
        .join(Item, Item.item_id == Interaction.item_id)
        .where(Interaction.user_id == user_id)
        .group_by(Interaction.item_id, Interaction.event_type, Item.price, Item.category)
    )
    return [ActivityRow(*row) for row in rows]


def repeat_purchases(session: Session) -> pd.DataFrame:
    """Columns user_id, item_id, timestamp (UTC, naive): every purchase of a (user, item)
    pair bought more than once."""
    repeated = (
        select(Interaction.user_id, Interaction.item_id)
        .where(Interaction.event_type == PURCHASE)
        .group_by(Interaction.user_id, Interaction.item_id)
        .having(func.count() > 1)
        .subquery()
    )
    timestamp = (
        type_coerce(Interaction.timestamp, String)
        if session.get_bind().dialect.name == "sqlite"
        else Interaction.timestamp
    )  # SQLite: text, parsed at once by pandas instead of row by row
    rows = session.execute(
        select(Interaction.user_id, Interaction.item_id, timestamp)
        .join(
            repeated,
            (repeated.c.user_id == Interaction.user_id)
            & (repeated.c.item_id == Interaction.item_id),
        )
        .where(Interaction.event_type == PURCHASE)
    )
    frame = pd.DataFrame([tuple(row) for row in rows], columns=["user_id", "item_id", "timestamp"])
    if len(frame):
        parsed = pd.to_datetime(frame["timestamp"], utc=True, format="ISO8601")
        frame["timestamp"] = parsed.dt.tz_localize(None)
    return frame


def buyers_per_item(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(Interaction.item_id, func.count(func.distinct(Interaction.user_id)))
        .where(Interaction.event_type == PURCHASE)
        .group_by(Interaction.item_id)
    )
    return {item_id: int(buyers) for item_id, buyers in rows}


def spending_per_buyer(session: Session) -> np.ndarray:
    rows = session.execute(
        select(type_coerce(_spent_column(), Float()))
        .select_from(Interaction)
        .join(Item, Item.item_id == Interaction.item_id)
        .where(Interaction.event_type == PURCHASE)
        .group_by(Interaction.user_id)
    )
    return np.fromiter((float(spent) for (spent,) in rows), dtype=np.float64)


def buyers_in_spending_range(session: Session, low: float, high: float) -> dict[str, int]:
    """Per item: how many buyers whose total spending is in (low, high] bought it."""
    spending = (
        select(Interaction.user_id)
        .join(Item, Item.item_id == Interaction.item_id)
        .where(Interaction.event_type == PURCHASE)
        .group_by(Interaction.user_id)
        .having(_spent_column() > low)
    )
    if np.isfinite(high):
        spending = spending.having(_spent_column() <= high)
    rows = session.execute(
        select(Interaction.item_id, func.count(func.distinct(Interaction.user_id)))
        .where(Interaction.event_type == PURCHASE)
        .where(Interaction.user_id.in_(spending))
        .group_by(Interaction.item_id)
    )
    return {item_id: int(buyers) for item_id, buyers in rows}
