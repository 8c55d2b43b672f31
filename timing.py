"""When an answer was made and how long it took: the fields every timed response body
of the API carries (recommendations, popular and similar items, a shopper's profile)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class Timing(BaseModel):
    generated_at: datetime | None = Field(default=None, description="When answered (UTC)")
    processing_time_ms: float | None = Field(
        default=None,
        description="Time spent answering inside the service, in milliseconds",
        examples=[3.4],
    )
