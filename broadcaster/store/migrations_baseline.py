"""Migration 0001, the baseline: the schema as the code wrote it before migrations were
recorded (every table, index and append-only trigger of commit 565c682 and of #12's start).

It is frozen here, written out table by table, and not taken from `models.py`: a migration
must do tomorrow what it does today, while the models move on with the next migration. A
unit test checks that a database built by the migrations is exactly what the models declare
(tests/unit/store/test_migrations.py), so a model change without a migration fails there.

On a database written before migrations existed (tables there, no record) it recognises the
schema, creates only what is missing (tables added later used to appear at the next open,
as `create_all` made them), never touches a row, and records itself. A table that lacks a
column this code reads is not a schema it knows: it refuses and changes nothing. Because it
only adds what is missing, any command may apply it to such a database without recording
it, as every release before the record did at each open; the record itself (the database's
first step into migrations) waits for the daemon's start or `db upgrade`, after a backup.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    inspect,
    text,
)
from sqlalchemy.engine import Connection

NAME = "0001_baseline"

schema = MetaData()


def _id() -> Column:  # type: ignore[type-arg]
    return Column("id", Integer, primary_key=True)


def _text(name: str, nullable: bool = False) -> Column:  # type: ignore[type-arg]
    return Column(name, String, nullable=nullable)


def _time(name: str, nullable: bool = False) -> Column:  # type: ignore[type-arg]
    return Column(name, DateTime, nullable=nullable)


def _float(name: str, nullable: bool = False) -> Column:  # type: ignore[type-arg]
    return Column(name, Float, nullable=nullable)


def _int(name: str, nullable: bool = False) -> Column:  # type: ignore[type-arg]
    return Column(name, Integer, nullable=nullable)


Table(
    "programme",
    schema,
    _id(),
    Column("uid", String, nullable=False, unique=True),
    _text("series_id"),
    _text("title"),
    _text("file_name"),
    _text("original_name"),
    _text("sha256"),
    _int("size_bytes"),
    _float("duration_s"),
    _time("arrived_at"),
    _text("named_month", nullable=True),
    Index("ix_programme_series_id", "series_id"),
    Index("ix_programme_sha256", "sha256", unique=True),
)
Table(
    "programme_loudness",
    schema,
    Column("programme_id", Integer, ForeignKey("programme.id"), primary_key=True),
    _float("integrated_lufs", nullable=True),
    _float("range_lu"),
    _float("true_peak_dbtp", nullable=True),
    _float("lead_silence_s"),
    _float("tail_silence_s"),
    _time("measured_at"),
)
Table(
    "bulletin_assembly",
    schema,
    Column("programme_id", Integer, ForeignKey("programme.id"), primary_key=True),
    Column("source_programme_id", Integer, ForeignKey("programme.id"), nullable=False),
    _text("signal_file"),
    _text("signal_sha256"),
    Column("signal_after", Boolean, nullable=False),
    _float("gap_s"),
    _float("signal_gain_db"),
    _float("took_s"),
    _time("assembled_at"),
    Index("ix_bulletin_assembly_source_programme_id", "source_programme_id"),
)
Table(
    "ingest_event",
    schema,
    _id(),
    _time("at"),
    _text("source_name"),
    _text("series_id", nullable=True),
    _text("sha256", nullable=True),
    _int("size_bytes"),
    _text("outcome"),
    _text("reason"),
    _int("programme_id", nullable=True),
    _text("quarantine_name", nullable=True),
    _int("quarantine_size", nullable=True),
    _int("quarantine_mtime_ns", nullable=True),
)
Table(
    "planned_airing",
    schema,
    _id(),
    Column("uid", String, nullable=False, unique=True),
    Column("programme_id", Integer, ForeignKey("programme.id"), nullable=False),
    _text("series_id"),
    _int("seq"),
    _text("kind"),
    _time("slot_at"),
    _float("duration_s"),
    _text("priority", nullable=True),
    UniqueConstraint("programme_id", "seq"),
    Index("ix_planned_airing_programme_id", "programme_id"),
    Index("ix_planned_airing_slot_at", "slot_at"),
)
Table(
    "as_run",
    schema,
    Column("seq", Integer, primary_key=True),
    Column("prev_hash", String, nullable=False, unique=True),
    Column("row_hash", String, nullable=False, unique=True),
    _text("corrects_uid", nullable=True),
    _text("makeup_of_uid", nullable=True),
    _text("priority", nullable=True),
    Column("uid", String, nullable=False, unique=True),
    _text("station_id"),
    _text("series_id"),
    _int("programme_id", nullable=True),
    _text("planned_airing_uid", nullable=True),
    _text("title"),
    _text("file_name"),
    _text("file_sha256"),
    _text("kind"),
    _time("scheduled_at"),
    _time("started_at", nullable=True),
    _time("ended_at", nullable=True),
    _float("duration_s"),
    _float("played_s"),
    _text("status"),
    _text("reason"),
    _time("recorded_at"),
    Index("ix_as_run_scheduled", "scheduled_at"),
    Index("ix_as_run_planned_airing_uid", "planned_airing_uid"),
)
Table(
    "chain_anchor",
    schema,
    _id(),
    _int("seq"),
    _text("row_hash"),
    _int("rows_purged"),
    _text("exported_to"),
    _time("purged_at"),
)
Table(
    "daemon_state",
    schema,
    Column("key", String, primary_key=True),
    _text("value"),
    _time("updated_at"),
)
Table(
    "notification",
    schema,
    _id(),
    _text("topic"),
    _text("subject"),
    _time("created_at"),
    _text("text"),
    _int("repeats"),
    _text("email_state"),
    _text("webhook_state"),
    _int("attempts"),
    _text("last_error"),
    _time("sent_at", nullable=True),
    Index("ix_notification_topic", "topic"),
)
Table(
    "notification_quiet",
    schema,
    Column("topic", String, primary_key=True),
    Column("subject", String, primary_key=True),
    _time("last_sent_at", nullable=True),
    _int("folded"),
    _text("last_text"),
)
Table(
    "programme_change",
    schema,
    _id(),
    Column("programme_id", Integer, ForeignKey("programme.id"), nullable=False),
    _time("at"),
    _text("by"),
    _text("action"),
    _text("old_value"),
    _text("new_value"),
    _text("reason"),
    Index("ix_programme_change_programme_id", "programme_id"),
)

# The append-only triggers. SQLite's are the ones store/db.py puts back when someone drops
# them (it keeps the evidence first); PostgreSQL has no RAISE in a trigger's body, so there
# one plpgsql function raises for UPDATE, DELETE and TRUNCATE, and another checks that an
# insert hangs from the chain's last row. The messages are the same in both.
SQLITE_TRIGGERS = [
    """CREATE TRIGGER IF NOT EXISTS as_run_no_update BEFORE UPDATE ON as_run
       BEGIN SELECT RAISE(ABORT, 'as_run rows are append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS as_run_no_delete BEFORE DELETE ON as_run
       BEGIN SELECT RAISE(ABORT, 'as_run rows are append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS as_run_only_at_end BEFORE INSERT ON as_run
       WHEN NEW.seq IS NOT COALESCE(
                (SELECT MAX(seq) FROM as_run), (SELECT MAX(seq) FROM chain_anchor), 0) + 1
         OR NEW.prev_hash IS NOT COALESCE(
                (SELECT row_hash FROM as_run ORDER BY seq DESC LIMIT 1),
                (SELECT row_hash FROM chain_anchor ORDER BY seq DESC LIMIT 1),
                '0000000000000000000000000000000000000000000000000000000000000000')
       BEGIN SELECT RAISE(ABORT, 'as_run rows are appended at the end of the chain only'); END""",
    """CREATE TRIGGER IF NOT EXISTS programme_change_no_update BEFORE UPDATE ON programme_change
       BEGIN SELECT RAISE(ABORT, 'programme_change rows are append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS programme_change_no_delete BEFORE DELETE ON programme_change
       BEGIN SELECT RAISE(ABORT, 'programme_change rows are append-only'); END""",
]
POSTGRESQL_TRIGGERS = [
    """CREATE OR REPLACE FUNCTION broadcaster_append_only() RETURNS trigger
       LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME; END $$""",
    """CREATE OR REPLACE FUNCTION broadcaster_as_run_only_at_end() RETURNS trigger
       LANGUAGE plpgsql AS $$
       BEGIN
         IF NEW.seq IS DISTINCT FROM COALESCE(
                (SELECT MAX(seq) FROM as_run), (SELECT MAX(seq) FROM chain_anchor), 0) + 1
            OR NEW.prev_hash IS DISTINCT FROM COALESCE(
                (SELECT row_hash FROM as_run ORDER BY seq DESC LIMIT 1),
                (SELECT row_hash FROM chain_anchor ORDER BY seq DESC LIMIT 1),
                repeat('0', 64)) THEN
           RAISE EXCEPTION 'as_run rows are appended at the end of the chain only';
         END IF;
         RETURN NEW;
       END $$""",
    *(
        f"""CREATE OR REPLACE TRIGGER {table}_no_{action} BEFORE {action.upper()} ON {table}
            FOR EACH {"STATEMENT" if action == "truncate" else "ROW"}
            EXECUTE FUNCTION broadcaster_append_only()"""
        for table in ("as_run", "programme_change")
        for action in ("update", "delete", "truncate")
    ),
    """CREATE OR REPLACE TRIGGER as_run_only_at_end BEFORE INSERT ON as_run
       FOR EACH ROW EXECUTE FUNCTION broadcaster_as_run_only_at_end()""",
]


def missing_columns(conn: Connection) -> list[str]:
    """`table.column` for each column of an existing table that is not there."""
    inspector = inspect(conn)
    existing = set(inspector.get_table_names())
    missing = []
    for table in schema.sorted_tables:
        if table.name in existing:
            have = {column["name"] for column in inspector.get_columns(table.name)}
            missing += [f"{table.name}.{c.name}" for c in table.columns if c.name not in have]
    return missing


def apply(conn: Connection) -> None:
    missing = missing_columns(conn)
    if missing:
        raise Unrecognised(missing)
    schema.create_all(conn, checkfirst=True)  # only the tables that are not there yet
    for statement in POSTGRESQL_TRIGGERS if conn.dialect.name == "postgresql" else SQLITE_TRIGGERS:
        conn.execute(text(statement))


class Unrecognised(Exception):
    """A table lacks a column this code reads: not a schema any release of it wrote."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(", ".join(missing))
        self.missing = missing
