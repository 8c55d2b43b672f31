"""The number rules of the public contract (API.md), as reusable Pydantic types.

Numbers are strict (``true`` is not 1) and finite, and bounded well inside float range so a
sum over millions of stored values cannot overflow to infinity in an aggregate.
"""

from typing import Annotated

from pydantic import Field, Strict

# A billion in the shop's currency: far above any line of an order, far below overflow.
MAX_AMOUNT = 1e9

Amount = Annotated[
    float,
    Strict(),
    Field(ge=0, le=MAX_AMOUNT, allow_inf_nan=False, description="0 to 1e9, in the shop's currency"),
]
Seconds = Annotated[
    float,
    Strict(),
    Field(ge=0, le=86_400, allow_inf_nan=False, description="0 to 86,400 seconds"),
]
