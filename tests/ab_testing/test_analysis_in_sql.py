"""Aggregation in the database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set):
events -> per user -> per variant in SQL, then the same analysis as from NumPy's sums."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from sqlalchemy import (
    Column,
    Engine,
    Float,
    Integer,
    MetaData,
    Select,
    String,
    Table,
    func,
    insert,
    select,
)

from ab_testing.repository import analyze_test, variant_inputs
from stats import AnalysisSettings, Decision, MetricSpec, analyze_experiment
from stats.analysis import MetricSource
from stats.cuped import CupedSummary
from stats.estimates import MeanSummary, ProportionSummary, RatioSummary
from stats.experiment import VariantInput
from tests.stats.oracle import agree

SOURCES = [
    MetricSource(MetricSpec("ctr", "CTR"), "ratio", "clicks", denominator="impressions"),
    MetricSource(MetricSpec("conversion", "conversion"), "proportion", "purchased"),
    MetricSource(
        MetricSpec("revenue", "revenue per user"), "cuped", "revenue", covariate="pre_revenue"
    ),
    MetricSource(MetricSpec("engagement", "engagement seconds"), "mean", "seconds"),
]
WEIGHTS = {"control": 1.0, "treatment": 1.0, "unreached": 1.0}
Events = tuple[Table, dict[str, dict[str, np.ndarray]]]


def _users(rng: np.random.Generator, variant: str, users: int, ctr: float) -> dict[str, np.ndarray]:
    impressions = rng.poisson(3, users) + 1
    clicks = rng.binomial(impressions, ctr)
    pre = np.round(rng.gamma(1.5, 8.0, users), 2)
    return {
        "user": np.array([f"{variant}-{i}" for i in range(users)]),
        "impressions": impressions,
        "clicks": clicks,
        "purchased": (rng.random(users) < 0.2 + clicks * 0.05).astype(int),
        "revenue": np.round(0.8 * pre + rng.exponential(5.0, users), 2),
        "pre_revenue": pre,
        "seconds": rng.integers(0, 600, users),
    }


@pytest.fixture
def events(engine: Engine) -> Iterator[Events]:
    """One row per impression; a user's clicks, purchase, revenue spread over their rows."""
    rng = np.random.default_rng(31)
    per_variant = {
        "control": _users(rng, "control", 700, 0.10),
        "treatment": _users(rng, "treatment", 650, 0.13),
    }
    table = Table(
        f"stats_events_{uuid.uuid4().hex[:8]}",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("user_id", String(40), nullable=False),
        Column("variant", String(20), nullable=False),
        Column("clicked", Integer, nullable=False),
        Column("purchased", Integer, nullable=False),
        Column("revenue", Float, nullable=False),
        Column("pre_revenue", Float, nullable=False),
        Column("seconds", Integer, nullable=False),
    )
    rows = []
    for variant, users in per_variant.items():
        for i, user in enumerate(users["user"]):
            shown = int(users["impressions"][i])
            for k in range(shown):
                first = k == 0
                rows.append(
                    {
                        "user_id": str(user),
                        "variant": variant,
                        "clicked": int(k < users["clicks"][i]),
                        "purchased": int(users["purchased"][i]) if first else 0,
                        "revenue": float(users["revenue"][i]) if first else 0.0,
                        "pre_revenue": float(users["pre_revenue"][i]),
                        "seconds": int(users["seconds"][i]) if first else 0,
                    }
                )
    table.create(engine)
    try:
        with engine.begin() as connection:
            connection.execute(insert(table), rows)
        yield table, per_variant
    finally:
        table.drop(engine)


def _per_user(table: Table) -> Select[Any]:
    return select(
        table.c.variant,
        table.c.user_id,
        func.count().label("impressions"),
        func.sum(table.c.clicked).label("clicks"),
        func.max(table.c.purchased).label("purchased"),
        func.sum(table.c.revenue).label("revenue"),
        func.max(table.c.pre_revenue).label("pre_revenue"),
        func.sum(table.c.seconds).label("seconds"),
    ).group_by(table.c.variant, table.c.user_id)


def _from_numpy(users: dict[str, np.ndarray], name: str) -> VariantInput:
    return VariantInput(
        name,
        users["user"].size,
        1.0,
        {
            "ctr": RatioSummary.from_values(users["clicks"], users["impressions"]),
            "conversion": ProportionSummary(users["user"].size, int(users["purchased"].sum())),
            "revenue": CupedSummary.from_values(users["revenue"], users["pre_revenue"]),
            "engagement": MeanSummary.from_values(users["seconds"].astype(float)),
        },
    )


def test_sql_sums_per_variant_equal_numpy_sums_per_user(engine: Engine, events: Events) -> None:
    table, per_variant = events
    with engine.connect() as connection:
        inputs = variant_inputs(connection, _per_user(table), SOURCES, WEIGHTS)
    assert [v.name for v in inputs] == ["control", "treatment", "unreached"]
    for got in inputs[:2]:
        expected = _from_numpy(per_variant[got.name], got.name)
        assert got.users == expected.users
        for metric, summary in expected.metrics.items():
            ours = got.metrics[metric]
            assert type(ours) is type(summary)
            for field, value in vars(summary).items():
                if isinstance(value, MeanSummary):
                    for inner, inner_value in vars(value).items():
                        assert getattr(getattr(ours, field), inner) == agree(inner_value), (
                            metric,
                            field,
                            inner,
                        )
                else:
                    assert getattr(ours, field) == agree(value), (metric, field)
    assert inputs[2].users == 0


def test_analysis_from_the_database_matches_the_pure_analysis(
    engine: Engine, events: Events
) -> None:
    table, per_variant = events
    settings = AnalysisSettings(daily_enrolment_rate=300.0)
    weights = {"control": 1.0, "treatment": 1.0}
    with engine.connect() as connection:
        from_sql = analyze_test(connection, _per_user(table), SOURCES, weights, settings)
    pure = analyze_experiment(
        [_from_numpy(per_variant[name], name) for name in weights],
        [s.spec for s in SOURCES],
        settings,
    )
    assert from_sql.verdict.decision is pure.verdict.decision is Decision.SHIP
    assert from_sql.verdict.text == pure.verdict.text
    for sql_metric, pure_metric in zip(from_sql.metrics, pure.metrics, strict=True):
        sql_cmp, pure_cmp = sql_metric.comparisons[0], pure_metric.comparisons[0]
        assert sql_cmp.p_value == agree(pure_cmp.p_value)
        assert sql_cmp.ci_low == agree(pure_cmp.ci_low)
        assert sql_cmp.ci_high == agree(pure_cmp.ci_high)


def test_users_in_an_undeclared_variant_are_an_error(engine: Engine, events: Events) -> None:
    table, _ = events
    with engine.connect() as connection, pytest.raises(ValueError, match="does not define"):
        variant_inputs(connection, _per_user(table), SOURCES, {"control": 1.0})


def test_metric_sources_name_the_columns_their_kind_needs() -> None:
    with pytest.raises(ValueError, match="denominator"):
        MetricSource(MetricSpec("ctr"), "ratio", "clicks")
    with pytest.raises(ValueError, match="covariate"):
        MetricSource(MetricSpec("revenue"), "mean", "revenue", covariate="pre")
