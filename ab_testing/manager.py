"""Create, list, stop and re-weight tests; assign users to variants (the callers commit)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ab_testing import assignment
from ab_testing.schemas import AbTestCreate, DecisionPlan, VariantCreate
from ab_testing.sql import insert_ignoring_conflicts
from models import AbAllocation, AbAssignment, AbLayer, AbTest, AbVariant, utcnow

DEFAULT_VARIANTS = (
    VariantCreate(name="control", strategy="cf", weight=0.5),
    VariantCreate(name="treatment", strategy="content", weight=0.5),
)
CHUNK = 5_000
# How long a stopped test keeps its layer slice: its users have just seen its lists, whose
# effect on what they do carries over for a while (docs/ab_testing.md).
DEFAULT_SLICE_HOLD = timedelta(hours=24)


class TestNotFound(LookupError):
    def __init__(self, test_id: int) -> None:
        super().__init__(f"no A/B test {test_id}")


class InvalidTest(ValueError):
    """A test the service cannot run as asked (the routes answer 422)."""


@dataclass(frozen=True)
class Assigned:
    """A user's variant in a test; ``variant`` is None when the test does not serve them."""

    test: AbTest
    user_id: str
    variant: AbVariant | None
    first_exposed_at: datetime | None = None


def create_test(
    session: Session,
    spec: AbTestCreate,
    strategies: Collection[str],
    now: datetime | None = None,
    slice_hold: timedelta = DEFAULT_SLICE_HOLD,
) -> AbTest:
    now = now or utcnow()
    variants = list(spec.variants if spec.variants is not None else DEFAULT_VARIANTS)
    unknown = [f"{v.name}: {v.strategy!r}" for v in variants if v.strategy not in strategies]
    if unknown:
        raise InvalidTest(
            f"unknown strategy in variants ({'; '.join(unknown)}); "
            f"registered strategies: {', '.join(sorted(strategies))}"
        )
    _check_every_variant_gets_users([v.weight for v in variants], [v.name for v in variants])
    test = AbTest(
        name=spec.name,
        description=spec.description,
        status="active",
        mode=spec.mode,
        created_at=now,
        primary_metric=spec.primary_metric,
        guardrail_metrics=list(spec.guardrail_metrics),
        decision_rule=spec.decision_rule,
        minimum_detectable_effect=spec.minimum_detectable_effect,
        power=spec.power,
        alpha=spec.alpha,
        planned_users_per_variant=spec.planned_users_per_variant,
        planned_duration_days=spec.planned_duration_days,
    )
    if spec.layer is not None:
        _place_in_layer(session, test, spec.layer, spec.layer_traffic, now, slice_hold)
    session.add(test)
    session.flush()
    session.add_all(
        AbVariant(
            test_id=test.id,
            position=position,
            name=v.name,
            strategy=v.strategy,
            weight=v.weight,
            rerank=v.rerank,
        )
        for position, v in enumerate(variants)
    )
    _record_allocation(
        session, test.id, [v.name for v in variants], [v.weight for v in variants], "initial", now
    )
    session.flush()
    return test


def _check_every_variant_gets_users(weights: Sequence[float], names: Sequence[str]) -> None:
    empty = [
        name for name, size in zip(names, assignment.range_sizes(weights), strict=True) if size == 0
    ]
    if empty:
        raise InvalidTest(f"weights too small to get any of the 10,000 buckets: {empty}")


def _place_in_layer(
    session: Session,
    test: AbTest,
    layer_name: str,
    traffic: float,
    now: datetime,
    slice_hold: timedelta,
) -> None:
    """The first free slice; a stopped test's slice is free only ``slice_hold`` after its stop,
    once no event of its users can still be credited to it."""
    layer = session.scalar(
        select(AbLayer).where(AbLayer.name == layer_name).with_for_update()
    ) or AbLayer(name=layer_name, created_at=now)
    if layer.id is None:
        session.add(layer)
        session.flush()
    taken = session.execute(
        select(AbTest.slice_start, AbTest.slice_end).where(
            AbTest.layer_id == layer.id,
            (AbTest.status == "active") | (AbTest.stopped_at > now - slice_hold),
        )
    ).all()
    # A test in a layer always holds a slice (set with its layer, never cleared).
    slices = [(s, e) for s, e in taken if s is not None and e is not None]
    size = assignment.slice_size(traffic)
    placed = assignment.free_slice(slices, size)
    if size == 0 or placed is None:
        free = assignment.BUCKETS - sum(e - s for s, e in slices)
        raise InvalidTest(
            f"layer {layer_name!r} has no free slice of {traffic:.2%} of its users "
            f"({free / assignment.BUCKETS:.2%} unused by its active tests and the tests "
            f"stopped less than {slice_hold} ago, whose users' events may still be credited "
            "to them)"
        )
    test.layer_id = layer.id
    test.slice_start, test.slice_end = placed


def _record_allocation(
    session: Session,
    test_id: int,
    names: Sequence[str],
    weights: Sequence[float],
    source: str,
    now: datetime,
) -> None:
    shares = dict(zip(names, assignment.shares(weights), strict=True))
    session.add(AbAllocation(test_id=test_id, decided_at=now, source=source, weights=shares))


