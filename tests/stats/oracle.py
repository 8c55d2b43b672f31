"""The agreement every oracle test asks for: relative 1e-9, absolute 1e-12 near zero."""

from typing import Any

import pytest


def agree(value: float) -> Any:
    return pytest.approx(value, rel=1e-9, abs=1e-12)
