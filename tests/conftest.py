"""Shared fixtures: a temporary station folder, test audio, and the sound rig."""

from __future__ import annotations

import os
import sys
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from loguru import logger

from broadcaster.cli.station_language import station_language
from broadcaster.config import Config, load_config
from broadcaster.i18n import speaking
from tests.rig import SoundRig, make_tone

SERIES_MONTHLY = """
id = "chuyen-doi-so"
title = "Chuyên mục Chuyển đổi số"
folder = "chuyen-doi-so"
period = "month"
new_per_period = 1
repeats = 3
repeat_gap = "7d"
slots = [{ time = "06:10" }, { time = "17:15", days = ["mon", "thu"] }]
"""


@pytest.fixture(autouse=True)
def _default_log_sink() -> Iterator[None]:
    """The one global a test leaves behind: loguru's logger is the process's, and the CLI
    (the entry point) points it at CliRunner's stream, closed once the command returns.
    Put loguru's default sink back after every test. The language needs no reset: it is
    chosen per command line and per `with i18n.speaking(...)` block (#12)."""
    yield
    logger.remove()
    logger.add(sys.stderr)


@dataclass
class StationDir:
    root: Path

    @property
    def config_path(self) -> Path:
        return self.root / "config.toml"

    @property
    def inbox(self) -> Path:
        return self.root / "media" / "inbox"

    @property
    def library(self) -> Path:
        return self.root / "media" / "library"

    @property
    def quarantine(self) -> Path:
        return self.root / "media" / "quarantine"

    def write_config(
        self,
        extra: str = "",
        settle: str = "0s",
        vlc_args: str = "[]",
        station_id: str = "xa-thu-nghiem",
        name: str = "Đài truyền thanh xã Thử Nghiệm",
        first_test: bool = False,
    ) -> None:
        # The first start's test airing (phát thử) is off unless a test asks for it: it
        # would add an airing and an as-run row to every test that starts a daemon.
        self.config_path.write_text(
            textwrap.dedent(
                f"""
                [station]
                id = "{station_id}"
                name = "{name}"
                level = "commune"
                reports_to = "Phòng Văn hóa và Thông tin"
                default_series = "chuyen-doi-so"
                test_airing_on_first_start = {"true" if first_test else "false"}

                [paths]
                database = "var/station.db"

                [player]
                vlc_args = {vlc_args}
                preroll = "2s"

                [ingest]
                scan_interval = "1s"
                settle = "{settle}"

                [daemon]
                missed_grace = "30s"
                reconcile_interval = "2s"
                """
            )
            + extra,
            encoding="utf-8",
        )

    def write_series(self, name: str, text: str) -> Path:
        folder = self.root / "schedules"
        folder.mkdir(exist_ok=True)
        path = folder / f"{name}.toml"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def config(self) -> Config:
        """The station's config as the CLI loads it: in the language its file names (the
        entry point chooses it, #12; load_config itself sets none)."""
        with speaking(station_language(self.config_path)):
            return load_config(self.config_path)


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