def plan_of(test: AbTest) -> DecisionPlan:
    return DecisionPlan(
        primary_metric=test.primary_metric,
        guardrail_metrics=list(test.guardrail_metrics or []),
        decision_rule=test.decision_rule,
        minimum_detectable_effect=test.minimum_detectable_effect,
        power=test.power,
        alpha=test.alpha,
        planned_users_per_variant=test.planned_users_per_variant,
        planned_duration_days=test.planned_duration_days,
    )


def get_test(session: Session, test_id: int) -> AbTest:
    test = session.get(AbTest, test_id)
    if test is None:
        raise TestNotFound(test_id)
    return test


def list_tests(session: Session, include_stopped: bool = False) -> list[AbTest]:
    query = select(AbTest).order_by(AbTest.id)
    if not include_stopped:
        query = query.where(AbTest.status == "active")
    return list(session.scalars(query))


def variants_of(session: Session, test_id: int) -> list[AbVariant]:
    return list(
        session.scalars(
            select(AbVariant).where(AbVariant.test_id == test_id).order_by(AbVariant.position)
        )
    )


def layer_name(session: Session, test: AbTest) -> str | None:
    return None if test.layer_id is None else session.get_one(AbLayer, test.layer_id).name


def stop_test(session: Session, test_id: int, now: datetime | None = None) -> AbTest:
    """Idempotent: stopping a stopped test changes nothing. Its layer slice becomes free."""
    test = get_test(session, test_id)
    if test.status != "stopped":
        test.status = "stopped"
        test.stopped_at = now or utcnow()
        session.flush()
    return test


def set_weights(
    session: Session,
    test_id: int,
    weights: dict[str, float],
    source: str = "manual",
    now: datetime | None = None,
) -> AbTest:
    """New users follow the new weights; users already assigned keep their variant."""
    test = get_test(session, test_id)
    if test.status != "active":
        raise InvalidTest(f"test {test_id} is stopped; its weights no longer matter")
    variants = variants_of(session, test_id)
    names = [variant.name for variant in variants]
    if sorted(weights) != sorted(names):
        raise InvalidTest(f"give a weight for each variant, exactly: {names}")
    ordered = [weights[name] for name in names]
    _check_every_variant_gets_users(ordered, names)
    for variant in variants:
        variant.weight = weights[variant.name]
    _record_allocation(session, test_id, names, ordered, source, now or utcnow())
    session.flush()
    return test


def in_layer(test: AbTest, user_id: str, layer: str | None) -> bool:
    if layer is None or test.slice_start is None or test.slice_end is None:
        return True
    return test.slice_start <= assignment.layer_bucket(layer, user_id) < test.slice_end


def assign(
    session: Session,
    test: AbTest,
    user_ids: Sequence[str],
    now: datetime | None = None,
    create: bool = True,
) -> dict[str, Assigned]:
    """Each user's variant: the stored one, else (active test, user in the layer, ``create``)
    a new one from the bucket rule, stored at once. Safe when several servers race: the first
    stored assignment wins and every server reads it back."""
    now = now or utcnow()
    variants = variants_of(session, test.id)
    by_id = {variant.id: variant for variant in variants}
    stored = _stored(session, test.id, user_ids)
    layer = layer_name(session, test)
    missing = [
        user_id
        for user_id in dict.fromkeys(user_ids)
        if user_id not in stored and test.status == "active" and in_layer(test, user_id, layer)
    ]
    if missing and create:
        weights = [variant.weight for variant in variants]
        shares = assignment.shares(weights)
        rows = []
        for user_id in missing:
            index = assignment.pick(weights, assignment.test_bucket(test.id, user_id))
            rows.append(
                {
                    "test_id": test.id,
                    "user_id": user_id,
                    "variant_id": variants[index].id,
                    "assigned_at": now,
                    "assignment_probability": shares[index],
                }
            )
        insert = insert_ignoring_conflicts(session, AbAssignment, ["test_id", "user_id"])
        for start in range(0, len(rows), CHUNK):
            session.execute(insert, rows[start : start + CHUNK])
        stored.update(_stored(session, test.id, missing))
    return {
        user_id: Assigned(
            test,
            user_id,
            by_id[stored[user_id][0]] if user_id in stored else None,
            stored[user_id][1] if user_id in stored else None,
        )
        for user_id in user_ids
    }


def serves(test: AbTest) -> bool:
    """Only an active test serves its variants; a stopped one serves no one, whoever was in it."""
    return test.status == "active"


def _stored(
    session: Session, test_id: int, user_ids: Sequence[str]
) -> dict[str, tuple[int, datetime | None]]:
    found: dict[str, tuple[int, datetime | None]] = {}
    unique = list(dict.fromkeys(user_ids))
    for start in range(0, len(unique), CHUNK):
        rows = session.execute(
            select(AbAssignment.user_id, AbAssignment.variant_id, AbAssignment.first_exposed_at)
            .where(AbAssignment.test_id == test_id)
            .where(AbAssignment.user_id.in_(unique[start : start + CHUNK]))
        )
        found.update({user_id: (variant_id, exposed) for user_id, variant_id, exposed in rows})
    return found


def mark_exposed(session: Session, test_id: int, user_id: str, now: datetime) -> None:
    """Record the first exposure; later ones leave the first time in place."""
    session.execute(
        update(AbAssignment)
        .where(AbAssignment.test_id == test_id, AbAssignment.user_id == user_id)
        .where(AbAssignment.first_exposed_at.is_(None))
        .values(first_exposed_at=now)
    )
