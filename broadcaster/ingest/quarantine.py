"""Quarantine: a file that is not taken in (unreadable, a duplicate, dropped where no
series is) is moved aside, never deleted, with `<name>.reason.txt` beside it in both
languages and an `IngestEvent` naming it, so it is looked at again only once it changes."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Engine

from broadcaster import i18n
from broadcaster.ingest.files import move_file, put_back, reason_file, unique_path, write_atomically
from broadcaster.ingest.names import kept_name, nfc, original_name, shown_name
from broadcaster.ingest.stages import Candidate
from broadcaster.store.models import IngestEvent
from broadcaster.store.programmes import add_event


def renamed_note(dropped: str, kept: Path) -> str | None:
    """The line saying under which name a file is kept, when it is not the operator's own."""
    if kept_name(dropped) != nfc(dropped):
        return i18n.t("ingest.renamed", original=original_name(dropped), name=kept.name)
    return None


@dataclass(frozen=True)
class Reason:
    """Why a file is put aside: its outcome (duplicate, rejected), the catalogue's key and
    values saying why, and the advice to the operator."""

    outcome: str
    key: str
    values: dict[str, str]
    advice_key: str


def quarantine(
    engine: Engine,
    folder: Path,
    now: datetime,
    candidate: Candidate,
    reason: Reason,
    digest: str | None,
    programme_id: int | None,
    say: Callable[[str], None],
) -> None:
    """Move `candidate` into the quarantine `folder` (a retried one stays where it is),
    with its reason file and event; `say` tells a changed name."""
    outcome, reason_key, values, advice_key = (
        reason.outcome,
        reason.key,
        reason.values,
        reason.advice_key,
    )
    dropped = candidate.path.name
    moved = candidate.retry_of is None
    if not moved:
        target = candidate.path  # already in quarantine: leave it where the operator is
    else:
        target = unique_path(folder / kept_name(dropped))
        move_file(candidate.path, target, digest)
        note = renamed_note(dropped, target)
        if note is not None:
            say(note)
    lines = [shown_name(dropped)]
    if kept_name(dropped) != nfc(dropped):
        lines.append(i18n.both("ingest.renamed", original=original_name(dropped), name=target.name))
    text = "\n\n".join([*lines, i18n.both(reason_key, **values), i18n.both(advice_key)])
    try:
        write_atomically(reason_file(target), text + "\n")
        stat = target.stat()
        add_event(
            engine,
            IngestEvent(
                at=now,
                source_name=original_name(dropped),
                series_id=candidate.series_id,
                sha256=digest,
                size_bytes=candidate.size,
                outcome=outcome,
                reason=i18n.t(reason_key, "en", **values),
                programme_id=programme_id,
                quarantine_name=target.relative_to(folder).as_posix(),
                quarantine_size=stat.st_size,
                quarantine_mtime_ns=stat.st_mtime_ns,
            ),
        )
    except BaseException:
        # Without its reason file and event a quarantined file would never be looked at
        # again: put it back where it was, to be tried once there is room.
        if moved:
            with contextlib.suppress(OSError):
                reason_file(target).unlink(missing_ok=True)
            put_back(target, candidate.path, digest)
        raise
