"""Event storage: the one code path for single events, batches, seeding and imports.

A batch is one transaction: every row is checked before anything is written, and a
repeated ``event_id`` (in the batch, already stored, or racing another writer) is stored
once and counted once.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog.service import existing_item_ids
from db import bulk_insert
from models import Interaction, User, utcnow
from tracking.schemas import InteractionCreate


class UnknownItems(Exception):
    """Rows that name items missing from the catalogue (by index in the request)."""

    def __init__(self, rows: list[int], item_ids: list[str]) -> None:
        super().__init__(f"unknown item_id in rows {rows}: {', '.join(item_ids)}")
        self.rows = rows
        self.item_ids = item_ids


@dataclass(frozen=True)
class StoredEvent:
    """What listeners (the live model, A/B attribution) receive for each new event."""

    event_id: str
    user_id: str
    item_id: str
    event_type: str
    timestamp: datetime
    engagement_seconds: float | None
    revenue: float | None
    impression_id: str | None


@dataclass(frozen=True)
class BatchResult:
    stored: list[StoredEvent]
    duplicates: int

    @property
    def accepted(self) -> int:
        return len(self.stored)


def log_events(session: Session, events: Sequence[InteractionCreate]) -> BatchResult:
    """Store events (the caller commits). Raises UnknownItems before writing anything.

    Duplicates are found by the database itself (ON CONFLICT DO NOTHING ... RETURNING), so a
    retried event_id racing another writer is stored once and counted once."""
    known = existing_item_ids(session, [event.item_id for event in events])
    unknown_rows = [row for row, event in enumerate(events) if event.item_id not in known]
    if unknown_rows:
        missing = sorted({events[row].item_id for row in unknown_rows})
        raise UnknownItems(unknown_rows, missing)

    now = utcnow()
    rows: dict[str, dict[str, object]] = {}
    for event in events:
        event_id = event.event_id or uuid.uuid4().hex
        rows.setdefault(
            event_id,  # repeated within the batch: the first one counts
            {
                "event_id": event_id,
                "user_id": event.user_id,
                "item_id": event.item_id,
                "event_type": event.event_type,
                "timestamp": event.timestamp or now,
                "engagement_seconds": event.engagement_seconds,
                "revenue": event.revenue,
                "impression_id": event.impression_id,
                "created_at": now,
            },
        )
    connection = session.connection()
    # Users first (the foreign key needs them), counted only once their events are stored.
    # Sorted, like every write to shared rows: concurrent batches then lock the rows they
    # share in the same order, so they queue instead of deadlocking.
    bulk_insert(
        connection,
        User.__table__,
        [
            {"user_id": user_id, "first_seen": now, "last_seen": now, "interaction_count": 0}
            for user_id in sorted({str(row["user_id"]) for row in rows.values()})
        ],
        "(user_id) DO NOTHING",
    )
    inserted_ids = {
        event_id
        for (event_id,) in bulk_insert(
            connection,
            Interaction.__table__,
            list(rows.values()),
            "(event_id) DO NOTHING",
            returning="event_id",
        )
    }
    stored = [_stored(row) for row in rows.values() if row["event_id"] in inserted_ids]
    if stored:
        _count_for_users(session, stored)
    return BatchResult(stored=stored, duplicates=len(events) - len(stored))


def find_event(session: Session, event_id: str) -> Interaction | None:
    return session.scalar(select(Interaction).where(Interaction.event_id == event_id))


# A fresh user row still holds the placeholder count 0 (and placeholder times).
COUNT_FOR_USERS = """(user_id) DO UPDATE SET
    interaction_count = users.interaction_count + excluded.interaction_count,
    first_seen = CASE WHEN users.interaction_count = 0 OR excluded.first_seen < users.first_seen
        THEN excluded.first_seen ELSE users.first_seen END,
    last_seen = CASE WHEN users.interaction_count = 0 OR excluded.last_seen > users.last_seen
        THEN excluded.last_seen ELSE users.last_seen END"""


def _count_for_users(session: Session, stored: list[StoredEvent]) -> None:
    """Add the stored events to each user's count and first/last seen, in one multi-row
    upsert in user order."""
    per_user: dict[str, list[datetime]] = defaultdict(list)
    for event in stored:
        per_user[event.user_id].append(event.timestamp)
    rows = [
        {
            "user_id": user_id,
            "interaction_count": len(times),
            "first_seen": min(times),
            "last_seen": max(times),
        }
        for user_id, times in sorted(per_user.items())
    ]
    bulk_insert(session.connection(), User.__table__, rows, COUNT_FOR_USERS)


def _stored(row: dict[str, object]) -> StoredEvent:
    return StoredEvent(**{name: row[name] for name in StoredEvent.__dataclass_fields__})  # type: ignore[arg-type]


def user_history(
    session: Session, user_id: str, limit: int, offset: int
) -> tuple[list[Interaction], int]:
    events = session.scalars(
        select(Interaction)
        .where(Interaction.user_id == user_id)
        .order_by(Interaction.timestamp.desc(), Interaction.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    total = session.scalar(select(User.interaction_count).where(User.user_id == user_id)) or 0
    return list(events), total


def list_users(session: Session, limit: int, offset: int) -> tuple[list[User], int]:
    users = session.scalars(select(User).order_by(User.user_id).limit(limit).offset(offset)).all()
    return list(users), session.scalar(select(func.count()).select_from(User)) or 0
