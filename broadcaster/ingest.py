"""Taking programmes in from the drop folder, as stages.

find → wait until stable → hash → check duplicates → decode in full (measuring loudness and
silence on the way) → register or quarantine.

A file is only ever moved (never deleted) and every decision is an `IngestEvent` row. A
rejected file goes to quarantine with `<name>.reason.txt` beside it, and is tried again
only once it changes there.
"""

from __future__ import annotations

import errno
import os
import shutil
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from loguru import logger
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlmodel import select

from broadcaster import i18n, levels
from broadcaster.bulletins import BULLETIN_SERIES, INBOX_FOLDERS, BulletinRejected, announce
from broadcaster.clock import Clock
from broadcaster.config import Config
from broadcaster.db import session
from broadcaster.decode import Progress, check_audio, sha256_file
from broadcaster.durations import format_duration
from broadcaster.models import ACCEPTED, DUPLICATE, REJECTED, IngestEvent, Programme
from broadcaster.periods import month_in_name, period_of

REASON_SUFFIX = ".reason.txt"
# Files at least this long get progress lines while they are decoded and measured.
LONG_PROGRAMME_S = 300.0


def is_temporary(name: str) -> bool:
    """Names of files still being written by a browser, an editor or a copy tool."""
    lowered = name.lower()
    return (
        name.startswith(".")
        or name.startswith("~$")
        or lowered.endswith((".part", ".crdownload", ".tmp", ".partial", ".download"))
        or lowered.endswith(REASON_SUFFIX)
    )


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class Candidate:
    path: Path
    series_id: str | None  # None: a folder that belongs to no series
    folder: str
    size: int
    mtime_ns: int
    retry_of: IngestEvent | None = None  # a quarantined file that changed


@dataclass(frozen=True)
class Outcome:
    name: str
    series_id: str | None
    outcome: str  # accepted | duplicate | rejected
    message: str
    programme_id: int | None = None


@dataclass
class StabilityTracker:
    """A file is taken only after its size and mtime held still for `settle` seconds,
    seen on at least two scans (Rivendell and AzuraCast do the same)."""

    settle_s: float
    _seen: dict[Path, tuple[int, int, float]] = field(default_factory=dict)

    def ready(self, candidate: Candidate, now_mono: float) -> bool:
        fingerprint = (candidate.size, candidate.mtime_ns)
        previous = self._seen.get(candidate.path)
        if previous is None or previous[:2] != fingerprint:
            self._seen[candidate.path] = (*fingerprint, now_mono)
            return False
        return now_mono - previous[2] >= self.settle_s

    def forget(self, path: Path) -> None:
        self._seen.pop(path, None)

    def prune(self, present: set[Path]) -> None:
        for path in list(self._seen):
            if path not in present:
                del self._seen[path]


