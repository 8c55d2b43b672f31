"""The live model through the API: events and new items take effect on the next request,
without a full rebuild; reasons carry evidence; unknown users get a marked fallback."""

from __future__ import annotations

import threading
import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from app import create_app
from catalog.schemas import ItemCreate
from catalog.service import create_items
from config import Settings
from tests.serving.helpers import item_ids, log_event, rebuilds, recommend, seen_items
from tracking.interaction_tracker import StoredEvent, log_events
from tracking.schemas import InteractionCreate

NEW_BOOK = {
    "item_id": "book-006",
    "title": "Clean Code for Programmers",
    "category": "books",
    "price": 35.0,
    "description": "Software engineering craftsmanship for programmers: readable code, "
    "pragmatic habits and refactoring.",
}


def strategy_names(client: TestClient) -> list[str]:
    return [entry["name"] for entry in client.get("/strategies").json()["strategies"]]


def test_every_strategy_drops_an_item_the_user_just_bought_without_a_rebuild(
    seeded: TestClient,
) -> None:
    builds = rebuilds(seeded)
    for number, strategy in enumerate(strategy_names(seeded), start=1):
        user_id = f"user-{number:03d}"
        before = recommend(seeded, user_id, strategy, n=5)
        assert before["items"], strategy
        assert not set(item_ids(before)) & seen_items(seeded, user_id), strategy
        top = before["items"][0]["item_id"]

        log_event(seeded, user_id, top, "purchase")

        after = recommend(seeded, user_id, strategy, n=5)
        assert top not in item_ids(after), strategy
        assert after["source"] == "model"
        assert after["model_version"] > before["model_version"]
    assert rebuilds(seeded) == builds


def test_a_new_users_profile_moves_with_each_event(seeded: TestClient) -> None:
    builds = rebuilds(seeded)
    cold = recommend(seeded, "shopper-new", "content", n=5)
    assert cold["fallback"] is not None
    assert {item["via"] for item in cold["items"]} == {cold["fallback"]}

    log_event(seeded, "shopper-new", "book-002", "purchase")
    reader = recommend(seeded, "shopper-new", "content", n=5)
    assert reader["fallback"] is None
    assert reader["items"][0]["category"] == "books"
    assert "Designing Data-Intensive Applications" in reader["items"][0]["reason"]

    for item_id in ("sport-001", "sport-002", "sport-005"):
        log_event(seeded, "shopper-new", item_id, "purchase")
    hiker = recommend(seeded, "shopper-new", "content", n=5)
    assert hiker["items"][0]["category"] == "sports & outdoors"
    assert rebuilds(seeded) == builds


def test_a_new_item_is_recommended_and_similar_at_once(seeded: TestClient) -> None:
    log_event(seeded, "reader-1", "book-001", "purchase")
    builds = rebuilds(seeded)
    assert "book-006" not in item_ids(recommend(seeded, "reader-1", "content", n=5))

    assert seeded.post("/items", json=NEW_BOOK).status_code == 201

    content = recommend(seeded, "reader-1", "content", n=5)
    assert content["items"][0]["item_id"] == "book-006"
    assert "The Pragmatic Programmer" in content["items"][0]["reason"]
    # cf ranks by people; nobody has touched the new book, so it comes in the cold-item fill.
    cf = recommend(seeded, "reader-1", "cf", n=5)
    filled = [item for item in cf["items"] if item["via"] == "cold_item_fill"]
    assert [item["item_id"] for item in filled] == ["book-006"]
    assert item_ids(cf)[-1] == "book-006"
    similar = seeded.get("/items/book-006/similar", params={"strategy": "content"}).json()
    assert similar["items"][0]["item_id"] == "book-001"
    assert rebuilds(seeded) == builds


def test_not_interested_removes_the_item_and_lowers_its_neighbours(seeded: TestClient) -> None:
    log_event(seeded, "picky", "book-002", "purchase")
    before = recommend(seeded, "picky", "content", n=19)
    rejected = before["items"][0]["item_id"]
    neighbours = seeded.get(
        f"/items/{rejected}/similar", params={"strategy": "content", "exclude": "book-002"}
    ).json()["items"]
    closest = neighbours[0]["item_id"]
    score_before = {item["item_id"]: item["score"] for item in before["items"]}[closest]
    builds = rebuilds(seeded)

    log_event(seeded, "picky", rejected, "not_interested")

    after = recommend(seeded, "picky", "content", n=19)
    assert rejected not in item_ids(after)
    score_after = {item["item_id"]: item["score"] for item in after["items"]}[closest]
    assert score_after < score_before
    assert item_ids(after).index(closest) > item_ids(before).index(closest) - 1
    assert rebuilds(seeded) == builds


