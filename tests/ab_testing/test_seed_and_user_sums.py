"""The sample's seven-day test, and the per-user sums the statistics engine reads."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from ab_testing import manager, repository
from ab_testing.seed import CLICK_CHANCE
from models import AbAssignment, AbAttribution, AbImpression, Interaction


def test_the_sample_data_has_a_seven_day_test_with_a_story(client: TestClient) -> None:
    assert client.post("/seed").status_code == 200
    [test] = client.get("/ab_tests?status=all").json()["tests"]
    assert [(v["name"], v["strategy"]) for v in test["variants"]] == [
        ("control", "cf"),
        ("treatment", "content"),
    ]
    results = client.get(f"/ab_tests/{test['id']}/results").json()
    control, treatment = results["variants"]
    assert control["exposed_users"] + treatment["exposed_users"] == 50
    assert min(control["impressions"], treatment["impressions"]) > 100
    assert min(control["purchases"], treatment["purchases"]) > 0
    # the treatment is truly better by design, and the sample shows it
    assert CLICK_CHANCE["treatment"] > CLICK_CHANCE["control"]
    assert treatment["ctr"] > control["ctr"]
    days = client.get(f"/ab_tests/{test['id']}/metrics_over_time").json()["variants"]
    assert all(7 <= len(series["buckets"]) <= 8 for series in days)
    # seeding twice tells the same story
    client.post("/seed")
    [again] = client.get("/ab_tests?status=all").json()["tests"]
    repeat = client.get(f"/ab_tests/{again['id']}/results").json()["variants"]
    assert [(v["impressions"], v["clicks"], v["purchases"]) for v in repeat] == [
        (v["impressions"], v["clicks"], v["purchases"]) for v in (control, treatment)
    ]


def test_per_user_rows_match_a_recount_from_the_rows(client: TestClient, engine: Engine) -> None:
    client.post("/seed")
    test_id = client.get("/ab_tests?status=all").json()["tests"][0]["id"]
    with Session(engine) as session:
        test = manager.get_test(session, test_id)
        # pretend the test began mid-week, so the sample's earlier events form a pre-period
        test.created_at += timedelta(days=3)
        session.flush()
        rows = {row.user_id: row for row in session.execute(repository.per_user_select(test))}
        # the oracle: the same values recounted in Python from the raw rows
        variant_names = {v.id: v.name for v in manager.variants_of(session, test_id)}
        exposed = {
            user: variant_names[variant]
            for user, variant in session.execute(
                select(AbAssignment.user_id, AbAssignment.variant_id).where(
                    AbAssignment.test_id == test_id, AbAssignment.first_exposed_at.is_not(None)
                )
            )
        }
        want: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for (user,) in session.execute(
            select(AbImpression.user_id).where(AbImpression.test_id == test_id)
        ):
            want[user]["impressions"] += 1
        for row in session.scalars(select(AbAttribution).where(AbAttribution.test_id == test_id)):
            values = want[row.user_id]
            values["clicks"] += row.event_type == "click"
            values["purchases"] += row.event_type == "purchase"
            values["revenue"] += row.revenue or 0.0
            values["seconds"] += row.engagement_seconds or 0.0
        start = test.created_at
        for user, moment, revenue in session.execute(
            select(Interaction.user_id, Interaction.timestamp, Interaction.revenue)
        ):
            if start - timedelta(days=14) <= moment < start:
                want[user]["pre_events"] += 1
                want[user]["pre_revenue"] += revenue or 0.0
    assert set(rows) == set(exposed) and len(rows) == 50
    columns = ("impressions", "clicks", "purchases", "revenue", "seconds", "pre_revenue",
               "pre_events")  # fmt: skip
    for user, row in rows.items():
        assert row.variant == exposed[user]
        for column in columns:
            assert abs(getattr(row, column) - want[user][column]) < 1e-6, (user, column)
        assert row.purchased == (want[user]["purchases"] > 0)
    assert sum(row.pre_events for row in rows.values()) > 0
    assert sum(row.pre_revenue for row in rows.values()) > 0


def test_the_analysis_reads_the_sample_test(client: TestClient) -> None:
    client.post("/seed")
    test_id = client.get("/ab_tests?status=all").json()["tests"][0]["id"]
    results = client.get(f"/ab_tests/{test_id}/results").json()["variants"]
    analysis = client.get(f"/ab_tests/{test_id}/analysis").json()
    assert analysis["primary_metric"] == "ctr" and analysis["control"] == "control"
    assert [m["metric"] for m in analysis["metrics"]] == ["ctr", "conversion", "revenue",
                                                          "engagement"]  # fmt: skip
    users = {a["variant"]: a["users"] for a in analysis["allocation"]}
    assert users == {v["variant"]: v["exposed_users"] for v in results}
    ctr = analysis["metrics"][0]
    [comparison] = ctr["comparisons"]
    assert 0 <= comparison["p_value"] <= 1
    full = client.get(f"/ab_tests/{test_id}/statistical_analysis").json()
    assert full["verdict"]["text"] and full["test_name"].startswith("Homepage")
    fixed = client.get(
        f"/ab_tests/{test_id}/statistical_analysis", params={"decision_method": "fixed_horizon"}
    ).json()
    assert fixed["decision_method"] == "fixed_horizon"
    assert client.get(f"/ab_tests/{test_id}/analysis?decision_method=peek").status_code == 422
    assert client.get("/ab_tests/77/statistical_analysis").status_code == 404
