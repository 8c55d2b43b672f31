"""The builder's self-tuning (live/tuning.py): it chooses every strategy's parameters and the
hybrid's blend on the validation split of the data held, within its budget, serves them,
and /model says what is served and how it did on validation."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from app import create_app
from config import Settings
from live.artefacts import DirectoryStore
from live.builder import Builder
from live.tuning import RECORD
from recommenders import registry
from recommenders.fitting import served_parameters
from tests.live.conftest import add_events, synthetic_shop
from tests.live.test_builder import eventually

# More than every strategy at its defaults takes here (always measured, a few seconds on a
# busy machine), less than the whole grid.
BUDGET = 15.0
# Beyond the budget: the last candidate started before it ends, then the served hybrid
# is ranked once more.
OVERRUN = 3.0


@pytest.fixture
def tuned_settings(live_settings: Settings) -> Settings:
    return live_settings.model_copy(
        update={"tuning_budget_seconds": BUDGET, "tuning_min_events": 500}
    )


@pytest.fixture
def builders(store: DirectoryStore) -> Iterator[Callable[[Settings], Builder]]:
    """Builders on the test's store, run step by step (``ensure_current``)."""
    made: list[Builder] = []

    def make(settings: Settings) -> Builder:
        made.append(Builder(settings, store))
        return made[-1]

    yield make
    for builder in made:
        builder.close()


def shop(session_factory: sessionmaker[Session]) -> None:
    """150 users with 12-24 events each: most keep 5 or more positives, so the validation
    split has users to rank."""
    synthetic_shop(session_factory, users=150, items=60, events_per_user=(12, 24))


def record(store: DirectoryStore) -> dict[str, Any]:
    tuning = store.read_record(RECORD)
    assert tuning is not None, "no TUNING.json in the model store"
    return tuning


def model_status(settings: Settings) -> dict[str, Any]:
    """/model and /strategies of a worker serving the store's newest artefact."""
    with TestClient(create_app(settings)) as client:
        return {**client.get("/model").json(), "default": client.get("/strategies").json()}


def test_the_builder_serves_the_winners_it_chose_on_validation_within_its_budget(
    tuned_settings: Settings,
    session_factory: sessionmaker[Session],
    store: DirectoryStore,
    builders: Callable[[Settings], Builder],
) -> None:
    shop(session_factory)
    builder = builders(tuned_settings)
    started = time.monotonic()
    manifest = builder.ensure_current("start")
    # No artefact yet: the defaults are published at once for the workers, then the
    # tuned build.
    assert manifest is not None and manifest.version == 2 and builder.builds == 2
    tuning = record(store)
    assert tuning["seconds"] <= BUDGET + OVERRUN
    assert time.monotonic() - started <= BUDGET + OVERRUN + 30  # two fits of a small set
    assert tuning["events"] == manifest.events
    strategies = set(registry.STRATEGIES)
    assert set(tuning["params"]) == set(tuning["validation"]) == strategies
    assert tuning["split"]["users"] >= 50
    assert all(0 <= figures["ndcg@10"] <= 1 for figures in tuning["validation"].values())
    assert tuning["best"] == max(
        tuning["validation"], key=lambda name: tuning["validation"][name]["ndcg@10"]
    )

    # The artefact serves what was chosen: the manifest says so, and the fitted models
    # were created with it.
    served = served_parameters(registry.STRATEGIES, tuned_settings, tuning["params"])
    assert manifest.parameters["served"] == served
    assert manifest.parameters["tuning"]["state"] == "tuned"
    artefact = store.load(manifest)
    for name, params in served.items():
        model = artefact.models[name]
        for key, value in params.items():
            if key in vars(model) and not isinstance(value, dict):
                assert getattr(model, key) == value, (name, key)
    assert artefact.models["hybrid"].weights == tuning["params"]["hybrid"]["weights"]  # type: ignore[attr-defined]

    # A worker's /model shows the served parameters with their validation figures.
    status = model_status(tuned_settings)
    assert status["parameters"] == served
    shown = status["tuning"]
    assert shown["state"] == "tuned"
    assert shown["best"] == tuning["best"]
    assert shown["validation"] == tuning["validation"]
    assert shown["events"] == manifest.events and shown["tuned_at"] == tuning["tuned_at"]
    assert status["default"]["default"] == tuned_settings.default_strategy

    # Configured to follow the tuning, a request naming no strategy gets the best.
    follows = tuned_settings.model_copy(update={"default_strategy_follows_tuning": True})
    with TestClient(create_app(follows)) as client:
        assert client.get("/strategies").json()["default"] == tuning["best"]
        answer = client.get("/recommendations", params={"user_id": "u001"}).json()
        assert answer["strategy"] == tuning["best"]


def test_a_short_budget_stops_the_grid_and_still_gives_every_strategy_a_figure(
    tuned_settings: Settings,
    session_factory: sessionmaker[Session],
    store: DirectoryStore,
    builders: Callable[[Settings], Builder],
) -> None:
    shop(session_factory)
    settings = tuned_settings.model_copy(update={"tuning_budget_seconds": 0.01})
    builders(settings).ensure_current("start")
    tuning = record(store)
    assert tuning["complete"] is False
    # Every strategy at its defaults (always measured) and the first blend, nothing more.
    assert set(tuning["validation"]) == set(registry.STRATEGIES)
    assert tuning["tried"] == len(registry.STRATEGIES)
    components = {name: params for name, params in tuning["params"].items() if name != "hybrid"}
    assert components == {name: dict(registry.STRATEGIES[name].defaults) for name in components}
    assert len(tuning["params"]["hybrid"]["weights"]) == 1


