"""The chain head outside the database: a small append-only file beside it.

After every as-run row is committed, its sequence number, hash and recording time are
appended to `<database>.head`, one line each, signed with the station's key. Someone who
deletes the newest rows from the database (with its triggers dropped), or rewrites them,
leaves the head file saying how far the chain really reached, and with which hashes;
`verify --database` and `db check` compare the two and name the missing rows.

A line is `seq hash recorded_at signature`; the signature covers
`broadcaster-head <station> <seq> <hash> <recorded_at>`, so a line can later be sent to a
central witness, which checks it with the station's public key alone.

What the file cannot prove: someone at the station PC holds the key too and can rewrite
the database and this file consistently. Only a copy held elsewhere (exports already sent,
a central witness) proves against that; see README "Threat model".
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from loguru import logger
from sqlalchemy import text
from sqlalchemy.engine import Engine

from broadcaster import i18n
from broadcaster._lib.signing import PublicKey, StationKey, load, load_or_create

try:
    import fcntl
except ImportError:  # Windows: one daemon per station (instance.py) is the guard there
    fcntl = None  # type: ignore[assignment]

HEADER = "# broadcaster chain head"
_TAIL_BYTES = 4096
_lock = threading.Lock()


def key_path(db_file: Path) -> Path:
    """The station's private signing key lives beside its database."""
    return Path(db_file).with_suffix(".key")


def head_path(db_file: Path) -> Path:
    return Path(db_file).with_suffix(".head")


def database_file(engine: Engine) -> Path | None:
    """The SQLite file behind an engine; None for anything else (no head is kept)."""
    if engine.dialect.name != "sqlite":
        return None
    name = engine.url.database
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name)


@dataclass(frozen=True)
class HeadEntry:
    seq: int
    row_hash: str
    recorded_at: str  # UTC, ISO 8601
    signature: str
    line_number: int

    def message(self, station_id: str) -> bytes:
        return signed_text(station_id, self.seq, self.row_hash, self.recorded_at)


def signed_text(station_id: str, seq: int, row_hash: str, recorded_at: str) -> bytes:
    return f"broadcaster-head {station_id} {seq} {row_hash} {recorded_at}".encode()


@dataclass(frozen=True)
class Restore:
    """A `db restore` the head file recorded: rows after `last_seq` were lost with it."""

    at: datetime
    backup: str
    last_seq: int
    lost: tuple[HeadEntry, ...]


@dataclass
class HeadRead:
    """What a head file says, with the lines that could not be read."""

    station_id: str | None
    entries: list[HeadEntry]
    damaged_lines: list[int]
    restores: list[Restore]

    @property
    def last(self) -> HeadEntry | None:
        return self.entries[-1] if self.entries else None

    def bad_signatures(self, public: PublicKey) -> list[HeadEntry]:
        station = self.station_id or ""
        return [e for e in self.entries if not public.verifies(e.message(station), e.signature)]


def read(path: Path) -> HeadRead | None:
    """The head file, or None when there is none."""
    try:
        lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except FileNotFoundError:
        return None
    station_id = None
    entries: list[HeadEntry] = []
    damaged: list[int] = []
    restores: list[Restore] = []
    for number, line in enumerate(lines, start=1):
        restore = _parse_restore(line)
        if restore is not None:
            at, backup, last_seq = restore
            lost = tuple(e for e in entries if e.seq > last_seq)
            entries = [e for e in entries if e.seq <= last_seq]
            restores.append(Restore(at, backup, last_seq, lost))
            continue
        if line.startswith("#"):
            parts = line.split()
            if "station" in parts and parts.index("station") + 1 < len(parts):
                station_id = parts[parts.index("station") + 1]
            continue
        entry = _parse(line, number)
        if entry is None:
            if line.strip():
                damaged.append(number)
            continue
        entries.append(entry)
    return HeadRead(station_id, entries, damaged, restores)


def _parse_restore(line: str) -> tuple[datetime, str, int] | None:
    """`# restore <UTC time> from <backup file> last_seq <seq>`, or None."""
    parts = line.split()
    if len(parts) != 7 or parts[:2] != ["#", "restore"] or parts[3] != "from":
        return None
    if parts[5] != "last_seq" or not parts[6].isdigit():
        return None
    try:
        at = datetime.fromisoformat(parts[2])
    except ValueError:
        return None
    return (at if at.tzinfo else at.replace(tzinfo=UTC)), parts[4], int(parts[6])


