"""The demo data set: 20 items, 50 shoppers with category tastes, 7 days of funnel events.

The random seed is fixed, so every load tells the same story; only the dates move, ending
at the moment of loading. Events go through the same code path as the API's.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypedDict

from sqlalchemy import delete
from sqlalchemy.orm import Session

from catalog.schemas import ItemCreate
from catalog.service import create_items
from models import Base, utcnow
from tracking.interaction_tracker import StoredEvent, log_events
from tracking.schemas import InteractionCreate

SEED = 20_240_601
USERS = 50
DAYS = 7


class SampleItem(TypedDict):
    item_id: str
    title: str
    category: str
    price: float
    description: str


SAMPLE_ITEMS: list[SampleItem] = [
    # electronics
    {"item_id": "elec-001", "title": "Noise-Cancelling Wireless Headphones", "category": "electronics", "price": 199.0,
     "description": "Over-ear Bluetooth headphones with active noise cancelling, 30-hour battery and a fold-flat travel case."},
    {"item_id": "elec-002", "title": "Compact Mirrorless Camera", "category": "electronics", "price": 649.0,
     "description": "24 MP mirrorless camera with 4K video, a flip screen for vlogging and a 15-45 mm kit lens."},
    {"item_id": "elec-003", "title": "Smart Fitness Watch", "category": "electronics", "price": 149.0,
     "description": "GPS running watch with heart-rate, sleep tracking and a week of battery; waterproof to 50 m."},
    {"item_id": "elec-004", "title": "Portable Bluetooth Speaker", "category": "electronics", "price": 79.0,
     "description": "Waterproof speaker with deep bass, 12-hour battery and a strap for bikes and backpacks."},
    {"item_id": "elec-005", "title": "USB-C Fast Charger 65W", "category": "electronics", "price": 39.0,
     "description": "Gallium-nitride wall charger with two USB-C ports, charges a laptop and a phone at once."},
    # books
    {"item_id": "book-001", "title": "The Pragmatic Programmer", "category": "books", "price": 42.0,
     "description": "Classic software engineering book on craftsmanship, pragmatic habits and career growth for programmers."},
    {"item_id": "book-002", "title": "Designing Data-Intensive Applications", "category": "books", "price": 48.0,
     "description": "A deep guide to databases, replication, streaming and the trade-offs of distributed data systems."},
    {"item_id": "book-003", "title": "The Salt Fat Acid Heat Cookbook", "category": "books", "price": 29.0,
     "description": "Cookbook that teaches the four elements of good cooking with illustrated recipes for the home kitchen."},
    {"item_id": "book-004", "title": "Trail Running: From 5K to Ultra", "category": "books", "price": 22.0,
     "description": "Training plans, nutrition and gear advice for runners moving from road races to mountain trails."},
    {"item_id": "book-005", "title": "A Short History of Nearly Everything", "category": "books", "price": 18.0,
     "description": "Popular science book that tells the story of the universe, the earth and life with humour."},
    # home & kitchen
    {"item_id": "home-001", "title": "Cast Iron Skillet 26 cm", "category": "home & kitchen", "price": 35.0,
     "description": "Pre-seasoned cast iron pan for searing, baking and campfire cooking; lasts a lifetime."},
    {"item_id": "home-002", "title": "Pour-Over Coffee Set", "category": "home & kitchen", "price": 45.0,
     "description": "Glass coffee dripper, gooseneck kettle and filters for a clean, bright morning brew."},
    {"item_id": "home-003", "title": "Chef's Knife 20 cm", "category": "home & kitchen", "price": 89.0,
     "description": "Forged stainless steel chef knife with a full tang, balanced for slicing, dicing and chopping."},
    {"item_id": "home-004", "title": "Linen Duvet Cover Set", "category": "home & kitchen", "price": 120.0,
     "description": "Stone-washed linen duvet cover with two pillowcases; breathable bedding for every season."},
    {"item_id": "home-005", "title": "Smart LED Desk Lamp", "category": "home & kitchen", "price": 59.0,
     "description": "Dimmable desk lamp with warm-to-cool light, a USB charging port and app control."},
    # sports & outdoors
    {"item_id": "sport-001", "title": "Trail Running Shoes", "category": "sports & outdoors", "price": 130.0,
     "description": "Lightweight trail shoes with a grippy outsole and rock plate for muddy mountain running."},
    {"item_id": "sport-002", "title": "Ultralight Hiking Backpack 30 L", "category": "sports & outdoors", "price": 110.0,
     "description": "Hiking backpack with a ventilated back panel, hydration sleeve and rain cover for day hikes."},
    {"item_id": "sport-003", "title": "Yoga Mat Pro 6 mm", "category": "sports & outdoors", "price": 55.0,
     "description": "Non-slip yoga mat with extra cushioning for joints; includes a carrying strap."},
    {"item_id": "sport-004", "title": "Insulated Water Bottle 750 ml", "category": "sports & outdoors", "price": 25.0,
     "description": "Stainless steel bottle that keeps drinks cold for 24 hours on hikes, runs and at the gym."},
    {"item_id": "sport-005", "title": "Two-Person Camping Tent", "category": "sports & outdoors", "price": 240.0,
     "description": "Freestanding backpacking tent with two doors, a waterproof fly and quick clip setup for camping."},
]  # fmt: skip

CATEGORIES = sorted({item["category"] for item in SAMPLE_ITEMS})


@dataclass(frozen=True)
class SeedSummary:
    users: int
    items: int
    interactions: int
    start: datetime
    end: datetime


def clear_all(session: Session) -> None:
    """Remove every row of every table (children first), keeping the schema."""
    for table in reversed(Base.metadata.sorted_tables):
        session.execute(delete(table))


def sample_events(now: datetime, rng: random.Random) -> list[InteractionCreate]:
    """Shoppers browse in sessions; a view leads on to click, cart and purchase at rates
    that are higher in the shopper's favourite categories."""
    items_by_category = {
        category: [item for item in SAMPLE_ITEMS if item["category"] == category]
        for category in CATEGORIES
    }
    start = now - timedelta(days=DAYS)
    events: list[InteractionCreate] = []
    for number in range(1, USERS + 1):
        user_id = f"user-{number:03d}"
        favourite, second = rng.sample(CATEGORIES, 2)
        for _ in range(rng.randint(2, 6)):
            moment = start + timedelta(seconds=rng.uniform(0, DAYS * 86_400 - 3_600))
            for _ in range(rng.randint(2, 5)):
                roll = rng.random()
                category = (
                    favourite if roll < 0.6 else second if roll < 0.85 else rng.choice(CATEGORIES)
                )
                item = rng.choice(items_by_category[category])
                liked = category in (favourite, second)
                moment += timedelta(seconds=rng.uniform(20, 240))
                events.append(_event(user_id, item, "view", moment, len(events)))
                if rng.random() > (0.45 if liked else 0.12):
                    continue
                moment += timedelta(seconds=rng.uniform(5, 60))
                events.append(_event(user_id, item, "click", moment, len(events),
                                     engagement=round(rng.uniform(10, 180), 1)))  # fmt: skip
                if rng.random() > (0.45 if liked else 0.15):
                    continue
                moment += timedelta(seconds=rng.uniform(10, 120))
                events.append(_event(user_id, item, "add_to_cart", moment, len(events)))
                if rng.random() > 0.55:
                    continue
                moment += timedelta(seconds=rng.uniform(30, 600))
                events.append(_event(user_id, item, "purchase", moment, len(events),
                                     revenue=item["price"]))  # fmt: skip
    return events


