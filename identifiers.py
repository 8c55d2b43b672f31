"""The identifier rules of the public contract (API.md), as reusable Pydantic types."""

from typing import Annotated

from pydantic import Field, StringConstraints

ID_PATTERN = r"^[A-Za-z0-9._:-]{1,64}$"

UserId = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, strict=True),
    Field(description="1-64 characters from A-Z a-z 0-9 . _ : -", examples=["user-001"]),
]
ItemId = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, strict=True),
    Field(description="1-64 characters from A-Z a-z 0-9 . _ : -", examples=["elec-001"]),
]
EventId = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9._:-]{1,128}$", strict=True),
    Field(description="Idempotency key: a repeated event_id is stored and counted once"),
]
