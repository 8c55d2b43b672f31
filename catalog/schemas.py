from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, JsonValue

from identifiers import ItemId
from quantities import Amount

# Ids that are a fixed path under /items: an item so named could be created but not read
# (GET /items/popular answers the popular list).
RESERVED_ITEM_IDS = frozenset({"popular"})


def _not_reserved(item_id: str) -> str:
    if item_id in RESERVED_ITEM_IDS:
        raise ValueError(f"{item_id!r} is reserved: GET /items/{item_id} is another call")
    return item_id


NewItemId = Annotated[ItemId, AfterValidator(_not_reserved)]

# The examples of /docs: an item the sample data (POST /seed) does not have yet.
NEW_ITEM: dict[str, JsonValue] = {
    "item_id": "elec-006",
    "title": "Wireless Earbuds",
    "category": "electronics",
    "description": "Bluetooth earbuds with a charging case",
    "price": 89.0,
}


class ItemCreate(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [NEW_ITEM]})

    item_id: NewItemId
    title: str = Field(min_length=1, max_length=500)
    category: str = Field(min_length=1, max_length=100)
    description: str = Field(default="", max_length=20_000)
    price: Amount | None = None


class ItemPublic(ItemCreate):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={"examples": [{**NEW_ITEM, "created_at": "2026-12-01T09:30:00Z"}]},
    )

    item_id: ItemId  # what storage holds is shown as it is

    created_at: datetime


class ItemsBatch(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        {
                            "item_id": "elec-007",
                            "title": "Travel Power Bank 20000mAh",
                            "category": "electronics",
                            "description": "Charges a phone four times",
                            "price": 45.0,
                        },
                        {
                            "item_id": "book-006",
                            "title": "Clean Code",
                            "category": "books",
                            "price": 35.0,
                        },
                    ]
                }
            ]
        }
    )

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
