"""Importing real and user data through the API's write path: skips are counted, and a
second import of the same file adds nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from datasets import read_generic_csv, read_movielens
from db import make_session_factory
from models import Interaction, Item, User
from tracking.importer import import_dataset

ROOT = Path(__file__).resolve().parent.parent

CATALOG = """product_id,title,category,description,price
85123A,WHITE HANGING HEART T-LIGHT HOLDER,home,Heart-shaped holder,2.55
71053,WHITE METAL LANTERN,home,,3.39
bad id,Has a space,home,,1.00
84406B,,home,no title,2.75
22752,SET 7 BABUSHKA NESTING BOXES,toys,Wooden dolls,7.65
"""
INTERACTIONS = """user_id,product_id,interaction_type,ts
17850,85123A,view,2010-12-01T08:26:00Z
17850,85123A,purchase,2010-12-01T08:28:00Z
17850,71053,click,2010-12-01T08:30:00Z
13047,22752,add_to_cart,2010-12-01T08:34:00Z
13047,22752,add_to_cart,2010-12-01T08:34:00Z
13047,84406B,view,2010-12-01T08:35:00Z
13047,99999,view,2010-12-01T08:36:00Z
13047,85123A,wishlist,2010-12-01T08:37:00Z
not valid!,85123A,view,2010-12-01T08:38:00Z
"""


def counts(engine) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    with make_session_factory(engine)() as session:
        return (
            session.scalar(select(func.count()).select_from(Item)) or 0,
            session.scalar(select(func.count()).select_from(User)) or 0,
            session.scalar(select(func.count()).select_from(Interaction)) or 0,
        )


def test_csv_import_skips_and_counts_what_the_contract_cannot_take(engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "catalog.csv").write_text(CATALOG)
    (tmp_path / "events.csv").write_text(INTERACTIONS)
    dataset = read_generic_csv(tmp_path / "catalog.csv", tmp_path / "events.csv")

    report = import_dataset(make_session_factory(engine), dataset)

    assert (report.items_added, report.items_skipped) == (3, 2)
    # The identical add_to_cart rows are two real events; the rejects are counted by reason.
    assert (report.events_added, report.events_skipped) == (5, 4)
    assert report.skipped_reasons == {
        "item id outside the contract (1-64 of A-Z a-z 0-9 . _ : -)": 1,
        "item without a title": 1,
        "event type not in the contract": 1,
        "item not in the catalog": 2,
        "user id outside the contract": 1,
    }
    assert counts(engine) == (3, 2, 5)

    again = import_dataset(make_session_factory(engine), dataset)
    assert (again.items_added, again.items_kept, again.events_added) == (0, 3, 0)
    assert again.events_duplicate == 5
    assert counts(engine) == (3, 2, 5)


def test_imported_events_keep_their_time_and_revenue(engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "catalog.csv").write_text(CATALOG)
    (tmp_path / "events.csv").write_text(INTERACTIONS)
    import_dataset(
        make_session_factory(engine),
        read_generic_csv(tmp_path / "catalog.csv", tmp_path / "events.csv"),
    )
    with make_session_factory(engine)() as session:
        first = session.scalars(
            select(Interaction)
            .where(Interaction.user_id == "17850")
            .order_by(Interaction.timestamp)
        ).first()
    assert first is not None
    assert first.timestamp.isoformat() == "2010-12-01T08:26:00+00:00"


@pytest.mark.slow
def test_movielens_imports_once(engine, shared_data: Path) -> None:  # type: ignore[no-untyped-def]
    dataset = read_movielens(shared_data / "ml-latest-small")
    report = import_dataset(make_session_factory(engine), dataset)
    assert report.items_added == 9_742
    assert report.events_added == 100_836
    assert report.events_skipped == 0
    items, users, events = counts(engine)
    assert (items, users, events) == (9_742, 610, 100_836)
    with make_session_factory(engine)() as session:
        purchases = session.scalar(select(func.count()).where(Interaction.event_type == "purchase"))
        toy_story = session.get(Item, "1")
    assert purchases == 48_580  # ratings of 4.0 or more
    assert toy_story is not None
    assert toy_story.category == "adventure"
    assert "Animation" in toy_story.description and "pixar" in toy_story.description

    again = import_dataset(make_session_factory(engine), dataset)
    assert (again.items_added, again.events_added) == (0, 0)
    assert counts(engine) == (items, users, events)


@pytest.mark.slow
def test_the_command_imports_online_retail_once(shared_data: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'retail.db'}"
    path = shared_data / "online-retail" / "online_retail.csv.gz"
    command = [sys.executable, "-m", "cli", "--database-url", url, "import", "retail", str(path)]
    first = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    assert "events: 396,370 added, 0 already there, 0 skipped" in first.stdout
    assert "items: 3,659 added" in first.stdout
    second = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    assert "events: 0 added, 396,370 already there" in second.stdout
    assert "items: 0 added, 3,659 already there" in second.stdout