def test_reasons_name_their_evidence(seeded: TestClient) -> None:
    users = {
        user["user_id"] for user in seeded.get("/users", params={"limit": 100}).json()["users"]
    }
    titles = {item["item_id"]: item["title"] for item in seeded.get("/items").json()["items"]}
    liked_titles = [titles[item_id] for item_id in seen_items(seeded, "user-007")]

    for item in recommend(seeded, "user-007", "cf", n=5)["items"]:
        assert item["via"] == "model"
        assert "neighbour" in item["reason"]
        assert any(user in item["reason"] for user in users), item["reason"]
    for item in recommend(seeded, "user-007", "content", n=5)["items"]:
        assert any(title in item["reason"] for title in liked_titles), item["reason"]
    for strategy in strategy_names(seeded):
        answer = recommend(seeded, "user-007", strategy, n=5)
        assert all(item["reason"] for item in answer["items"]), strategy


def test_an_unknown_user_is_a_cold_user_with_the_fallback_marked(seeded: TestClient) -> None:
    for path in ("/recommendations/v1", "/recommendations/v2"):
        response = seeded.get(path, params={"user_id": "never-seen", "n": 4})
        assert response.status_code == 200
        answer = response.json()
        assert answer["fallback"] is not None
        assert len(answer["items"]) == 4
        assert {item["via"] for item in answer["items"]} == {answer["fallback"]}
    assert (
        seeded.get("/recommendations/v1", params={"user_id": "never-seen"}).json()["fallback"]
        == "popular_fallback"
    )
    # Asking did not create the user.
    assert seeded.get("/users/never-seen/interactions").json()["total"] == 0


def test_v1_is_cf_and_v2_is_content(seeded: TestClient) -> None:
    v1 = seeded.get("/recommendations/v1", params={"user_id": "user-003"}).json()
    v2 = seeded.get("/recommendations/v2", params={"user_id": "user-003"}).json()
    assert (v1["strategy"], v2["strategy"]) == ("cf", "content")
    assert item_ids(v1) == item_ids(recommend(seeded, "user-003", "cf"))
    default = seeded.get("/recommendations", params={"user_id": "user-003"}).json()
    assert default["strategy"] == seeded.get("/strategies").json()["default"]


def test_clearing_the_data_rebuilds_the_models(seeded: TestClient) -> None:
    builds = rebuilds(seeded)
    assert recommend(seeded, "user-001", "cf")["items"]
    assert seeded.post("/seed/clear").status_code == 200
    assert rebuilds(seeded) == builds + 1
    empty = recommend(seeded, "user-001", "cf")
    assert empty["items"] == []
    assert seeded.get("/model").json()["items"] == 0


def test_enough_events_trigger_a_background_refit_that_loses_none(settings: Settings) -> None:
    eager = settings.model_copy(update={"model_refit_min_events": 3, "model_refit_fraction": 0.0})
    with TestClient(create_app(eager)) as client:
        client.post("/seed")
        builds = rebuilds(client)
        top = recommend(client, "user-004", "item_cf", n=3)["items"][0]["item_id"]
        log_event(client, "user-004", top, "purchase")
        log_event(client, "user-005", "book-001", "view")
        log_event(client, "user-006", "book-002", "view")
        deadline = time.monotonic() + 20
        while rebuilds(client) == builds and time.monotonic() < deadline:
            time.sleep(0.05)
        assert rebuilds(client) == builds + 1
        assert top not in item_ids(recommend(client, "user-004", "item_cf", n=3))
        assert client.get("/model").json()["events_since_build"] == 0


def test_a_change_is_folded_into_a_refit_after_the_interval(settings: Settings) -> None:
    prompt = settings.model_copy(update={"model_refit_interval_seconds": 0.2})
    with TestClient(create_app(prompt)) as client:
        client.post("/seed")
        builds = rebuilds(client)
        time.sleep(0.5)
        assert rebuilds(client) == builds  # no change, no refit
        log_event(client, "user-007", "book-003", "view")
        deadline = time.monotonic() + 10
        while rebuilds(client) == builds and time.monotonic() < deadline:
            time.sleep(0.05)
        assert rebuilds(client) == builds + 1
        time.sleep(0.5)
        assert rebuilds(client) == builds + 1  # and not again without a further change