class Ingester:
    def __init__(self, config: Config, engine: Engine, clock: Clock) -> None:
        self.config = config
        self.engine = engine
        self.clock = clock
        # name → progress callback for the decode; the CLI shows a bar, the daemon logs.
        self.progress: Callable[[str], Progress | None] = self._log_progress
        self.tracker = StabilityTracker(config.settle.total_seconds())
        for folder in (config.paths.inbox, config.paths.library, config.paths.quarantine):
            folder.mkdir(parents=True, exist_ok=True)

    def _log_progress(self, name: str) -> Progress | None:
        """Progress lines in the daemon's log for a long programme (every 10 %)."""
        shown = {"step": 0}

        def report(done: float, total: float | None) -> None:
            if not total or total < LONG_PROGRAMME_S:
                return
            step = min(10, int(done / total * 10))
            if step > shown["step"]:
                shown["step"] = step
                logger.info(
                    i18n.t(
                        "ingest.progress",
                        name=name,
                        percent=step * 10,
                        done=format_duration(done),
                        total=format_duration(total),
                    )
                )

        return report

    # ---- find ---------------------------------------------------------------------------
    def candidates(self) -> Iterator[Candidate]:
        by_folder = {s.folder: s.id for s in self.config.series}
        inbox = self.config.paths.inbox
        for entry in sorted(inbox.iterdir()):
            if entry.is_file() and not is_temporary(entry.name):
                yield self._candidate(entry, self.config.station.default_series, "")
            elif entry.is_dir() and not entry.name.startswith("."):
                series_id = by_folder.get(nfc(entry.name))
                if nfc(entry.name) in INBOX_FOLDERS:  # khan-cap/, uu-tien/, thong-thuong/
                    series_id = BULLETIN_SERIES
                for path in sorted(entry.rglob("*")):
                    if path.is_file() and not any(
                        is_temporary(p) for p in path.relative_to(inbox).parts
                    ):
                        yield self._candidate(path, series_id, entry.name)
        yield from self._changed_in_quarantine()

    def _candidate(self, path: Path, series_id: str | None, folder: str) -> Candidate:
        stat = path.stat()
        return Candidate(path, series_id, folder, stat.st_size, stat.st_mtime_ns)

    def _changed_in_quarantine(self) -> Iterator[Candidate]:
        quarantine = self.config.paths.quarantine
        with session(self.engine) as db:
            events = db.exec(
                select(IngestEvent).where(IngestEvent.quarantine_name.is_not(None))  # type: ignore[union-attr]
            ).all()
        latest: dict[str, IngestEvent] = {}
        for event in events:
            assert event.quarantine_name is not None
            latest[event.quarantine_name] = event
        for name, event in latest.items():
            if event.series_id is None:
                continue  # from a folder of no series: the operator must drop it again
            path = quarantine / name
            try:
                stat = path.stat()
            except FileNotFoundError:
                continue  # the operator took it out; nothing to do
            if (stat.st_size, stat.st_mtime_ns) != (
                event.quarantine_size,
                event.quarantine_mtime_ns,
            ):
                yield Candidate(
                    path, event.series_id, "", stat.st_size, stat.st_mtime_ns, retry_of=event
                )

    # ---- one pass -----------------------------------------------------------------------
    def scan(self, dry_run: bool = False) -> tuple[list[Outcome], list[Path]]:
        """Take every stable file; return (outcomes, files still settling)."""
        outcomes: list[Outcome] = []
        waiting: list[Path] = []
        present: set[Path] = set()
        for candidate in self._safe_candidates():
            present.add(candidate.path)
            if not self.tracker.ready(candidate, time.monotonic()):
                waiting.append(candidate.path)
                continue
            try:
                outcomes.append(self.take(candidate, dry_run=dry_run))
            except (OSError, SQLAlchemyError) as exc:
                # `take` has put the file back where it was; the other files still go on.
                if not isinstance(exc, OSError) and not is_disk_full(exc):
                    raise
                key = "ingest.disk_full" if is_disk_full(exc) else "ingest.failed_move"
                logger.error(i18n.t(key, name=candidate.path.name, detail=exc))
            self.tracker.forget(candidate.path)
        self.tracker.prune(present)
        return outcomes, waiting

    def _safe_candidates(self) -> list[Candidate]:
        found = []
        try:
            for candidate in self.candidates():
                found.append(candidate)
        except FileNotFoundError:
            pass  # a file vanished between listing and stat: the next scan sees the truth
        return found

    def take(self, candidate: Candidate, dry_run: bool = False) -> Outcome:
        name = nfc(candidate.path.name)
        if candidate.series_id is None:
            return self._reject(
                candidate,
                "reason.unknown_folder",
                {"folder": candidate.folder},
                "advice.unknown_folder",
                dry_run,
            )
        if candidate.series_id == BULLETIN_SERIES:
            return self._take_bulletin(candidate, dry_run)
        digest = sha256_file(candidate.path)
        with session(self.engine) as db:
            existing = db.exec(select(Programme).where(Programme.sha256 == digest)).first()
        if existing is not None:
            return self._duplicate(candidate, digest, existing, dry_run)
        verdict = check_audio(candidate.path, self.progress(name))
        if not verdict.ok:
            if verdict.detail:
                logger.debug("ffmpeg on {}: {}", name, verdict.detail)
            return self._reject(
                candidate,
                verdict.reason_key,
                verdict.reason_values or {},
                "advice.bad_file",
                dry_run,
                digest,
            )
        series = self.config.series_by_id()[candidate.series_id]
        arrived = self.clock.now()
        named = month_in_name(name)
        period = period_of(arrived, series.period, self.config.station.tz).key
        if named:
            period = f"{named[0]:04d}-{named[1]:02d}"
        message = i18n.t(
            "ingest.accepted",
            name=name,
            series=series.id,
            duration=format_duration(verdict.duration_s),
            period=period,
        )
        if dry_run:
            return Outcome(name, series.id, ACCEPTED, message)
        target = unique_path(self.config.paths.library / series.folder / name)
        move_file(candidate.path, target, digest)
        programme = Programme(
            series_id=series.id,
            title=nfc(Path(name).stem),
            file_name=target.relative_to(self.config.paths.library).as_posix(),
            original_name=name,
            sha256=digest,
            size_bytes=candidate.size,
            duration_s=round(verdict.duration_s, 3),
            arrived_at=arrived,
            named_month=f"{named[0]:04d}-{named[1]:02d}" if named else None,
        )
        raced = False
        try:
            with session(self.engine) as db:
                db.add(programme)
                try:
                    db.flush()
                except IntegrityError:
                    # Another process registered the same content a moment ago.
                    db.rollback()
                    raced = True
                else:
                    db.add(
                        IngestEvent(
                            at=arrived,
                            source_name=name,
                            series_id=series.id,
                            sha256=digest,
                            size_bytes=candidate.size,
                            outcome=ACCEPTED,
                            programme_id=programme.id,
                        )
                    )
                    db.commit()
        except BaseException:
            # No Programme row (e.g. "database or disk is full"): never a library file
            # without one, so the file goes back where it was and is tried again later.
            put_back(target, candidate.path, digest)
            raise
        if raced:
            move_file(target, candidate.path, digest)
            return self.take(candidate, dry_run)
        if candidate.retry_of is not None:
            reason_file(candidate.path).unlink(missing_ok=True)
        if verdict.loudness is not None and programme.id is not None:
            levels.save(self.engine, programme.id, verdict.loudness, arrived)
            message += " · " + levels.describe(verdict.loudness, self.config)
        logger.info(message)
        return Outcome(name, series.id, ACCEPTED, message, programme.id)

    def _take_bulletin(self, candidate: Candidate, dry_run: bool) -> Outcome:
        """A file dropped into a bulletin folder is announced at that folder's level."""
        name = nfc(candidate.path.name)
        priority = INBOX_FOLDERS[nfc(candidate.folder)]
        level = i18n.t(f"priority.{priority}")
        if dry_run:
            return Outcome(
                name,
                BULLETIN_SERIES,
                ACCEPTED,
                i18n.t("ingest.bulletin", name=name, priority=level, when="—"),
            )
        digest = sha256_file(candidate.path)
        try:
            done = announce(
                self.engine, self.config, candidate.path, priority, self.clock.now(), move=True
            )
        except BulletinRejected as exc:
            return self._reject(
                candidate, exc.reason_key, exc.values, "advice.bad_file", False, digest
            )
        when = done.airing.slot_at.astimezone(self.config.station.tz).strftime("%d/%m %H:%M:%S")
        message = i18n.t("ingest.bulletin", name=name, priority=level, when=when)
        if done.reused:
            # Same content as a bulletin already in the library: it airs again, and the
            # dropped copy goes to quarantine (never deleted) so it is not announced twice.
            self._quarantine(
                candidate,
                DUPLICATE,
                "reason.bulletin_again",
                {"other": done.programme.file_name},
                "advice.duplicate",
                digest,
                done.programme.id,
            )
        logger.info(message)
        return Outcome(name, BULLETIN_SERIES, ACCEPTED, message, done.programme.id)

    # ---- refusals -----------------------------------------------------------------------
    def _duplicate(
        self, candidate: Candidate, digest: str, existing: Programme, dry_run: bool
    ) -> Outcome:
        name = nfc(candidate.path.name)
        message = i18n.t("ingest.duplicate", name=name, other=existing.file_name)
        if dry_run:
            return Outcome(name, candidate.series_id, DUPLICATE, message, existing.id)
        self._quarantine(
            candidate,
            DUPLICATE,
            "reason.duplicate",
            {"other": existing.file_name},
            "advice.duplicate",
            digest,
            existing.id,
        )
        logger.warning(message)
        return Outcome(name, candidate.series_id, DUPLICATE, message, existing.id)

    def _reject(
        self,
        candidate: Candidate,
        reason_key: str,
        values: dict[str, str],
        advice_key: str,
        dry_run: bool,
        digest: str | None = None,
    ) -> Outcome:
        name = nfc(candidate.path.name)
        reason = i18n.t(reason_key, **values)
        message = i18n.t("ingest.rejected", name=name, reason=reason)
        if not dry_run:
            self._quarantine(candidate, REJECTED, reason_key, values, advice_key, digest, None)
            logger.warning(message)
        return Outcome(name, candidate.series_id, REJECTED, message)

    def _quarantine(
        self,
        candidate: Candidate,
        outcome: str,
        reason_key: str,
        values: dict[str, str],
        advice_key: str,
        digest: str | None,
        programme_id: int | None,
    ) -> None:
        name = nfc(candidate.path.name)
        quarantine = self.config.paths.quarantine
        moved = candidate.retry_of is None
        if not moved:
            target = candidate.path  # already in quarantine: leave it where the operator is
        else:
            target = unique_path(quarantine / name)
            move_file(candidate.path, target, digest)
        text = "\n\n".join(
            [
                f"{name}",
                i18n.both(reason_key, **values),
                i18n.both(advice_key),
            ]
        )
        try:
            write_atomically(reason_file(target), text + "\n")
            stat = target.stat()
            with session(self.engine) as db:
                db.add(
                    IngestEvent(
                        at=self.clock.now(),
                        source_name=name,
                        series_id=candidate.series_id,
                        sha256=digest,
                        size_bytes=candidate.size,
                        outcome=outcome,
                        reason=i18n.t(reason_key, "en", **values),
                        programme_id=programme_id,
                        quarantine_name=target.relative_to(quarantine).as_posix(),
                        quarantine_size=stat.st_size,
                        quarantine_mtime_ns=stat.st_mtime_ns,
                    )
                )
                db.commit()
        except BaseException:
            # Without its reason file and event a quarantined file would never be looked at
            # again: put it back where it was, to be tried once there is room.
            if moved:
                reason_file(target).unlink(missing_ok=True)
                put_back(target, candidate.path, digest)
            raise


