"""Engines, sessions and migrations for the configured database."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import (
    Connection,
    Dialect,
    Engine,
    Executable,
    Table,
    create_engine,
    event,
    make_url,
    text,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.schema import ScalarElementColumnDefault
from sqlalchemy.types import TypeEngine

from config import normalise_database_url

PROJECT_ROOT = Path(__file__).resolve().parent
# Serialises migrations when several workers or containers start at once on PostgreSQL.
MIGRATION_LOCK_ID = 0x5_5A_6E
# PostgreSQL's deadlock_detected and serialization_failure: the transaction was rolled back
# whole and running it again is safe and usually succeeds.
RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})
log = logging.getLogger(__name__)
T = TypeVar("T")
# Bound parameters per SQLite statement (its limit is 32,766).
SQLITE_PARAMETERS = 30_000


def make_engine(url: str) -> Engine:
    url = normalise_database_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            # Fewer, larger multi-row INSERTs per batch (SQLite allows 32,766 parameters).
            insertmanyvalues_page_size=3_000,
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            # WAL lets readers proceed while one writer commits; foreign keys are off by default.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_engine(
        url, pool_pre_ping=True, pool_size=10, max_overflow=10, insertmanyvalues_page_size=5_000
    )


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def is_retryable(error: BaseException) -> bool:
    """A deadlock or serialization failure (the driver's SQLSTATE; psycopg 3 or 2)."""
    orig = getattr(error, "orig", None)
    code = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    return isinstance(error, DBAPIError) and code in RETRYABLE_SQLSTATES


def commit_retrying(session: Session, work: Callable[[Session], T], retries: int = 1) -> T:
    """Run ``work(session)`` and commit it as one transaction. A deadlock or serialization
    failure rolls the whole transaction back and runs it again (``retries`` times), so the
    caller only sees it when it persists; any other error rolls back and propagates."""
    for attempt in range(retries + 1):
        try:
            result = work(session)
            session.commit()
            return result
        except BaseException as error:
            session.rollback()
            if attempt == retries or not is_retryable(error):
                raise
            log.warning("transaction retried after %s", getattr(error, "orig", error))
    raise AssertionError("unreachable")  # the loop returns or raises


def driver_rows(session: Session, statement: Executable) -> list[tuple[Any, ...]]:
    """Every row of ``statement`` as the driver's own tuples, past SQLAlchemy's result rows:
    for the whole-log reads, where a Row per line costs more than the query itself (about
    2.4 x on Online Retail's 400,000 events). The values are the driver's, no column type's
    result processing runs: SQLite hands back timestamps as text and PostgreSQL as naive
    datetimes (both UTC), which the callers parse at once, vectorised."""
    result = session.connection().execute(statement)
    try:
        return [*result.cursor.fetchall()]
    finally:
        result.close()


def bulk_insert(
    connection: Connection,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    on_conflict: str,
    returning: str | None = None,
) -> list[tuple[Any, ...]]:
    """``INSERT INTO table ... ON CONFLICT <on_conflict> [RETURNING <returning>]`` for many
    rows (all with the same columns), in their order, straight to the driver: the request
    path's bulk writes, where SQLAlchemy's per-row parameter handling would cost more than
    the database's own work. PostgreSQL gets one statement whose columns are arrays
    (``unnest``), SQLite multi-row VALUES under its parameter limit. Each column's bind
    conversion (a UTC time to the stored form) runs once per distinct value. In
    ``on_conflict``, the new row is ``excluded`` and the stored one the table's name.
    Returns the ``returning`` columns of the rows written."""
    if not rows:
        return []
    dialect = connection.dialect
    quote = dialect.identifier_preparer.quote
    # Columns the rows leave out take their scalar defaults, as a Core insert would.
    defaults = {
        column.name: column.default.arg
        for column in table.columns
        if column.name not in rows[0] and isinstance(column.default, ScalarElementColumnDefault)
    }
    if defaults:
        rows = [{**defaults, **row} for row in rows]
    columns = list(rows[0])
    converters = [_converter(table.c[name].type, dialect) for name in columns]
    head = f"INSERT INTO {quote(table.name)} ({', '.join(map(quote, columns))}) "
    tail = f" ON CONFLICT {on_conflict}" + (f" RETURNING {returning}" if returning else "")
    if dialect.name == "postgresql":
        arrays = ", ".join(f"%s::{table.c[name].type.compile(dialect)}[]" for name in columns)
        # ORDER BY the position: rows are written (and locked) in the order given.
        statement = f"{head}SELECT {', '.join(map(quote, columns))} FROM unnest({arrays}) "
        statement += f"WITH ORDINALITY AS t({', '.join(map(quote, columns))}, n) ORDER BY n"
        values = [
            [convert(row[name]) for row in rows]
            for name, convert in zip(columns, converters, strict=True)
        ]
        result = connection.exec_driver_sql(statement + tail, tuple(values))
        return [tuple(row) for row in result] if returning else []
    one_row = "(" + ", ".join("?" * len(columns)) + ")"
    per_statement = SQLITE_PARAMETERS // len(columns)
    written: list[tuple[Any, ...]] = []
    for start in range(0, len(rows), per_statement):
        chunk = rows[start : start + per_statement]
        flat = tuple(
            convert(row[name])
            for row in chunk
            for name, convert in zip(columns, converters, strict=True)
        )
        statement = f"{head}VALUES {', '.join([one_row] * len(chunk))}{tail}"
        result = connection.exec_driver_sql(statement, flat)
        if returning:
            written += (tuple(row) for row in result)
    return written


def _converter(column_type: TypeEngine[Any], dialect: Dialect) -> Callable[[Any], Any]:
    """The column type's bind conversion for ``dialect``, remembered per value (a batch
    shares its arrival time, and often its timestamps). Numbers take the column's own kind:
    PostgreSQL's arrays refuse a list that mixes 0 and 2.5."""
    process = column_type.dialect_impl(dialect).bind_processor(dialect)
    try:
        kind = column_type.python_type
    except NotImplementedError:
        kind = object
    number = kind if kind in (int, float) else None
    if process is None and number is None:
        return lambda value: value
    seen: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        if value not in seen:
            typed = number(value) if number is not None and value is not None else value
            seen[value] = process(typed) if process is not None else typed
        return seen[value]

    return convert


def alembic_config(url: str) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.attributes["database_url"] = normalise_database_url(url)
    return config


def migrate(url: str, revision: str = "head") -> None:
    """Bring the database to ``revision`` (default: the newest migration)."""
    config = alembic_config(url)
    if not normalise_database_url(url).startswith("postgresql"):
        command.upgrade(config, revision)
        return
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:id)"), {"id": MIGRATION_LOCK_ID})
            try:
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
                connection.commit()
            finally:
                connection.execute(
                    text("SELECT pg_advisory_unlock(:id)"), {"id": MIGRATION_LOCK_ID}
                )
                connection.commit()
    finally:
        engine.dispose()


@contextmanager
def scratch_postgres_database(server_url: str, prefix: str) -> Iterator[str]:
    """A new, empty database on the PostgreSQL server of ``server_url``, dropped on exit
    (tests and benchmarks use these so they never touch the data already there)."""
    base = make_url(normalise_database_url(server_url))
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = make_engine(base.render_as_string(hide_password=False)).execution_options(
        isolation_level="AUTOCOMMIT"
    )
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield base.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()
