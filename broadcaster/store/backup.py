"""Copies of the station database that outlive a damaged disk sector or a bad power cut.

`backup_database` takes an online copy with SQLite's backup API, which reads one consistent
snapshot while the daemon keeps writing (WAL: a reader never blocks the writer). The copy is
written under a hidden `.part` name, checked with `PRAGMA quick_check`, flushed to disk and
only then renamed to `broadcaster-YYYYmmdd-HHMMSS.db` (UTC, so names sort in time whatever
the station's zone), so a file with a backup's name is always a complete, checked copy.
Only after a good copy exists are the oldest backups beyond `keep` deleted; nothing but
files with a backup's name is ever deleted.

`restore` never deletes the current database either: it and its `-wal`/`-shm` are renamed
to `<name>.damaged-YYYYmmdd-HHMMSS` (with `-wal`/`-shm` beside it, so SQLite still reads it
whole), and a checked copy of the backup is put in its place.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from loguru import logger

from broadcaster import i18n
from broadcaster.errors import BackupError
from broadcaster.i18n import display
from broadcaster.store import chainhead

if TYPE_CHECKING:
    from apscheduler.schedulers.base import BaseScheduler

    from broadcaster.clock import Clock
    from broadcaster.config import Config

PREFIX = "broadcaster-"
STAMP = "%Y%m%d-%H%M%S"
_BACKUP = re.compile(r"broadcaster-(\d{8}-\d{6})(?:-(\d+))?\.db")
_PART = re.compile(r"\.broadcaster-\d{8}-\d{6}(?:-\d+)?\.db\.part")
SIDE_FILES = ("-wal", "-shm", "-journal")
# A start-up catches up on a nightly backup the PC was switched off for.
CATCH_UP_AFTER = timedelta(hours=24)


# ---- checking --------------------------------------------------------------------------
def check_file(db_file: Path) -> str:
    """'ok', or what is wrong with the database file (SQLite's complaint, one line).

    Opened read-only, so checking a damaged file never changes it.
    """
    db_file = Path(db_file)
    if not db_file.is_file():
        return i18n.t("db.no_file")
    try:
        with _readonly(db_file) as conn:
            rows = conn.execute("PRAGMA quick_check").fetchall()
            problems = [_one_line(str(row[0])) for row in rows]
            if problems == ["ok"]:
                tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
                return "ok" if tables else i18n.t("db.empty")
    except sqlite3.Error as exc:  # "file is not a database", "database disk image is malformed"
        return _one_line(str(exc)) or type(exc).__name__
    except OSError as exc:
        return i18n.t("db.unreadable", detail=exc)
    shown = "; ".join(problems[:3])
    return shown + (f" (+{len(problems) - 3})" if len(problems) > 3 else "")


def _one_line(problem: str) -> str:
    """quick_check's "*** in database main ***\nPage 3: ..." as "Page 3: ..."."""
    lines = [line.strip() for line in problem.splitlines()]
    return " ".join(line for line in lines if line and not line.startswith("*** in database"))


@contextlib.contextmanager
def _readonly(db_file: Path) -> Iterator[sqlite3.Connection]:
    uri = db_file.resolve().as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=10)
    try:
        yield conn
    finally:
        conn.close()


# ---- naming ----------------------------------------------------------------------------
def _utc(now: datetime) -> datetime:
    return now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)


def backup_time(path: Path) -> datetime | None:
    """When a backup was taken (aware, UTC), read from its name; None for other files."""
    match = _BACKUP.fullmatch(path.name)
    if match is None:
        return None
    return datetime.strptime(match.group(1), STAMP).replace(tzinfo=UTC)


def _sort_key(path: Path) -> tuple[str, int]:
    match = _BACKUP.fullmatch(path.name)
    assert match is not None
    return match.group(1), int(match.group(2) or 1)


def list_backups(backup_dir: Path) -> list[Path]:
    """The backups in `backup_dir`, newest first (by the time in their names)."""
    backup_dir = Path(backup_dir)
    if not backup_dir.is_dir():
        return []
    found = [p for p in backup_dir.iterdir() if _BACKUP.fullmatch(p.name) and p.is_file()]
    return sorted(found, key=_sort_key, reverse=True)


