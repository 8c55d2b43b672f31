from __future__ import annotations

from collections.abc import Sequence

from fastapi import APIRouter, HTTPException, Response, status
from fastapi.exceptions import RequestValidationError
from sqlalchemy.orm import Session

from changes import ChangeFeed
from db import commit_retrying
from deps import FeedDep, Limit, Offset, SessionDep, StorefrontDep, StorefrontRequired
from identifiers import UserId
from tracking import interaction_tracker as tracker
from tracking.profile_schemas import ProfilePublic
from tracking.schemas import (
    BatchAccepted,
    InteractionCreate,
    InteractionPublic,
    InteractionsBatch,
    UserHistory,
    UserPublic,
    UsersPublic,
)

router = APIRouter(tags=["events"], dependencies=[StorefrontRequired])


@router.post(
    "/interactions",
    status_code=status.HTTP_201_CREATED,
    response_model=InteractionPublic,
    responses={200: {"description": "A repeated event_id: the first record, counted once"}},
)
def log_interaction(
    event: InteractionCreate, response: Response, session: SessionDep, feed: FeedDep
) -> object:
    """Record one shopper event (view, click, add_to_cart, purchase, not_interested). With
    an ``impression_id`` from a list served under a test, it is credited to that variant.
    The acting user's next recommendations take it into account; an ``event_id`` seen
    before answers 200 with the first record and counts once."""
    if event.event_id and (first := tracker.find_event(session, event.event_id)):
        response.status_code = status.HTTP_200_OK
        return first
    try:
        result = commit_retrying(session, lambda s: store(s, feed, [event]))
    except tracker.UnknownItems as error:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, f"no item {event.item_id!r} in the catalog"
        ) from error
    if not result.stored:  # another request stored the same event_id first
        response.status_code = status.HTTP_200_OK
        return tracker.find_event(session, event.event_id or "")
    feed.interactions_added(result.stored)
    return result.stored[0]


@router.post(
    "/interactions/batch", status_code=status.HTTP_201_CREATED, response_model=BatchAccepted
)
def log_interactions(batch: InteractionsBatch, session: SessionDep, feed: FeedDep) -> BatchAccepted:
    """Record up to 10,000 events in one transaction (a bulk load or a replay): all of
    them or, when any names an unknown item, none (422, one entry per row)."""
    try:
        result = commit_retrying(session, lambda s: store(s, feed, batch.interactions))
    except tracker.UnknownItems as error:
        # Same shape as every other validation error: one entry per offending row.
        raise RequestValidationError(
            [
                {
                    "type": "unknown_item",
                    "loc": ("body", "interactions", row, "item_id"),
                    "msg": f"no item {batch.interactions[row].item_id!r} in the catalog",
                    "input": batch.interactions[row].item_id,
                }
                for row in error.rows
            ]
        ) from error
    feed.interactions_added(result.stored)
    return BatchAccepted(accepted=result.accepted, duplicates=result.duplicates)


def store(
    session: Session, feed: ChangeFeed, events: Sequence[InteractionCreate]
) -> tracker.BatchResult:
    """The events and what the feed's writers add (A/B credit), in one transaction: the
    unit ``commit_retrying`` runs again after a deadlock."""
    result = tracker.log_events(session, events)
    feed.interactions_writing(session, result.stored)
    return result


@router.get("/users", response_model=UsersPublic, tags=["users"])
def list_users(session: SessionDep, limit: Limit = 50, offset: Offset = 0) -> UsersPublic:
    """Users who have acted, a page at a time, with their event counts and first and last
    seen; users exist once they send an event."""
    users, total = tracker.list_users(session, limit, offset)
    return UsersPublic(
        users=[UserPublic.model_validate(user) for user in users],
        total=total,
        limit=limit,
        offset=offset,
    )


@router.get("/users/{user_id}/interactions", response_model=UserHistory, tags=["users"])
def user_history(
    user_id: str, session: SessionDep, limit: Limit = 50, offset: Offset = 0
) -> UserHistory:
    """Newest first. An unknown user has an empty history (users exist once they act)."""
    events, total = tracker.user_history(session, user_id, limit, offset)
    return UserHistory(
        user_id=user_id,
        interactions=[InteractionPublic.model_validate(event) for event in events],
        total=total,
        limit=limit,
        offset=offset,
    )


@router.get("/users/{user_id}/profile", response_model=ProfilePublic, tags=["users"])
def user_profile(user_id: UserId, storefront: StorefrontDep) -> dict[str, object]:
    """Spending segment, totals, average price, last purchase and top categories. An
    unknown user has an empty profile (users exist once they act)."""
    return storefront.profile(user_id)
