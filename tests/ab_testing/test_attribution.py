"""Impressions and the events credited to them are counted exactly: each event once, in the
variant of the list that led to it, and only within the attribution window."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from ab_testing import manager
from ab_testing.logger import Impression, log_impressions
from models import AbAttribution
from tests.ab_testing.helpers import (
    add_items,
    assert_totals_match_a_rebuild,
    create_test,
    users_in,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def serve(
    engine: Engine, test_id: int, user_id: str, items: list[str], at: datetime, **health: object
) -> str:
    """Record a list as the serving layer would (assignment, exposure, impression)."""
    with Session(engine, expire_on_commit=False) as session:
        test = manager.get_test(session, test_id)
        variant = manager.assign(session, test, [user_id], now=at)[user_id].variant
        assert variant is not None
        manager.mark_exposed(session, test_id, user_id, at)
        [impression_id] = log_impressions(
            session,
            [Impression(test_id, variant.id, user_id, variant.strategy, items, at, **health)],  # type: ignore[arg-type]
        )
        session.commit()
    return impression_id


def event(user: str, item: str, kind: str, at: datetime, **extra: object) -> dict:
    return {"user_id": user, "item_id": item, "event_type": kind, "timestamp": at.isoformat(),
            **extra}  # fmt: skip


def by_variant(client: TestClient, test_id: int) -> dict[str, dict]:
    body = client.get(f"/ab_tests/{test_id}/results").json()
    return {row["variant"]: row for row in body["variants"]}


def test_events_are_credited_exactly_once_to_the_right_variant(
    client: TestClient, engine: Engine
) -> None:
    items = add_items(client)
    test_id = create_test(client)["id"]
    [alice] = users_in(test_id, 0, 1, "alice")  # control
    [bob] = users_in(test_id, 1, 1, "bob")  # treatment
    a1 = serve(engine, test_id, alice, items[0:4], T0, latency_ms=10.0, model_version="7")
    serve(engine, test_id, alice, items[2:6], T0 + timedelta(hours=2), latency_ms=30.0,
               cache_hit=True, model_version="8")  # fmt: skip
    b1 = serve(engine, test_id, bob, items[0:5], T0, latency_ms=20.0, fallback=True)

    minute = timedelta(minutes=1)
    sent = [
        # alice clicks rank 1 of her first list, carrying its id, and retries the same event
        event(alice, items[1], "click", T0 + minute, impression_id=a1, event_id="e1",
              engagement_seconds=40),
        event(alice, items[1], "click", T0 + minute, impression_id=a1, event_id="e1"),
        # no id: items[2] was in both her lists; the latest one before the click wins (a2, rank 0)
        event(alice, items[2], "click", T0 + timedelta(hours=3), event_id="e2",
              engagement_seconds=20),
        # no id and never shown to her: credited to nothing
        event(alice, items[9], "click", T0 + timedelta(hours=3), event_id="e3"),
        # bob carries alice's impression id: a storefront bug, credited to nothing
        event(bob, items[1], "click", T0 + minute, impression_id=a1, event_id="e4"),
        # bob buys from his list, carrying its id
        event(bob, items[4], "click", T0 + minute, impression_id=b1, event_id="e5"),
        event(bob, items[4], "purchase", T0 + 2 * minute, impression_id=b1, event_id="e6",
              revenue=25.5),
        # 30 h after bob's list, without its id: outside the 24 h window
        event(bob, items[3], "purchase", T0 + timedelta(hours=30), event_id="e7", revenue=99.0),
        # carrying the id but naming an item the list lacked: credited, with no rank
        event(bob, items[11], "add_to_cart", T0 + 3 * minute, impression_id=b1, event_id="e8"),
    ]  # fmt: skip
    for body in sent[:2]:
        assert client.post("/interactions", json=body).status_code in (200, 201)
    response = client.post("/interactions/batch", json={"interactions": sent[2:]})
    assert response.status_code == 201

    control, treatment = by_variant(client, test_id).values()
    assert (control["variant"], treatment["variant"]) == ("control", "treatment")
    assert (control["assigned_users"], control["exposed_users"], control["impressions"]) == (
        1,
        1,
        2,
    )
    assert (control["clicks"], control["purchases"], control["revenue"]) == (2, 0, 0.0)
    assert control["ctr"] == 1.0  # 2 clicks over 2 lists
    assert control["mean_engagement_seconds"] == 30.0
    assert [(p["position"], p["impressions"], p["clicks"]) for p in control["ctr_by_position"]] == [
        (0, 2, 1), (1, 2, 1), (2, 2, 0), (3, 2, 0)
    ]  # fmt: skip
    assert control["serving"] == {"p95_latency_ms": 30.0, "cache_hit_rate": 0.5,
                                  "fallback_share": 0.0}  # fmt: skip
    assert {v["model_version"]: v["impressions"] for v in control["model_versions"]} == {
        "7": 1, "8": 1
    }  # fmt: skip

    assert (treatment["impressions"], treatment["clicks"], treatment["add_to_carts"]) == (1, 1, 1)
    assert (treatment["purchases"], treatment["revenue"]) == (1, 25.5)
    assert (treatment["converted_users"], treatment["conversion_rate"]) == (1, 1.0)
    assert treatment["revenue_per_user"] == 25.5
    assert treatment["serving"]["fallback_share"] == 1.0
    assert treatment["ctr_by_position"][4] == {"position": 4, "impressions": 1, "clicks": 1,
                                               "ctr": 1.0}  # fmt: skip
    assert_totals_match_a_rebuild(client, engine, test_id)


def test_metrics_over_time_buckets_by_day_and_hour(client: TestClient, engine: Engine) -> None:
    items = add_items(client)
    test_id = create_test(client)["id"]
    [carol] = users_in(test_id, 1, 1, "carol")
    day1 = serve(engine, test_id, carol, items[:3], T0)
    day2 = serve(engine, test_id, carol, items[3:6], T0 + timedelta(days=1, hours=5))
    client.post("/interactions/batch", json={"interactions": [
        event(carol, items[0], "click", T0 + timedelta(minutes=5), impression_id=day1),
        event(carol, items[0], "purchase", T0 + timedelta(minutes=70), impression_id=day1,
              revenue=12.0),
        event(carol, items[4], "click", T0 + timedelta(days=1, hours=5, minutes=1),
              impression_id=day2),
    ]})  # fmt: skip
    daily = client.get(f"/ab_tests/{test_id}/metrics_over_time", params={"bucket": "day"}).json()
    control, treatment = daily["variants"]
    assert control == {"variant": "control", "buckets": []}
    assert [(b["start"][:10], b["impressions"], b["clicks"], b["conversions"], b["revenue"])
            for b in treatment["buckets"]] == [
        ("2026-03-02", 1, 1, 1, 12.0), ("2026-03-03", 1, 1, 0, 0.0)
    ]  # fmt: skip
    hourly = client.get(f"/ab_tests/{test_id}/metrics_over_time?bucket=hour").json()
    starts = [(b["start"][:16], b["impressions"], b["clicks"], b["conversions"])
              for b in hourly["variants"][1]["buckets"]]  # fmt: skip
    assert starts == [("2026-03-02T09:00", 1, 1, 0), ("2026-03-02T10:00", 0, 0, 1),
                      ("2026-03-03T14:00", 1, 1, 0)]  # fmt: skip
    assert client.get(f"/ab_tests/{test_id}/metrics_over_time?bucket=week").status_code == 422


def test_a_not_interested_carrying_an_impression_id_is_stored_and_changes_no_total(
    client: TestClient, engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    items = add_items(client)
    test_id = create_test(client)["id"]
    [dave] = users_in(test_id, 1, 1, "dave")
    shown = serve(engine, test_id, dave, items[:4], T0)
    before = by_variant(client, test_id)["treatment"]

    with caplog.at_level(logging.ERROR):
        alone = client.post("/interactions", json=event(
            dave, items[0], "not_interested", T0 + timedelta(minutes=1), impression_id=shown,
            event_id="rejected"))  # fmt: skip
        batch = client.post("/interactions/batch", json={"interactions": [
            event(dave, items[1], "not_interested", T0 + timedelta(minutes=2),
                  impression_id=shown),
            event(dave, items[2], "click", T0 + timedelta(minutes=3), impression_id=shown),
        ]})  # fmt: skip
    assert alone.status_code == 201 and batch.status_code == 201
    assert not [record.getMessage() for record in caplog.records]
    after = by_variant(client, test_id)["treatment"]
    assert after["clicks"] == before["clicks"] + 1
    assert {key: after[key] for key in ("impressions", "purchases", "add_to_carts", "revenue")} == {
        key: before[key] for key in ("impressions", "purchases", "add_to_carts", "revenue")
    }
    assert_totals_match_a_rebuild(client, engine, test_id)


def test_an_acknowledged_event_is_credited_before_the_answer(client: TestClient, engine: Engine):
    """The credit is in the event's transaction: the results read right after the 201 (on
    any worker) already count it; nothing is left to a listener after the commit."""
    items = add_items(client)
    test_id = create_test(client)["id"]
    users = users_in(test_id, 0, 3, "erin")
    shown = {user: serve(engine, test_id, user, items[:5], T0) for user in users}
    for number, user in enumerate(users):
        body = event(user, items[number], "click", T0 + timedelta(minutes=1),
                     impression_id=shown[user])  # fmt: skip
        assert client.post("/interactions", json=body).status_code == 201
        assert by_variant(client, test_id)["control"]["clicks"] == number + 1
    with Session(engine) as session:
        credited = session.scalar(
            select(func.count()).select_from(AbAttribution).where(AbAttribution.test_id == test_id)
        )
    assert credited == len(users)


def test_events_after_a_stop_are_credited_to_nothing(client: TestClient, engine: Engine) -> None:
    """A stopped test's figures stay as they were at its stop, whether the event carries the
    list's impression id or is matched by the window."""
    items = add_items(client)
    test_id = create_test(client)["id"]
    [alice] = users_in(test_id, 0, 1, "alice")
    served = datetime.now(UTC) - timedelta(hours=1)
    shown = serve(engine, test_id, alice, items[0:4], served)
    before_stop = event(alice, items[0], "click", served + timedelta(minutes=1), event_id="s1")
    assert client.post("/interactions", json=before_stop).status_code == 201
    assert client.post(f"/ab_tests/{test_id}/stop").status_code == 200
    counted = by_variant(client, test_id)

    after = datetime.now(UTC)
    late = [
        event(alice, items[1], "click", after, event_id="s2"),
        event(alice, items[2], "click", after, impression_id=shown, event_id="s3"),
        event(alice, items[3], "purchase", after, event_id="s4", revenue=5.0),
    ]
    assert client.post("/interactions/batch", json={"interactions": late}).status_code == 201
    assert by_variant(client, test_id) == counted
    assert counted["control"]["clicks"] == 1
    with Session(engine) as session:
        credited = session.scalar(select(func.count()).select_from(AbAttribution))
    assert credited == 1
