"""Reading the models' input out of storage: one query per table, aggregated in SQL.

The live service (live/service.py) calls these once per build; no request reads the
interactions table. Events are aggregated to one row per (user, item, event type) with its
newest timestamp: that keeps what every strategy reads (a pair's strongest event and whether
its latest word was ``not_interested``, distinct people per item, recency) and shrinks an
Online Retail-size log by a third. The evaluation reads positives the protocol's way
(earliest timestamp per pair) with its own query.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Protocol

import numpy as np
import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import driver_rows
from features.data import POSITIVE_EVENT_TYPES, Catalog, InteractionData, utc_naive_times
from models import Interaction, Item


class EventLike(Protocol):
    """What the change feed hands over for each stored event (tracking.StoredEvent)."""

    event_id: str
    user_id: str
    item_id: str
    event_type: str
    timestamp: datetime


class ItemLike(Protocol):
    """A catalogue row (models.Item)."""

    item_id: str
    title: str
    category: str
    description: str
    price: float | None


def load_catalog(session: Session) -> Catalog:
    rows = driver_rows(
        session,
        select(Item.item_id, Item.title, Item.category, Item.description, Item.price).order_by(
            Item.created_at, Item.item_id
        ),
    )
    frame = pd.DataFrame(rows, columns=["item_id", "title", "category", "description", "price"])
    return Catalog.from_frame(frame)


def load_items(session: Session, item_ids: Iterable[str]) -> list[Item]:
    return list(session.scalars(select(Item).where(Item.item_id.in_(sorted(set(item_ids))))))


def load_interactions(
    session: Session, event_weights: Mapping[str, float], up_to_id: int | None = None
) -> InteractionData:
    """Every (user, item, event type) once, at its newest timestamp, with the type's weight;
    only the events stored at or below ``up_to_id`` (a ``log_position``) when given."""
    newest = func.max(Interaction.timestamp)
    query = select(Interaction.user_id, Interaction.item_id, Interaction.event_type, newest)
    if up_to_id is not None:
        query = query.where(Interaction.id <= up_to_id)
    rows = driver_rows(
        session, query.group_by(Interaction.user_id, Interaction.item_id, Interaction.event_type)
    )
    frame = pd.DataFrame(rows, columns=["user_id", "item_id", "event_type", "timestamp"])
    return _with_weights(frame, event_weights)


def log_position(session: Session) -> int:
    """The event log's position: the highest stored ``interactions.id`` (0 when empty)."""
    return session.scalar(select(func.max(Interaction.id))) or 0


def data_stamp(session: Session, position: int) -> str:
    """What tells this data apart from other data at the same position (cleared and loaded
    again): when the event at ``position`` and the newest item were stored, and the items."""
    stored = session.scalar(select(Interaction.created_at).where(Interaction.id == position))
    newest_item, items = session.execute(select(func.max(Item.created_at), func.count())).one()
    return f"{position}|{stored}|{newest_item}|{items}"


def event_ids_after(session: Session, position: int, up_to_id: int) -> list[str]:
    """The ``event_id`` of every event stored above ``position`` and at or below ``up_to_id``."""
    return list(
        session.scalars(
            select(Interaction.event_id).where(
                Interaction.id > position, Interaction.id <= up_to_id
            )
        )
    )


def load_positives(session: Session) -> pd.DataFrame:
    """EVALUATION.md section 1 for the service's events: each (user, item) pair with a
    click, add-to-cart or purchase once, at its earliest timestamp."""
    earliest = func.min(Interaction.timestamp)
    rows = driver_rows(
        session,
        select(Interaction.user_id, Interaction.item_id, earliest)
        .where(Interaction.event_type.in_(sorted(POSITIVE_EVENT_TYPES)))
        .group_by(Interaction.user_id, Interaction.item_id),
    )
    frame = pd.DataFrame(rows, columns=["user_id", "item_id", "timestamp"])
    frame["timestamp"] = _utc_naive(frame["timestamp"])
    return frame


def events_to_data(
    events: Sequence[EventLike], event_weights: Mapping[str, float]
) -> InteractionData:
    """New events from the change feed, in the same shape as ``load_interactions``. Built
    as columns directly: this runs for every applied batch, often of one event, where a
    DataFrame's construction would cost more than the update itself."""
    # A type without a configured weight carries no signal for the models.
    known = [event for event in events if event_weights.get(event.event_type) is not None]
    return InteractionData(
        user_ids=np.array([str(event.user_id) for event in known], dtype=object),
        item_ids=np.array([str(event.item_id) for event in known], dtype=object),
        weights=np.array([event_weights[event.event_type] for event in known], dtype=np.float64),
        timestamps=utc_naive_times([event.timestamp for event in known]),
        event_types=np.array([event.event_type for event in known], dtype=object),
    )


def items_to_catalog(items: Iterable[ItemLike]) -> Catalog:
    frame = pd.DataFrame(
        [(i.item_id, i.title, i.category, i.description, i.price) for i in items],
        columns=["item_id", "title", "category", "description", "price"],
    )
    return Catalog.from_frame(frame)


def _with_weights(frame: pd.DataFrame, event_weights: Mapping[str, float]) -> InteractionData:
    frame["timestamp"] = _utc_naive(frame["timestamp"])
    frame["weight"] = frame["event_type"].map(dict(event_weights))
    # A type without a configured weight carries no signal for the models.
    return InteractionData.from_frame(frame[frame["weight"].notna()])


def _utc_naive(values: pd.Series) -> pd.Series:
    if len(values) == 0:
        return pd.Series([], dtype="datetime64[ns]")
    parsed = pd.to_datetime(values, utc=True, format="ISO8601")
    return parsed.dt.tz_localize(None).astype("datetime64[ns]")