def test_it_tunes_again_after_the_events_grew_and_on_its_schedule(
    tuned_settings: Settings,
    session_factory: sessionmaker[Session],
    store: DirectoryStore,
    builders: Callable[[Settings], Builder],
) -> None:
    shop(session_factory)
    settings = tuned_settings.model_copy(update={"tuning_budget_seconds": 1.0})
    builder = builders(settings)
    builder.ensure_current("start")
    first = record(store)

    # A few new events: a build, on the same winners.
    add_events(session_factory, [(f"u{n:03d}", "i001", "purchase") for n in range(20)])
    manifest = builder.ensure_current("request")
    assert manifest is not None and manifest.events == first["events"] + 20
    assert record(store)["tuned_at"] == first["tuned_at"]
    assert manifest.parameters["tuning"]["tuned_at"] == first["tuned_at"]

    # Half as many again as it was tuned on: it tunes on the grown log.
    grown = first["events"] // 2
    add_events(
        session_factory,
        [(f"u{n % 150:03d}", f"i{n % 60:03d}", "click") for n in range(grown)],
    )
    manifest = builder.ensure_current("request")
    second = record(store)
    assert manifest is not None and second["tuned_at"] > first["tuned_at"]
    assert second["events"] == manifest.events == first["events"] + 20 + grown
    assert second["reason"] == f"events went from {first['events']} to {second['events']}"
    assert manifest.parameters["tuning"]["tuned_at"] == second["tuned_at"]

    # Nothing new, so nothing to build, until the interval has passed since the tuning.
    assert builder.ensure_current("request") is None
    later = second["tuned_at"] + settings.tuning_interval_hours * 3600 + 1
    assert builder.tuner.due(manifest.events, now=later) == "scheduled"
    assert builder.tuner.due(manifest.events, now=later - 2) is None


def test_budget_zero_serves_the_registry_defaults_even_after_a_tuning(
    tuned_settings: Settings,
    session_factory: sessionmaker[Session],
    store: DirectoryStore,
    builders: Callable[[Settings], Builder],
) -> None:
    shop(session_factory)
    builders(tuned_settings.model_copy(update={"tuning_budget_seconds": 0.5})).ensure_current(
        "start"
    )
    assert record(store)["params"]
    off = tuned_settings.model_copy(update={"tuning_budget_seconds": 0})
    add_events(session_factory, [("u001", "i001", "click")])  # so that it builds again
    manifest = builders(off).ensure_current("request")
    assert manifest is not None
    defaults = {name: strategy.parameters() for name, strategy in registry.STRATEGIES.items()}
    defaults["hybrid"]["weights"] = off.hybrid_weights
    assert manifest.parameters["served"] == defaults
    status = model_status(off)
    assert status["parameters"] == defaults
    assert status["tuning"]["state"] == "off"


def test_too_little_data_keeps_the_defaults_without_tuning(
    tuned_settings: Settings,
    session_factory: sessionmaker[Session],
    store: DirectoryStore,
    builders: Callable[[Settings], Builder],
) -> None:
    synthetic_shop(session_factory, users=20, items=12)
    manifest = builders(tuned_settings).ensure_current("start")
    assert manifest is not None and manifest.events < tuned_settings.tuning_min_events
    assert store.read_record(RECORD) is None
    assert manifest.parameters["tuning"]["state"] == "too_little_data"
    assert manifest.parameters["served"] == served_parameters(registry.STRATEGIES, tuned_settings)


def test_enough_events_but_no_user_to_hold_out_keeps_the_defaults(
    tuned_settings: Settings,
    session_factory: sessionmaker[Session],
    store: DirectoryStore,
    builders: Callable[[Settings], Builder],
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Past tuning_min_events, yet nobody has the 5 positives a validation hold-out needs.
    synthetic_shop(session_factory, users=200, items=60, events_per_user=(3, 4))
    manifest = builders(tuned_settings).ensure_current("start")
    assert manifest is not None and manifest.events >= tuned_settings.tuning_min_events
    assert store.read_record(RECORD) is None
    assert manifest.parameters["tuning"]["state"] == "too_little_data"
    assert manifest.parameters["served"] == served_parameters(registry.STRATEGIES, tuned_settings)
    assert not [r for r in caplog.records if r.exc_info], "a traceback for too little data"


def test_the_running_builder_tunes_again_on_its_schedule(
    tuned_settings: Settings, session_factory: sessionmaker[Session], store: DirectoryStore
) -> None:
    shop(session_factory)
    # An interval of two seconds, so the schedule comes round within the test.
    settings = tuned_settings.model_copy(
        update={"tuning_budget_seconds": 0.5, "tuning_interval_hours": 2 / 3600}
    )
    builder = Builder(settings, store)
    thread = threading.Thread(target=builder.run, daemon=True)
    thread.start()
    try:
        first = eventually(lambda: store.read_record(RECORD), what="the first tuning")
        later = eventually(
            lambda: (
                (tuning := store.read_record(RECORD))
                and tuning["tuned_at"] > first["tuned_at"]  # type: ignore[index]
                and tuning
            ),
            seconds=90,
            what="the scheduled tuning",
        )
        assert later["reason"] == "scheduled"  # type: ignore[index]
        # Its build serves it: a new artefact whose manifest names this tuning.
        manifest = eventually(
            lambda: (
                (latest := store.latest())
                and latest.parameters["tuning"].get("tuned_at") == later["tuned_at"]  # type: ignore[index]
                and latest
            ),
            what="the build after the scheduled tuning",
        )
        assert manifest.parameters["served"] == served_parameters(  # type: ignore[attr-defined]
            registry.STRATEGIES,
            settings,
            later["params"],  # type: ignore[index]
        )
    finally:
        builder.stop.set()
        thread.join()
