"""GET /users/{user_id}/profile."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from timing import Timing


class Totals(BaseModel):
    events: int = Field(description="Every event the user logged")
    by_type: dict[str, int] = Field(examples=[{"view": 12, "purchase": 3}])
    purchases: int
    items_bought: int = Field(description="Distinct items among the purchases")
    revenue: float = Field(
        description="What the purchases brought in: each one's revenue, or the item's price "
        "where a purchase carried none"
    )


class LastPurchase(BaseModel):
    item_id: str
    at: datetime
    category: str


class CategoryCount(BaseModel):
    category: str
    events: int = Field(description="The user's events (not_interested aside) in it")


class ProfilePublic(Timing):
    user_id: str
    segment: str | None = Field(
        description="Spending quartile among all buyers: small (up to the 25th percentile), "
        "low-average (to the median), average (to the 75th), high; null before a purchase",
        examples=["average"],
    )
    totals: Totals
    average_price: float | None = Field(
        description="Of the items bought (each purchase counts); of the items engaged with "
        "when nothing was bought; null without a priced item"
    )
    last_purchase: LastPurchase | None
    top_categories: list[CategoryCount] = Field(description="Most events first, at most 5")
