"""Interleaving tests through the API: every list merges both rankers by team draft, clicks
are credited to the ranker that placed the item, and a sign test decides."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bench.simulate_storefront import simulate
from models import AbInterleavedItem
from tests.ab_testing.helpers import VARIANTS, add_items, create_test


def test_an_interleaving_test_merges_both_rankers_in_every_list(
    client: TestClient, engine: Engine
) -> None:
    add_items(client)
    test = create_test(client, mode="interleaving",
                       variants=[{**VARIANTS[0], "strategy": "popular"}, VARIANTS[1]])  # fmt: skip
    assert test["mode"] == "interleaving"
    answer = client.get(
        "/recommendations", params={"user_id": "ann", "test_id": test["id"], "n": 6}
    ).json()
    assert answer["strategy"] == "interleaved" and answer["impression_id"]
    assert len(answer["placed_by"]) == len(answer["items"])
    assert set(answer["placed_by"]) <= {"control", "treatment"}
    with Session(engine) as session:
        stored = session.scalars(
            select(AbInterleavedItem)
            .where(AbInterleavedItem.impression_id == answer["impression_id"])
            .order_by(AbInterleavedItem.position)
        ).all()
    names = {v["name"]: v for v in test["variants"]}
    assert len(stored) == len(answer["items"]) and len(names) == 2
    bad = client.post("/ab_tests", json={"name": "x", "mode": "interleaving", "variants": [
        VARIANTS[0], VARIANTS[1], {**VARIANTS[1], "name": "third"}]})  # fmt: skip
    assert bad.status_code == 422 and "exactly two rankers" in str(bad.json()["detail"])
    split = create_test(client)
    assert client.get(f"/ab_tests/{split['id']}/interleaving").status_code == 422


def test_clicks_go_to_the_ranker_that_placed_the_item_and_the_sign_test_decides(
    client: TestClient,
) -> None:
    # the shoppers click what matches their taste: the personalised ranker (content) places
    # more of it than the popular one, in the same lists
    report = simulate(client, users=80, rounds=2, seed=31, progress=False, mode="interleaving")
    assert report.mismatches == []
    body = client.get(f"/ab_tests/{report.test_id}/interleaving").json()
    sent_clicks = sum(counts["clicks"] for counts in report.sent.values())
    credited = sum(ranker["clicks"] for ranker in body["rankers"])
    assert credited == sent_clicks  # every click was on a placed rank
    assert body["lists"] == sum(counts["impressions"] for counts in report.sent.values())
    wins = {ranker["variant"]: ranker["lists_won"] for ranker in body["rankers"]}
    assert wins["treatment"] > wins["control"]
    assert body["leader"] == "treatment"
    assert body["lists_with_clicks"] == wins["treatment"] + wins["control"] + body["ties"]
    assert body["decided"] is True and body["p_value"] < 0.05
    assert body["text"].startswith("Decided by the sign test: treatment's ranker (content)")
    verdict = client.get(f"/ab_tests/{report.test_id}/statistical_analysis").json()["verdict"]
    assert verdict["text"].startswith("Interleaving test: Decided by the sign test")
