"""Offline replay through the API: IPS and SNIPS estimates of a strategy's CTR from a test's
own logged lists and the propensities its assignment recorded."""

from __future__ import annotations

from fastapi.testclient import TestClient

from bench.simulate_storefront import simulate


def test_replay_recovers_each_arms_ctr_from_the_log(client: TestClient) -> None:
    # 30/70 split: each arm's lists are weighted by 1 / its share
    report = simulate(
        client, users=200, rounds=2, seed=21, progress=False, click_rates=(0.10, 0.40),
        weights=(3, 7),
    )  # fmt: skip
    results = {
        v["strategy"]: v
        for v in client.get(f"/ab_tests/{report.test_id}/results").json()["variants"]
    }
    for strategy, true_ctr in (("popular", 0.10), ("content", 0.40)):
        response = client.get(f"/ab_tests/{report.test_id}/replay", params={"strategy": strategy})
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["reason"] is None and body["served_by"] == [
            "control" if strategy == "popular" else "treatment"
        ]
        assert body["lists"] == sum(v["impressions"] for v in results.values())
        assert body["matched_lists"] == results[strategy]["impressions"]
        # SNIPS with one propensity per arm is that arm's own clicks per list, exactly
        assert abs(body["snips"]["estimate"] - results[strategy]["ctr"]) < 1e-9
        ips = body["ips"]
        assert ips["ci_low"] < ips["estimate"] < ips["ci_high"]
        assert ips["ci_low"] <= true_ctr <= ips["ci_high"], (strategy, ips)
        assert body["snips"]["ci_low"] <= true_ctr <= body["snips"]["ci_high"], strategy
        assert body["effective_sample_size"] <= body["matched_users"] + 1e-9


def test_a_strategy_no_arm_served_has_no_support(client: TestClient) -> None:
    report = simulate(client, users=20, rounds=1, seed=22, progress=False)
    body = client.get(f"/ab_tests/{report.test_id}/replay", params={"strategy": "cf"}).json()
    assert body["ips"] is None and body["snips"] is None
    assert "no support" in body["reason"] and body["matched_lists"] == 0
    unknown = client.get(f"/ab_tests/{report.test_id}/replay", params={"strategy": "telepathy"})
    assert unknown.status_code == 422 and "registered strategies" in unknown.json()["detail"]
    assert client.get("/ab_tests/999/replay", params={"strategy": "cf"}).status_code == 404
