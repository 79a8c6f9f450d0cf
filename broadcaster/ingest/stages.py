"""The first stages of ingest: find what arrived (the inbox, quarantined files that
changed, library files left without their row), and wait until each file holds still.
What a file is (`Candidate`), what became of it (`Outcome`), how a long decode reports
progress and what the station answers for a bulletin (`OnBulletin`) are named here for
every later stage."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from loguru import logger
from sqlalchemy.engine import Engine

from broadcaster import i18n
from broadcaster.audio.decode import DecodeProgress
from broadcaster.config import Config
from broadcaster.core.durations import format_duration
from broadcaster.core.inbox_words import is_temporary
from broadcaster.core.rules import Series
from broadcaster.core.vocab import BULLETIN_FOLDER, BULLETIN_SERIES, INBOX_FOLDERS, Priority
from broadcaster.ingest.files import files_under
from broadcaster.ingest.names import is_link, nfc, shown_name
from broadcaster.store.models import IngestEvent, Programme
from broadcaster.store.programmes import quarantined_events


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


def candidate_at(path: Path, series_id: str | None, folder: str) -> Candidate:
    stat = path.stat()
    return Candidate(path, series_id, folder, stat.st_size, stat.st_mtime_ns)


def in_inbox(
    inbox: Path, series: Iterable[Series], default_series: str | None, links: set[Path]
) -> Iterator[Candidate]:
    """Every file in the inbox, in name order: loose files for the default series, a
    series' folder for that series, a bulletin folder for bulletins, any other folder for
    none. Links are never followed, only noted in `links`."""
    by_folder = {s.folder: s.id for s in series}
    for entry in sorted(inbox.iterdir()):
        if is_link(entry):
            links.add(entry)
        elif entry.is_file() and not is_temporary(entry.name):
            yield candidate_at(entry, default_series, "")
        elif entry.is_dir() and not entry.name.startswith("."):
            folder = shown_name(entry.name)
            series_id = by_folder.get(folder)
            if folder in INBOX_FOLDERS:  # khan-cap/, uu-tien/, thong-thuong/
                series_id = BULLETIN_SERIES
            for path in files_under(entry, links):
                if not any(is_temporary(p) for p in path.relative_to(inbox).parts):
                    yield candidate_at(path, series_id, folder)


def changed_in_quarantine(engine: Engine, quarantine: Path) -> Iterator[Candidate]:
    """Quarantined files the operator changed since (fixed, re-exported): tried again."""
    latest: dict[str, IngestEvent] = {}
    for event in quarantined_events(engine):
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
        if (stat.st_size, stat.st_mtime_ns) != (event.quarantine_size, event.quarantine_mtime_ns):
            yield Candidate(
                path, event.series_id, "", stat.st_size, stat.st_mtime_ns, retry_of=event
            )


def orphans(config: Config, known_names: Iterable[str]) -> Iterator[tuple[Path, Series | None]]:
    """Library files in the folders ingest fills (a series' folder, bulletins/) that no
    programme names; None for a bulletin. Other folders are not ingest's to touch."""
    library = config.paths.library
    known = {nfc(name) for name in known_names}
    folders: dict[str, Series | None] = {s.folder: s for s in config.series}
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


# Files at least this long get progress lines while they are decoded and measured.
LONG_PROGRAMME_S = 300.0


def log_progress(name: str) -> DecodeProgress | None:
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


@dataclass(frozen=True)
class BulletinTaken:
    """What the station made of a bulletin file: its programme (the one already in the
    library when `reused`), and when it airs."""

    programme: Programme
    slot_at: datetime
    reused: bool


# (config, file, level, now) → what became of it; raises BulletinRejected for a file that
# is no bulletin. The file is moved into the library (or stays, when `reused`).
OnBulletin = Callable[[Config, Path, Priority, datetime], BulletinTaken]
