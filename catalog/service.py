"""Catalogue storage: the only code that writes items."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog.schemas import ItemCreate, ItemStats
from models import Interaction, Item, utcnow


class ItemsExist(Exception):
    def __init__(self, item_ids: Sequence[str]) -> None:
        super().__init__(f"items already exist: {', '.join(item_ids)}")
        self.item_ids = list(item_ids)


def create_items(session: Session, items: Sequence[ItemCreate]) -> list[Item]:
    """All or nothing: an id that exists already, or twice in the request, refuses all."""
    ids = Counter(item.item_id for item in items)
    repeated = {item_id for item_id, count in ids.items() if count > 1}
    clashes = repeated | existing_item_ids(session, list(ids))
    if clashes:
        raise ItemsExist(sorted(clashes))
    now = utcnow()
    rows = [Item(**item.model_dump(), created_at=now) for item in items]
    session.add_all(rows)
    session.flush()
    return rows


# Ids per IN (...) list: well under SQLite's and PostgreSQL's parameter limits.
LOOKUP_CHUNK = 5_000


def _chunks(item_ids: Sequence[str]) -> Iterator[list[str]]:
    unique = list(dict.fromkeys(item_ids))
    for start in range(0, len(unique), LOOKUP_CHUNK):
        yield unique[start : start + LOOKUP_CHUNK]


def existing_item_ids(session: Session, item_ids: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(item_ids):
        found.update(session.scalars(select(Item.item_id).where(Item.item_id.in_(chunk))))
    return found


def stored_titles(session: Session, item_ids: Sequence[str]) -> dict[str, str]:
    """item id -> title of those of ``item_ids`` already in the catalogue."""
    found: dict[str, str] = {}
    for chunk in _chunks(item_ids):
        query = select(Item.item_id, Item.title).where(Item.item_id.in_(chunk))
        for item_id, title in session.execute(query):
            found[item_id] = title
    return found


def list_items(
    session: Session, limit: int, offset: int, category: str | None = None
) -> tuple[list[Item], int]:
    query = select(Item)
    count = select(func.count()).select_from(Item)
    if category is not None:
        query = query.where(Item.category == category)
        count = count.where(Item.category == category)
    items = session.scalars(query.order_by(Item.item_id).limit(limit).offset(offset)).all()
    return list(items), session.scalar(count) or 0


def item_stats(session: Session, item_id: str) -> ItemStats:
    counts = dict(
        session.execute(
            select(Interaction.event_type, func.count())
            .where(Interaction.item_id == item_id)
            .group_by(Interaction.event_type)
        ).all()
    )
    distinct_users, revenue = session.execute(
        select(func.count(func.distinct(Interaction.user_id)), func.sum(Interaction.revenue)).where(
            Interaction.item_id == item_id
        )
    ).one()
    return ItemStats(
        item_id=item_id,
        views=counts.get("view", 0),
        clicks=counts.get("click", 0),
        add_to_carts=counts.get("add_to_cart", 0),
        purchases=counts.get("purchase", 0),
        not_interested=counts.get("not_interested", 0),
        distinct_users=distinct_users or 0,
        revenue=float(revenue or 0.0),
    )
