"""Loudness on the real rig: programmes mastered far too quiet and far too loud are taken in
(measured by ffmpeg), aired by the airing thread through libVLC into the null sink, and the
off-air capture is measured with the same BS.1770 meter. Each must land within ±1 LU of the
station's target; long silence at either end is skipped on air."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from broadcaster.core.vocab import Status
from tests.support.onair import air_once
from tests.support.rig import SoundRig, make_programme, measure_loudness

pytestmark = pytest.mark.rig


@pytest.fixture(scope="module")
def programmes(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("mastered")
    made = {
        "quiet": make_programme(folder / "Chương trình nhỏ -30 LUFS.mp3", 8, -30.0),
        "loud": make_programme(folder / "Chương trình to -10 LUFS.mp3", 8, -10.0),
    }
    chord = folder / "chord.mp3"
    make_programme(chord, 2, -20.0)
    padded = folder / "Có khoảng lặng.mp3"  # 3 s of silence, 2 s of sound, 3 s of silence
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-i", str(chord)]
        + ["-af", "adelay=3000:all=1,apad=pad_dur=3", "-c:a", "libmp3lame", str(padded)],
        check=True,
    )
    made["padded"] = padded
    return made


def _air(station, rig: SoundRig, source: Path, capture: Path, extra: str = ""):
    """Take `source` in and air it at a slot a few seconds ahead, capturing both channels."""
    slot_at, (row,), spans = air_once(station, rig, source, extra=extra, capture=capture)
    return slot_at, row, spans


@pytest.mark.parametrize("which", ["quiet", "loud"])
def test_a_programme_airs_at_minus_16_lufs_whatever_its_master(
    station, rig, programmes, tmp_path, which
) -> None:
    mastered = measure_loudness(programmes[which])["lufs"]
    assert abs(mastered - (-30.0 if which == "quiet" else -10.0)) <= 1.0  # really mastered so
    _, row, _ = _air(station, rig, programmes[which], tmp_path / "off-air.wav")
    assert row.status == Status.AIRED, row.reason
    heard = measure_loudness(tmp_path / "off-air.wav")
    assert abs(heard["lufs"] - (-16.0)) <= 1.0, heard
    assert heard["true_peak"] <= -1.0 + 0.5, heard  # no gain into clipping


def test_ebu_r128_minus_23_is_one_setting_away(station, rig, programmes, tmp_path) -> None:
    _, row, _ = _air(
        station, rig, programmes["quiet"], tmp_path / "off-air.wav", "[loudness]\ntarget = -23\n"
    )
    assert row.status == Status.AIRED, row.reason
    heard = measure_loudness(tmp_path / "off-air.wav")
    assert abs(heard["lufs"] - (-23.0)) <= 1.0, heard


def test_long_silence_at_both_ends_is_skipped_on_air(station, rig, programmes, tmp_path) -> None:
    slot_at, row, spans = _air(station, rig, programmes["padded"], tmp_path / "off-air.wav")
    assert row.status == Status.AIRED, row.reason
    assert row.duration_s == pytest.approx(8.0, abs=0.2)  # the file, as supplied
    assert row.played_s < 3.5  # 2 s of sound and the short pads, not 8 s
    near = [(a, b) for a, b in spans if slot_at.timestamp() - 1 < a < slot_at.timestamp() + 4]
    assert near, spans
    onset = near[0][0] - slot_at.timestamp()
    assert 0.0 <= onset <= 0.5, onset  # the sound comes at the slot, not 3 s later
