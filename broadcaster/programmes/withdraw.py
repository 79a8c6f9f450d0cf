"""Withdrawing a programme: its airings still to come leave the plan, its file goes to
the archive, its as-run rows stay, and its period is free for the next programme."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Engine

from broadcaster.config import Config
from broadcaster.core.programme_state import WITHDRAW
from broadcaster.core.rules import Series
from broadcaster.ingest.files import move_file, unique_path
from broadcaster.ingest.names import is_link, kept_name
from broadcaster.programmes.library import (
    check_active,
    check_common,
    file_in_use,
    find_programme,
    future_rows,
    log_change,
    on_air_uid,
)
from broadcaster.store.db import session
from broadcaster.store.models import Programme

# A withdrawn programme's file goes here, under its series folder: out of the library, so
# no scan takes it in again, and kept (never deleted) in case the withdrawal was a mistake.
ARCHIVE_FOLDER = "chuong-trinh-da-rut"


@dataclass(frozen=True)
class Withdrawn:
    programme: Programme
    removed: int  # planned airings taken out of the plan
    archived: Path | None  # where the file went (None: left where it was, see `kept_reason`)
    kept_reason: str | None  # i18n key: why the file was not moved


def withdraw(
    engine: Engine, config: Config, pid: int, reason: str, by: str | None, now: datetime
) -> Withdrawn:
    """Take a programme off the air: its airings still to come leave the plan (also those
    due within seconds, unless already on air), its file moves to the archive, its as-run
    rows stay. Its period's place is free for the next programme of the series."""
    why, who = check_common(reason, by)
    on_air = on_air_uid(engine)
    with session(engine) as db:
        programme, series, state = find_programme(db, config, pid)
        check_active(programme, state)
        in_use = file_in_use(db, config, pid, now)
        removed = 0
        for row in future_rows(db, pid, now):
            if row.uid != on_air:
                db.delete(row)
                removed += 1
        archived, kept = archive_target(config, programme, series, in_use)
        log_change(
            db,
            pid,
            WITHDRAW,
            programme.file_name,
            archived.as_posix() if archived else "",
            why,
            who,
            now,
        )
        db.commit()
    if archived is not None:
        kept = move_to_archive(config, programme, archived)
        if kept is not None:
            archived = None
    return Withdrawn(programme, removed, archived, kept)


def archive_target(
    config: Config, programme: Programme, series: Series, in_use: bool
) -> tuple[Path | None, str | None]:
    """Where the file will go, or why it stays (on air or about to be, gone already, a
    link: never followed)."""
    if in_use:
        return None, "programme.file_in_use"
    source = config.paths.library / programme.file_name
    if is_link(source):
        return None, "programme.file_is_link"
    if not source.is_file():
        return None, "programme.file_gone"
    folder = config.paths.archive / ARCHIVE_FOLDER
    for step in (config.paths.archive, folder, folder / series.folder):
        if is_link(step):
            return None, "programme.archive_is_link"
    return unique_path(folder / series.folder / kept_name(source.name)), None


def move_to_archive(config: Config, programme: Programme, target: Path) -> str | None:
    try:
        move_file(config.paths.library / programme.file_name, target, programme.sha256)
    except OSError:
        return "programme.archive_failed"
    return None