def _event(
    user_id: str,
    item: SampleItem,
    event_type: str,
    moment: datetime,
    number: int,
    engagement: float | None = None,
    revenue: float | None = None,
) -> InteractionCreate:
    return InteractionCreate(
        user_id=user_id,
        item_id=item["item_id"],
        event_type=event_type,
        timestamp=moment,
        event_id=f"seed-{number:05d}",
        engagement_seconds=engagement,
        revenue=revenue,
    )


# Steps that other packages add to the sample (e.g. the A/B test), run after the base data.
SeedStep = Callable[[Session, datetime, random.Random], list[StoredEvent]]


def load_sample_data(
    session: Session, now: datetime | None = None, extra_steps: tuple[SeedStep, ...] = ()
) -> tuple[SeedSummary, list[StoredEvent]]:
    """Reset the database and load the sample (the caller commits)."""
    now = now or utcnow()
    rng = random.Random(SEED)
    clear_all(session)
    create_items(session, [ItemCreate.model_validate(item) for item in SAMPLE_ITEMS])
    stored = log_events(session, sample_events(now, rng)).stored
    for step in extra_steps:
        stored += step(session, now, rng)
    summary = SeedSummary(
        users=len({event.user_id for event in stored}),
        items=len(SAMPLE_ITEMS),
        interactions=len(stored),
        start=now - timedelta(days=DAYS),
        end=now,
    )
    return summary, stored
