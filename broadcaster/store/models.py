"""Database tables. The database is the truth; APScheduler only holds timers built from it.

Times are stored in UTC and come back as aware datetimes (see `UTCDateTime`).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import Column, DateTime, Index, TypeDecorator, UniqueConstraint
from sqlmodel import Field, SQLModel


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, UTC stored naive, aware UTC out (SQLite has no time zones)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def _utc_column(nullable: bool = False, index: bool = False) -> Column:  # type: ignore[type-arg]
    return Column(UTCDateTime(), nullable=nullable, index=index)


def new_uid() -> str:
    return str(uuid.uuid4())


def utcnow() -> datetime:
    return datetime.now(UTC)


class Programme(SQLModel, table=True):
    """One audio file in the library, identified by its content."""

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, unique=True)
    series_id: str = Field(index=True)
    title: str
    file_name: str  # path inside the library, NFC
    original_name: str  # as dropped by the operator, NFC
    sha256: str = Field(unique=True, index=True)
    size_bytes: int
    duration_s: float
    arrived_at: datetime = Field(sa_column=_utc_column())
    named_month: str | None = None  # "YYYY-MM" taken from the file name


class ProgrammeLoudness(SQLModel, table=True):
    """What a programme measured (EBU R128 loudness, true peak, silence at its ends). A
    table of its own: a database from before loudness was measured gains it without a
    migration, and its programmes are measured by the daemon in the background."""

    __tablename__ = "programme_loudness"
    programme_id: int = Field(primary_key=True, foreign_key="programme.id")
    integrated_lufs: float | None = None  # None: nothing above the −70 LUFS gate
    range_lu: float = 0.0
    true_peak_dbtp: float | None = None
    lead_silence_s: float = 0.0
    tail_silence_s: float = 0.0
    measured_at: datetime = Field(sa_column=_utc_column())


class BulletinAssembly(SQLModel, table=True):
    """A bulletin aired with its attention signal (nhạc hiệu): the assembled file is a
    programme of its own (what the as-run row names and hashes), and this row links it to
    the operator's original and says how it was made. A table of its own, so an older
    database gains it without a migration (#10 §7)."""

    __tablename__ = "bulletin_assembly"
    programme_id: int = Field(primary_key=True, foreign_key="programme.id")  # the assembled
    source_programme_id: int = Field(foreign_key="programme.id", index=True)  # the original
    signal_file: str  # as written in config.toml
    signal_sha256: str
    signal_after: bool
    gap_s: float
    signal_gain_db: float
    took_s: float  # how long assembling took (an emergency waits for it)
    assembled_at: datetime = Field(sa_column=_utc_column())


class IngestEvent(SQLModel, table=True):
    """What happened to each file taken from the inbox (accepted, duplicate, rejected)."""

    __tablename__ = "ingest_event"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=_utc_column())
    source_name: str
    series_id: str | None = None
    sha256: str | None = None
    size_bytes: int = 0
    outcome: str
    reason: str = ""
    programme_id: int | None = None
    quarantine_name: str | None = None
    # Fingerprint of the quarantined file, so it is retried only once it changes.
    quarantine_size: int | None = None
    quarantine_mtime_ns: int | None = None


class PlannedAiring(SQLModel, table=True):
    """One airing the planner placed. Future rows are recomputed; past rows never move."""

    __tablename__ = "planned_airing"
    __table_args__ = (UniqueConstraint("programme_id", "seq"),)
    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, unique=True)
    programme_id: int = Field(foreign_key="programme.id", index=True)
    series_id: str
    seq: int
    kind: str
    slot_at: datetime = Field(sa_column=_utc_column(index=True))
    duration_s: float
    priority: str | None = None  # bulletins only: emergency | priority | normal


class AsRunRecord(SQLModel, table=True):
    """One row per airing, append-only (triggers refuse UPDATE and DELETE), and chained:
    `row_hash` covers the row and `prev_hash`, the hash of the row before (see chain.py).
    A correction is a new row whose `corrects_uid` names the row it corrects."""

    __tablename__ = "as_run"
    __table_args__ = (Index("ix_as_run_scheduled", "scheduled_at"),)
    seq: int | None = Field(default=None, primary_key=True)
    # Unique: two rows can never follow the same row, so the chain cannot fork.
    prev_hash: str = Field(default="", unique=True)
    row_hash: str = Field(default="", unique=True)
    corrects_uid: str | None = None
    makeup_of_uid: str | None = None  # a make-up airing: the as-run row it makes up
    priority: str | None = (
        None  # a bulletin's level (Circular 39/2020): emergency, priority, normal
    )
    uid: str = Field(default_factory=new_uid, unique=True)
    station_id: str
    series_id: str
    programme_id: int | None = None
    planned_airing_uid: str | None = Field(default=None, index=True)
    title: str
    file_name: str
    file_sha256: str
    kind: str
    scheduled_at: datetime = Field(sa_column=_utc_column())
    started_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    ended_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    duration_s: float
    played_s: float = 0.0
    status: str
    reason: str = ""
    recorded_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())


