"""Bulk import of a normalised data set (``datasets.Dataset``) through the same write path
as the API: catalogue first (existing items kept), then events in batches.

Rows the public contract cannot take are skipped and counted, never half-written. Event ids
are derived from the row's content, so importing the same file again adds nothing.

An item id already in the catalogue under another title is a collision (two data sets that
both number their items from 1): the import refuses before writing anything, unless an
``id_prefix`` keeps this data set's users and items apart (``ml:1``, ``retail:85123A``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
from pydantic import TypeAdapter
from sqlalchemy.orm import Session, sessionmaker

from catalog.schemas import ItemCreate
from catalog.service import create_items, stored_titles
from datasets import Dataset
from identifiers import ID_PATTERN
from tracking.interaction_tracker import StoredEvent, log_events
from tracking.schemas import EVENT_TYPES, InteractionCreate

BATCH_SIZE = 10_000
_items_adapter = TypeAdapter(list[ItemCreate])
_events_adapter = TypeAdapter(list[InteractionCreate])


@dataclass
class ImportReport:
    items_added: int = 0
    items_kept: int = 0
    items_skipped: int = 0
    events_added: int = 0
    events_duplicate: int = 0
    events_skipped: int = 0
    skipped_reasons: dict[str, int] = field(default_factory=dict)

    def skip(self, reason: str, count: int) -> None:
        if count:
            self.skipped_reasons[reason] = self.skipped_reasons.get(reason, 0) + int(count)


class IdCollision(ValueError):
    def __init__(self, collisions: dict[str, tuple[str, str]]) -> None:
        self.collisions = collisions
        item_id, (stored, incoming) = next(iter(collisions.items()))
        super().__init__(
            f"{len(collisions):,} item ids of this import are already in the catalogue as "
            f"other items (e.g. {item_id}: {stored!r} here, {incoming!r} in the import); "
            "nothing was written: import with an id prefix (--id-prefix NAME:) to keep them apart"
        )


def with_id_prefix(dataset: Dataset, prefix: str) -> Dataset:
    """The same data set with ``prefix`` before every user and item id."""
    if not prefix:
        return dataset
    items = dataset.items.assign(item_id=prefix + dataset.items["item_id"])
    events = dataset.events.assign(
        user_id=prefix + dataset.events["user_id"], item_id=prefix + dataset.events["item_id"]
    )
    return Dataset(dataset.name, items, events)


def valid_items(items: pd.DataFrame, report: ImportReport) -> pd.DataFrame:
    checks = {
        "item id outside the contract (1-64 of A-Z a-z 0-9 . _ : -)": ~items["item_id"].str.match(
            ID_PATTERN
        ),
        "item without a title": items["title"].str.strip() == "",
        "title over 500 characters": items["title"].str.len() > 500,
        "category empty or over 100 characters": ~items["category"].str.len().between(1, 100),
        "negative price": items["price"] < 0,
    }
    keep = pd.Series(True, index=items.index)
    for reason, bad in checks.items():
        report.skip(reason, (bad & keep).sum())
        keep &= ~bad
    report.items_skipped += int((~keep).sum())
    return items[keep]


def valid_events(events: pd.DataFrame, catalog: set[str], report: ImportReport) -> pd.DataFrame:
    checks = {
        "user id outside the contract": ~events["user_id"].str.match(ID_PATTERN),
        "event type not in the contract": ~events["event_type"].isin(EVENT_TYPES),
        "item not in the catalog": ~events["item_id"].isin(catalog),
        "no timestamp": events["timestamp"].isna(),
    }
    keep = pd.Series(True, index=events.index)
    for reason, bad in checks.items():
        report.skip(reason, (bad & keep).sum())
        keep &= ~bad
    report.events_skipped += int((~keep).sum())
    return events[keep]


def with_event_ids(name: str, events: pd.DataFrame) -> pd.DataFrame:
    """A deterministic id from the row's content (and its occurrence, for identical rows)."""
    key = events[["user_id", "item_id", "event_type", "timestamp"]]
    occurrence = key.groupby(list(key.columns), sort=False).cumcount()
    hashes = pd.util.hash_pandas_object(key.assign(occurrence=occurrence), index=False)
    return events.assign(event_id=[f"{name}:{value:016x}" for value in hashes.to_numpy()])


def import_dataset(
    factory: sessionmaker[Session],
    dataset: Dataset,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
    on_stored: Callable[[list[StoredEvent]], None] | None = None,
) -> ImportReport:
    """``progress`` is called with the number of events handled after each batch."""
    report = ImportReport()
    items = valid_items(dataset.items, report)
    with factory() as session:
        titles = stored_titles(session, items["item_id"].tolist())
    incoming = dict(zip(items["item_id"], items["title"], strict=True))
    collisions = {
        item_id: (title, incoming[item_id])
        for item_id, title in titles.items()
        if title != incoming[item_id]
    }
    if collisions:
        raise IdCollision(collisions)
    existing = set(titles)
    new_items = items[~items["item_id"].isin(existing)]
    report.items_kept = len(items) - len(new_items)
    for start in range(0, len(new_items), batch_size):
        chunk = new_items.iloc[start : start + batch_size]
        records = chunk.astype(object).where(chunk.notna(), None).to_dict("records")
        with factory.begin() as session:
            create_items(session, _items_adapter.validate_python(records))
        report.items_added += len(chunk)

    events = valid_events(dataset.events, set(items["item_id"]) | existing, report)
    events = with_event_ids(dataset.name, events)
    events = events.assign(timestamp=events["timestamp"].dt.tz_localize("UTC"))
    columns = ["event_id", "user_id", "item_id", "event_type", "timestamp", "revenue"]
    for start in range(0, len(events), batch_size):
        chunk = events.iloc[start : start + batch_size][columns]
        records = chunk.astype(object).where(chunk.notna(), None).to_dict("records")
        with factory.begin() as session:
            result = log_events(session, _events_adapter.validate_python(records))
        report.events_added += result.accepted
        report.events_duplicate += result.duplicates
        if on_stored is not None:
            on_stored(result.stored)
        if progress is not None:
            progress(len(chunk))
    return report
