"""Taking programmes in from the drop folder, as stages.

find → wait until stable → hash → check duplicates → decode in full (measuring loudness and
silence on the way) → register or quarantine.

A file is only ever moved (never deleted) and every decision is an `IngestEvent` row. A
rejected file goes to quarantine with `<name>.reason.txt` beside it, and is tried again
only once it changes there.

Any name is taken (see names.py): library and quarantine names are ones every station PC
can create, the operator's exact name is kept in the records. Links are never followed:
a linked folder pointing outside the inbox would be emptied into the library. A library
file without its programme row (the process killed between the move and the row) is
taken in where it is, or quarantined, at the next start (`adopt_orphans`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from loguru import logger
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlmodel import select

from broadcaster import i18n
from broadcaster.audio.decode import AudioCheck, DecodeProgress, check_audio, sha256_file
from broadcaster.audio.media_tags import programme_name
from broadcaster.clock import Clock
from broadcaster.config import Config
from broadcaster.core.durations import format_duration
from broadcaster.core.periods import month_in_name, period_of
from broadcaster.core.rules import Series
from broadcaster.core.vocab import (
    BULLETIN_FOLDER,
    BULLETIN_SERIES,
    INBOX_FOLDERS,
    TEST_SERIES,
    IngestOutcome,
)
from broadcaster.errors import BulletinRejected
from broadcaster.i18n import display
from broadcaster.ingest.names import (
    is_link,
    kept_name,
    nfc,
    original_name,
    shown_name,
)
from broadcaster.station.bulletins import announce
from broadcaster.store import levels
from broadcaster.store.db import session
from broadcaster.store.models import IngestEvent, Programme

REASON_SUFFIX = ".reason.txt"
# Files at least this long get progress lines while they are decoded and measured.
LONG_PROGRAMME_S = 300.0
# What a programme row takes from the file that arrives (see Ingester._register).
_PROGRAMME_FIELDS = (
    "series_id",
    "title",
    "file_name",
    "original_name",
    "size_bytes",
    "duration_s",
    "arrived_at",
    "named_month",
)


def is_temporary(name: str) -> bool:
    """Names of files still being written by a browser, an editor or a copy tool."""
    lowered = name.lower()
    return (
        name.startswith(".")
        or name.startswith("~$")
        or lowered.endswith((".part", ".crdownload", ".tmp", ".partial", ".download"))
        or lowered.endswith(REASON_SUFFIX)
    )


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
    outcome: IngestOutcome
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
        self.progress: Callable[[str], DecodeProgress | None] = self._log_progress
        # Notes that are no file's outcome (a link left alone, a name changed, a file found
        # at start-up): the daemon logs them, the CLI prints them.
        self.say: Callable[[str], None] = logger.warning
        self.tracker = StabilityTracker(config.settle.total_seconds())
        self._links_told: set[Path] = set()
        for folder in (config.paths.inbox, config.paths.library, config.paths.quarantine):
            folder.mkdir(parents=True, exist_ok=True)

    def _log_progress(self, name: str) -> DecodeProgress | None:
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
        links: set[Path] = set()
        for entry in sorted(inbox.iterdir()):
            if is_link(entry):
                links.add(entry)
            elif entry.is_file() and not is_temporary(entry.name):
                yield self._candidate(entry, self.config.station.default_series, "")
            elif entry.is_dir() and not entry.name.startswith("."):
                folder = shown_name(entry.name)
                series_id = by_folder.get(folder)
                if folder in INBOX_FOLDERS:  # khan-cap/, uu-tien/, thong-thuong/
                    series_id = BULLETIN_SERIES
                for path in files_under(entry, links):
                    if not any(is_temporary(p) for p in path.relative_to(inbox).parts):
                        yield self._candidate(path, series_id, folder)
        self._tell_links(links)
        yield from self._changed_in_quarantine()

    def _tell_links(self, links: set[Path]) -> None:
        """One line per link while it stays there, not one per scan."""
        inbox = self.config.paths.inbox
        for link in sorted(links - self._links_told):
            name = shown_name(link.relative_to(inbox).as_posix())
            self.say(i18n.t("ingest.link_left", name=name))
        self._links_told = links

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
            if event.series_id in (None, BULLETIN_SERIES):
                # From a folder of no series, or a bulletin (its level, the folder it was
                # dropped into, is not kept): the operator must drop it again.
                continue
            path = quarantine / name
            if is_link(path):
                continue  # a link put in its place: never taken through
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
                name = shown_name(candidate.path.name)
                logger.error(i18n.t(key, name=name, detail=display.failure(exc)))
                logger.debug("{}: {}", name, exc)
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
        name = shown_name(candidate.path.name)
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
        if existing is not None and existing.series_id != TEST_SERIES:
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
        if dry_run:
            message = self._accepted_message(name, series, verdict, self.clock.now())
            return Outcome(name, series.id, IngestOutcome.ACCEPTED, message)
        kept = kept_name(candidate.path.name)
        target = unique_path(self.config.paths.library / series.folder / kept)
        move_file(candidate.path, target, digest)
        try:
            programme = self._register(candidate, series, target, digest, verdict, existing)
        except BaseException:
            # No Programme row (e.g. "database or disk is full"): never a library file
            # without one, so the file goes back where it was and is tried again later.
            put_back(target, candidate.path, digest)
            raise
        if programme is None:  # another process registered the same content a moment ago
            move_file(target, candidate.path, digest)
            return self.take(candidate, dry_run)
        if candidate.retry_of is not None:
            reason_file(candidate.path).unlink(missing_ok=True)
        self._tell_renamed(candidate.path.name, target)
        message = self._accepted_message(name, series, verdict, programme.arrived_at)
        if verdict.loudness is not None and programme.id is not None:
            levels.save(self.engine, programme.id, verdict.loudness, programme.arrived_at)
            # Loudness figures are the technician's (-v, doctor), not the operator's line.
            logger.debug("{}: {}", name, levels.describe(verdict.loudness, self.config))
        logger.info(message)
        return Outcome(name, series.id, IngestOutcome.ACCEPTED, message, programme.id)

    def _register(
        self,
        candidate: Candidate,
        series: Series,
        target: Path,
        digest: str,
        verdict: AudioCheck,
        tested: Programme | None = None,
    ) -> Programme | None:
        """The programme row of the file now at `target`, with its event, in one
        transaction; None when another process registered the same content first.

        `tested`: the same content, test-aired (phát thử) before it arrived as a programme.
        Its row becomes this programme's (the content is unique), so a technician's test
        with the month's file never turns the file itself away as a duplicate; the test
        airings keep their own as-run rows and stay uncounted."""
        name = shown_name(candidate.path.name)
        arrived = self.clock.now()
        named = month_in_name(name)
        programme = Programme(
            series_id=series.id,
            title=programme_name(verdict.title, name),  # its title tag, else its name (#11)
            file_name=target.relative_to(self.config.paths.library).as_posix(),
            original_name=original_name(candidate.path.name),
            sha256=digest,
            size_bytes=candidate.size,
            duration_s=round(verdict.duration_s, 3),
            arrived_at=arrived,
            named_month=f"{named[0]:04d}-{named[1]:02d}" if named else None,
        )
        with session(self.engine) as db:
            row = db.get(Programme, tested.id) if tested is not None else None
            if row is not None:
                for name_ in _PROGRAMME_FIELDS:
                    setattr(row, name_, getattr(programme, name_))
                programme = row
            db.add(programme)
            try:
                db.flush()
            except IntegrityError:
                db.rollback()
                return None
            db.add(
                IngestEvent(
                    at=arrived,
                    source_name=programme.original_name,
                    series_id=series.id,
                    sha256=digest,
                    size_bytes=candidate.size,
                    outcome=IngestOutcome.ACCEPTED,
                    programme_id=programme.id,
                )
            )
            db.commit()
        return programme

    def _accepted_message(
        self, name: str, series: Series, verdict: AudioCheck, arrived: datetime
    ) -> str:
        named = month_in_name(name)
        period = display.period_label(period_of(arrived, series.period, self.config.station.tz))
        if named:
            period = display.month_label(*named)
        return i18n.t(
            "ingest.accepted",
            name=name,
            series=series.title,
            duration=format_duration(verdict.duration_s),
            period=period,
        )

    def _tell_renamed(self, dropped: str, kept: Path) -> None:
        """Say under which name a file is kept when it is not the operator's own."""
        if kept_name(dropped) != nfc(dropped):
            self.say(i18n.t("ingest.renamed", original=original_name(dropped), name=kept.name))

    def _take_bulletin(self, candidate: Candidate, dry_run: bool) -> Outcome:
        """A file dropped into a bulletin folder is announced at that folder's level."""
        name = shown_name(candidate.path.name)
        priority = INBOX_FOLDERS[candidate.folder]
        level = i18n.t(f"priority.{priority}")
        if dry_run:
            return Outcome(
                name,
                BULLETIN_SERIES,
                IngestOutcome.ACCEPTED,
                i18n.t("ingest.bulletin", name=name, priority=level, when="—"),
            )
        digest = sha256_file(candidate.path)
        try:
            done = announce(
                self.engine, self.config, candidate.path, priority, self.clock.now(), move=True
            )
        except BulletinRejected as exc:
            return self._reject(
                candidate, exc.reason_key, exc.values, "advice.drop_bulletin_again", False, digest
            )
        if not done.reused:
            self._tell_renamed(
                candidate.path.name, self.config.paths.library / done.programme.file_name
            )
        slot = done.airing.slot_at.astimezone(self.config.station.tz)
        when = display.date_time(slot, seconds=bool(slot.second))
        message = i18n.t("ingest.bulletin", name=name, priority=level, when=when)
        if done.reused:
            # Same content as a bulletin already in the library: it airs again, and the
            # dropped copy goes to quarantine (never deleted) so it is not announced twice.
            self._quarantine(
                candidate,
                IngestOutcome.DUPLICATE,
                "reason.bulletin_again",
                {"other": done.programme.file_name},
                "advice.duplicate",
                digest,
                done.programme.id,
            )
        logger.info(message)
        return Outcome(name, BULLETIN_SERIES, IngestOutcome.ACCEPTED, message, done.programme.id)

    # ---- start-up: library files without their row -------------------------------------
    def adopt_orphans(self) -> list[Outcome]:
        """Take in, where it is, each library file that has no programme row (the process
        was killed between moving it in and writing its row), or quarantine it with a
        reason; one line each. Run at start-up, before any file is taken in."""
        outcomes: list[Outcome] = []
        for path, series in self._orphans():
            try:
                outcome = self._adopt(path, series)
            except (OSError, SQLAlchemyError) as exc:
                if not isinstance(exc, OSError) and not is_disk_full(exc):
                    raise
                detail = display.failure(exc)
                logger.error(
                    i18n.t("ingest.failed_move", name=shown_name(path.name), detail=detail)
                )
                logger.debug("{}: {}", path.name, exc)
                continue
            self.say(outcome.message)
            outcomes.append(outcome)
        return outcomes

    def _orphans(self) -> Iterator[tuple[Path, Series | None]]:
        """Files in the folders ingest fills (a series' folder, bulletins/) that no
        programme names; None for a bulletin. Other folders are not ingest's to touch."""
        library = self.config.paths.library
        with session(self.engine) as db:
            known = {nfc(name) for name in db.exec(select(Programme.file_name)).all()}
        folders: dict[str, Series | None] = {s.folder: s for s in self.config.series}
        folders[BULLETIN_FOLDER] = None
        for folder, series in sorted(folders.items()):
            directory = library / folder
            if is_link(directory) or not directory.is_dir():
                continue
            for path in sorted(directory.iterdir()):
                if is_link(path) or not path.is_file() or is_temporary(path.name):
                    continue
                if nfc(path.relative_to(library).as_posix()) not in known:
                    yield path, series

    def _adopt(self, path: Path, series: Series | None) -> Outcome:
        stat = path.stat()
        series_id = series.id if series else BULLETIN_SERIES
        candidate = Candidate(path, series_id, "", stat.st_size, stat.st_mtime_ns)
        name = shown_name(path.name)
        digest = sha256_file(path)
        with session(self.engine) as db:
            existing = db.exec(select(Programme).where(Programme.sha256 == digest)).first()
        if existing is not None:
            values = {"other": existing.file_name}
            return self._orphan_quarantined(
                candidate,
                IngestOutcome.DUPLICATE,
                "reason.duplicate",
                values,
                "advice.duplicate",
                digest,
                existing.id,
            )
        if series is None:
            # Which bulletin folder it was dropped into (its level) is lost with the kill.
            return self._orphan_quarantined(
                candidate,
                IngestOutcome.REJECTED,
                "reason.orphan_bulletin",
                {},
                "advice.drop_bulletin_again",
                digest,
            )
        verdict = check_audio(path, self.progress(name))
        if not verdict.ok:
            values = verdict.reason_values or {}
            return self._orphan_quarantined(
                candidate,
                IngestOutcome.REJECTED,
                verdict.reason_key,
                values,
                "advice.bad_file",
                digest,
            )
        programme = self._register(candidate, series, path, digest, verdict)
        if programme is None:  # registered by another process meanwhile: nothing left to do
            message = i18n.t("ingest.duplicate", name=name, other=path.name)
            return Outcome(name, series.id, IngestOutcome.DUPLICATE, message)
        if verdict.loudness is not None and programme.id is not None:
            levels.save(self.engine, programme.id, verdict.loudness, programme.arrived_at)
        message = i18n.t("ingest.adopted", name=name, series=series.title)
        return Outcome(name, series.id, IngestOutcome.ACCEPTED, message, programme.id)

    def _orphan_quarantined(
        self,
        candidate: Candidate,
        outcome: IngestOutcome,
        reason_key: str,
        values: dict[str, str],
        advice_key: str,
        digest: str,
        programme_id: int | None = None,
    ) -> Outcome:
        self._quarantine(candidate, outcome, reason_key, values, advice_key, digest, programme_id)
        name = shown_name(candidate.path.name)
        reason = i18n.t(reason_key, **values)
        message = i18n.t("ingest.orphan_quarantined", name=name, reason=reason)
        return Outcome(name, candidate.series_id, outcome, message)

    # ---- refusals -----------------------------------------------------------------------
    def _duplicate(
        self, candidate: Candidate, digest: str, existing: Programme, dry_run: bool
    ) -> Outcome:
        name = shown_name(candidate.path.name)
        message = i18n.t("ingest.duplicate", name=name, other=existing.file_name)
        if dry_run:
            return Outcome(name, candidate.series_id, IngestOutcome.DUPLICATE, message, existing.id)
        self._quarantine(
            candidate,
            IngestOutcome.DUPLICATE,
            "reason.duplicate",
            {"other": existing.file_name},
            "advice.duplicate",
            digest,
            existing.id,
        )
        logger.warning(message)
        return Outcome(name, candidate.series_id, IngestOutcome.DUPLICATE, message, existing.id)

    def _reject(
        self,
        candidate: Candidate,
        reason_key: str,
        values: dict[str, str],
        advice_key: str,
        dry_run: bool,
        digest: str | None = None,
    ) -> Outcome:
        name = shown_name(candidate.path.name)
        reason = i18n.t(reason_key, **values)
        message = i18n.t("ingest.rejected", name=name, reason=reason)
        if not dry_run:
            self._quarantine(
                candidate, IngestOutcome.REJECTED, reason_key, values, advice_key, digest, None
            )
            logger.warning(message)
        return Outcome(name, candidate.series_id, IngestOutcome.REJECTED, message)

    def _quarantine(
        self,
        candidate: Candidate,
        outcome: IngestOutcome,
        reason_key: str,
        values: dict[str, str],
        advice_key: str,
        digest: str | None,
        programme_id: int | None,
    ) -> None:
        dropped = candidate.path.name
        quarantine = self.config.paths.quarantine
        moved = candidate.retry_of is None
        if not moved:
            target = candidate.path  # already in quarantine: leave it where the operator is
        else:
            target = unique_path(quarantine / kept_name(dropped))
            move_file(candidate.path, target, digest)
            self._tell_renamed(dropped, target)
        lines = [shown_name(dropped)]
        if kept_name(dropped) != nfc(dropped):
            lines.append(
                i18n.both("ingest.renamed", original=original_name(dropped), name=target.name)
            )
        text = "\n\n".join([*lines, i18n.both(reason_key, **values), i18n.both(advice_key)])
        try:
            write_atomically(reason_file(target), text + "\n")
            stat = target.stat()
            with session(self.engine) as db:
                db.add(
                    IngestEvent(
                        at=self.clock.now(),
                        source_name=original_name(dropped),
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
                with contextlib.suppress(OSError):
                    reason_file(target).unlink(missing_ok=True)
                put_back(target, candidate.path, digest)
            raise


def files_under(folder: Path, links: set[Path]) -> Iterator[Path]:
    """The files below `folder` in name order, never through a link (noted in `links`):
    a linked folder that points outside would be emptied into the library."""
    for entry in sorted(folder.iterdir()):
        if is_link(entry):
            links.add(entry)
        elif entry.is_dir():
            yield from files_under(entry, links)
        elif entry.is_file():
            yield entry


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
        logger.error(
            i18n.t(
                "ingest.stranded",
                name=shown_name(source.name),
                source=shown_name(str(source.parent)),
                path=moved,
            )
        )
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
