"""The event and user endpoints of API.md, on every database, bad input included."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event as sql_events


@pytest.fixture
def shop(client: TestClient) -> TestClient:
    items = [
        {"item_id": f"I{number}", "title": f"Item {number}", "category": "c"} for number in range(5)
    ]
    assert client.post("/items/batch", json={"items": items}).status_code == 201
    return client


def event(user_id: str = "u1", item_id: str = "I0", **extra: object) -> dict[str, object]:
    return {"user_id": user_id, "item_id": item_id, "event_type": "click", **extra}


def history(client: TestClient, user_id: str = "u1") -> dict:
    return client.get(f"/users/{user_id}/interactions").json()


def test_an_event_is_stored_and_makes_the_user(shop: TestClient) -> None:
    response = shop.post("/interactions", json=event(engagement_seconds=12.5))
    assert response.status_code == 201
    body = response.json()
    assert body["user_id"] == "u1"
    assert body["event_type"] == "click"
    assert body["event_id"]
    assert body["engagement_seconds"] == 12.5
    users = shop.get("/users").json()
    assert users["users"][0]["user_id"] == "u1"
    assert users["users"][0]["interaction_count"] == 1


def test_a_repeated_event_id_returns_the_first_record_and_counts_once(shop: TestClient) -> None:
    first = shop.post("/interactions", json=event(event_id="evt-1", item_id="I1"))
    again = shop.post("/interactions", json=event(event_id="evt-1", item_id="I2"))
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json() == first.json()
    assert history(shop)["total"] == 1
    assert shop.get("/items/I1/stats").json()["clicks"] == 1
    assert shop.get("/items/I2/stats").json()["clicks"] == 0


def test_unknown_item_is_404_and_nothing_is_written(shop: TestClient) -> None:
    response = shop.post("/interactions", json=event(item_id="missing"))
    assert response.status_code == 404
    assert "missing" in response.json()["detail"]
    assert shop.get("/users").json()["total"] == 0


@pytest.mark.parametrize(
    "body",
    [
        event(event_type="like"),
        event(user_id="u" * 65),
        event(item_id="i" * 65),
        event(user_id=""),
        event(user_id=42),
        event(timestamp="yesterday"),
        event(engagement_seconds=-1),
        event(engagement_seconds="long"),
        event(revenue=-5),
        event(event_id="e" * 129),
        {"user_id": "u1", "item_id": "I0"},
        "click",
    ],
    ids=[
        "unknown-type",
        "user-too-long",
        "item-too-long",
        "user-empty",
        "user-number",
        "bad-timestamp",
        "negative-engagement",
        "text-engagement",
        "negative-revenue",
        "event-id-too-long",
        "no-event-type",
        "not-an-object",
    ],
)
def test_bad_events_are_refused_and_nothing_is_written(shop: TestClient, body: object) -> None:
    response = shop.post("/interactions", json=body)
    assert response.status_code == 422
    assert response.json()["detail"]
    assert shop.get("/users").json()["total"] == 0


def test_malformed_json_is_a_clear_422(shop: TestClient) -> None:
    response = shop.post(
        "/interactions", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422


def test_timestamps_default_to_now_and_naive_ones_are_utc(shop: TestClient) -> None:
    before = datetime.now(UTC)
    stamped_now = shop.post("/interactions", json=event()).json()
    naive = shop.post("/interactions", json=event(timestamp="2011-12-09T12:50:00")).json()
    offset = shop.post("/interactions", json=event(timestamp="2011-12-09T14:50:00+02:00")).json()
    now = datetime.fromisoformat(stamped_now["timestamp"])
    assert before - timedelta(seconds=1) <= now <= datetime.now(UTC) + timedelta(seconds=1)
    assert datetime.fromisoformat(naive["timestamp"]) == datetime(2011, 12, 9, 12, 50, tzinfo=UTC)
    assert datetime.fromisoformat(offset["timestamp"]) == datetime(2011, 12, 9, 12, 50, tzinfo=UTC)


def test_batch_counts_accepted_and_duplicates(shop: TestClient) -> None:
    shop.post("/interactions", json=event(event_id="known"))
    batch = [
        event(event_id="known"),
        event(event_id="new-1"),
        event(event_id="new-1"),
        event(event_id="new-2", user_id="u2"),
        event(user_id="u3"),
    ]
    response = shop.post("/interactions/batch", json={"interactions": batch})
    assert response.status_code == 201
    assert response.json() == {"accepted": 3, "duplicates": 2}
    assert history(shop)["total"] == 2
    assert shop.get("/users").json()["total"] == 3
    again = shop.post("/interactions/batch", json={"interactions": batch[:4]})
    assert again.json() == {"accepted": 0, "duplicates": 4}


def test_batch_with_invalid_rows_names_them_and_writes_nothing(shop: TestClient) -> None:
    batch = [event(), event(event_type="like"), event(), event(user_id="bad id")]
    response = shop.post("/interactions/batch", json={"interactions": batch})
    assert response.status_code == 422
    rows = {error["loc"][2] for error in response.json()["detail"]}
    assert rows == {1, 3}
    assert shop.get("/users").json()["total"] == 0


def test_batch_with_unknown_items_names_the_rows_and_writes_nothing(shop: TestClient) -> None:
    batch = [event(), event(item_id="gone"), event(item_id="I3"), event(item_id="gone")]
    response = shop.post("/interactions/batch", json={"interactions": batch})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert [error["loc"] for error in detail] == [
        ["body", "interactions", 1, "item_id"],
        ["body", "interactions", 3, "item_id"],
    ]
    assert "gone" in detail[0]["msg"]
    assert shop.get("/users").json()["total"] == 0


@pytest.mark.parametrize("size", [0, 10_001])
def test_batch_size_limits(shop: TestClient, size: int) -> None:
    response = shop.post("/interactions/batch", json={"interactions": [event()] * size})
    assert response.status_code == 422
    assert shop.get("/users").json()["total"] == 0


def test_a_full_batch_of_ten_thousand_is_accepted(shop: TestClient) -> None:
    batch = [
        event(user_id=f"u{number % 300}", item_id=f"I{number % 5}") for number in range(10_000)
    ]
    response = shop.post("/interactions/batch", json={"interactions": batch})
    assert response.status_code == 201
    assert response.json() == {"accepted": 10_000, "duplicates": 0}
    users = shop.get("/users", params={"limit": 1000}).json()
    assert users["total"] == 300
    assert sum(user["interaction_count"] for user in users["users"]) == 10_000


def test_history_is_newest_first_and_paged(shop: TestClient) -> None:
    start = datetime(2024, 1, 1, tzinfo=UTC)
    batch = [
        event(item_id=f"I{number % 5}", timestamp=(start + timedelta(hours=number)).isoformat())
        for number in range(12)
    ]
    shop.post("/interactions/batch", json={"interactions": batch})
    page = shop.get("/users/u1/interactions", params={"limit": 5, "offset": 5}).json()
    stamps = [datetime.fromisoformat(row["timestamp"]) for row in page["interactions"]]
    assert stamps == [start + timedelta(hours=hours) for hours in range(6, 1, -1)]
    assert page["total"] == 12


def test_unknown_user_has_an_empty_history(shop: TestClient) -> None:
    assert history(shop, "nobody") == {
        "user_id": "nobody",
        "interactions": [],
        "total": 0,
        "limit": 50,
        "offset": 0,
    }


def test_users_record_first_and_last_seen(shop: TestClient) -> None:
    batch = [
        event(timestamp="2024-03-02T00:00:00Z"),
        event(timestamp="2024-03-01T00:00:00Z"),
        event(timestamp="2024-03-05T00:00:00Z"),
    ]
    shop.post("/interactions/batch", json={"interactions": batch})
    shop.post("/interactions", json=event(timestamp="2024-02-01T00:00:00Z"))
    (user,) = shop.get("/users").json()["users"]
    assert user["interaction_count"] == 4
    assert user["first_seen"].startswith("2024-02-01")
    assert user["last_seen"].startswith("2024-03-05")


def test_every_field_of_a_batch_is_stored_as_sent(shop: TestClient) -> None:
    sent = [
        event(event_id="a", timestamp="2024-05-01T10:00:00.123456+02:00", revenue=9.99,
              engagement_seconds=3.5, impression_id="imp-1", event_type="purchase"),
        event(event_id="b", timestamp="2024-05-01T09:00:00Z"),
        event(event_id="c", user_id="u2", item_id="I4", event_type="not_interested"),
    ]  # fmt: skip
    assert shop.post("/interactions/batch", json={"interactions": sent}).status_code == 201
    stored = {row["event_id"]: row for row in history(shop)["interactions"]}
    stored |= {row["event_id"]: row for row in history(shop, "u2")["interactions"]}
    a, b, c = stored["a"], stored["b"], stored["c"]
    assert datetime.fromisoformat(a["timestamp"]) == datetime(2024, 5, 1, 8, 0, 0, 123456, UTC)
    assert (a["revenue"], a["engagement_seconds"], a["event_type"]) == (9.99, 3.5, "purchase")
    assert a["impression_id"] == "imp-1"
    assert (b["revenue"], b["engagement_seconds"], b["impression_id"]) == (None, None, None)
    assert (c["user_id"], c["item_id"], c["event_type"]) == ("u2", "I4", "not_interested")
    assert history(shop)["total"] == 2 and history(shop, "u2")["total"] == 1


def test_a_batch_is_a_few_statements_whatever_its_size(shop: TestClient) -> None:
    """No statement per event or per user: a batch's cost is the database's bulk work."""
    statements: list[str] = []

    def record(_connection: object, _cursor: object, statement: str, *_rest: object) -> None:
        statements.append(statement)

    app_engine = shop.app.state.engine  # type: ignore[attr-defined]
    counts = []
    sql_events.listen(app_engine, "before_cursor_execute", record)
    try:
        for size in (10, 10_000):
            statements.clear()
            batch = [
                event(user_id=f"s{size}-{n % 700}", item_id=f"I{n % 5}", impression_id=f"i{n}")
                for n in range(size)
            ]
            response = shop.post("/interactions/batch", json={"interactions": batch})
            assert response.status_code == 201
            counts.append(len(statements))
    finally:
        sql_events.remove(app_engine, "before_cursor_execute", record)
    # SQLite takes the 10,000 rows in a few chunks (its parameter limit); nothing per row.
    assert counts[1] <= counts[0] + 4, Counter(statement[:40] for statement in statements)


def test_a_timestamp_beyond_the_clock_skew_is_refused_without_echoing_it(
    shop: TestClient,
) -> None:
    # The default skew is 5 minutes: a minute ahead is drift, ten minutes ahead is refused.
    soon = (datetime.now(UTC) + timedelta(minutes=1)).isoformat()
    later = (datetime.now(UTC) + timedelta(minutes=10)).isoformat()
    assert shop.post("/interactions", json=event(timestamp=soon)).status_code == 201
    response = shop.post("/interactions", json=event(item_id="I1", timestamp="2030-01-01T00:00Z"))
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["msg"] == "Value error, timestamp must not be more than 300 seconds in the future"
    assert "2030" not in error["msg"]
    assert shop.post("/interactions", json=event(item_id="I2", timestamp=later)).status_code == 422
    assert history(shop)["total"] == 1
