"""Migration 0002: the station console's tables (#13), frozen here as the baseline is.

- `console_account`: who may log in, the argon2 hash of their password (never the
  password), their role (operator, viewer, approver) and whether the account is disabled.
- `console_audit`: every action taken through the console, append-only like the as-run
  log (triggers refuse UPDATE and DELETE): who, when, what, on what, from where, outcome.
  On SQLite a third refuses an insert onto an existing row's id: `INSERT OR REPLACE`
  deletes the row it collides with without firing the delete trigger (unless
  recursive_triggers is on, as only the station's own connections have it).
- `console_request`: a bulletin or programme one account entered that waits for a second
  account's approval (người tạo → người duyệt), with the decision once taken.

It only creates what is missing and touches no row, so any command may apply it to a
database the daemon has not upgraded yet (the console's tables are simply there, empty).
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Index, Integer, MetaData, String, Table, text
from sqlalchemy.engine import Connection

NAME = "0002_console"

schema = MetaData()

Table(
    "console_account",
    schema,
    Column("name", String, primary_key=True),
    Column("password_hash", String, nullable=False),
    Column("role", String, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String, nullable=False),
    Column("disabled_at", DateTime, nullable=True),
)
Table(
    "console_audit",
    schema,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime, nullable=False),
    Column("account", String, nullable=False),
    Column("action", String, nullable=False),
    Column("target", String, nullable=False),
    Column("detail", String, nullable=False),
    Column("client", String, nullable=False),
    Column("outcome", String, nullable=False),
    Index("ix_console_audit_at", "at"),
)
Table(
    "console_request",
    schema,
    Column("id", Integer, primary_key=True),
    Column("kind", String, nullable=False),
    Column("payload", String, nullable=False),
    Column("created_by", String, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("decision", String, nullable=True),
    Column("decided_by", String, nullable=True),
    Column("decided_at", DateTime, nullable=True),
    Column("result", String, nullable=False),
)

SQLITE_TRIGGERS = [
    """CREATE TRIGGER IF NOT EXISTS console_audit_no_update BEFORE UPDATE ON console_audit
       BEGIN SELECT RAISE(ABORT, 'console_audit rows are append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS console_audit_no_delete BEFORE DELETE ON console_audit
       BEGIN SELECT RAISE(ABORT, 'console_audit rows are append-only'); END""",
    # (An id SQLite assigns is -1 in a BEFORE INSERT trigger: no row has it.)
    """CREATE TRIGGER IF NOT EXISTS console_audit_only_new BEFORE INSERT ON console_audit
       WHEN EXISTS (SELECT 1 FROM console_audit WHERE id = NEW.id)
       BEGIN SELECT RAISE(ABORT, 'console_audit rows are append-only'); END""",
]
# broadcaster_append_only() is the baseline's function.
POSTGRESQL_TRIGGERS = [
    f"""CREATE OR REPLACE TRIGGER console_audit_no_{action} BEFORE {action.upper()}
        ON console_audit FOR EACH {"STATEMENT" if action == "truncate" else "ROW"}
        EXECUTE FUNCTION broadcaster_append_only()"""
    for action in ("update", "delete", "truncate")
]


def apply(conn: Connection) -> None:
    schema.create_all(conn, checkfirst=True)
    for statement in POSTGRESQL_TRIGGERS if conn.dialect.name == "postgresql" else SQLITE_TRIGGERS:
        conn.execute(text(statement))
