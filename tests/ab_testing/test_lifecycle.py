"""A test's lifecycle through the API: a stop ends serving for everyone, the demo test is
closed to live traffic, and a test's size and weights are bounded."""

from __future__ import annotations

from fastapi.testclient import TestClient

from ab_testing.schemas import MAX_VARIANTS
from tests.ab_testing.helpers import VARIANTS, add_items, create_test, users_in


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


def test_an_arms_rerank_rules_shape_what_it_serves_and_its_results_show_them(
    client: TestClient,
) -> None:
    """ "With upsell" against "without": the same strategy and the same shopper history,
    only the arm's re-rank rules differ, and the served lists differ as the rules say."""
    cheap, dear = ["c1", "c2", "c3"], ["d1", "d2", "d3"]
    items = [
        {"item_id": i, "title": f"thing {i}", "category": "home", "price": 5.0}
        for i in [*cheap, "b-cheap"]
    ]
    items += [
        {"item_id": i, "title": f"thing {i}", "category": "home", "price": 20.0}
        for i in [*dear, "b-dear"]
    ]
    assert client.post("/items/batch", json={"items": items}).status_code == 201
    # Trending: the cheap items first (10, 9, 8 viewers), then the dear ones (6, 5, 4).
    views = [
        {"user_id": f"viewer-{n}", "item_id": item_id, "event_type": "view"}
        for item_id, viewers in zip([*cheap, *dear], [10, 9, 8, 6, 5, 4], strict=True)
        for n in range(viewers)
    ]
    no_demotion = {"price_demotion": 1}  # so the dear items are not also demoted
    test = create_test(
        client,
        variants=[
            {"name": "without", "strategy": "popular", "weight": 0.5, "rerank": no_demotion},
            {
                "name": "with-upsell",
                "strategy": "popular",
                "weight": 0.5,
                "rerank": {**no_demotion, "upsell": 10},
            },
        ],
    )
    [plain_user], [upsell_user] = users_in(test["id"], 0, 1), users_in(test["id"], 1, 1)
    # Both bought one item at 5 and one at 20: an average price of 12.5.
    bought = [
        {"user_id": user, "item_id": item_id, "event_type": "purchase"}
        for user in (plain_user, upsell_user)
        for item_id in ("b-cheap", "b-dear")
    ]
    answer = client.post("/interactions/batch", json={"interactions": views + bought})
    assert answer.status_code == 201, answer.text

    def served(user: str, **params: object) -> dict:
        response = client.get(
            "/recommendations", params={"user_id": user, "test_id": test["id"], **params}
        )
        assert response.status_code == 200, response.text
        return response.json()

    plain, upsell = served(plain_user, n=6), served(upsell_user, n=6)
    assert (plain["variant"], upsell["variant"]) == ("without", "with-upsell")
    assert [item["item_id"] for item in plain["items"]][:3] == cheap
    # Above the 12.5 average the upsell multiplies relevance by 11: d1 and d2 overtake.
    assert [item["item_id"] for item in upsell["items"]][:2] == ["d1", "d2"]
    assert (plain["rerank"]["upsell"], upsell["rerank"]["upsell"]) == (0, 10)
    # A request's own rules apply where the arm sets none; the arm's win where it does.
    asked = served(upsell_user, n=6, upsell=0, diversity=0.5)
    assert (asked["rerank"]["upsell"], asked["rerank"]["diversity"]) == (10, 0.5)

    results = client.get(f"/ab_tests/{test['id']}/results").json()["variants"]
    assert [v["rerank"] for v in results] == [no_demotion, {**no_demotion, "upsell": 10}]


def test_an_arm_with_unknown_or_out_of_range_rerank_rules_is_refused(client: TestClient) -> None:
    for rules, message in (({"boost": 1}, "unknown re-rank settings"), ({"upsell": 99}, "within")):
        arms = [VARIANTS[0], {**VARIANTS[1], "rerank": rules}]
        response = client.post("/ab_tests", json={"name": "bad rules", "variants": arms})
        assert response.status_code == 422 and message in response.text, response.text
    assert client.get("/ab_tests").json()["tests"] == []
