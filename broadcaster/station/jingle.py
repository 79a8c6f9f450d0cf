"""Announce time: give a bulletin its signal, or say why it airs without one.

The bulletin the operator gave stays in the library as its own programme (the original);
the assembled file is a second programme, linked to it by a `bulletin_assembly` row, and
is the one that is planned, played, named and hashed in the as-run row. A bulletin
announced again with the same signal and settings reuses its assembled file.

An emergency is not held up by its signal: assembling runs against a budget
(`BUDGET_S`), every ffmpeg run gets only the time left, and a bulletin that cannot be
assembled in time (or at all, or is longer than `MAX_BULLETIN_S`) airs as it came, with
one line in the log saying so.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from loguru import logger
from sqlalchemy.engine import Engine

from broadcaster import i18n
from broadcaster.audio.decode import probe, sha256_file
from broadcaster.audio.jingle import pcm
from broadcaster.config import Config
from broadcaster.core.durations import format_duration
from broadcaster.core.loudness import Loudness, cue
from broadcaster.core.vocab import Priority
from broadcaster.errors import ToolFailed, ToolLimit, ToolMissing, ToolTooSlow
from broadcaster.ingest.names import kept_name, split_extension
from broadcaster.store import levels
from broadcaster.store.assemblies import add_assembled, assembled_from, is_assembled
from broadcaster.store.models import BulletinAssembly, Programme

# Seconds an announcement may spend on its signal before it airs without it. Measured here
# (2 cores shared with other work, a fresh `announce` process, pydub's import included):
# 1 minute of bulletin assembles in 0.7 s, 3 minutes in 0.7 s, 5 in 1.3 s, 10 in 1.9 s.
BUDGET_S: dict[str, float] = {
    Priority.EMERGENCY: 1.5,
    Priority.PRIORITY: 5.0,
    Priority.NORMAL: 60.0,
}
# pydub holds every sample: 10 minutes of 44.1 kHz stereo is 106 MB, twice that at the
# join (measured: 284 MB peak for the process, 83 MB without a signal). A longer bulletin
# airs without its signal rather than take more.
MAX_BULLETIN_S = 600.0
SUFFIX = " + nhạc hiệu"  # the assembled file's name: the original's, and this


def seconds_text(value: float) -> str:
    """ "0,4 giây" in Vietnamese, "0.4 s" in English."""
    from broadcaster.i18n import display  # display → planner → config, which loads this module

    unit = "giây" if i18n.language() == "vi" else "s"
    return f"{display.number(value)} {unit}"


@dataclass(frozen=True)
class Attached:
    programme: Programme  # what airs: the assembled file, or the original as it came
    note: str | None  # one line for the operator (None: no signal configured)


def with_signal(
    engine: Engine,
    config: Config,
    original: Programme,
    priority: Priority,
    now: datetime,
    started: float | None = None,
) -> Attached:
    """The programme to plan for `original` at `priority`, and a line for the operator.
    `started` (time.monotonic()) is when the budget began, now if not given."""
    started = time.monotonic() if started is None else started
    signals = config.bulletins
    signal = signals.for_priority(priority)
    if signal is None or original.id is None:
        return Attached(original, None)
    if is_assembled(engine, original.id):
        return Attached(original, None)  # the assembled file itself, announced again
    title = original.title
    if original.duration_s > MAX_BULLETIN_S:
        return _bare(
            original,
            "jingle.too_long",
            duration=format_duration(original.duration_s),
            maximum=format_duration(MAX_BULLETIN_S),
        )
    budget = BUDGET_S.get(priority, BUDGET_S[Priority.NORMAL])
    try:
        signal_sha = sha256_file(signal)
        reused = _reuse(engine, config, original, signal_sha)
        if reused is not None:
            return _noted(reused, "jingle.reused")
        assembled, took = _assemble(
            engine, config, original, signal, signal_sha, now, started, budget
        )
    except ToolTooSlow:
        return _bare(original, "jingle.too_slow", budget=seconds_text(budget))
    except (ToolFailed, ToolLimit, ToolMissing, OSError, ValueError) as exc:
        logger.debug("assembling {} failed: {!r}", title, exc)
        return _bare(original, "jingle.failed")
    except Exception as exc:  # noqa: BLE001 - a bulletin airs without its signal, never not at all
        logger.opt(exception=exc).debug("assembling {} failed", title)
        return _bare(original, "jingle.failed")
    return _noted(
        assembled, "jingle.assembled", signal=signals.shown(signal), took=seconds_text(took)
    )


def _noted(programme: Programme, key: str, **values: str) -> Attached:
    note = i18n.t(key, title=programme.title, **values)
    logger.info(note)
    return Attached(programme, note)


def _bare(original: Programme, key: str, **values: str) -> Attached:
    note = i18n.t(key, title=original.title, **values)
    logger.warning(note)
    return Attached(original, note)


def _reuse(
    engine: Engine, config: Config, original: Programme, signal_sha: str
) -> Programme | None:
    signals = config.bulletins
    found = assembled_from(engine, original.id, signal_sha, signals.after, signals.gap_s)
    for programme in found:
        if (config.paths.library / programme.file_name).is_file():
            return programme
    return None


def _left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise ToolTooSlow
    return left


def _assemble(
    engine: Engine,
    config: Config,
    original: Programme,
    signal: Path,
    signal_sha: str,
    now: datetime,
    started: float,
    budget: float,
) -> tuple[Programme, float]:
    """The assembled programme and the seconds it took (decode, join, encode)."""
    from broadcaster.audio.jingle import assemble
    from broadcaster.config.bulletins import MAX_SIGNAL_S
    from broadcaster.ingest.files import unique_path  # ingest is above audio

    assert original.id is not None
    signals = config.bulletins
    deadline = started + budget
    source = config.paths.library / original.file_name
    found = probe(source)
    if found is None:
        raise ValueError("the bulletin has no audio stream")
    rate, channels = found.rate, min(found.channels, 2)
    measured = levels.load(engine, original.id)
    span = cue(measured, original.duration_s, config.loudness)
    stop = original.duration_s if span.stop_s is None else span.stop_s
    plan = assemble.plan_bulletin(measured, original.duration_s, (span.start_s, stop))
    body = pcm.decode(
        source, rate, channels, _left(deadline), plan.start_s, plan.length_s, plan.pre_gain_db
    )
    chime = pcm.decode(signal, rate, channels, _left(deadline), length_s=MAX_SIGNAL_S)
    chime_loudness = pcm.measure(chime)
    gain = assemble.signal_gain_db(measured, chime_loudness, config.loudness)
    joined = assemble.assemble(body, chime, signals.gap_s, signals.after, gain)
    stem = split_extension(kept_name(Path(original.file_name).name))[0]
    target = unique_path(source.parent / kept_name(f"{stem}{SUFFIX}.flac"))
    pcm.write_flac(joined, target, _left(deadline))
    took = round(time.monotonic() - started, 3)
    try:
        loudness = assemble.assembled_loudness(
            measured,
            len(body) / 1000,
            plan.pre_gain_db,
            chime_loudness,
            len(chime) / 1000,
            gain,
            signals.after,
        )
        link = BulletinAssembly(
            programme_id=0,
            source_programme_id=original.id,
            signal_file=signals.shown(signal),
            signal_sha256=signal_sha,
            signal_after=signals.after,
            gap_s=signals.gap_s,
            signal_gain_db=gain,
            took_s=took,
            assembled_at=now,
        )
        duration_s = round(len(joined) / 1000, 3)
        return _register(engine, config, original, target, duration_s, loudness, link), took
    except BaseException:
        target.unlink(missing_ok=True)  # never a library file without its programme row
        raise


def _register(
    engine: Engine,
    config: Config,
    original: Programme,
    target: Path,
    duration_s: float,
    loudness: Loudness,
    link: BulletinAssembly,
) -> Programme:
    """The assembled file's programme row and its link, in one transaction."""
    digest = sha256_file(target)
    programme = Programme(
        series_id=original.series_id,
        title=original.title,
        file_name=target.relative_to(config.paths.library).as_posix(),
        original_name=original.original_name,  # the operator's file, whatever airs
        sha256=digest,
        size_bytes=target.stat().st_size,
        duration_s=duration_s,
        arrived_at=link.assembled_at,
    )
    programme, added = add_assembled(engine, programme, link)
    if not added:
        # The same bytes are in the library already (assembled before, its link lost).
        target.unlink(missing_ok=True)
        return programme
    assert programme.id is not None
    levels.save(engine, programme.id, loudness, link.assembled_at)
    return programme