def reason_file(path: Path) -> Path:
    return path.with_name(path.name + REASON_SUFFIX)


def unique_path(path: Path) -> Path:
    """`name.mp3`, else `name (2).mp3`, `name (3).mp3`, ...: never overwrite a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        return path
    for number in range(2, 10_000):
        candidate = path.with_name(f"{path.stem} ({number}){path.suffix}")
        if not candidate.exists():
            return candidate
    raise FileExistsError(path)


def move_file(source: Path, target: Path, digest: str | None) -> None:
    """Atomic rename on one file system; across devices copy, verify, then remove."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        raise FileExistsError(target)
    try:
        os.replace(source, target)
        return
    except OSError as exc:
        if exc.errno != errno.EXDEV:  # Windows' "not same device" maps to EXDEV too
            raise
    partial = target.with_name(f".{target.name}.part")
    try:
        shutil.copy2(source, partial)
        if digest is not None and sha256_file(partial) != digest:
            raise OSError(f"copy of {source} does not match its SHA-256")
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)  # a full disk must not leave half a copy behind
        raise
    try:
        source.unlink()
    except BaseException:
        if source.exists():
            target.unlink(missing_ok=True)  # the source stays the one copy
        raise


def put_back(moved: Path, source: Path, digest: str | None) -> None:
    """Undo a move whose follow-up failed; if even that fails, say loudly where it is."""
    try:
        move_file(moved, source, digest)
    except OSError as exc:
        logger.error(i18n.t("ingest.stranded", name=source.name, source=source.parent, path=moved))
        logger.debug("put back failed: {}", exc)


def write_atomically(path: Path, text: str) -> None:
    """Either the whole new text or the old file: never a half-written reason file."""
    partial = path.with_name(f".{path.name}.part")
    try:
        partial.write_text(text, encoding="utf-8-sig")
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def is_disk_full(exc: BaseException) -> bool:
    """ENOSPC (or a quota) from the OS, or SQLite's SQLITE_FULL ("database or disk is full")."""
    if isinstance(exc, OSError) and exc.errno in {errno.ENOSPC, getattr(errno, "EDQUOT", -1)}:
        return True
    return "disk is full" in str(exc)
