"""Command line: `python -m cli import ...`, `python -m cli migrate`, `python -m cli seed`.

python -m cli import movielens PATH/ml-latest-small
python -m cli import retail PATH/online_retail.csv.gz
python -m cli import csv --catalog products.csv --interactions events.csv

MovieLens ml-latest-small: https://grouplens.org/datasets/movielens/ (unzip it; give the
folder). UCI Online Retail: https://archive.ics.uci.edu/dataset/352/online+retail (the .xlsx
saved as CSV, plain or gzipped). Errors are one line on stderr and exit status 2, before
anything is written.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tqdm import tqdm

from config import Settings
from datasets import Dataset, read_generic_csv, read_movielens, read_online_retail
from db import make_engine, make_session_factory, migrate
from seed import load_sample_data
from tracking.importer import BATCH_SIZE, IdCollision, ImportReport, import_dataset, with_id_prefix


def read(args: argparse.Namespace) -> Dataset:
    if args.kind == "movielens":
        return read_movielens(args.path)
    if args.kind == "retail":
        return read_online_retail(args.path)
    return read_generic_csv(args.catalog, args.interactions)


class CommandError(Exception):
    """A problem the user can fix, reported as one line."""


def run_import(args: argparse.Namespace, settings: Settings) -> ImportReport:
    for path in (args.path,) if args.kind != "csv" else (args.catalog, args.interactions):
        if not path.exists():
            raise CommandError(f"{path}: no such file or folder ({args.kind} data set)")
    started = time.perf_counter()
    print(f"reading {args.kind} data ...", file=sys.stderr)
    try:
        dataset = with_id_prefix(read(args), args.id_prefix)
    except (OSError, ValueError, KeyError) as error:
        raise CommandError(
            f"{args.kind} data at {args.path if args.kind != 'csv' else args.catalog} "
            f"cannot be read: {error}"
        ) from error
    migrate(settings.database_url)
    print(
        f"read {len(dataset.items):,} items and {len(dataset.events):,} events "
        f"in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    engine = make_engine(settings.database_url)
    try:
        with tqdm(total=len(dataset.events), unit="event", desc="importing") as bar:
            report = import_dataset(
                make_session_factory(engine), dataset, args.batch_size, progress=bar.update
            )
    except IdCollision as error:
        raise CommandError(str(error)) from error
    finally:
        engine.dispose()
    print(
        f"items: {report.items_added:,} added, {report.items_kept:,} already there, "
        f"{report.items_skipped:,} skipped\n"
        f"events: {report.events_added:,} added, {report.events_duplicate:,} already there, "
        f"{report.events_skipped:,} skipped\n"
        f"took {time.perf_counter() - started:.1f} s"
    )
    for reason, count in sorted(report.skipped_reasons.items()):
        print(f"  skipped {count:,}: {reason}")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cli", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="default: DATABASE_URL from the environment")
    commands = parser.add_subparsers(dest="command", required=True)

    importing = commands.add_parser("import", help="load a catalogue and its events")
    kinds = importing.add_subparsers(dest="kind", required=True)
    movielens = kinds.add_parser("movielens", help="a MovieLens folder (ml-latest-small)")
    movielens.add_argument("path", type=Path)
    retail = kinds.add_parser("retail", help="UCI Online Retail CSV (plain or .gz)")
    retail.add_argument("path", type=Path)
    generic = kinds.add_parser("csv", help="product_id,title,... and user_id,product_id,...")
    generic.add_argument("--catalog", type=Path, required=True)
    generic.add_argument("--interactions", type=Path, required=True)
    for sub in (movielens, retail, generic):
        sub.add_argument("--batch-size", type=int, default=BATCH_SIZE)
        sub.add_argument(
            "--id-prefix",
            default="",
            help="put this before every user and item id (e.g. ml:) to keep data sets apart",
        )

    commands.add_parser("migrate", help="apply pending database migrations")
    commands.add_parser("seed", help="reset the database and load the sample data")

    args = parser.parse_args(argv)
    overrides = {"database_url": args.database_url} if args.database_url else {}
    settings = Settings(**overrides)
    if args.command == "import":
        try:
            run_import(args, settings)
        except CommandError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
    elif args.command == "migrate":
        migrate(settings.database_url)
        print("database is at the newest migration")
    elif args.command == "seed":
        migrate(settings.database_url)
        factory = make_session_factory(make_engine(settings.database_url))
        with factory.begin() as session:
            summary, _ = load_sample_data(session)
        print(f"loaded {summary.users} users, {summary.items} items, {summary.interactions} events")
    return 0


if __name__ == "__main__":
    sys.exit(main())
