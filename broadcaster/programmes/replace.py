"""Replacing a programme by another file: the new file is taken in exactly as a file
dropped into the series' inbox folder would be (the same `Ingester.take`: decode check,
duplicate by SHA-256, loudness, NFC names, default title), then takes the old
programme's airings still to come, in the old programme's period."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine

from broadcaster.clock import Clock
from broadcaster.config import Config
from broadcaster.core.periods import Period
from broadcaster.core.programme_state import ARCHIVE, ProgrammeState
from broadcaster.core.rules import Series
from broadcaster.core.vocab import IngestOutcome
from broadcaster.errors import ProgrammeRefused
from broadcaster.i18n import t
from broadcaster.ingest.ingester import Candidate, Ingester
from broadcaster.ingest.names import is_link, shown_name
from broadcaster.programmes.library import (
    assigned_periods,
    check_active,
    check_common,
    current_period,
    file_in_use,
    find_programme,
    hand_over,
    log_change,
    on_air_uid,
)
from broadcaster.programmes.period_text import show_period
from broadcaster.programmes.withdraw import archive_target, move_to_archive
from broadcaster.store import library as rows_of
from broadcaster.store.db import Session, session
from broadcaster.store.models import Programme

# Where the copy of the new file waits to be taken in: hidden, so no scan of the inbox
# sees it, and on the inbox's file system, so taking it in is a rename.
STAGING_PREFIX = ".thay-the-"


@dataclass(frozen=True)
class Replaced:
    old: Programme
    new: Programme
    taken: int  # airings the new programme took over
    period: Period | None
    archived: Path | None  # where the old file went (None: it stayed, see `kept_reason`)
    kept_reason: str | None


def replaced_line(pid: int, done: Replaced) -> str:
    """The one line that says a replacement was made (the command's and the console's)."""
    period = show_period(done.period) if done.period else t("programme.no_period")
    return t(
        "programme.replaced",
        old=pid,
        new=done.new.id,
        title=done.new.title,
        period=period,
        taken=done.taken,
    )


def replace(
    engine: Engine,
    config: Config,
    clock: Clock,
    pid: int,
    file: Path,
    reason: str,
    by: str | None,
) -> Replaced:
    why, who = check_common(reason, by)
    with session(engine) as db:
        old, series, state = find_programme(db, config, pid)
        check_active(old, state)
        period = _period_of(db, config, old, state, series)
    if period is not None and period.end <= clock.now():
        raise ProgrammeRefused("programme.replace_period_over", id=pid, period=show_period(period))
    if is_link(file) or not file.is_file():
        raise ProgrammeRefused("programme.file_not_found", name=shown_name(str(file)))
    ingester = Ingester(config, engine, clock)
    ingester.say = lambda _line: None  # renamed-file notes: the result line says it all
    stat = file.stat()
    # First the checks alone (nothing written): a refused file changes nothing anywhere.
    check = ingester.take(
        Candidate(file, series.id, series.folder, stat.st_size, stat.st_mtime_ns), dry_run=True
    )
    if check.outcome == IngestOutcome.DUPLICATE:
        raise ProgrammeRefused(
            "programme.replace_duplicate", name=check.name, other=check.programme_id
        )
    if check.outcome != IngestOutcome.ACCEPTED:
        raise ProgrammeRefused("programme.replace_rejected", detail=check.message)
    # The operator's own file stays where it is (a USB stick, an e-mail folder): a copy
    # is taken in, so the library holds its own file as for any ingest.
    config.paths.inbox.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=config.paths.inbox))
    try:
        staged = staging / file.name
        shutil.copy2(file, staged)
        stat = staged.stat()
        outcome = ingester.take(
            Candidate(staged, series.id, series.folder, stat.st_size, stat.st_mtime_ns)
        )
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if outcome.outcome != IngestOutcome.ACCEPTED or outcome.programme_id is None:
        # Changed between the check and the copy: the copy is in quarantine with its reason.
        raise ProgrammeRefused("programme.replace_rejected", detail=outcome.message)
    on_air = on_air_uid(engine)
    now = clock.now()
    with session(engine) as db:
        old, series, state = find_programme(db, config, pid)
        check_active(old, state)  # not replaced by another session meanwhile
        new = rows_of.programme(db, outcome.programme_id)
        assert new is not None
        period = _period_of(db, config, old, state, series)
        in_use = file_in_use(db, config, pid, now)
        taken = hand_over(db, old, new, period, why, who, now, on_air)
        # The old file leaves the library as a withdrawn one does (recorded in the log).
        archived, kept = archive_target(config, old, series, in_use)
        log_change(
            db, pid, ARCHIVE, old.file_name, archived.as_posix() if archived else "", why, who, now
        )
        db.commit()
    if archived is not None:
        kept = move_to_archive(config, old, archived)
        archived = None if kept is not None else archived
    return Replaced(old, new, taken, period, archived, kept)


def _period_of(
    db: Session, config: Config, old: Programme, state: ProgrammeState, series: Series
) -> Period | None:
    """The old programme's period, which the new one takes."""
    assert old.id is not None
    rows = rows_of.airings_of(db, [old.id, *state.replaces])
    period = current_period(sorted(rows, key=lambda r: r.slot_at), state, series, config)
    return period if period is not None else assigned_periods(db, config).get(old.id)
