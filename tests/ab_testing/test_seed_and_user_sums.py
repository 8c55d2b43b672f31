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
    [test] = client.get("/ab_tests").json()["tests"]
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
    [again] = client.get("/ab_tests").json()["tests"]
    repeat = client.get(f"/ab_tests/{again['id']}/results").json()["variants"]
    assert [(v["impressions"], v["clicks"], v["purchases"]) for v in repeat] == [
        (v["impressions"], v["clicks"], v["purchases"]) for v in (control, treatment)
    ]


def test_user_level_sums_match_a_recount_from_the_rows(client: TestClient, engine: Engine) -> None:
    client.post("/seed")
    test_id = client.get("/ab_tests").json()["tests"][0]["id"]
    with Session(engine) as session:
        test = manager.get_test(session, test_id)
        # pretend the test began mid-week, so the sample's earlier events form a pre-period
        test.created_at += timedelta(days=3)
        session.flush()
        sums = repository.user_level_sums(session, test, pre_period=timedelta(days=14))
        # the oracle: per-user values recounted in Python from the raw rows
        users = dict(
            session.execute(
                select(AbAssignment.user_id, AbAssignment.variant_id).where(
                    AbAssignment.test_id == test_id, AbAssignment.first_exposed_at.is_not(None)
                )
            ).all()
        )
        per_user: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for (user,) in session.execute(
            select(AbImpression.user_id).where(AbImpression.test_id == test_id)
        ):
            per_user[user]["impressions"] += 1
        for row in session.scalars(select(AbAttribution).where(AbAttribution.test_id == test_id)):
            values = per_user[row.user_id]
            values["clicks"] += row.event_type == "click"
            values["purchases"] += row.event_type == "purchase"
            values["revenue"] += row.revenue or 0.0
            values["engagement"] += row.engagement_seconds or 0.0
        for user, moment in session.execute(select(Interaction.user_id, Interaction.timestamp)):
            if test.created_at - timedelta(days=14) <= moment < test.created_at and user in users:
                per_user[user]["pre"] += 1
    for values in per_user.values():
        values["converted"] = float(values["purchases"] > 0)
    assert set(sums) == set(users.values())
    for variant_id, got in sums.items():
        members = [per_user[user] for user, variant in users.items() if variant == variant_id]
        assert got.n == len(members) > 0
        for metric in repository.USER_METRICS:
            assert abs(got.sums[metric] - sum(m[metric] for m in members)) < 1e-6, metric
            assert abs(got.sums_of_squares[metric] - sum(m[metric] ** 2 for m in members)) < 1e-6
        for a, b in repository.CROSS_PRODUCTS:
            assert abs(got.cross[f"{a}*{b}"] - sum(m[a] * m[b] for m in members)) < 1e-6
    assert sum(s.sums["clicks"] for s in sums.values()) > 0
    assert sum(s.sums["pre"] for s in sums.values()) > 0
