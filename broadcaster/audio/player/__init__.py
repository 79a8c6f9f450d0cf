"""The player interface. Only `vlc_player` imports libVLC; tests use `FakePlayer`, and one
contract test (tests/integration/audio/test_player_contract.py) holds both to the same behaviour.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Protocol

from broadcaster.clock import Clock
from broadcaster.core.judge import PlaybackReport
from broadcaster.core.loudness import Cue

# Called about once a second while sound plays: (started_at, seconds played so far).
PlayProgress = Callable[[datetime, float], None]


class Player(Protocol):
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
        """Open `path` ahead, release sound at `start_at`, block until it ends or `stop`.
        `duration_s` is how long the airing lasts (the cue's stretch of the file); the cue
        also carries the loudness gain."""
        ...

    def probe_output(self, clock: Clock) -> str | None:
        """Check the audio output with a moment of silence, from the thread that owns the
        player: None when it works, else why not (for `status`, `doctor` and alerts)."""
        ...

    def close(self) -> None: ...
