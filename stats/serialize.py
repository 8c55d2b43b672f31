"""JSON-ready forms of the result dataclasses.

Every result in ``stats`` is a frozen dataclass; ``to_dict()`` turns it into plain ``dict``,
``list``, ``str``, ``int``, ``float``, ``bool`` and ``None``. A non-finite float is a bug
(degenerate input must come back as ``None`` plus a named reason), so it raises here rather
than reach a client as ``NaN``.
"""

from __future__ import annotations

import dataclasses
import enum
import math
from collections.abc import Mapping
from typing import Any

import numpy as np


def to_jsonable(value: Any, path: str = "$") -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            field.name: to_jsonable(getattr(value, field.name), f"{path}.{field.name}")
            for field in dataclasses.fields(value)
        }
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v, f"{path}.{k}") for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v, f"{path}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        if not math.isfinite(value):
            raise ValueError(f"non-finite number {value!r} at {path}: report a reason instead")
        return float(value)
    if value is None or isinstance(value, str):
        return value
    raise TypeError(f"cannot serialise {type(value).__name__} at {path}")


class JsonReady:
    """Mixin for result dataclasses: ``to_dict()`` gives the JSON-ready form."""

    def to_dict(self) -> dict[str, Any]:
        result = to_jsonable(self)
        assert isinstance(result, dict)
        return result
