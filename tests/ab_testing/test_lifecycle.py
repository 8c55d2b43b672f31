"""A test's lifecycle through the API: a stop ends serving for everyone, the demo test is
closed to live traffic, and a test's size and weights are bounded."""

from __future__ import annotations

from fastapi.testclient import TestClient

from ab_testing.schemas import MAX_VARIANTS
from tests.ab_testing.helpers import VARIANTS, add_items, create_test


def _served(client: TestClient, test_id: int, user_id: str) -> dict:
    response = client.get(
        "/recommendations", params={"user_id": user_id, "test_id": test_id, "n": 3}
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_a_stop_ends_serving_for_users_assigned_before_it(client: TestClient) -> None:
    add_items(client)
    test_id = create_test(client)["id"]
    before_stop = {user: _served(client, test_id, user) for user in ("ann", "bob", "cy")}
    assert all(answer["impression_id"] for answer in before_stop.values())
    counted = client.get(f"/ab_tests/{test_id}/results").json()["variants"]
    assert sum(v["impressions"] for v in counted) == 3

    client.post(f"/ab_tests/{test_id}/stop")
    for user in before_stop:
        answer = _served(client, test_id, user)
        assert answer["variant"] is None and answer["impression_id"] is None, user
        assert answer["strategy"] == "hybrid"  # the configured default
        assignment = client.get(f"/ab_tests/{test_id}/assignments", params={"user_id": user}).json()
        assert assignment["variant"] is None
        assert assignment["assigned_variant"] == before_stop[user]["variant"]
    after = client.get(f"/ab_tests/{test_id}/results").json()["variants"]
    assert [v["impressions"] for v in after] == [v["impressions"] for v in counted]
    assert [v["exposed_users"] for v in after] == [v["exposed_users"] for v in counted]


def test_a_purchase_made_after_seeding_is_not_credited_to_the_demo_test(
    client: TestClient,
) -> None:
    assert client.post("/seed").status_code == 200
    [demo] = client.get("/ab_tests", params={"status": "all"}).json()["tests"]
    assert demo["status"] == "stopped" and demo["stopped_at"] is not None
    assert client.get("/ab_tests").json()["tests"] == []  # nothing active to land in
    results = client.get(f"/ab_tests/{demo['id']}/results").json()["variants"]
    purchases = sum(v["purchases"] for v in results)
    # every sample shopper buys an item the demo showed them, now, without an impression id
    shopper_items = [
        (row["user_id"], item["item_id"])
        for row in client.get("/users", params={"limit": 50}).json()["users"]
        for item in client.get("/items", params={"limit": 1}).json()["items"]
    ]
    events = [
        {"user_id": user, "item_id": item, "event_type": "purchase", "revenue": 10.0}
        for user, item in shopper_items
    ]
    assert client.post("/interactions/batch", json={"interactions": events}).status_code == 201
    again = client.get(f"/ab_tests/{demo['id']}/results").json()["variants"]
    assert sum(v["purchases"] for v in again) == purchases
    # and a list asked for under it now is not an impression of it
    assert _served(client, demo["id"], shopper_items[0][0])["impression_id"] is None


def test_variants_are_bounded_in_number_and_weight(client: TestClient) -> None:
    arms = [{"name": f"arm{n}", "strategy": "popular", "weight": 1} for n in range(MAX_VARIANTS)]
    assert len(create_test(client, variants=arms)["variants"]) == MAX_VARIANTS
    too_many = [*arms, {"name": "one-more", "strategy": "popular", "weight": 1}]
    for body, complaint in [
        ({"variants": too_many}, f"at most {MAX_VARIANTS}"),
        ({"variants": [VARIANTS[0], {**VARIANTS[1], "weight": 1e305}]}, "less than or equal"),
        ({"variants": [VARIANTS[0], {**VARIANTS[1], "weight": 2e6}]}, "less than or equal"),
    ]:
        response = client.post("/ab_tests", json={"name": "bad", **body})
        assert response.status_code == 422, body
        assert complaint in str(response.json()["detail"])
    assert len(client.get("/ab_tests").json()["tests"]) == 1  # nothing written
    test_id = client.get("/ab_tests").json()["tests"][0]["id"]
    weights = {f"arm{n}": 1.0 for n in range(MAX_VARIANTS)}
    huge = client.put(f"/ab_tests/{test_id}/weights", json={"weights": {**weights, "arm0": 1e305}})
    assert huge.status_code == 422 and "at most" in str(huge.json()["detail"])
    assert client.get(f"/ab_tests/{test_id}").json()["variants"][0]["weight"] == 1


def test_a_variant_carries_its_rerank_settings(client: TestClient) -> None:
    settings = {"diversity": 0.3}
    test = create_test(client, variants=[VARIANTS[0], {**VARIANTS[1], "rerank": settings}])
    assert [v["rerank"] for v in test["variants"]] == [None, settings]
    assert client.get(f"/ab_tests/{test['id']}").json()["variants"][1]["rerank"] == settings