def _free_name(folder: Path, stem: str, suffix: str = "") -> Path:
    """`stem+suffix`, else `stem-2+suffix`, ...: never reuse a name (two runs in a second)."""
    path = folder / f"{stem}{suffix}"
    number = 2
    while path.exists() or any(path.with_name(path.name + s).exists() for s in SIDE_FILES):
        path = folder / f"{stem}-{number}{suffix}"
        number += 1
    return path


# ---- backup ----------------------------------------------------------------------------
def backup_database(db_file: Path, backup_dir: Path, now: datetime, keep: int) -> Path:
    """Copy the live database to `backup_dir`, check the copy, keep the newest `keep`."""
    db_file, backup_dir = Path(db_file), Path(backup_dir)
    if keep < 1:
        raise ValueError("keep must be at least 1")
    if not db_file.is_file():
        raise BackupError(i18n.t("error.database", path=db_file, detail=i18n.t("db.no_file")))
    backup_dir.mkdir(parents=True, exist_ok=True)
    _remove_stale_parts(backup_dir)
    target = _free_name(backup_dir, PREFIX + _utc(now).strftime(STAMP), ".db")
    part = target.with_name(f".{target.name}.part")
    try:
        _copy_online(db_file, part)
        verdict = check_file(part)
        if verdict != "ok":
            raise BackupError(i18n.t("db.backup_bad_copy", detail=verdict))
        _fsync(part)
        os.replace(part, target)
        _fsync_dir(backup_dir)
    except BaseException:
        part.unlink(missing_ok=True)
        _remove_side_files(part)
        raise
    for old in list_backups(backup_dir)[keep:]:
        if old.resolve() != db_file.resolve():
            old.unlink(missing_ok=True)
            logger.debug("removed old backup {}", old)
    return target


def backup_on_request(db_file: Path, backup_dir: Path, now: datetime, keep: int) -> Path:
    """`broadcaster db backup`: `backup_database`, with any failure said in one line."""
    try:
        return backup_database(db_file, backup_dir, now, keep)
    except (BackupError, OSError, sqlite3.Error) as exc:
        raise BackupError(i18n.t("db.backup_failed", detail=exc)) from None


def _copy_online(db_file: Path, part: Path) -> None:
    source = sqlite3.connect(str(db_file), timeout=10)
    try:
        source.execute("PRAGMA busy_timeout=10000")
        copy = sqlite3.connect(str(part))
        try:
            # All pages in one step: one read snapshot, which a writer (WAL) does not disturb.
            # Stepwise copies restart whenever another connection writes, and may never end.
            source.backup(copy)
            # A backup is one self-contained file: no -wal beside it to lose.
            copy.execute("PRAGMA journal_mode=DELETE")
            copy.commit()
        finally:
            copy.close()
    except sqlite3.Error as exc:  # "database disk image is malformed", "... disk is full"
        raise BackupError(str(exc)) from exc
    finally:
        source.close()


def _remove_stale_parts(backup_dir: Path) -> None:
    """Half-written copies left by a power cut during a backup (only our own `.part` names)."""
    for path in backup_dir.iterdir():
        if _PART.fullmatch(path.name) and path.is_file():
            path.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    with path.open("r+b") as handle:  # Windows flushes only a handle open for writing
        os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a folder; NTFS journals the rename itself
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# ---- restore ---------------------------------------------------------------------------
def aside_name(db_file: Path, now: datetime) -> Path:
    """Where the current database goes when it is replaced (not yet checked for a free name)."""
    return db_file.with_name(f"{db_file.name}.damaged-{_utc(now).strftime(STAMP)}")


