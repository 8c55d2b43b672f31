from __future__ import annotations

from fastapi import APIRouter, HTTPException, status

from catalog import service
from catalog.schemas import ItemCreate, ItemPublic, ItemsBatch, ItemsCreated, ItemsPublic, ItemStats
from deps import CatalogWriteGuard, FeedDep, Limit, Offset, SessionDep
from models import Item

router = APIRouter(prefix="/items", tags=["catalog"])


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=ItemPublic,
    dependencies=[CatalogWriteGuard],
)
def create_item(item: ItemCreate, session: SessionDep, feed: FeedDep) -> Item:
    """Add one item to the catalogue; it can be recommended (by content, and as a new
    item) at once. An id already in the catalogue is a 409."""
    try:
        (created,) = service.create_items(session, [item])
    except service.ItemsExist as error:
        raise HTTPException(status.HTTP_409_CONFLICT, str(error)) from error
    session.commit()
    feed.items_added([created])
    return created


@router.post(
    "/batch",
    status_code=status.HTTP_201_CREATED,
    response_model=ItemsCreated,
    dependencies=[CatalogWriteGuard],
)
def create_items(batch: ItemsBatch, session: SessionDep, feed: FeedDep) -> ItemsCreated:
    """Add up to 10,000 items in one transaction: all of them, or none when any id is
    already in the catalogue (409, naming them)."""
    try:
        created = service.create_items(session, batch.items)
    except service.ItemsExist as error:
        raise HTTPException(status.HTTP_409_CONFLICT, str(error)) from error
    session.commit()
    feed.items_added(created)
    return ItemsCreated(created=len(created))


@router.get("", response_model=ItemsPublic)
def list_items(
    session: SessionDep, limit: Limit = 50, offset: Offset = 0, category: str | None = None
) -> ItemsPublic:
    """The catalogue a page at a time, optionally one category, with the total."""
    items, total = service.list_items(session, limit, offset, category)
    return ItemsPublic(
        items=[ItemPublic.model_validate(item) for item in items],
        total=total,
        limit=limit,
        offset=offset,
    )


@router.get("/{item_id}", response_model=ItemPublic)
def get_item(item_id: str, session: SessionDep) -> Item:
    """One item; 404 when it is not in the catalogue."""
    return _existing(session, item_id)


@router.get("/{item_id}/stats", response_model=ItemStats)
def get_item_stats(item_id: str, session: SessionDep) -> ItemStats:
    """How shoppers met this item: events by type, distinct users, revenue."""
    _existing(session, item_id)
    return service.item_stats(session, item_id)


def _existing(session: SessionDep, item_id: str) -> Item:
    item = session.get(Item, item_id)
    if item is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no item {item_id!r} in the catalog")
    return item
