"""Self-tuning on the validation split of the log the service holds, within a budget."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from evaluation.tuning import NothingToTune, tune
from features.data import InteractionData
from recommenders.fitting import served_default
from recommenders.registry import create, get_strategy
from tests.recommenders.test_als import planted_tastes

STRATEGIES = ["popular", "cf", "item_cf", "content", "als", "hybrid"]


def held_log() -> tuple[InteractionData, object]:
    """The planted-taste set as the service holds it: purchases (weight 5) and, before
    them, a view of each item."""
    positives, catalog = planted_tastes()
    purchases = positives.assign(event_type="purchase", weight=5.0)
    views = positives.assign(
        event_type="view", weight=1.0, timestamp=positives["timestamp"] - pd.Timedelta(minutes=1)
    )
    return InteractionData.from_frame(pd.concat([views, purchases], ignore_index=True)), catalog


def test_tuning_returns_plain_winners_with_their_validation_figures() -> None:
    data, catalog = held_log()
    result = tune(data, catalog, budget_seconds=120, strategies=STRATEGIES)
    assert json.loads(json.dumps(result)) == result  # plain, serialisable
    assert set(result["params"]) == set(result["validation"]) == set(STRATEGIES)
    ndcg = {name: figures["ndcg@10"] for name, figures in result["validation"].items()}
    assert result["best"] == max(ndcg, key=ndcg.__getitem__)
    # 400 users with 12 items each keep 2-3 for validation; each figure is over them all.
    assert result["split"]["users"] == result["split"]["sampled_users"] == 400
    assert all(figures["users"] == 400 for figures in result["validation"].values())
    # Every winner can be served: the registry builds it from the saved parameters.
    for name, params in result["params"].items():
        if name != "hybrid":
            create(name, **params)
    weights = result["params"]["hybrid"]["weights"]
    assert set(weights) <= set(STRATEGIES) - {"hybrid", "popular"}
    assert sum(weights.values()) > 0
    # The blend search starts from the best component alone, so the hybrid never loses.
    best_component = max(v for k, v in ndcg.items() if k != "hybrid")
    assert ndcg["hybrid"] >= best_component - 1e-9
    # Tastes are planted: the tuned collaborative models beat popularity clearly.
    assert ndcg[result["best"]] > 2 * ndcg["popular"]


def test_a_spent_budget_still_gives_every_strategy_its_defaults() -> None:
    data, catalog = held_log()
    result = tune(data, catalog, budget_seconds=0, strategies=["popular", "cf", "hybrid"])
    assert result["complete"] is False
    # No grid point fits in no time: the registry defaults, and the one first blend.
    assert result["params"]["cf"] == dict(get_strategy("cf").defaults)
    assert result["params"]["hybrid"]["weights"] == {"cf": 1.0}
    assert result["tried"] == 3
    assert set(result["validation"]) == {"popular", "cf", "hybrid"}
    assert np.isfinite(result["validation"]["cf"]["ndcg@10"])


def test_a_log_where_nobody_has_five_positives_says_so() -> None:
    data, catalog = held_log()
    frame = pd.DataFrame(
        {"user_id": data.user_ids, "item_id": data.item_ids, "timestamp": data.timestamps}
    )
    first_four = frame.groupby("user_id").cumcount().to_numpy() < 4
    few = InteractionData.from_frame(frame[first_four].assign(weight=1.0, event_type="click"))
    with pytest.raises(NothingToTune, match="5 positives"):
        tune(few, catalog, budget_seconds=5, strategies=["popular", "cf"])


def test_the_default_strategy_follows_the_best_only_when_configured() -> None:
    result = {"best": "ease"}
    assert served_default("hybrid", True, result) == "ease"
    assert served_default("hybrid", False, result) == "hybrid"
    assert served_default("hybrid", True, {}) == "hybrid"
