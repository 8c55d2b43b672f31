"""Creating, listing, stopping and re-weighting tests; assignment on a real database."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from ab_testing import manager
from ab_testing.schemas import AbTestCreate
from app import create_app
from config import Settings
from recommenders.registry import STRATEGIES
from tests.ab_testing.helpers import VARIANTS, create_test
from tests.ab_testing.test_assignment import contract_variant

USERS = [f"visitor-{number}" for number in range(10_000)]


def test_variants_default_to_cf_against_content_half_and_half(client: TestClient) -> None:
    test = create_test(client)
    assert test["status"] == "active" and test["mode"] == "fixed"
    assert [(v["name"], v["strategy"], v["weight"]) for v in test["variants"]] == [
        ("control", "cf", 0.5),
        ("treatment", "content", 0.5),
    ]
    assert client.get(f"/ab_tests/{test['id']}").json() == test
    assert [t["id"] for t in client.get("/ab_tests").json()["tests"]] == [test["id"]]


@pytest.mark.parametrize(
    ("variants", "complaint"),
    [
        ([], "two or more variants"),
        ([VARIANTS[0]], "two or more variants"),
        ([VARIANTS[0], {**VARIANTS[1], "weight": 0}], "greater than 0"),
        ([VARIANTS[0], {**VARIANTS[1], "weight": -1}], "greater than 0"),
        ([VARIANTS[0], {**VARIANTS[1], "strategy": "telepathy"}], "unknown strategy"),
        ([VARIANTS[0], {**VARIANTS[1], "name": "control"}], "names must differ"),
        ([VARIANTS[0], {**VARIANTS[1], "weight": 0.00001}], "too small"),
    ],
)
def test_invalid_tests_get_a_clear_422_and_nothing_is_written(
    client: TestClient, variants: list[dict], complaint: str
) -> None:
    response = client.post("/ab_tests", json={"name": "bad", "variants": variants})
    assert response.status_code == 422
    assert complaint in str(response.json()["detail"])
    assert client.get("/ab_tests", params={"status": "all"}).json()["tests"] == []


def test_unknown_test_is_404(client: TestClient) -> None:
    for path in ("", "/results", "/metrics_over_time", "/assignments?user_id=u1"):
        response = client.get(f"/ab_tests/999{path}")
        assert response.status_code == 404, path
        assert "999" in response.json()["detail"]
    assert client.post("/ab_tests/999/stop").status_code == 404


def test_10000_users_follow_the_formula_and_weights_on_the_database(
    client: TestClient, engine: Engine
) -> None:
    weights = [0.3, 0.7]
    test_id = create_test(
        client,
        variants=[{**VARIANTS[0], "weight": weights[0]}, {**VARIANTS[1], "weight": weights[1]}],
    )["id"]
    with Session(engine, expire_on_commit=False) as session:
        test = manager.get_test(session, test_id)
        assigned = manager.assign(session, test, USERS)
        session.commit()
    names = ["control", "treatment"]
    got = [assigned[user].variant.name for user in USERS]  # type: ignore[union-attr]
    assert got == [names[contract_variant(test_id, user, weights)] for user in USERS]
    treated = got.count("treatment")
    assert abs(treated - 7_000) < 4 * math.sqrt(10_000 * 0.3 * 0.7)
    # and the API answers the same for a sample of them, reading what was stored
    for user in USERS[:50]:
        body = client.get(f"/ab_tests/{test_id}/assignments", params={"user_id": user}).json()
        assert body == {
            "test_id": test_id,
            "user_id": user,
            "variant": assigned[user].variant.name,  # type: ignore[union-attr]
            "strategy": assigned[user].variant.strategy,  # type: ignore[union-attr]
            "assigned_variant": assigned[user].variant.name,  # type: ignore[union-attr]
        }


def test_same_variant_after_a_restart_and_on_a_second_instance(settings: Settings) -> None:
    users = USERS[:100]

    def lookup(client: TestClient, test_id: int) -> list[str]:
        return [
            client.get(f"/ab_tests/{test_id}/assignments", params={"user_id": u}).json()["variant"]
            for u in users
        ]

    with TestClient(create_app(settings)) as first, TestClient(create_app(settings)) as second:
        test_id = create_test(first)["id"]
        # half looked up on each instance first: both must agree on every user
        from_second = lookup(second, test_id)
        from_first = lookup(first, test_id)
        assert from_first == from_second
    with TestClient(create_app(settings)) as restarted:
        assert lookup(restarted, test_id) == from_first


def test_stored_assignments_stay_when_weights_change(client: TestClient) -> None:
    test_id = create_test(client)["id"]
    before = {
        u: client.get(f"/ab_tests/{test_id}/assignments", params={"user_id": u}).json()["variant"]
        for u in USERS[:100]
    }
    response = client.put(
        f"/ab_tests/{test_id}/weights", json={"weights": {"control": 1, "treatment": 9}}
    )
    assert response.status_code == 200
    assert [v["weight"] for v in response.json()["variants"]] == [1, 9]
    for user, variant in before.items():
        got = client.get(f"/ab_tests/{test_id}/assignments", params={"user_id": user}).json()
        assert got["variant"] == variant
    for user in USERS[100:160]:  # new users follow the new weights
        got = client.get(f"/ab_tests/{test_id}/assignments", params={"user_id": user}).json()
        assert got["variant"] == ["control", "treatment"][contract_variant(test_id, user, [1, 9])]
    allocations = client.get(f"/ab_tests/{test_id}/results").json()["allocations"]
    assert [(a["source"], a["weights"]) for a in allocations] == [
        ("initial", {"control": 0.5, "treatment": 0.5}),
        ("manual", {"control": 0.1, "treatment": 0.9}),
    ]
    bad = client.put(f"/ab_tests/{test_id}/weights", json={"weights": {"control": 1}})
    assert bad.status_code == 422 and "each variant" in bad.json()["detail"]
    bad = client.put(
        f"/ab_tests/{test_id}/weights", json={"weights": {"control": 0, "treatment": 1}}
    )
    assert bad.status_code == 422


def test_a_stopped_test_assigns_no_one_new_and_leaves_the_active_list(client: TestClient) -> None:
    test_id = create_test(client)["id"]
    known = client.get(f"/ab_tests/{test_id}/assignments", params={"user_id": "old"}).json()
    stopped = client.post(f"/ab_tests/{test_id}/stop")
    assert stopped.status_code == 200 and stopped.json()["status"] == "stopped"
    assert stopped.json()["stopped_at"] is not None
    assert client.get("/ab_tests").json()["tests"] == []
    assert [t["id"] for t in client.get("/ab_tests?status=all").json()["tests"]] == [test_id]
    new = client.get(f"/ab_tests/{test_id}/assignments", params={"user_id": "new"}).json()
    assert new["variant"] is None and new["strategy"] == "hybrid"  # the configured default
    assert new["assigned_variant"] is None
    # one assigned before the stop is served nothing either; the record of their arm stays
    again = client.get(f"/ab_tests/{test_id}/assignments", params={"user_id": "old"}).json()
    assert again["variant"] is None and again["strategy"] == "hybrid"
    assert again["assigned_variant"] == known["variant"] is not None
    assert (
        client.put(
            f"/ab_tests/{test_id}/weights", json={"weights": {"control": 1, "treatment": 1}}
        ).status_code
        == 422
    )


def test_creating_and_stopping_need_the_admin_key_when_one_is_set(settings: Settings) -> None:
    guarded = settings.model_copy(update={"admin_api_key": "s3cret"})
    with TestClient(create_app(guarded)) as client:
        assert client.post("/ab_tests", json={"name": "unkeyed"}).status_code == 401
        key = {"X-API-Key": "s3cret"}
        test_id = client.post("/ab_tests", json={"name": "homepage"}, headers=key).json()["id"]
        assert client.post(f"/ab_tests/{test_id}/stop").status_code == 401
        wrong = client.post(f"/ab_tests/{test_id}/stop", headers={"X-API-Key": "guess"})
        assert wrong.status_code == 403
        assert client.get(f"/ab_tests/{test_id}").json()["status"] == "active"
        right = client.post(f"/ab_tests/{test_id}/stop", headers={"X-API-Key": "s3cret"})
        assert right.status_code == 200


def test_two_tests_in_one_layer_never_share_a_user(client: TestClient, engine: Engine) -> None:
    first = create_test(client, layer="homepage", layer_traffic=0.5)
    second = create_test(client, layer="homepage", layer_traffic=0.5)
    assert (first["layer"], first["layer_traffic"]) == ("homepage", 0.5)
    full = client.post("/ab_tests", json={"name": "third", "layer": "homepage"})
    assert full.status_code == 422 and "no free slice" in full.json()["detail"]
    with Session(engine, expire_on_commit=False) as session:
        in_test = [
            {
                user
                for user, got in manager.assign(
                    session, manager.get_test(session, t["id"]), USERS
                ).items()
                if got.variant is not None
            }
            for t in (first, second)
        ]
        session.commit()
    assert in_test[0].isdisjoint(in_test[1])
    for members in in_test:
        assert abs(len(members) - 5_000) < 4 * math.sqrt(10_000 * 0.25)
    left_out = client.get(
        f"/ab_tests/{first['id']}/assignments", params={"user_id": next(iter(in_test[1]))}
    ).json()
    assert left_out["variant"] is None
    # a stopped test keeps its slice while its users' events may still be credited to it
    client.post(f"/ab_tests/{first['id']}/stop")
    held = client.post("/ab_tests", json={"name": "next", "layer": "homepage"})
    assert held.status_code == 422 and "stopped less than" in held.json()["detail"]
    # once the attribution window has passed, the slice is free for the next test
    with Session(engine) as session:
        stopped = manager.get_test(session, first["id"])
        assert stopped.stopped_at is not None
        stopped.stopped_at -= timedelta(hours=24, minutes=1)
        session.commit()
    third = create_test(client, layer="homepage", layer_traffic=0.5)
    assert third["layer_traffic"] == 0.5
    with Session(engine, expire_on_commit=False) as session:
        in_third = {
            user
            for user, got in manager.assign(
                session, manager.get_test(session, third["id"]), USERS
            ).items()
            if got.variant is not None
        }
        session.commit()
    assert in_third == in_test[0]  # the freed slice: the same users, never the second test's


def test_manager_refuses_strategies_outside_the_registry(engine: Engine) -> None:
    with Session(engine) as session, pytest.raises(manager.InvalidTest, match="registered"):
        manager.create_test(
            session,
            AbTestCreate.model_validate({"name": "x", "variants": [
                {"name": "a", "strategy": "cf", "weight": 1},
                {"name": "b", "strategy": "nope", "weight": 1},
            ]}),
            STRATEGIES,
        )  # fmt: skip
