"""Data management endpoints (administrative): load the sample data, clear everything."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel

from deps import AdminRequired, FeedDep, SessionDep
from seed import clear_all, load_sample_data

router = APIRouter(prefix="/seed", tags=["data management"], dependencies=[AdminRequired])


class SeedResult(BaseModel):
    status: str
    users: int
    items: int
    interactions: int


@router.post("", response_model=SeedResult)
def seed(request: Request, session: SessionDep, feed: FeedDep) -> SeedResult:
    """Reset the database and load the sample data (50 users, 20 items, 7 days of events)."""
    summary, _ = load_sample_data(session, extra_steps=tuple(request.app.state.seed_steps))
    session.commit()
    feed.data_reset()
    return SeedResult(
        status="seeded",
        users=summary.users,
        items=summary.items,
        interactions=summary.interactions,
    )


@router.post("/clear", response_model=SeedResult)
def clear(session: SessionDep, feed: FeedDep) -> SeedResult:
    """Remove all data: catalog, users, events, tests."""
    clear_all(session)
    session.commit()
    feed.data_reset()
    return SeedResult(status="cleared", users=0, items=0, interactions=0)
