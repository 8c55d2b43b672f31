"""The public API end to end: a simulated storefront (bench/simulate_storefront.py) serves
lists under a test, reacts to them, and the results report exactly what it sent."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from ab_testing.schemas import MAX_VARIANTS
from app import create_app
from bench.simulate_storefront import simulate
from config import Settings
from tests.ab_testing.helpers import assert_totals_match_a_rebuild


def test_results_report_exactly_what_the_storefront_sent(
    client: TestClient, engine: Engine
) -> None:
    # read once at the planned size, as the fixed-horizon rule is meant to be
    plan = {"decision_rule": "fixed_horizon", "planned_users_per_variant": 25}
    report = simulate(client, users=60, rounds=3, seed=3, progress=False, plan=plan)
    assert report.mismatches == []
    assert_totals_match_a_rebuild(client, engine, report.test_id)
    control, treatment = report.reported["control"], report.reported["treatment"]
    assert control["impressions"] + treatment["impressions"] == 20 + 40 + 60  # arrivals
    # the shoppers' tastes make the personalised arm truly better, and the results show it
    assert treatment["ctr"] > 1.5 * control["ctr"]
    # and the analysis names the better arm
    verdict = client.get(f"/ab_tests/{report.test_id}/statistical_analysis").json()["verdict"]
    assert verdict["recommended_variant"] == "treatment", verdict["text"]
    # served under the test: the variant's strategy, the answer says so
    answer = client.get(
        "/recommendations", params={"user_id": "someone-new", "test_id": report.test_id, "n": 3}
    ).json()
    assert answer["variant"] in ("control", "treatment")
    assert answer["strategy"] == {"control": "popular", "treatment": "content"}[answer["variant"]]
    assert answer["test_id"] == report.test_id and len(answer["impression_id"]) == 32


def test_a_stopped_test_stops_serving_variants(client: TestClient) -> None:
    report = simulate(client, users=10, rounds=1, seed=4, progress=False)
    before = client.get(f"/ab_tests/{report.test_id}/results").json()
    client.post(f"/ab_tests/{report.test_id}/stop")
    for user in ("sim-user-a", "sim-user-b"):
        answer = client.get(
            "/recommendations", params={"user_id": user, "test_id": report.test_id}
        ).json()
        assert answer["variant"] is None and answer["impression_id"] is None
        assert answer["strategy"] == "hybrid"  # the service's default strategy
    after = client.get(f"/ab_tests/{report.test_id}/results").json()
    assert [v["impressions"] for v in after["variants"]] == [
        v["impressions"] for v in before["variants"]
    ]
    assert after["status"] == "stopped"


def test_recommendations_under_a_test_refuse_bad_requests(client: TestClient) -> None:
    report = simulate(client, users=4, rounds=1, seed=5, progress=False)
    missing = client.get("/recommendations", params={"user_id": "u", "test_id": 999})
    assert missing.status_code == 404 and "999" in missing.json()["detail"]
    both = client.get(
        "/recommendations", params={"user_id": "u", "test_id": report.test_id, "strategy": "cf"}
    )
    assert both.status_code == 422 and "either" in both.json()["detail"]
    assert client.get("/recommendations", params={"user_id": "u", "test_id": 0}).status_code == 422
    plain = client.get("/recommendations", params={"user_id": "u"}).json()
    assert "test_id" not in plain and "impression_id" not in plain


@pytest.fixture
def eager_bandit(settings: Settings) -> Iterator[TestClient]:
    """Re-allocate on every request, so a short simulation shows the bandit at work."""
    with TestClient(create_app(settings.model_copy(update={"ab_bandit_update_seconds": 0}))) as c:
        yield c


@pytest.mark.slow
def test_the_bandit_moves_traffic_to_the_truly_better_arm(eager_bandit: TestClient) -> None:
    report = simulate(eager_bandit, users=60, rounds=6, seed=6, mode="adaptive", progress=False)
    assert report.mismatches == []
    results = eager_bandit.get(f"/ab_tests/{report.test_id}/results").json()
    assert results["mode"] == "adaptive"
    allocations = results["allocations"]
    assert allocations[0]["source"] == "initial"
    assert {a["source"] for a in allocations[1:]} == {"thompson"}
    assert allocations[-1]["weights"]["treatment"] > 0.8
    by_variant = {row["variant"]: row for row in results["variants"]}
    assert by_variant["treatment"]["assigned_users"] > by_variant["control"]["assigned_users"]


def test_an_adaptive_test_with_many_arms_still_serves(eager_bandit: TestClient) -> None:
    arms = [{"name": f"arm{n}", "strategy": "popular", "weight": 1} for n in range(MAX_VARIANTS)]
    test = eager_bandit.post(
        "/ab_tests", json={"name": "many", "mode": "adaptive", "variants": arms}
    ).json()
    answer = eager_bandit.get("/recommendations", params={"user_id": "u", "test_id": test["id"]})
    assert answer.status_code == 200 and answer.json()["variant"].startswith("arm")
    weights = eager_bandit.get(f"/ab_tests/{test['id']}/results").json()["allocations"][-1]
    assert weights["source"] == "thompson" and min(weights["weights"].values()) > 0
