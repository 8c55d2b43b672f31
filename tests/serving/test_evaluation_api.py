"""Offline evaluation from the API, end to end on the sample data."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient

METRICS = (
    "ndcg_at_10",
    "recall_at_20",
    "hr_at_10",
    "mrr_at_10",
    "map_at_10",
    "coverage_at_10",
)


def wait_for(client: TestClient, run_id: str, seconds: float = 120) -> dict:
    deadline = time.monotonic() + seconds
    progress = []
    while time.monotonic() < deadline:
        run = client.get(f"/evaluation/runs/{run_id}").json()
        progress.append(run["progress"])
        if run["status"] != "running":
            assert progress == sorted(progress)
            return run
        time.sleep(0.05)
    raise AssertionError(f"run {run_id} still running after {seconds} s")


def test_an_evaluation_run_reports_every_strategy(seeded: TestClient) -> None:
    strategies = [s["name"] for s in seeded.get("/strategies").json()["strategies"]]
    response = seeded.post("/evaluation/runs")
    assert response.status_code == 202
    started = response.json()
    assert started["strategies"] == strategies
    assert started["data"]["eligible_users"] > 0

    run = wait_for(seeded, started["id"])
    assert run["status"] == "done", run["error"]
    assert run["progress"] == 1.0
    assert [result["strategy"] for result in run["results"]] == strategies
    for result in run["results"]:
        assert result["users"] == run["data"]["users"] > 0
        assert all(0.0 <= result[metric] <= 1.0 for metric in METRICS), result
    # On this sample, shoppers' tastes are learnable: something beats chance.
    assert max(result["hr_at_10"] for result in run["results"]) > 0.5


def test_a_run_for_chosen_strategies_and_a_few_users(seeded: TestClient) -> None:
    body = {"strategies": ["popular", "cf"], "max_users": 5}
    run = wait_for(seeded, seeded.post("/evaluation/runs", json=body).json()["id"])
    assert [result["strategy"] for result in run["results"]] == ["popular", "cf"]
    assert [result["users"] for result in run["results"]] == [5, 5]


def test_too_little_data_is_a_409_and_bad_requests_are_4xx(client: TestClient) -> None:
    response = client.post("/evaluation/runs")
    assert response.status_code == 409
    assert "at least 5 distinct items" in response.json()["detail"]
    client.post("/seed")
    response = client.post("/evaluation/runs", json={"strategies": ["magic"]})
    assert response.status_code == 422
    assert "magic" in response.json()["detail"]
    assert client.post("/evaluation/runs", json={"strategies": []}).status_code == 422
    assert client.get("/evaluation/runs/does-not-exist").status_code == 404
