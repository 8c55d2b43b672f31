"""What a new user meets first: the CLI's errors are one plain line before anything is
written, an import refuses to merge other items under the same ids unless told to keep them
apart, and the README's commands and files exist in a clone."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from datasets import read_generic_csv
from db import make_session_factory
from models import Interaction, Item
from tracking.importer import IdCollision, import_dataset, with_id_prefix

ROOT = Path(__file__).resolve().parents[2]
SHOP = "product_id,title,category\n1,Blue mug,kitchen\n2,Red mug,kitchen\n"
SHOP_EVENTS = "user_id,product_id,interaction_type,ts\nu1,1,purchase,2024-01-01T10:00:00Z\n"
FILMS = "product_id,title,category\n1,Born to Kill (1947),film\n3,Heat (1995),film\n"
FILM_EVENTS = "user_id,product_id,interaction_type,ts\nu1,1,view,2024-01-02T10:00:00Z\n"


def write(tmp_path: Path, name: str, catalog: str, events: str) -> tuple[Path, Path]:
    (tmp_path / f"{name}-items.csv").write_text(catalog)
    (tmp_path / f"{name}-events.csv").write_text(events)
    return tmp_path / f"{name}-items.csv", tmp_path / f"{name}-events.csv"


def cli(*args: str, database: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli", "--database-url", f"sqlite:///{database}", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )


def test_a_missing_path_is_one_line_and_touches_no_database(tmp_path: Path) -> None:
    database = tmp_path / "never.db"
    result = cli("import", "movielens", str(tmp_path / "nowhere"), database=database)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"error: {tmp_path / 'nowhere'}: no such file or folder (movielens data set)"
    ]
    assert "Traceback" not in result.stderr
    assert not database.exists(), "nothing is migrated before the error"


def test_an_unreadable_file_is_one_line(tmp_path: Path) -> None:
    broken = tmp_path / "retail.csv"
    broken.write_text("not,the,columns\n1,2,3\n")
    result = cli("import", "retail", str(broken), database=tmp_path / "x.db")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("error: retail data at")


def test_colliding_ids_are_refused_and_counted_before_anything_is_written(
    engine,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    factory = make_session_factory(engine)
    import_dataset(factory, read_generic_csv(*write(tmp_path, "shop", SHOP, SHOP_EVENTS)))
    films = read_generic_csv(*write(tmp_path, "films", FILMS, FILM_EVENTS))
    with pytest.raises(IdCollision) as refused:
        import_dataset(factory, films)
    assert refused.value.collisions == {"1": ("Blue mug", "Born to Kill (1947)")}
    assert "1 item ids" in str(refused.value) and "--id-prefix" in str(refused.value)
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(Item)) == 2
        assert session.scalar(select(func.count()).select_from(Interaction)) == 1

    report = import_dataset(factory, with_id_prefix(films, "ml:"))
    assert (report.items_added, report.events_added) == (2, 1)
    with factory() as session:
        assert session.get(Item, "1").title == "Blue mug"
        assert session.get(Item, "ml:1").title == "Born to Kill (1947)"
        buyers = session.scalars(select(Interaction.user_id).where(Interaction.item_id == "1"))
        assert list(buyers) == ["u1"]


def test_the_cli_says_how_to_keep_colliding_data_sets_apart(tmp_path: Path) -> None:
    database = tmp_path / "two.db"
    shop = write(tmp_path, "shop", SHOP, SHOP_EVENTS)
    films = write(tmp_path, "films", FILMS, FILM_EVENTS)
    first = cli(
        "import",
        "csv",
        "--catalog",
        str(shop[0]),
        "--interactions",
        str(shop[1]),
        database=database,
    )
    assert first.returncode == 0, first.stderr
    films_args = ("import", "csv", "--catalog", str(films[0]), "--interactions", str(films[1]))
    refused = cli(*films_args, database=database)
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines()[-1].startswith("error: 1 item ids")
    apart = cli(*films_args, "--id-prefix", "ml:", database=database)
    assert apart.returncode == 0, apart.stderr
    assert "events: 1 added" in apart.stdout


def test_the_readme_names_only_files_a_clone_has() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "../shared" not in readme, "a clone has no ../shared"
    for link in re.findall(r"\]\(((?!https?:|#)[^)#]+)", readme):
        assert (ROOT / link).exists(), f"README links to {link}, which a clone lacks"
