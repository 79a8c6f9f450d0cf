"""The player interface. Only `vlc_player` imports libVLC; tests use `FakePlayer`, and one
contract test (tests/integration/audio/test_player_contract.py) holds both to the same behaviour.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from broadcaster.clock import Clock
from broadcaster.core.loudness import Cue


class PlayerUnavailable(RuntimeError):
    """The player cannot start at all (no libVLC)."""


@dataclass(frozen=True)
class PlaybackReport:
    """What really happened, as far as the player can tell. The airing layer turns this
    into an as-run status; `output_error` set means nobody could have heard it."""

    started_at: datetime | None  # when sound was released (None: never started)
    ended_at: datetime | None
    played_s: float  # wall-clock seconds from start to end
    position_s: float  # how far into the file the player got
    reached_end: bool
    stopped: bool  # cut by a stop request
    error: str | None = None  # could not open/decode
    output_error: str | None = None  # no working audio output
    # With an output error: how long the sound really kept pace with the clock (the device
    # was there), e.g. a lead unplugged mid-programme. None when unknown.
    audible_s: float | None = None


# Called about once a second while sound plays: (started_at, seconds played so far).
Progress = Callable[[datetime, float], None]


class Player(Protocol):
    def play(
        self,
        path: Path,
        start_at: datetime,
        duration_s: float,
        stop: threading.Event,
        clock: Clock,
        progress: Progress | None = None,
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
