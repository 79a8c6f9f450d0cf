"""A player for unit tests of the daemon's logic: no sound, same contract as libVLC's."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from broadcaster.audio.player import PlayProgress
from broadcaster.clock import Clock
from broadcaster.core.judge import PlaybackReport
from broadcaster.core.loudness import Cue


@dataclass
class FakePlayer:
    """Plays in (fake or real) time by sleeping on the clock.

    `output_works=False` behaves like libVLC without a sound device: it "ends" early and
    reports the output error, as the real player does, and the output probe fails.
    """

    output_works: bool = True
    speed: float = 1.0  # 1.0 = real time
    played: list[Path] = field(default_factory=list)
    cues: list[Cue] = field(default_factory=list)
    probes: int = 0  # how often the output was checked

    def play(
        self,
        path: Path,
        start_at: datetime,
        duration_s: float,
        stop: threading.Event,
        clock: Clock,
        progress: PlayProgress | None = None,
        cue: Cue | None = None,
    ) -> PlaybackReport:
        if not path.is_file():
            return PlaybackReport(None, None, 0.0, 0.0, False, False, error=f"cannot open {path}")
        if not clock.sleep_until(start_at, stop):
            return PlaybackReport(None, None, 0.0, 0.0, False, True)
        started = clock.now()
        self.played.append(path)
        self.cues.append(cue or Cue())
        if progress is not None:
            progress(started, 0.0)
        length = duration_s if self.output_works else duration_s * 0.6
        finished = clock.sleep_until(started + timedelta(seconds=length / self.speed), stop)
        ended = clock.now()
        wall = (ended - started).total_seconds()
        return PlaybackReport(
            started_at=started,
            ended_at=ended,
            played_s=wall,
            position_s=min(wall * self.speed, duration_s),
            reached_end=finished,
            stopped=not finished,
            output_error=None if self.output_works else "fake: no audio output",
            audible_s=None if self.output_works else 0.0,
        )

    def probe_output(self, clock: Clock) -> str | None:
        # At once, on any clock: the fake has no device to warm up, and a probe that took
        # fake time would move the airings a test has placed to the second.
        self.probes += 1
        return None if self.output_works else "fake: no audio output"

    def close(self) -> None:
        pass
