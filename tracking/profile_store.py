"""The SQL behind shopper profiles: the event log's columns, read once at startup and after a
reset (tracking/profiles.py keeps them in memory and current from the change feed)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from db import driver_rows
from models import Interaction

COLUMNS = ["user_id", "item_id", "event_type", "timestamp", "revenue"]


def load_events(session: Session) -> pd.DataFrame:
    """Every event: user_id, item_id, event_type, timestamp (UTC, naive), revenue (NaN when
    none was given)."""
    rows = driver_rows(
        session,
        select(
            Interaction.user_id,
            Interaction.item_id,
            Interaction.event_type,
            Interaction.timestamp,
            Interaction.revenue,
        ).order_by(Interaction.id),
    )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    parsed = pd.to_datetime(frame["timestamp"], utc=True, format="ISO8601")
    frame["timestamp"] = parsed.dt.tz_localize(None)
    frame["revenue"] = pd.to_numeric(frame["revenue"], errors="coerce")
    return frame