def test_answers_stay_right_while_events_arrive_from_other_threads(seeded: TestClient) -> None:
    service = seeded.app.state.recommendations  # type: ignore[attr-defined]
    strategies = strategy_names(seeded)
    errors: list[BaseException] = []
    stop = threading.Event()

    def read(worker: int) -> None:
        try:
            calls = 0
            while not stop.is_set() or calls < 20:
                strategy = strategies[calls % len(strategies)]
                service.recommend(f"user-{worker * 10 + calls % 10 + 1:03d}", strategy, 5)
                calls += 1
        except BaseException as error:
            errors.append(error)

    readers = [threading.Thread(target=read, args=(worker,)) for worker in range(3)]
    for reader in readers:
        reader.start()
    bought = {}
    for number in range(1, 31):
        user_id = f"user-{number:03d}"
        top = recommend(seeded, user_id, "hybrid", n=1)["items"][0]["item_id"]
        log_event(seeded, user_id, top, "purchase")
        bought[user_id] = top
    stop.set()
    for reader in readers:
        reader.join()
    assert errors == []
    for user_id, item_id in bought.items():
        assert item_id not in item_ids(recommend(seeded, user_id, "hybrid", n=10))


def test_no_answer_reads_storage(seeded: TestClient) -> None:
    engine = seeded.app.state.engine  # type: ignore[attr-defined]
    statements: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        for strategy in strategy_names(seeded):
            recommend(seeded, "user-009", strategy, n=10, category="books", max_price=50)
            recommend(seeded, "stranger", strategy)
        seeded.get("/recommendations/v1", params={"user_id": "user-009"})
        seeded.get("/items/book-001/similar")
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert statements == []


def test_an_event_committed_while_a_rebuild_reads_storage_reaches_the_new_models(
    seeded: TestClient,
) -> None:
    """The rebuild's snapshot misses an event committed just after its query ran; the
    replay of changes that arrived meanwhile must carry it into the new models."""
    app = seeded.app
    top = recommend(seeded, "user-008", "item_cf", n=3)["items"][0]["item_id"]
    written: list[StoredEvent] = []

    def write_meanwhile(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if written or "GROUP BY" not in statement or "FROM interactions" not in statement:
            return
        with app.state.session_factory() as session:  # type: ignore[attr-defined]
            event_row = InteractionCreate(user_id="user-008", item_id=top, event_type="purchase")
            written.extend(log_events(session, [event_row]).stored)
            session.commit()
        app.state.feed.interactions_added(written)  # type: ignore[attr-defined]

    builds = rebuilds(seeded)
    event.listen(app.state.engine, "after_cursor_execute", write_meanwhile)  # type: ignore[attr-defined]
    try:
        app.state.recommendations.build(reason="test")  # type: ignore[attr-defined]
    finally:
        event.remove(app.state.engine, "after_cursor_execute", write_meanwhile)  # type: ignore[attr-defined]
    assert written
    assert rebuilds(seeded) == builds + 1
    assert top not in item_ids(recommend(seeded, "user-008", "item_cf", n=3))


def test_an_unknown_default_strategy_stops_the_start(settings: Settings) -> None:
    with pytest.raises(ValueError, match="DEFAULT_STRATEGY='magic' is not a registered"):
        create_app(settings.model_copy(update={"default_strategy": "magic"}))


def test_an_event_for_an_item_this_worker_has_not_heard_of(seeded: TestClient) -> None:
    """Another worker stored the item; its announcement has not reached this one yet."""
    app = seeded.app
    with app.state.session_factory() as session:  # type: ignore[attr-defined]
        create_items(session, [ItemCreate.model_validate(NEW_BOOK)])
        session.commit()
    assert "book-006" not in item_ids(recommend(seeded, "reader-2", "content", n=20))

    log_event(seeded, "reader-2", "book-006", "purchase")
    log_event(seeded, "reader-3", "book-001", "purchase")

    similar = seeded.get("/items/book-006/similar", params={"strategy": "content"}).json()
    assert similar["items"][0]["item_id"] == "book-001"
    answer = recommend(seeded, "reader-2", "content", n=5)
    assert "Clean Code for Programmers" in answer["items"][0]["reason"]
    assert recommend(seeded, "reader-3", "content", n=5)["items"][0]["item_id"] == "book-006"
