"""A model retrained mid-test starts a new phase, and the test can be split by phase."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.ab_testing.helpers import add_items, create_test


def _serve_and_click(client: TestClient, test_id: int, users: list[str], click: bool) -> int:
    clicks = 0
    for user in users:
        answer = client.get(
            "/recommendations", params={"user_id": user, "test_id": test_id, "n": 3}
        ).json()
        if click and answer["items"]:
            event = {"user_id": user, "item_id": answer["items"][0]["item_id"],
                     "event_type": "click", "impression_id": answer["impression_id"]}  # fmt: skip
            assert client.post("/interactions", json=event).status_code == 201
            clicks += 1
    return clicks


def test_a_retrain_mid_test_opens_a_phase_and_the_split_follows_it(client: TestClient) -> None:
    add_items(client)
    test_id = create_test(client)["id"]
    assert client.get(f"/ab_tests/{test_id}/phases").json() == {"test_id": test_id, "phases": []}
    before = [f"early-{n}" for n in range(8)]
    first_clicks = _serve_and_click(client, test_id, before, click=True)

    client.app.state.recommendations.build(reason="retrain")  # type: ignore[attr-defined]
    after = [f"late-{n}" for n in range(6)]
    _serve_and_click(client, test_id, after, click=False)

    phases = client.get(f"/ab_tests/{test_id}/phases").json()["phases"]
    assert [p["phase"] for p in phases] == [1, 2]
    assert phases[1]["model_build"] > phases[0]["model_build"]
    assert phases[0]["ended_at"] == phases[1]["started_at"] and phases[1]["ended_at"] is None
    assert [sum(v["lists"] for v in p["variants"]) for p in phases] == [len(before), len(after)]
    # the clicks belong to the lists they were made on: all in phase 1
    assert [sum(v["clicks"] for v in p["variants"]) for p in phases] == [first_clicks, 0]
    results = client.get(f"/ab_tests/{test_id}/results").json()["variants"]
    for variant in results:
        split = [next(v for v in p["variants"] if v["variant"] == variant["variant"])
                 for p in phases]  # fmt: skip
        assert sum(arm["lists"] for arm in split) == variant["impressions"]
        assert sum(arm["clicks"] for arm in split) == variant["clicks"]