def restore(db_file: Path, backup: Path, now: datetime) -> Path | None:
    """Put a checked copy of `backup` in place of `db_file`; return where the old file went.

    The old database and its `-wal`/`-shm` are renamed, never deleted (None if there was no
    database file). Raises BackupError, changing nothing, if the backup itself is damaged.
    The daemon must be stopped: it would go on writing to the file moved aside.
    """
    db_file, backup = Path(db_file), Path(backup)
    verdict = check_file(backup)
    if verdict != "ok":
        raise BackupError(i18n.t("db.backup_damaged", path=backup, detail=verdict))
    db_file.parent.mkdir(parents=True, exist_ok=True)
    # Copy first, beside the database (same disk), so a full disk fails before anything moves.
    incoming = db_file.with_name(f".{db_file.name}.restoring")
    try:
        shutil.copyfile(backup, incoming)
        verdict = check_file(incoming)
        if verdict != "ok":
            raise BackupError(i18n.t("db.backup_damaged", path=backup, detail=verdict))
        _fsync(incoming)
    except BaseException:
        incoming.unlink(missing_ok=True)
        _remove_side_files(incoming)
        raise
    aside: Path | None = None
    moved: list[tuple[Path, Path]] = []
    try:
        if any(_side(db_file, s).exists() for s in ("", *SIDE_FILES)):
            aside = _free_name(db_file.parent, aside_name(db_file, now).name)
            for suffix in ("", *SIDE_FILES):  # the file first: Windows refuses it while open
                if _side(db_file, suffix).exists():
                    os.replace(_side(db_file, suffix), _side(aside, suffix))
                    moved.append((_side(db_file, suffix), _side(aside, suffix)))
        os.replace(incoming, db_file)
    except BaseException:
        # All or nothing: an old -wal left beside the restored file would be replayed into it.
        for original, moved_to in reversed(moved):
            with contextlib.suppress(OSError):
                os.replace(moved_to, original)
        incoming.unlink(missing_ok=True)
        _remove_side_files(incoming)
        raise
    _fsync_dir(db_file.parent)
    _remove_side_files(incoming)  # empty ones a read-only check may leave
    try:
        chainhead.mark_restore(db_file, backup.name, now)
    except (OSError, sqlite3.Error) as exc:
        logger.error(
            i18n.t(
                "chainhead.restore_unrecorded",
                path=chainhead.head_path(db_file),
                detail=display.failure(exc),
            )
        )
    return aside


def _side(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _remove_side_files(path: Path) -> None:
    for suffix in SIDE_FILES:
        _side(path, suffix).unlink(missing_ok=True)


# ---- the daemon's nightly job ----------------------------------------------------------
def nightly_backup(config: Config, now: datetime, only_if_due: bool = False) -> Path | None:
    """The daemon's backup: never raises, logs the result loudly in the station's language.

    With `only_if_due`, nothing is done when a backup younger than CATCH_UP_AFTER exists.
    """
    db_file = config.paths.database_file
    if db_file is None:
        return None  # not an SQLite file: backups are the database server's business
    if only_if_due:
        newest = list_backups(config.database.backup_dir)
        taken = backup_time(newest[0]) if newest else None
        if taken is not None and _utc(now) - taken < CATCH_UP_AFTER:
            return None
    try:
        path = backup_database(
            db_file, config.database.backup_dir, now, config.database.backups_kept
        )
    except (BackupError, OSError, sqlite3.Error) as exc:
        logger.error(i18n.t("db.backup_failed", detail=display.failure(exc)))
        logger.debug("backup failed: {}", exc)
        return None
    except Exception:  # noqa: BLE001 - a failed backup never stops the daemon
        logger.error(i18n.t("db.backup_failed", detail=i18n.t("failure.unexpected")))
        logger.opt(exception=True).debug("backup failed")
        return None
    logger.info(i18n.t("db.backup_done", path=path, size=format_size(path.stat().st_size)))
    return path


def schedule_backups(scheduler: BaseScheduler, config: Config, clock: Clock) -> None:
    """Nightly at `[database] backup_at` (station time), and soon after start-up when the
    newest backup is more than a day old (a PC switched off at night never sees 02:30)."""
    at = config.database.backup_at
    # The scheduler's workers are fresh threads: each job carries the station's language.
    scheduler.add_job(
        i18n.carried(lambda: nightly_backup(config, clock.now())),
        "cron",
        id="backup",
        hour=at.hour,
        minute=at.minute,
        second=at.second,
        max_instances=1,
        coalesce=True,
        misfire_grace_time=3600,
        replace_existing=True,
    )
    scheduler.add_job(
        i18n.carried(lambda: nightly_backup(config, clock.now(), only_if_due=True)),
        "date",
        id="backup-catch-up",
        run_date=datetime.now(UTC) + timedelta(minutes=2),
        misfire_grace_time=3600,
        replace_existing=True,
    )


def format_size(count: int) -> str:
    """'3,4 MB' in Vietnamese (display.size)."""
    return display.size(count)
