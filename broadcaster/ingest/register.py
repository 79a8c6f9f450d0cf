"""One way into the library for a programme: a checked file is given its library name,
moved (or copied, or left where it is), stored as a `programme` row (with its ingest event
when it came through the inbox) and its loudness saved. The inbox's Ingester, bulletins
and test airings all come in here, so a change to how a file is taken in (NFC names,
the loudness row, putting the file back when the row cannot be written) is made once."""

from __future__ import annotations

import shutil
import stat
from datetime import datetime
from enum import Enum
from pathlib import Path

from sqlalchemy.engine import Engine

from broadcaster.audio.decode import AudioCheck, check_audio, sha256_file
from broadcaster.core.vocab import IngestOutcome
from broadcaster.errors import BulletinRejected
from broadcaster.ingest.files import move_file, put_back, unique_path
from broadcaster.ingest.names import kept_name, original_name, programme_name, shown_name
from broadcaster.store import levels
from broadcaster.store.models import IngestEvent, Programme
from broadcaster.store.programmes import add_programme, by_sha256


class Transfer(Enum):
    MOVE = "move"  # from the inbox: the file leaves it
    COPY = "copy"  # from wherever an operator pointed: their file stays
    IN_PLACE = "in_place"  # already in the library (a file found without its row)


def register_programme(
    engine: Engine,
    library: Path,
    source: Path,
    digest: str,
    verdict: AudioCheck,
    series_id: str,
    folder: str,
    arrived: datetime,
    transfer: Transfer = Transfer.MOVE,
    title: str | None = None,
    named_month: str | None = None,
    with_event: bool = False,
    takes_over: Programme | None = None,
) -> Programme | None:
    """The programme row of `source`, now in `library/folder` (`verdict`: its full decode,
    `digest`: its SHA-256); None when another process stored the same content first, the
    file then back where it was.

    `takes_over`: the same content, test-aired (phát thử) before it arrived as a programme.
    Its row becomes this programme's (the content is unique), so a technician's test with
    the month's file never turns the file itself away as a duplicate; the test airings
    keep their own as-run rows and stay uncounted."""
    if transfer is Transfer.IN_PLACE:
        target = source
    else:
        target = unique_path(library / folder / kept_name(source.name))
        if transfer is Transfer.MOVE:
            move_file(source, target, digest)
        else:
            shutil.copy2(source, target)
    programme = Programme(
        series_id=series_id,
        title=title or programme_name(verdict.title, shown_name(source.name)),  # #11
        file_name=target.relative_to(library).as_posix(),
        original_name=original_name(source.name),
        sha256=digest,
        size_bytes=target.stat().st_size,
        duration_s=round(verdict.duration_s, 3),
        arrived_at=arrived,
        named_month=named_month,
    )
    event = None
    if with_event:
        event = IngestEvent(
            at=arrived,
            source_name=programme.original_name,
            series_id=series_id,
            sha256=digest,
            size_bytes=programme.size_bytes,
            outcome=IngestOutcome.ACCEPTED,
        )
    try:
        stored = add_programme(engine, programme, event, takes_over.id if takes_over else None)
    except BaseException:
        # No Programme row (e.g. "database or disk is full"): never a library file without
        # one, so the file goes back where it was and is tried again later.
        _undo(transfer, target, source, digest)
        raise
    if stored is None:
        if transfer is Transfer.MOVE:
            move_file(target, source, digest)
        elif transfer is Transfer.COPY:
            target.unlink(missing_ok=True)
        return None
    if verdict.loudness is not None and stored.id is not None:
        levels.save(engine, stored.id, verdict.loudness, stored.arrived_at)
    return stored


def _undo(transfer: Transfer, target: Path, source: Path, digest: str) -> None:
    if transfer is Transfer.MOVE:
        put_back(target, source, digest)
    elif transfer is Transfer.COPY:
        target.unlink(missing_ok=True)


def _regular_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def register_bulletin(
    engine: Engine,
    library: Path,
    source: Path,
    now: datetime,
    move: bool,
    series_id: str,
    folder: str,
    title: str | None = None,
) -> tuple[Programme, bool]:
    """Take a bulletin file into the library (moved from the inbox, or copied from
    wherever `announce` was pointed); (its programme, whether the same content was there
    already and is reused). Test airings come in the same way, under their own
    pseudo-series, folder and, for the bundled sample, a title in the station's language.
    BulletinRejected for a file that is not audio."""
    if not _regular_file(source):
        # A FIFO would block the hash below for ever; a folder or a device is no bulletin.
        raise BulletinRejected("reason.not_regular", {})
    digest = sha256_file(source)
    existing = by_sha256(engine, digest)
    if existing is not None:
        return existing, True
    verdict = check_audio(source)
    if not verdict.ok:
        raise BulletinRejected(verdict.reason_key, verdict.reason_values or {})
    transfer = Transfer.MOVE if move else Transfer.COPY
    programme = register_programme(
        engine, library, source, digest, verdict, series_id, folder, now, transfer, title
    )
    if programme is None:  # stored by another process a moment ago: that one is reused
        existing = by_sha256(engine, digest)
        assert existing is not None
        return existing, True
    return programme, False
