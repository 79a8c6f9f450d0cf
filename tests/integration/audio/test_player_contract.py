"""One contract, two players: the fake used by unit tests must behave like libVLC.

The libVLC side plays into the PulseAudio null sink in real time.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from broadcaster.audio.player import Player
from broadcaster.audio.player.fake import FakePlayer
from broadcaster.clock import SystemClock
from broadcaster.core.judge import judge
from broadcaster.core.vocab import Status

NO_OUTPUT_ARGS = ("--aout=alsa,none", "--alsa-audio-device=hw:99,0")
# Names libVLC would read as URLs if a player handed it a name instead of a path (#15).
URL_LIKE_NAMES = ["ban tin 17:15.mp3", "http:x.mp3", "so #3?.mp3", "100%20 tin.mp3"]


@pytest.fixture(params=["fake", pytest.param("vlc", marks=pytest.mark.rig)])
def make_player(request: pytest.FixtureRequest) -> Iterator[Callable[..., Player]]:
    made: list[Player] = []

    def make(output_works: bool = True) -> Player:
        if request.param == "fake":
            player: Player = FakePlayer(output_works=output_works)
        else:
            request.getfixturevalue("rig")
            from broadcaster.audio.player.vlc_player import VlcPlayer

            player = VlcPlayer(("--aout=pulse",) if output_works else NO_OUTPUT_ARGS)
        made.append(player)
        return player

    yield make
    for player in made:
        player.close()


def test_plays_to_the_end_starting_at_the_slot(make_player, tone: Callable[..., Path]) -> None:
    clock = SystemClock()
    player = make_player()
    start_at = clock.now() + timedelta(seconds=1.5)
    report = player.play(tone(2), start_at, 2.0, threading.Event(), clock)

    assert report.error is None and report.output_error is None
    assert report.reached_end and not report.stopped
    assert report.started_at is not None
    assert abs((report.started_at - start_at).total_seconds()) < 0.05
    assert 1.9 <= report.played_s <= 2.6
    assert judge(report, 2.0).status == Status.AIRED


def test_stop_cuts_the_airing_short(make_player, tone: Callable[..., Path]) -> None:
    clock = SystemClock()
    player = make_player()
    stop = threading.Event()
    threading.Timer(2.0, stop.set).start()
    report = player.play(tone(5), clock.now() + timedelta(seconds=1), 5.0, stop, clock)

    assert report.stopped and not report.reached_end
    assert report.started_at is not None
    assert 0.7 <= report.played_s <= 1.5
    verdict = judge(report, 5.0)
    assert verdict.status == Status.PARTIAL
    assert 0.7 <= verdict.played_s <= 1.5


def test_stop_before_the_slot_plays_nothing(make_player, tone: Callable[..., Path]) -> None:
    clock = SystemClock()
    stop = threading.Event()
    threading.Timer(0.5, stop.set).start()
    report = make_player().play(tone(2), clock.now() + timedelta(seconds=3), 2.0, stop, clock)
    assert report.started_at is None and report.stopped
    assert report.played_s == 0


def test_a_missing_file_is_an_error(make_player, tmp_path: Path) -> None:
    clock = SystemClock()
    report = make_player().play(tmp_path / "gone.mp3", clock.now(), 2.0, threading.Event(), clock)
    assert report.started_at is None
    assert report.error
    assert judge(report, 2.0).status == Status.FAILED


def test_no_working_output_is_reported(make_player, tone: Callable[..., Path]) -> None:
    """libVLC runs to Ended without a device; the player must still say nobody heard it."""
    clock = SystemClock()
    player = make_player(output_works=False)
    report = player.play(tone(3), clock.now() + timedelta(seconds=1), 3.0, threading.Event(), clock)
    assert report.output_error
    verdict = judge(report, 3.0)
    assert verdict.status == Status.FAILED
    assert verdict.played_s == 0


def test_a_name_that_looks_like_a_url_plays(
    make_player, tone: Callable[..., Path], tmp_path: Path
) -> None:
    """A colon, `#`, `?` or `%20` in a file's name is part of the name: it plays (the
    libVLC player once crashed the process on `ban tin 17:15.mp3`)."""
    clock = SystemClock()
    player = make_player()
    for name in URL_LIKE_NAMES:
        path = tmp_path / name
        shutil.copyfile(tone(2), path)
        report = player.play(
            path, clock.now() + timedelta(seconds=1), 2.0, threading.Event(), clock
        )
        assert report.error is None and report.output_error is None, (name, report)
        assert judge(report, 2.0).status == Status.AIRED, (name, report)


def test_the_output_probe_passes_on_a_working_output(make_player) -> None:
    """`probe_output` is part of the interface: the daemon checks the output with it at start
    and while the output is down, and `doctor` reports its answer."""
    assert make_player().probe_output(SystemClock()) is None


def test_the_output_probe_says_why_without_an_output(make_player) -> None:
    problem = make_player(output_works=False).probe_output(SystemClock())
    assert isinstance(problem, str) and problem
