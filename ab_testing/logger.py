"""What the A/B tests record: the lists served (impressions) and the events credited to them.

Attribution: an event carrying an ``impression_id`` is credited to that impression when it
was served to the same user. An event without one is credited, in each test, to the user's
latest impression that showed the item no longer than the attribution window before the
event; otherwise to nothing. An event is credited at most once per test, and only while the
test runs: an event after its ``stopped_at`` is credited to nothing, so a stopped test's
figures stay as they were at its stop.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ab_testing import totals
from db import bulk_insert
from models import AbAttribution, AbImpression, AbImpressionItem, AbTest
from tracking.interaction_tracker import StoredEvent

CHUNK = 2_000
# Ids per IN (...) lookup: a whole batch of events in one statement (two lists of this
# size stay under SQLite's 32,766 parameters).
LOOKUP_CHUNK = 10_000
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def epoch_hour(moment: datetime) -> int:
    """Whole hours since the Unix epoch (UTC): the key of hourly and daily buckets."""
    return int((moment - EPOCH).total_seconds() // 3600)


@dataclass(frozen=True)
class Impression:
    """One list served under a test, as the serving layer measured it."""

    test_id: int
    variant_id: int
    user_id: str
    strategy: str
    item_ids: Sequence[str]
    served_at: datetime
    model_version: str = ""
    latency_ms: float = 0.0
    cache_hit: bool = False
    fallback: bool = False
    impression_id: str = ""  # empty: a new random id


def log_impressions(session: Session, impressions: Sequence[Impression]) -> list[str]:
    """Store the lists (the caller commits); returns their impression ids, in order."""
    ids = [impression.impression_id or uuid.uuid4().hex for impression in impressions]
    rows = [
        {
            "impression_id": impression_id,
            "test_id": impression.test_id,
            "variant_id": impression.variant_id,
            "user_id": impression.user_id,
            "strategy": impression.strategy,
            "served_at": impression.served_at,
            "served_hour": epoch_hour(impression.served_at),
            "item_count": len(impression.item_ids),
            "model_version": impression.model_version,
            "latency_ms": impression.latency_ms,
            "cache_hit": impression.cache_hit,
            "fallback": impression.fallback,
        }
        for impression_id, impression in zip(ids, impressions, strict=True)
    ]
    items = [
        {"impression_id": impression_id, "position": position, "item_id": item_id}
        for impression_id, impression in zip(ids, impressions, strict=True)
        for position, item_id in enumerate(impression.item_ids)
    ]
    for start in range(0, len(rows), CHUNK):
        session.execute(AbImpression.__table__.insert(), rows[start : start + CHUNK])
    for start in range(0, len(items), CHUNK * 10):
        session.execute(AbImpressionItem.__table__.insert(), items[start : start + CHUNK * 10])
    totals.add_impressions(session, rows)
    return ids


@dataclass(frozen=True)
class _Shown:
    impression_id: str
    test_id: int
    variant_id: int
    user_id: str
    served_at: datetime
    stopped_at: datetime | None  # the test's stop; events after it are not credited

    def running_at(self, moment: datetime) -> bool:
        return self.stopped_at is None or moment <= self.stopped_at


def attribute_events(session: Session, events: Sequence[StoredEvent], window: timedelta) -> int:
    """Credit new events to impressions (the caller commits); returns the rows written."""
    rows = _explicit(session, [e for e in events if e.impression_id])
    rows += _windowed(session, [e for e in events if not e.impression_id], window)
    if not rows:
        return 0
    written = {
        (test_id, event_id)
        for test_id, event_id in bulk_insert(
            session.connection(),
            AbAttribution.__table__,
            rows,
            "(test_id, event_id) DO NOTHING",
            returning="test_id, event_id",
        )
    }
    # Only rows this call wrote: an event credited before (a replay) is not counted again.
    totals.add_attributions(
        session, [row for row in rows if (row["test_id"], row["event_id"]) in written]
    )
    return len(written)


def _explicit(session: Session, events: list[StoredEvent]) -> list[dict[str, object]]:
    ids = list({str(event.impression_id) for event in events})
    shown: dict[str, _Shown] = {}
    positions: dict[tuple[str, str], int] = {}
    for start in range(0, len(ids), LOOKUP_CHUNK):
        chunk = ids[start : start + LOOKUP_CHUNK]
        for row in session.execute(
            select(
                AbImpression.impression_id,
                AbImpression.test_id,
                AbImpression.variant_id,
                AbImpression.user_id,
                AbImpression.served_at,
                AbTest.stopped_at,
            )
            .join(AbTest, AbTest.id == AbImpression.test_id)
            .where(AbImpression.impression_id.in_(chunk))
        ):
            shown[row.impression_id] = _Shown(*row)
        for impression_id, item_id, rank in session.execute(
            select(
                AbImpressionItem.impression_id, AbImpressionItem.item_id, AbImpressionItem.position
            ).where(AbImpressionItem.impression_id.in_(chunk))
        ):
            positions.setdefault((impression_id, item_id), rank)
    rows = []
    for event in events:
        impression = shown.get(str(event.impression_id))
        # Another user's impression id is a storefront bug, not evidence: credit nothing.
        if (
            impression is not None
            and impression.user_id == event.user_id
            and impression.running_at(event.timestamp)
        ):
            position = positions.get((impression.impression_id, event.item_id))
            rows.append(_row(event, impression, position, "impression_id"))
    return rows


def _windowed(
    session: Session, events: list[StoredEvent], window: timedelta
) -> list[dict[str, object]]:
    if not events:
        return []
    earliest = min(event.timestamp for event in events) - window
    latest = max(event.timestamp for event in events)
    item_ids = list({event.item_id for event in events})
    user_ids = list({event.user_id for event in events})
    # (user, item) -> the impressions that showed the item to the user, with its rank
    shown: dict[tuple[str, str], list[tuple[_Shown, int]]] = defaultdict(list)
    for start in range(0, len(user_ids), LOOKUP_CHUNK):
        query = (
            select(
                AbImpression.impression_id,
                AbImpression.test_id,
                AbImpression.variant_id,
                AbImpression.user_id,
                AbImpression.served_at,
                AbTest.stopped_at,
                AbImpressionItem.item_id,
                AbImpressionItem.position,
            )
            .join(AbImpressionItem, AbImpressionItem.impression_id == AbImpression.impression_id)
            .join(AbTest, AbTest.id == AbImpression.test_id)
            .where(AbImpression.user_id.in_(user_ids[start : start + LOOKUP_CHUNK]))
            .where(AbImpression.served_at.between(earliest, latest))
        )
        if len(item_ids) <= LOOKUP_CHUNK:
            query = query.where(AbImpressionItem.item_id.in_(item_ids))
        for row in session.execute(query):
            impression = _Shown(*row[:6])
            shown[(row.user_id, row.item_id)].append((impression, row.position))
    rows = []
    for event in events:
        latest_per_test: dict[int, tuple[_Shown, int]] = {}
        for impression, position in shown.get((event.user_id, event.item_id), ()):
            if not event.timestamp - window <= impression.served_at <= event.timestamp:
                continue
            if not impression.running_at(event.timestamp):
                continue
            best = latest_per_test.get(impression.test_id)
            if best is None or impression.served_at > best[0].served_at:
                latest_per_test[impression.test_id] = (impression, position)
        rows += [_row(event, imp, pos, "window") for imp, pos in latest_per_test.values()]
    return rows


def _row(
    event: StoredEvent, impression: _Shown, position: int | None, method: str
) -> dict[str, object]:
    return {
        "test_id": impression.test_id,
        "event_id": event.event_id,
        "variant_id": impression.variant_id,
        "impression_id": impression.impression_id,
        "user_id": event.user_id,
        "event_type": event.event_type,
        "timestamp": event.timestamp,
        "event_hour": epoch_hour(event.timestamp),
        "position": position,
        "engagement_seconds": event.engagement_seconds,
        "revenue": event.revenue,
        "method": method,
    }