def _parse(line: str, number: int) -> HeadEntry | None:
    parts = line.split()
    if len(parts) != 4 or not parts[0].isdigit() or len(parts[0]) > 18 or len(parts[1]) != 64:
        return None
    try:
        recorded = datetime.fromisoformat(parts[2])
    except ValueError:
        return None
    if recorded.tzinfo is None:
        return None
    return HeadEntry(int(parts[0]), parts[1], parts[2], parts[3], number)


def _last_seq(path: Path) -> int | None:
    """The newest entry's seq, read from the end of the file (it grows for years)."""
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - _TAIL_BYTES))
            tail = handle.read().decode("utf-8", errors="replace").splitlines()
    except FileNotFoundError:
        return None
    for line in reversed(tail):
        restore = _parse_restore(line)
        if restore is not None:
            return restore[2]  # the chain went on from the restored database's end
        entry = _parse(line, 0)
        if entry is not None:
            return entry.seq
    return 0  # a header only


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """Two processes (the daemon, a `correct` command) never write the same lines twice."""
    lock = path.with_name(path.name + ".lock")
    fd = os.open(lock, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _utc_text(moment: datetime) -> str:
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return moment.isoformat(timespec="microseconds")


def _rows_after(engine: Engine, seq: int) -> list[tuple[int, str, str, datetime]]:
    with engine.connect() as conn:
        result = conn.execute(
            text(
                "SELECT seq, row_hash, station_id, recorded_at FROM as_run "
                "WHERE seq > :seq ORDER BY seq"
            ),
            {"seq": seq},
        )
        return [(int(r[0]), str(r[1]), str(r[2]), _as_datetime(r[3])) for r in result]


def _as_datetime(value: object) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def _append(path: Path, lines: Iterable[str]) -> None:
    data = "".join(lines).encode()
    if not data:
        return
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def station_key(db_file: Path) -> StationKey:
    key, made = load_or_create(key_path(db_file))
    if made:
        logger.info(i18n.t("key.made", fingerprint=key.public.fingerprint))
    return key


def prepare(engine: Engine) -> None:
    """At start-up: the station's key exists (made at the first start), and the head file
    holds every row (repairing a crash between a row's commit and its head line)."""
    db_file = database_file(engine)
    if db_file is None:
        return
    station_key(db_file)
    written = catch_up(engine)
    if written:
        logger.debug("chain head file {}: {} line(s) added", head_path(db_file), written)


def catch_up(engine: Engine) -> int:
    """Append the rows the head file does not have yet (all of them for a new file).
    Called after every append and at start-up, so a crash between a row's commit and its
    head line is repaired at once. Returns the number of lines written."""
    db_file = database_file(engine)
    if db_file is None:
        return 0
    path = head_path(db_file)
    with _lock, _file_lock(path):
        last = _last_seq(path)
        rows = _rows_after(engine, last or 0)
        if not rows:
            if last is None:
                _append(path, [])  # nothing yet; the file is made with the first row
            return 0
        key = station_key(db_file)
        station_id = rows[0][2]
        lines = []
        if last is None:
            lines.append(f"{HEADER} — station {station_id} — key {key.public.fingerprint}\n")
        for seq, row_hash, station, recorded in rows:
            at = _utc_text(recorded)
            signature = key.sign(signed_text(station, seq, row_hash, at))
            lines.append(f"{seq} {row_hash} {at} {signature}\n")
        _append(path, lines)
        return len(rows)


def mark_restore(db_file: Path, backup_name: str, now: datetime) -> None:
    """Record in the head file that the database was replaced by a backup: the rows after
    the backup's end were lost with it (checks then say so, as a recorded restore, and no
    longer as rows deleted), and the chain goes on from the backup's end."""
    path = head_path(db_file)
    if not path.exists():
        return
    uri = Path(db_file).resolve().as_uri() + "?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=10)) as conn:
        last = conn.execute(
            "SELECT MAX(seq) FROM (SELECT seq FROM as_run UNION ALL SELECT seq FROM chain_anchor)"
        ).fetchone()[0]
    name = "".join(c if c.isalnum() or c in "-_." else "_" for c in backup_name) or "?"
    with _lock, _file_lock(path):
        _append(path, [f"# restore {_utc_text(now)} from {name} last_seq {int(last or 0)}\n"])


def public_key_beside(db_file: Path) -> PublicKey | None:
    """The public half of the key beside a database (None when there is no key file)."""
    path = key_path(db_file)
    if not path.exists():
        return None
    return load(path).public
