from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from identifiers import ItemId
from quantities import Amount


class ItemCreate(BaseModel):
    item_id: ItemId
    title: str = Field(min_length=1, max_length=500)
    category: str = Field(min_length=1, max_length=100)
    description: str = Field(default="", max_length=20_000)
    price: Amount | None = None


class ItemPublic(ItemCreate):
    model_config = ConfigDict(from_attributes=True)

    created_at: datetime


class ItemsBatch(BaseModel):
    items: list[ItemCreate] = Field(min_length=1, max_length=10_000)


class ItemsCreated(BaseModel):
    created: int


class ItemsPublic(BaseModel):
    items: list[ItemPublic]
    total: int
    limit: int
    offset: int


class ItemStats(BaseModel):
    item_id: str
    views: int
    clicks: int
    add_to_carts: int
    purchases: int
    not_interested: int
    distinct_users: int
    revenue: float
