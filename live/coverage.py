"""Which part of storage an artefact covers, and whether it still describes this storage.

An artefact is built from every event up to an ``interactions.id`` (its position) and the
catalogue of that moment. It still fits the storage when those rows are all there: the
oldest event and item are the same rows stored at the same time (a reset deletes them, a
re-seed stores them again later) and as many events sit at or below the position. Events
above the position are replayed on top by the worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from live.artefacts import Manifest
from models import Interaction, Item


@dataclass(frozen=True)
class Marks:
    position: int  # highest interactions.id (0: none)
    events: int  # events with id <= position
    items: int
    storage: dict[str, Any]  # the oldest event and item, as Manifest.storage


def read_marks(session: Session, position: int | None = None) -> Marks:
    """Storage's marks at ``position`` (default: the newest stored event)."""
    if position is None:
        position = session.scalar(select(func.max(Interaction.id))) or 0
    events = session.scalar(select(func.count()).where(Interaction.id <= position)) or 0
    items = session.scalar(select(func.count()).select_from(Item)) or 0
    oldest_event = session.execute(
        select(Interaction.id, Interaction.created_at).order_by(Interaction.id).limit(1)
    ).first()
    oldest_item = session.execute(
        select(Item.item_id, Item.created_at).order_by(Item.created_at, Item.item_id).limit(1)
    ).first()
    return Marks(
        position=position,
        events=events,
        items=items,
        storage={
            "oldest_event": None
            if oldest_event is None
            else [oldest_event[0], oldest_event[1].isoformat()],
            "oldest_item": None
            if oldest_item is None
            else [oldest_item[0], oldest_item[1].isoformat()],
        },
    )


def still_fits(session: Session, manifest: Manifest) -> bool:
    """Storage still holds every row the artefact was built from (more may have come)."""
    now = read_marks(session)
    if now.position < manifest.position or now.items < manifest.items:
        return False
    for key in ("oldest_event", "oldest_item"):
        built_on = manifest.storage.get(key)
        if built_on is not None and now.storage[key] != built_on:
            return False
    covered = session.scalar(select(func.count()).where(Interaction.id <= manifest.position))
    return covered == manifest.events


def behind(session: Session, manifest: Manifest) -> int:
    """Events stored after the artefact's position (new items count as one each)."""
    now = read_marks(session)
    events = session.scalar(select(func.count()).where(Interaction.id > manifest.position)) or 0
    return events + max(now.items - manifest.items, 0)


def events_after(session: Session, position: int) -> list[Interaction]:
    """The stored events the artefact does not cover, in log order."""
    return list(
        session.scalars(
            select(Interaction).where(Interaction.id > position).order_by(Interaction.id)
        )
    )
