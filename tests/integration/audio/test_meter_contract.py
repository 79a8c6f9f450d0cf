"""Our meter held to the reference: ffmpeg's own `ebur128` and `silencedetect` filters,
on real files decoded by ffmpeg through the same path ingest uses (check_audio).

ffmpeg interpolates true peaks by resampling to 192 kHz rather than with BS.1770's 48-tap
filter, and bins loudness range in 0.1 LU steps, hence the looser bounds on those two.
"""

from __future__ import annotations

import math
import re
import subprocess
import threading
import time
from pathlib import Path

import pytest

from broadcaster.audio.decode import check_audio

# rig: the contract is our meter against ffmpeg's ebur128, on files ffmpeg makes
pytestmark = pytest.mark.rig

# (name, lavfi source graph, output options): programmes as a station receives them.
# The noise is seeded: unseeded, each run drew new noise, and one run in many put the two
# meters' figures (each rounded to 0.1) a hair over 0.1 apart (-26.5 against -26.6).
FILES = [
    (
        "steps.mp3",  # pink noise stepping between two levels every 2 s: loudness range
        "anoisesrc=color=pink:duration=30:sample_rate=44100:amplitude=0.3:seed=4,"
        "volume='if(lt(mod(t,4),2),1,0.15)':eval=frame",
        ["-ac", "2", "-b:a", "128k"],
    ),
    (
        "mono-padded.mp3",  # mono at 22.05 kHz, 3 s of silence before and 2.5 s after
        "sine=f=440:duration=10:sample_rate=22050,adelay=3000,apad=pad_dur=2.5",
        ["-ac", "1", "-b:a", "64k"],
    ),
    (
        "speech-like.wav",  # noise in syllable-like bursts with a tone bed, 48 kHz stereo
        "anoisesrc=color=brown:duration=20:sample_rate=48000:amplitude=0.5:seed=4,"
        "volume='0.2+0.8*gt(sin(2*PI*3*t),0.3)':eval=frame,"
        "aformat=channel_layouts=stereo",
        ["-c:a", "pcm_s16le"],
    ),
    (
        "hot-master.wav",  # a float master whose waves peak 4 dB over full scale
        "aevalsrc=1.6*sin(2*PI*997*t):s=44100:d=5,aformat=sample_fmts=flt",
        ["-c:a", "pcm_f32le"],
    ),
]


def make(folder: Path, name: str, source: str, options: list[str]) -> Path:
    path = folder / name
    command = ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", source, *options, str(path)]
    subprocess.run(command, check=True)
    return path


def reference(path: Path) -> dict[str, float]:
    log = subprocess.run(
        ["ffmpeg", "-nostats", "-hide_banner", "-i", str(path), "-af"]
        + ["ebur128=peak=true:dualmono=true,silencedetect=n=-50dB:d=0.3", "-f", "null", "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    summary = log[log.index("Summary:") :]

    def number(label: str) -> float:
        match = re.search(rf"{label}:\s+(-?[\d.]+|-inf)", summary)
        assert match, f"{label} missing from ffmpeg's summary"
        return float(match.group(1))

    starts = [float(x) for x in re.findall(r"silence_start: (-?[\d.]+)", log)]
    ends = [float(x) for x in re.findall(r"silence_end: (-?[\d.]+)", log)]
    return {
        "integrated": number("I"),
        "range": number("LRA"),
        "peak": number("Peak"),
        "lead": ends[0] if starts and starts[0] <= 0.01 else 0.0,
        "silence_starts": starts,
    }


@pytest.fixture(scope="module")
def programmes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("meter")
    return {name: make(folder, name, source, options) for name, source, options in FILES}


@pytest.mark.parametrize("name", [name for name, _, _ in FILES])
def test_our_meter_reads_what_ffmpeg_reads(programmes: dict[str, Path], name: str) -> None:
    path = programmes[name]
    verdict = check_audio(path)
    ours = verdict.loudness
    assert verdict.ok and ours is not None
    theirs = reference(path)
    assert ours.integrated_lufs == pytest.approx(theirs["integrated"], abs=0.1)
    assert ours.range_lu == pytest.approx(theirs["range"], abs=0.3)
    assert ours.true_peak_dbtp == pytest.approx(theirs["peak"], abs=0.3)
    assert ours.lead_silence_s == pytest.approx(theirs["lead"], abs=0.05)
    if ours.tail_silence_s:
        assert verdict.duration_s - ours.tail_silence_s == pytest.approx(
            theirs["silence_starts"][-1], abs=0.05
        )


def test_overs_in_a_hot_master_are_measured_not_clipped(programmes: dict[str, Path]) -> None:
    ours = check_audio(programmes["hot-master.wav"]).loudness
    assert ours is not None and ours.true_peak_dbtp is not None
    assert ours.true_peak_dbtp == pytest.approx(20 * math.log10(1.6), abs=0.2)  # +4.1 dB


def test_a_failing_listener_stops_the_decode_cleanly(programmes: dict[str, Path]) -> None:
    """A progress callback that raises ends the decode: ffmpeg is stopped, no thread hangs."""
    before = threading.active_count()

    def boom(done: float, total: float | None) -> None:
        raise RuntimeError("listener failed")

    began = time.monotonic()
    with pytest.raises(RuntimeError, match="listener failed"):
        check_audio(programmes["steps.mp3"], boom)
    assert time.monotonic() - began < 10
    deadline = time.monotonic() + 5
    while threading.active_count() > before and time.monotonic() < deadline:
        time.sleep(0.05)
    # No thread of the decode is left (a thread of an earlier test may end meanwhile).
    assert threading.active_count() <= before