class ChainAnchor(SQLModel, table=True):
    """Where the as-run chain starts after a purge: the last purged row's seq and hash,
    and the export that kept those rows (nothing is purged without one)."""

    __tablename__ = "chain_anchor"
    id: int | None = Field(default=None, primary_key=True)
    seq: int
    row_hash: str
    rows_purged: int
    exported_to: str
    purged_at: datetime = Field(sa_column=_utc_column())


class DaemonState(SQLModel, table=True):
    """Small facts the daemon shares with `status`: heartbeat, audio health."""

    __tablename__ = "daemon_state"
    key: str = Field(primary_key=True)
    value: str
    updated_at: datetime = Field(sa_column=_utc_column())


class Notification(SQLModel, table=True):
    """One notification the daemon decided to send (#10): kept so a restart never sends it
    again, and so a delivery that failed can be seen. Channels: "" not configured, then
    pending, sent or failed."""

    __tablename__ = "notification"
    id: int | None = Field(default=None, primary_key=True)
    topic: str = Field(index=True)  # e.g. audio, programme_missing, library
    subject: str = ""  # what it is about within the topic (a programme, a series' period)
    created_at: datetime = Field(sa_column=_utc_column())
    text: str
    repeats: int = 0  # a summary: how many events it stands for
    email_state: str = ""
    webhook_state: str = ""
    attempts: int = 0
    last_error: str = ""
    sent_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class NotificationQuiet(SQLModel, table=True):
    """The quiet period of one (topic, subject): when it last sent and what it folded."""

    __tablename__ = "notification_quiet"
    topic: str = Field(primary_key=True)
    subject: str = Field(default="", primary_key=True)
    last_sent_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    folded: int = 0
    last_text: str = ""


class ProgrammeChange(SQLModel, table=True):
    """One change an operator made to a programme (withdraw, replace, title, period), kept
    like the as-run rows: append-only (triggers refuse UPDATE and DELETE). A table of its
    own, so a database from before programme management gains it without a migration; a
    programme's current state (withdrawn, replaced by, chosen period) is read from it."""

    __tablename__ = "programme_change"
    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True)
    at: datetime = Field(sa_column=_utc_column())
    by: str  # the OS user, or `--by NAME`
    action: str  # withdraw | replace | replaces | title | move
    old_value: str = ""
    new_value: str = ""
    reason: str


class ConsoleAccount(SQLModel, table=True):
    """Who may log in to the station console (#13); the password only as its argon2 hash."""

    __tablename__ = "console_account"
    name: str = Field(primary_key=True)
    password_hash: str
    role: str  # operator | viewer | approver
    created_at: datetime = Field(sa_column=_utc_column())
    created_by: str
    disabled_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class ConsoleAudit(SQLModel, table=True):
    """One action through the console: append-only (triggers refuse UPDATE and DELETE)."""

    __tablename__ = "console_audit"
    __table_args__ = (Index("ix_console_audit_at", "at"),)
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=_utc_column())
    account: str  # "" before a login (a refused login names what was typed in `target`)
    action: str  # a key of the console's words: login, upload, bulletin, slots, ...
    target: str = ""
    detail: str = ""
    client: str = ""  # the address the request came from
    outcome: str = "ok"  # ok | refused | failed


class ConsoleRequest(SQLModel, table=True):
    """A bulletin or programme waiting for a second account's approval (#13)."""

    __tablename__ = "console_request"
    id: int | None = Field(default=None, primary_key=True)
    kind: str  # bulletin | programme
    payload: str  # JSON: what to do once approved (a held file, a priority, a series)
    created_by: str
    created_at: datetime = Field(sa_column=_utc_column())
    decision: str | None = None  # approved | rejected
    decided_by: str | None = None
    decided_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    result: str = ""
