"""Schema migrations: named, recorded in the database, each applied in one transaction
together with its record.

Why a small recorded scheme and not Alembic. The station's database is one SQLite file on a
commune PC, upgraded by the daemon at start with nobody at the keyboard; the province
service will run the same migrations on PostgreSQL. What that needs is small: an ordered
list of named steps, a table saying which ran, one transaction per step, a refusal when the
database knows a step this code does not, and a baseline that recognises databases written
before any step was recorded. sqlite-utils' `migrations.py` is that shape in ~100 lines.
Alembic would bring a revision graph, an `env.py`, a script folder to ship and a second
dependency, while giving nothing these steps use: its autogenerate does not see triggers
(ours are the evidence) and its batch mode for SQLite is what we would write by hand anyway
(copy the table, swap it in). If the schema's life ever needs branches, Alembic's
`stamp` can take over from the record kept here.

The record is the table `schema_migration` (name, applied_at UTC). A step is a function of
a SQLAlchemy `Connection`; it may use SQLAlchemy Core (portable) or branch on
`conn.dialect.name`. On SQLite, Python's driver opens no transaction before DDL, so a
CREATE would commit on its own: the runner issues `BEGIN IMMEDIATE` itself, making the
step's DDL, its rows and its record one transaction (a step that fails leaves nothing).
PostgreSQL's DDL is transactional as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Column, DateTime, MetaData, String, Table, inspect, select, text
from sqlalchemy.engine import Connection, Engine

from broadcaster.store import migrations_baseline, migrations_central, migrations_console

RECORD = Table(
    "schema_migration",
    MetaData(),
    Column("name", String, primary_key=True),
    Column("applied_at", DateTime, nullable=False),
)


@dataclass(frozen=True)
class Migration:
    name: str  # "NNNN_what": the order is the list's, the number only helps a reader
    apply: Callable[[Connection], None]
    # Only adds what is missing (empty tables, triggers), never touches a row, and may run
    # again: any command may apply it without recording it, as every release before the
    # record did at each open. The baseline and 0002 are like that; they are recorded with leave.
    any_open_may_apply: bool = False


MIGRATIONS: tuple[Migration, ...] = (
    Migration(migrations_baseline.NAME, migrations_baseline.apply, any_open_may_apply=True),
    # New empty tables only: any open may create them (the console on a database the
    # daemon has not upgraded yet); the record waits for the daemon's start or `db upgrade`.
    Migration(migrations_console.NAME, migrations_console.apply, any_open_may_apply=True),
)


# The province service's database (#14): its own steps, by the same rules and record.
CENTRAL_MIGRATIONS: tuple[Migration, ...] = (
    Migration(migrations_central.NAME, migrations_central.apply),
)


@dataclass
class SchemaState:
    applied: list[str]
    pending: list[Migration]
    unknown: list[str]  # recorded, but not in this code: a newer release wrote the database
    empty: bool  # no table at all: a new station

    @property
    def pending_names(self) -> list[str]:
        return [m.name for m in self.pending]


def read_state(conn: Connection, migrations: Sequence[Migration] = MIGRATIONS) -> SchemaState:
    tables = set(inspect(conn).get_table_names())
    applied = (
        [str(name) for name in conn.scalars(select(RECORD.c.name).order_by(RECORD.c.name))]
        if RECORD.name in tables
        else []
    )
    known = {m.name for m in migrations}
    return SchemaState(
        applied=applied,
        pending=[m for m in migrations if m.name not in applied],
        unknown=[name for name in applied if name not in known],
        empty=not tables,
    )


def schema_state(engine: Engine, migrations: Sequence[Migration] = MIGRATIONS) -> SchemaState:
    with engine.connect() as conn:
        return read_state(conn, migrations)


def complete_unrecorded(engine: Engine, pending: Sequence[Migration]) -> bool:
    """Without leave to upgrade: apply the pending steps any open may apply (one
    transaction, no record) and say whether that was all of them; if not, nothing is run."""
    if not all(m.any_open_may_apply for m in pending):
        return False
    with engine.connect() as conn:
        _begin(conn)
        try:
            for migration in pending:
                migration.apply(conn)
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
    return True


def apply_pending(
    engine: Engine,
    now: datetime,
    migrations: Sequence[Migration] = MIGRATIONS,
) -> list[str]:
    """Run each step not yet recorded, in order, each in its own transaction with its
    record; return the names run. A step another process ran meanwhile is skipped: the
    state is read again under the write lock."""
    done: list[str] = []
    for migration in migrations:
        with engine.connect() as conn:
            _begin(conn)
            try:
                state = read_state(conn, migrations)
                if state.unknown:
                    raise TooNew(state.unknown)
                if migration.name in state.applied:
                    conn.rollback()
                    continue
                RECORD.create(conn, checkfirst=True)
                migration.apply(conn)
                conn.execute(
                    RECORD.insert().values(
                        name=migration.name, applied_at=now.astimezone(UTC).replace(tzinfo=None)
                    )
                )
                conn.commit()
            except BaseException:
                conn.rollback()
                raise
        done.append(migration.name)
    return done


def _begin(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        # The write lock now, not at the first INSERT: DDL runs inside the transaction.
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    elif conn.dialect.name == "postgresql":
        # Two processes upgrading at once wait for each other (released at commit).
        conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('broadcaster schema'))"))


class TooNew(Exception):
    """The database records steps this code does not know: a newer release wrote it."""

    def __init__(self, unknown: list[str]) -> None:
        super().__init__(", ".join(unknown))
        self.unknown = unknown
