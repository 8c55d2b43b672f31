"""The /ab_tests endpoints, and ``install`` which wires A/B testing into an app."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, FastAPI, HTTPException, Path, Query, status
from sqlalchemy.orm import Session

from ab_testing import assignment, decision, interleaving, manager, phases, repository
from ab_testing.logger import attribute_events
from ab_testing.manager import plan_of
from ab_testing.replay import replay as replay_test
from ab_testing.schemas import (
    AbAnalysis,
    AbResults,
    AbStatisticalAnalysis,
    AbTestCreate,
    AbTestPublic,
    AbTestsPublic,
    AllocationPublic,
    AssignmentPublic,
    InterleavingPublic,
    MetricsOverTime,
    ModelVersionCount,
    PhasesPublic,
    PositionStats,
    ReplayPublic,
    ServingHealth,
    TimeBucket,
    VariantPublic,
    VariantResults,
    VariantSeries,
    WeightsUpdate,
)
from ab_testing.seed import seed_ab_test
from deps import AdminRequired, RecommendationsDep, SessionDep, SettingsDep
from identifiers import UserId
from models import AbTest
from recommenders.registry import STRATEGIES
from tracking.interaction_tracker import StoredEvent

router = APIRouter(prefix="/ab_tests", tags=["A/B tests"])
# Bounded by the column (a 32-bit integer): a larger id is a 422, not a driver overflow.
TestId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The id the service gave the test")]


def install(app: FastAPI) -> None:
    """Routes, attribution of new events to impressions, and the sample test for /seed."""
    app.include_router(router)
    window = timedelta(hours=app.state.settings.ab_attribution_window_hours)

    def attribute(session: Session, events: Sequence[StoredEvent]) -> None:
        attribute_events(session, events, window)

    # In the event's own transaction: an acknowledged event never lacks its A/B credit.
    app.state.feed.interaction_writers.append(attribute)
    app.state.seed_steps.append(seed_ab_test)


def _load(session: Session, test_id: int) -> AbTest:
    try:
        return manager.get_test(session, test_id)
    except manager.TestNotFound as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(error)) from error


def _public(session: Session, test: AbTest) -> AbTestPublic:
    traffic = (
        None
        if test.slice_start is None or test.slice_end is None
        else (test.slice_end - test.slice_start) / assignment.BUCKETS
    )
    return AbTestPublic(
        id=test.id,
        name=test.name,
        description=test.description,
        status=test.status,
        mode=test.mode,
        created_at=test.created_at,
        stopped_at=test.stopped_at,
        layer=manager.layer_name(session, test),
        layer_traffic=traffic,
        variants=[VariantPublic.model_validate(v) for v in manager.variants_of(session, test.id)],
        **plan_of(test).model_dump(),
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=AbTestPublic,
    dependencies=[AdminRequired],
)
def create_test(spec: AbTestCreate, session: SessionDep, settings: SettingsDep) -> AbTestPublic:
    """Variants omitted: control = `cf` (v1), treatment = `content` (v2), 50/50. The decision
    plan (primary metric, rule, minimum detectable effect, ...) is declared here."""
    hold = timedelta(hours=settings.ab_attribution_window_hours)
    try:
        test = manager.create_test(session, spec, STRATEGIES, slice_hold=hold)
    except manager.InvalidTest as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(error)) from error
    session.commit()
    return _public(session, test)


@router.get("", response_model=AbTestsPublic)
def list_tests(
    session: SessionDep,
    status_filter: Annotated[
        Literal["active", "all"], Query(alias="status", description="active, or all tests")
    ] = "active",
) -> AbTestsPublic:
    """The running tests (``status=all``: stopped ones too), each with its variants."""
    tests = manager.list_tests(session, include_stopped=status_filter == "all")
    return AbTestsPublic(tests=[_public(session, test) for test in tests])


@router.get("/{test_id}", response_model=AbTestPublic)
def get_test(test_id: TestId, session: SessionDep) -> AbTestPublic:
    """One test: its variants and weights, decision plan and status."""
    return _public(session, _load(session, test_id))


@router.post("/{test_id}/stop", response_model=AbTestPublic, dependencies=[AdminRequired])
def stop_test(test_id: TestId, session: SessionDep) -> AbTestPublic:
    """Stop serving variants (users get the default strategy); the data stays."""
    _load(session, test_id)
    test = manager.stop_test(session, test_id)
    session.commit()
    return _public(session, test)


@router.put("/{test_id}/weights", response_model=AbTestPublic, dependencies=[AdminRequired])
def set_weights(test_id: TestId, update: WeightsUpdate, session: SessionDep) -> AbTestPublic:
    """New users follow the new weights; users already assigned keep their variant."""
    _load(session, test_id)
    try:
        test = manager.set_weights(session, test_id, update.weights)
    except manager.InvalidTest as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(error)) from error
    session.commit()
    return _public(session, test)


@router.get("/{test_id}/assignments", response_model=AssignmentPublic)
def get_assignment(
    test_id: TestId,
    user_id: Annotated[UserId, Query()],
    session: SessionDep,
    service: RecommendationsDep,
) -> AssignmentPublic:
    """The user's variant, stored on first lookup so it stays when weights change. A lookup
    does not expose the user: only a list served under the test does."""
    test = _load(session, test_id)
    assigned = manager.assign(session, test, [user_id])[user_id].variant
    session.commit()
    served = assigned if manager.serves(test) else None
    return AssignmentPublic(
        test_id=test.id,
        user_id=user_id,
        variant=served.name if served else None,
        strategy=served.strategy if served else service.default_strategy(),
        assigned_variant=assigned.name if assigned else None,
    )


@router.get("/{test_id}/results", response_model=AbResults)
def results(test_id: TestId, session: SessionDep, settings: SettingsDep) -> AbResults:
    """Per variant: users assigned and exposed, impressions, attributed clicks, add-to-carts
    and purchases, CTR, conversion, engagement, revenue; CTR by rank; serving health."""
    test = _load(session, test_id)
    aggregates = repository.variant_aggregates(session, test.id)
    variants = []
    for variant in manager.variants_of(session, test.id):
        a = aggregates.get(variant.id, repository.VariantAggregates())
        variants.append(
            VariantResults(
                variant=variant.name,
                strategy=variant.strategy,
                weight=variant.weight,
                rerank=variant.rerank,
                assigned_users=a.assigned_users,
                exposed_users=a.exposed_users,
                impressions=a.impressions,
                clicks=a.clicks,
                add_to_carts=a.add_to_carts,
                purchases=a.purchases,
                clicking_users=a.clicking_users,
                converted_users=a.converted_users,
                ctr=_ratio(a.clicks, a.impressions),
                conversion_rate=_ratio(a.converted_users, a.exposed_users),
                mean_engagement_seconds=a.mean_engagement_seconds,
                revenue=a.revenue,
                revenue_per_user=_ratio(a.revenue, a.exposed_users),
                ctr_by_position=[
                    PositionStats(
                        position=position,
                        impressions=a.impressions_at(position),
                        clicks=a.clicks_by_position.get(position, 0),
                        ctr=_ratio(
                            a.clicks_by_position.get(position, 0), a.impressions_at(position)
                        ),
                    )
                    for position in range(max(a.list_lengths, default=0))
                ],
                serving=ServingHealth(
                    p95_latency_ms=a.p95_latency_ms,
                    cache_hit_rate=_ratio(a.cache_hits, a.impressions),
                    fallback_share=_ratio(a.fallbacks, a.impressions),
                ),
                model_versions=[
                    ModelVersionCount(model_version=version, impressions=count)
                    for version, count in sorted(a.model_versions.items())
                ],
            )
        )
    return AbResults(
        test_id=test.id,
        name=test.name,
        status=test.status,
        mode=test.mode,
        attribution_window_hours=settings.ab_attribution_window_hours,
        variants=variants,
        allocations=[
            AllocationPublic(decided_at=row.decided_at, source=row.source, weights=row.weights)
            for row in repository.allocations(session, test.id)
        ],
    )


@router.get("/{test_id}/metrics_over_time", response_model=MetricsOverTime)
def metrics_over_time(
    test_id: TestId,
    session: SessionDep,
    bucket: Annotated[Literal["day", "hour"], Query(description="Bucket width (UTC)")] = "day",
) -> MetricsOverTime:
    """Per variant and day (or hour): impressions, clicks, CTR, attributed purchases and
    revenue, for the trend charts."""
    test = _load(session, test_id)
    series = repository.metrics_over_time(session, test.id, bucket)
    return MetricsOverTime(
        test_id=test.id,
        bucket=bucket,
        variants=[
            VariantSeries(
                variant=variant.name,
                buckets=[
                    TimeBucket(
                        start=row.start,
                        impressions=row.impressions,
                        clicks=row.clicks,
                        ctr=_ratio(row.clicks, row.impressions),
                        conversions=row.purchases,
                        revenue=row.revenue,
                    )
                    for row in series.get(variant.id, [])
                ],
            )
            for variant in manager.variants_of(session, test.id)
        ],
    )


DecisionMethod = Annotated[
    Literal["sequential", "fixed_horizon"] | None,
    Query(
        description="Omitted: the test's declared rule, the one its verdict decides by. "
        "Given: read the test under that rule instead (for reference; the answer names both). "
        "Adaptive tests use the Bayesian posterior either way."
    ),
]


@router.get("/{test_id}/analysis", response_model=AbAnalysis)
def analysis(
    test_id: TestId, session: SessionDep, decision_method: DecisionMethod = None
) -> dict[str, Any]:
    """The statistical tests per metric (the declared primary first), user-level, with the
    sample-ratio check and the declared plan."""
    full = decision.analyse(session, _load(session, test_id), decision_method)
    keep = ("alpha", "decision_method", "adaptive", "control", "primary_metric", "allocation",
            "sample_ratio", "metrics", "plan")  # fmt: skip
    return {"test_id": test_id, **{key: full[key] for key in keep}}


@router.get("/{test_id}/statistical_analysis", response_model=AbStatisticalAnalysis)
def statistical_analysis(
    test_id: TestId, session: SessionDep, decision_method: DecisionMethod = None
) -> dict[str, Any]:
    """The full analysis with the verdict of the declared rule on the declared primary
    metric, in plain language."""
    test = _load(session, test_id)
    return {"test_id": test_id, "test_name": test.name, "status": test.status,
            **decision.analyse(session, test, decision_method)}  # fmt: skip


@router.get("/{test_id}/replay", response_model=ReplayPublic)
def replay(
    test_id: TestId,
    session: SessionDep,
    strategy: Annotated[
        str, Query(min_length=1, max_length=64, description="A registered strategy")
    ],
) -> dict[str, Any]:
    """Offline replay: IPS and SNIPS estimates, with intervals, of the CTR (clicks per list)
    the strategy would have had on this test's logged traffic, from the propensities the
    assignment (and the bandit) recorded."""
    test = _load(session, test_id)
    if strategy not in STRATEGIES:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            f"unknown strategy {strategy!r}; "
            f"registered strategies: {', '.join(sorted(STRATEGIES))}",
        )
    return replay_test(session, test, strategy, alpha=test.alpha).to_dict()


@router.get("/{test_id}/interleaving", response_model=InterleavingPublic)
def interleaving_analysis(test_id: TestId, session: SessionDep) -> dict[str, Any]:
    """An interleaving test's decision: clicks credited to the ranker that placed the item,
    lists won per ranker, and the sign test."""
    test = _load(session, test_id)
    if test.mode != "interleaving":
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            f"test {test_id} is a {test.mode} test, not an interleaving one; "
            "its analysis is /statistical_analysis",
        )
    return interleaving.analyse(session, test, manager.variants_of(session, test.id)).to_dict()


@router.get("/{test_id}/phases", response_model=PhasesPublic)
def phases_of(test_id: TestId, session: SessionDep) -> dict[str, Any]:
    """The test split by phase: a model retrained mid-test starts a new one."""
    test = _load(session, test_id)
    reports = phases.split_by_phase(session, test, manager.variants_of(session, test.id))
    return {"test_id": test.id, "phases": [report.to_dict() for report in reports]}


def _ratio(numerator: float, denominator: float) -> float:
    """0 when there is nothing to divide by yet: the JSON never carries NaN."""
    return numerator / denominator if denominator else 0.0
