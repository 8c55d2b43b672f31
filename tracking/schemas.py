from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Literal, get_args

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from config import get_settings
from identifiers import EventId, ItemId, UserId
from quantities import Amount, Seconds

EventType = Literal["view", "click", "add_to_cart", "purchase", "not_interested"]
EVENT_TYPES: tuple[str, ...] = get_args(EventType)
EARLIEST_EVENT = datetime(1970, 1, 1, tzinfo=UTC)
LATEST_EVENT = datetime(2200, 1, 1, tzinfo=UTC)


class InteractionCreate(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "user_id": "user-001",
                    "item_id": "elec-001",
                    "event_type": "purchase",
                    "timestamp": "2026-11-30T14:05:00Z",
                    "event_id": "order-1001-line-1",
                    "revenue": 199.0,
                }
            ]
        }
    )

    user_id: UserId
    item_id: ItemId
    event_type: EventType
    timestamp: AwareDatetime | None = Field(
        default=None, description="ISO-8601; without a zone it is read as UTC; absent = now"
    )
    event_id: EventId | None = None
    engagement_seconds: Seconds | None = None
    revenue: Amount | None = None
    impression_id: str | None = Field(
        default=None, pattern=r"^[A-Za-z0-9._:-]{1,64}$", description="Attributes the event"
    )

    @field_validator("timestamp", mode="before")
    @classmethod
    def _naive_is_utc(cls, value: object) -> object:
        if isinstance(value, str) and value:
            try:
                parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                return value  # Pydantic reports it
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        if isinstance(value, datetime) and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value

    @field_validator("timestamp")
    @classmethod
    def _plausible(cls, value: datetime | None) -> datetime | None:
        # The models keep nanosecond timestamps (years 1677-2262): a stored year 1145 would
        # stop every rebuild, so such an event is refused at the door.
        if value is None:
            return value
        if not EARLIEST_EVENT <= value < LATEST_EVENT:
            raise ValueError(f"timestamp must be between {EARLIEST_EVENT:%Y} and {LATEST_EVENT:%Y}")
        # An event from the future is a clock or data error; kept, it would age every other
        # event (trending decays back from the newest one). A small skew allows clock drift.
        skew = get_settings().max_future_skew_seconds
        if value > datetime.now(UTC) + timedelta(seconds=skew):
            raise ValueError(f"timestamp must not be more than {skew:g} seconds in the future")
        return value


class InteractionPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    event_id: str
    user_id: str
    item_id: str
    event_type: str
    timestamp: datetime
    engagement_seconds: float | None
    revenue: float | None
    impression_id: str | None


class InteractionsBatch(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "interactions": [
                        {"user_id": "user-001", "item_id": "elec-001", "event_type": "view"},
                        {"user_id": "user-002", "item_id": "book-002", "event_type": "add_to_cart"},
                    ]
                }
            ]
        }
    )

    interactions: list[InteractionCreate] = Field(min_length=1, max_length=10_000)


class BatchAccepted(BaseModel):
    accepted: int
    duplicates: int


class UserPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    user_id: str
    interaction_count: int
    first_seen: datetime
    last_seen: datetime


class UsersPublic(BaseModel):
    users: list[UserPublic]
    total: int
    limit: int
    offset: int


class UserHistory(BaseModel):
    user_id: str
    interactions: list[InteractionPublic]
    total: int
    limit: int
    offset: int
