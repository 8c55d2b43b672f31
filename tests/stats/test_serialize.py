"""The JSON-ready form: plain types, enums as their values, and never a NaN."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import pytest

from stats.interpretation import Decision
from stats.serialize import JsonReady
from stats.significance import IntervalTest


@dataclass(frozen=True)
class _Holder(JsonReady):
    decision: Decision
    figures: list[IntervalTest]
    optional: float | None


def test_nested_results_become_plain_json() -> None:
    holder = _Holder(Decision.SHIP, [IntervalTest(0.1, 0.0, 0.2, 0.04, 0.05)], None)
    data = holder.to_dict()
    assert data == {
        "decision": "ship",
        "figures": [
            {
                "estimate": 0.1,
                "ci_low": 0.0,
                "ci_high": 0.2,
                "p_value": 0.04,
                "standard_error": 0.05,
                "statistic": None,
                "degrees_of_freedom": None,
                "degenerate": None,
            }
        ],
        "optional": None,
    }
    assert json.loads(json.dumps(data, allow_nan=False)) == data


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_a_non_finite_number_is_refused_with_its_path(bad: float) -> None:
    with pytest.raises(ValueError, match=r"\$\.figures\[0\]\.p_value"):
        _Holder(Decision.SHIP, [IntervalTest(0.1, 0.0, 0.2, bad, 0.05)], None).to_dict()
