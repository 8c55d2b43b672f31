"""What a caller may ask of the live model service, and how the service refuses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from features.data import Catalog

MAX_N = 100


class InvalidRequest(ValueError):
    """A parameter the service cannot honour; the API answers 422 with the message."""


class UnknownItem(KeyError):
    """An item that is not in the live catalogue; the API answers 404."""


@dataclass(frozen=True)
class Filters:
    """Applied before the top-n cut, so n qualifying items still come back."""

    categories: tuple[str, ...] = ()
    min_price: float | None = None
    max_price: float | None = None
    exclude: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name, bound in (("min_price", self.min_price), ("max_price", self.max_price)):
            if bound is not None and not (np.isfinite(bound) and bound >= 0):
                raise InvalidRequest(f"{name} must be a finite number >= 0, not {bound}")
        if (
            self.min_price is not None
            and self.max_price is not None
            and self.min_price > self.max_price
        ):
            raise InvalidRequest(
                f"min_price ({self.min_price}) is above max_price ({self.max_price})"
            )

    def as_dict(self) -> dict[str, Any]:
        """Canonical (sorted, deduplicated): equal filters give equal cache keys."""
        return {
            "category": sorted(set(self.categories)),
            "min_price": self.min_price,
            "max_price": self.max_price,
            "exclude": sorted(set(self.exclude)),
        }

    def mask(self, catalog: Catalog) -> np.ndarray | None:
        if not self.categories and self.min_price is None and self.max_price is None:
            return None
        return catalog.mask(self.categories, self.min_price, self.max_price)
