"""Every strategy by name: ``create("cf")`` builds one, ``STRATEGIES`` lists them with a
description (what ``/strategies`` shows) and their default parameters."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from recommenders.als import ALSRecommender
from recommenders.base import Recommender
from recommenders.cf import UserKNNRecommender
from recommenders.content import ContentRecommender
from recommenders.ease import EASERecommender
from recommenders.hybrid import HybridRecommender
from recommenders.item_cf import ItemKNNRecommender
from recommenders.popularity import PopularityRecommender
from recommenders.rp3beta import RP3BetaRecommender

# Constructor arguments that are objects handed over by the service, not parameters.
HANDED_OVER = ("shared_components",)


@dataclass(frozen=True)
class Strategy:
    name: str
    description: str
    factory: Callable[..., Recommender]
    defaults: Mapping[str, Any] = field(default_factory=dict)

    def create(self, **params: Any) -> Recommender:
        return self.factory(**{**self.defaults, **params})

    def parameters(self, **params: Any) -> dict[str, Any]:
        """Every keyword ``create(**params)`` passes or leaves at its default, as plain
        values (what /model shows); the fitted instances a blend is handed are left out."""
        declared = {
            name: parameter.default
            for name, parameter in inspect.signature(self.factory).parameters.items()
            if parameter.default is not inspect.Parameter.empty and name not in HANDED_OVER
        }
        return {**declared, **self.defaults, **params}


def _strategy(cls: type[Recommender], **defaults: Any) -> Strategy:
    return Strategy(cls.name, cls.description, cls, defaults)


STRATEGIES: dict[str, Strategy] = {
    strategy.name: strategy
    for strategy in (
        _strategy(UserKNNRecommender),
        _strategy(ContentRecommender),
        _strategy(ItemKNNRecommender),
        _strategy(PopularityRecommender),
        _strategy(HybridRecommender),
        _strategy(EASERecommender),
        _strategy(RP3BetaRecommender),
        _strategy(ALSRecommender),
    )
}


class UnknownStrategyError(KeyError):
    """Raised for a name not in ``STRATEGIES``; the API turns it into a 422."""


def get_strategy(name: str) -> Strategy:
    try:
        return STRATEGIES[name]
    except KeyError:
        known = ", ".join(STRATEGIES)
        raise UnknownStrategyError(f"unknown strategy {name!r}; known: {known}") from None


def create(name: str, **params: Any) -> Recommender:
    return get_strategy(name).create(**params)
