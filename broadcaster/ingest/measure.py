"""Background metering: library programmes taken in before loudness was measured are
measured one at a time by the daemon (the store only keeps the figures: it reads no audio)."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from broadcaster.audio.decode import check_audio
from broadcaster.clock import Clock
from broadcaster.config import Config
from broadcaster.store.levels import save, unmeasured


def measure_one(config: Config, engine: Engine, clock: Clock, tried: set[int]) -> str | None:
    """Measure the oldest unmeasured library programme not tried yet; its title, or None
    when none is left. A file that cannot be read is tried once and left for its airing
    to report."""
    for programme in unmeasured(engine):
        if programme.id is None or programme.id in tried:
            continue
        tried.add(programme.id)
        path = config.paths.library / programme.file_name
        if not path.is_file():
            continue
        verdict = check_audio(path)
        if verdict.ok and verdict.loudness is not None:
            save(engine, programme.id, verdict.loudness, clock.now())
            return programme.title
    return None
