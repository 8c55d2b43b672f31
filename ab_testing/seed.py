"""The sample data's A/B test: seven days of v1 (cf) against v2 (content) on the homepage.

The test is over by the time the data is loaded: its seven days of lists end one attribution
window before the load and it is stopped at the load, so live traffic (a purchase made now)
is never credited to it and its story stays the same.

Every sample shopper is assigned by the real rule and served a few lists a day; clicks,
add-to-carts and purchases follow from the list, the rank and the shopper's taste. The
treatment's lists are truly a little better (a higher click chance on every rank), so the
dashboard has a story to tell; with 50 shoppers the evidence is suggestive, not conclusive.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ab_testing import manager
from ab_testing.logger import Impression, attribute_events, log_impressions
from ab_testing.schemas import AbTestCreate, VariantCreate
from models import Interaction, Item
from recommenders.registry import STRATEGIES
from tracking.interaction_tracker import StoredEvent, log_events
from tracking.schemas import InteractionCreate

DAYS = 7
LIST_LENGTH = 6
# The chance the first-ranked item of a list is clicked; lower ranks decay from it.
CLICK_CHANCE = {"control": 0.10, "treatment": 0.115}
# The share of a list drawn from the shopper's favourite categories.
ON_TASTE = {"control": 0.55, "treatment": 0.65}
ATTRIBUTION_WINDOW = timedelta(hours=24)


def seed_ab_test(session: Session, now: datetime, rng: random.Random) -> list[StoredEvent]:
    # The last list is shown more than an attribution window before ``now``.
    start = now - timedelta(days=DAYS) - ATTRIBUTION_WINDOW
    _restart_ids(session)
    test = manager.create_test(
        session,
        AbTestCreate(
            name="Homepage recommendations: v1 (cf) vs v2 (content)",
            description="Does the content-based list (v2) earn more clicks and sales than "
            "collaborative filtering (v1) in the homepage carousel?",
            variants=[
                VariantCreate(name="control", strategy="cf", weight=0.5),
                VariantCreate(name="treatment", strategy="content", weight=0.5),
            ],
        ),
        STRATEGIES,
        now=start,
    )
    items = [
        (item_id, category, price)
        for item_id, category, price in session.execute(
            select(Item.item_id, Item.category, Item.price).order_by(Item.item_id)
        )
    ]
    tastes = _favourite_categories(session)
    users = sorted(tastes)
    assigned = manager.assign(session, test, users, now=start)

    impressions: list[Impression] = []
    events: list[InteractionCreate] = []
    for user_id in users:
        variant = assigned[user_id].variant
        assert variant is not None  # an active test outside any layer serves everyone
        liked = tastes[user_id]
        for _ in range(rng.randint(3, 12)):
            served_at = start + timedelta(seconds=rng.uniform(0, DAYS * 86_400 - 7_200))
            shown = _list_for(variant.name, liked, items, rng)
            impression = Impression(
                test_id=test.id,
                variant_id=variant.id,
                user_id=user_id,
                strategy=variant.strategy,
                item_ids=[item_id for item_id, _, _ in shown],
                served_at=served_at,
                model_version=f"{variant.strategy}-seed",
                latency_ms=round(rng.lognormvariate(2.3 if variant.name == "control" else 2.0, 0.4), 2),
                cache_hit=rng.random() < 0.3,
                fallback=rng.random() < 0.04,
                impression_id=f"seed-imp-{len(impressions):05d}",
            )  # fmt: skip
            impressions.append(impression)
            events += _reactions(impression, shown, liked, CLICK_CHANCE[variant.name], rng, events)

    log_impressions(session, impressions)
    first_seen: dict[str, datetime] = {}
    for impression in impressions:
        seen = first_seen.get(impression.user_id)
        first_seen[impression.user_id] = min(seen or impression.served_at, impression.served_at)
    for user_id, moment in first_seen.items():
        manager.mark_exposed(session, test.id, user_id, moment)
    stored = log_events(session, events).stored
    attribute_events(session, stored, ATTRIBUTION_WINDOW)
    manager.stop_test(session, test.id, now=now)
    return stored


def _restart_ids(session: Session) -> None:
    """The sample test is always test 1, so its assignments (which hash the test id) and so
    its story are the same on every load. /seed has just emptied the tables; PostgreSQL's
    sequences would go on counting, SQLite starts again by itself."""
    if session.get_bind().dialect.name == "postgresql":
        for table in ("ab_layers", "ab_tests", "ab_variants", "ab_allocations"):
            session.execute(
                text("SELECT setval(pg_get_serial_sequence(:table, 'id'), 1, false)"),
                {"table": table},
            )


def _favourite_categories(session: Session) -> dict[str, set[str]]:
    """Each sample shopper's two most visited categories (ties by name), from base events."""
    counts: dict[str, Counter[str]] = {}
    for user_id, category in session.execute(
        select(Interaction.user_id, Item.category).join(Item, Item.item_id == Interaction.item_id)
    ):
        counts.setdefault(user_id, Counter())[category] += 1
    return {
        user_id: set(sorted(counter, key=lambda category: (-counter[category], category))[:2])
        for user_id, counter in counts.items()
    }


def _list_for(
    variant: str, liked: set[str], items: list[tuple[str, str, float | None]], rng: random.Random
) -> list[tuple[str, str, float | None]]:
    """Content lists lean on the shopper's categories; CF lists mix in more of the rest."""
    share_liked = ON_TASTE[variant]
    favourites = [item for item in items if item[1] in liked]
    others = [item for item in items if item[1] not in liked]
    rng.shuffle(favourites)
    rng.shuffle(others)
    shown = []
    for _ in range(LIST_LENGTH):
        pool = favourites if (rng.random() < share_liked and favourites) or not others else others
        shown.append(pool.pop())
    return shown


def _reactions(
    impression: Impression,
    shown: list[tuple[str, str, float | None]],
    liked: set[str],
    click_chance: float,
    rng: random.Random,
    so_far: list[InteractionCreate],
) -> list[InteractionCreate]:
    """Clicks fall with rank and rise with taste; each opens the item (a view), and some go
    on to the cart and a purchase.
    One event in five arrives without its impression_id (window attribution credits it)."""
    events: list[InteractionCreate] = []
    for position, (item_id, category, price) in enumerate(shown):
        chance = click_chance / (1 + 0.35 * position) * (1.6 if category in liked else 0.6)
        if rng.random() >= chance:
            continue
        moment = impression.served_at + timedelta(seconds=rng.uniform(5, 90))
        carries = impression.impression_id if rng.random() < 0.8 else None
        # The click opens the item's page: a view, as the storefront logs it.
        funnel: list[tuple[str, float | None, float | None]] = [
            ("click", round(rng.uniform(10, 200), 1), None),
            ("view", None, None),
        ]
        if rng.random() < 0.35:
            funnel.append(("add_to_cart", None, None))
            if rng.random() < 0.55:
                funnel.append(("purchase", None, price))
        for event_type, engagement, revenue in funnel:
            moment += timedelta(seconds=rng.uniform(5, 300))
            events.append(
                InteractionCreate(
                    user_id=impression.user_id,
                    item_id=item_id,
                    event_type=event_type,
                    timestamp=moment,
                    event_id=f"seed-ab-{len(so_far) + len(events):05d}",
                    engagement_seconds=engagement,
                    revenue=revenue,
                    impression_id=carries,
                )
            )
    return events
