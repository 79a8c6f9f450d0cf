"""The province service's schema (#14), on PostgreSQL only, by the station's migration steps
(store/migrations.py: `CENTRAL_MIGRATIONS`, recorded in the same `schema_migration` table).

- `central_station`: one row per station: the chain epoch the service follows (the
  station's database, by the id it made when it was created) and its head (last seq, its
  row hash). Uploads of one station take this row's lock, so two at once never both add.
- `central_epoch`: every epoch a station has had, in order: a station reinstalled from
  scratch starts a new chain, recorded here, never silently.
- `central_row`: every as-run row the service accepted: keyed by station, epoch and seq,
  its content as the station hashed it (JSON), partitioned by month of its `scheduled_at`
  (one partition a month, made when the first row of that month arrives; a default one
  catches nothing in normal use). Append-only: UPDATE, DELETE and TRUNCATE are refused.
- `central_divergence`: each upload whose history differs from the one witnessed: where,
  why, the hash held and the hash sent. Append-only too.
- `central_heartbeat`: each station's last heartbeat (what it airs, what comes next, its
  health, its outbox, its chain head, as it sent them), when it arrived and how far the
  station's clock was from the service's.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

NAME = "c0001_central"

STATEMENTS = [
    """CREATE TABLE IF NOT EXISTS central_station (
         station_id text PRIMARY KEY,
         epoch text NOT NULL,
         head_seq bigint NOT NULL,
         head_hash text NOT NULL,
         first_seen_at timestamptz NOT NULL,
         last_upload_at timestamptz NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS central_epoch (
         station_id text NOT NULL,
         epoch text NOT NULL,
         started_at timestamptz NOT NULL,
         previous_epoch text,
         PRIMARY KEY (station_id, epoch))""",
    """CREATE TABLE IF NOT EXISTS central_row (
         station_id text NOT NULL,
         epoch text NOT NULL,
         seq bigint NOT NULL,
         scheduled_at timestamptz NOT NULL,
         prev_hash text NOT NULL,
         row_hash text NOT NULL,
         content jsonb NOT NULL,
         received_at timestamptz NOT NULL,
         PRIMARY KEY (station_id, epoch, seq, scheduled_at)
       ) PARTITION BY RANGE (scheduled_at)""",
    "CREATE TABLE IF NOT EXISTS central_row_default PARTITION OF central_row DEFAULT",
    """CREATE TABLE IF NOT EXISTS central_divergence (
         id bigserial PRIMARY KEY,
         station_id text NOT NULL,
         epoch text NOT NULL,
         seq bigint,
         why text NOT NULL,
         held_hash text,
         sent_hash text,
         seen_at timestamptz NOT NULL)""",
    """CREATE INDEX IF NOT EXISTS central_divergence_station
         ON central_divergence (station_id, seen_at)""",
    """CREATE TABLE IF NOT EXISTS central_heartbeat (
         station_id text PRIMARY KEY,
         payload jsonb NOT NULL,
         received_at timestamptz NOT NULL,
         clock_offset_s double precision)""",
    """CREATE OR REPLACE FUNCTION broadcaster_append_only() RETURNS trigger
       LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME; END $$""",
    *(
        f"""CREATE OR REPLACE TRIGGER {table}_no_{action} BEFORE {action.upper()} ON {table}
            FOR EACH {"STATEMENT" if action == "truncate" else "ROW"}
            EXECUTE FUNCTION broadcaster_append_only()"""
        for table in ("central_row", "central_divergence", "central_epoch")
        for action in ("update", "delete", "truncate")
    ),
]


def apply(conn: Connection) -> None:
    if conn.dialect.name != "postgresql":
        raise NotPostgreSQL(conn.dialect.name)
    for statement in STATEMENTS:
        conn.execute(text(statement))


class NotPostgreSQL(Exception):
    """The province service's database is PostgreSQL (partitions, row locks, JSONB)."""
