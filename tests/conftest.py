"""Shared fixtures: a temporary station folder, test audio, and the sound rig; and the `rig`
marker, put on every test that needs ffmpeg, libVLC or PulseAudio, so that
`pytest -m "not rig"` runs the rest on a machine without them."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from loguru import logger

from tests.support.rig import SoundRig, make_tone
from tests.support.station import SERIES_MONTHLY, StationDir


@pytest.fixture(autouse=True)
def _default_log_sink() -> Iterator[None]:
    """The one global a test leaves behind: loguru's logger is the process's, and the CLI
    (the entry point) points it at CliRunner's stream, closed once the command returns.
    Put loguru's default sink back after every test. The language needs no reset: it is
    chosen per command line and per `with i18n.speaking(...)` block (#12)."""
    yield
    logger.remove()
    logger.add(sys.stderr)


@pytest.fixture
def station(tmp_path: Path) -> StationDir:
    s = StationDir(tmp_path / "station")
    s.root.mkdir()
    s.write_config()
    s.write_series("chuyen-doi-so", SERIES_MONTHLY)
    return s


@pytest.fixture(scope="session")
def audio_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("audio")


@pytest.fixture(scope="session")
def tone(audio_dir: Path) -> Callable[[float], Path]:
    """tone(seconds) → a cached MP3 of a 440 Hz sine of that length."""

    def make(seconds: float, frequency: int = 440) -> Path:
        path = audio_dir / f"tone-{seconds:g}s-{frequency}.mp3"
        if not path.exists():
            make_tone(path, seconds, frequency)
        return path

    return make


@pytest.fixture(scope="session")
def rig() -> SoundRig:
    """The PulseAudio null-sink rig; libVLC in this process plays into it."""
    sound = SoundRig.ensure()
    os.environ.update(sound.env())
    return sound


# A test that takes one of these fixtures, directly or through another fixture, needs the
# sound rig (PulseAudio and libVLC playing into it) or ffmpeg (`tone` encodes MP3s with it).
# Tests that reach the tools another way carry `pytest.mark.rig` themselves.
RIG_FIXTURES = frozenset({"rig", "tone"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if RIG_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.rig)
