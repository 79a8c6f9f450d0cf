"""The test sound rig: a PulseAudio null sink ("air") and an off-air recorder of its monitor.

libVLC plays into the sink in real time with no sound card; what reaches the monitor is
what listeners would have heard. `python -m tests.support.rig start` starts it (the Makefile
does); the test fixtures call `SoundRig.ensure()` so `pytest` alone works too, and the
benchmarks (`python -m bench.latency`, …) import it from here as well.
"""

from __future__ import annotations

import array
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.paths import REPO

RATE = 48000
SINK = "air"
DEFAULT_DIR = REPO / "var" / "rig"


@dataclass
class SoundRig:
    runtime_dir: Path

    @property
    def socket(self) -> Path:
        return self.runtime_dir / "pulse" / "native"

    def env(self) -> dict[str, str]:
        return {
            "XDG_RUNTIME_DIR": str(self.runtime_dir),
            "PULSE_SERVER": f"unix:{self.socket}",
            "PULSE_SINK": SINK,
        }

    def _run(self, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            list(args),
            env={**os.environ, **self.env()},
            capture_output=True,
            text=True,
            check=check,
            timeout=20,
        )

    def alive(self) -> bool:
        if not self.socket.exists():
            return False
        try:
            result = self._run("pactl", "list", "short", "sinks")
        except (OSError, subprocess.TimeoutExpired):
            return False
        return result.returncode == 0 and SINK in result.stdout

    def start(self) -> None:
        if self.alive():
            return
        for tool in ("pulseaudio", "pactl", "parec"):
            if shutil.which(tool) is None:
                raise RuntimeError(f"{tool} is missing: run `make test` to install the rig")
        self.runtime_dir.mkdir(parents=True, exist_ok=True)
        self.runtime_dir.chmod(0o700)
        self._run(
            "pulseaudio",
            "-D",
            "-n",
            "--exit-idle-time=-1",
            "--disallow-exit",
            "--use-pid-file=yes",
            "--log-target=stderr",
            f"--load=module-null-sink sink_name={SINK} rate={RATE}",
            "--load=module-native-protocol-unix",
        )
        deadline = time.monotonic() + 15
        while not self.alive():
            if time.monotonic() > deadline:
                raise RuntimeError("the PulseAudio rig did not start")
            time.sleep(0.1)
        self._run("pactl", "set-default-sink", SINK)

    def stop(self) -> None:
        self._run("pulseaudio", "--kill")

    @classmethod
    def ensure(cls, runtime_dir: Path = DEFAULT_DIR) -> SoundRig:
        rig = cls(runtime_dir)
        rig.start()
        return rig

    def recorder(self) -> OffAirRecorder:
        return OffAirRecorder(self)

    def stereo_capture(self, path: Path) -> StereoCapture:
        return StereoCapture(self, path)


@dataclass
class StereoCapture:
    """Both channels of the sink's monitor into a WAV file, for measuring loudness off air
    (a mono capture would sum the channels and read 3 dB low)."""

    rig: SoundRig
    path: Path
    _proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> StereoCapture:
        self._proc = subprocess.Popen(
            [
                "parec",
                "-d",
                f"{SINK}.monitor",
                "--file-format=wav",
                "--format=s16le",
                f"--rate={RATE}",
                "--channels=2",
                str(self.path),
            ],
            env={**os.environ, **self.rig.env()},
        )
        time.sleep(0.5)  # let the stream start before anything plays
        return self

    def __exit__(self, *exc: object) -> None:
        if self._proc is not None:
            self._proc.terminate()
            self._proc.wait(5)


def measure_loudness(path: Path) -> dict[str, float]:
    """Integrated loudness (LUFS) and true peak (dBTP) of a file, by ffmpeg's ebur128 (the
    same BS.1770 meter the daemon uses, run on what the sink's monitor heard)."""
    result = subprocess.run(
        ["ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-i", str(path)]
        + ["-af", "ebur128=peak=true", "-f", "null", "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    summary = result.stderr[result.stderr.rindex("Summary:") :]
    figures = {}
    for line in summary.splitlines():
        parts = line.split()
        if parts[:1] == ["I:"]:
            figures["lufs"] = float(parts[1])
        elif parts[:1] == ["Peak:"]:
            figures["true_peak"] = float(parts[1])
    return figures


def make_programme(path: Path, seconds: float, lufs: float) -> Path:
    """A stereo chord (220, 550 and 1,300 Hz) mastered at `lufs` (measured, then set by a
    plain gain): its peaks sit only ~6 dB above its loudness, so it fits both −30 and
    −10 LUFS without clipping and leaves room for the daemon's gain either way."""
    raw = path.with_suffix(".raw.wav")
    chord = "0.2*sin(2*PI*220*t)+0.15*sin(2*PI*550*t)+0.1*sin(2*PI*1300*t)"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi"]
        + ["-i", f"aevalsrc={chord}|{chord}:s=44100:d={seconds}"]
        + [str(raw)],
        check=True,
    )
    now = measure_loudness(raw)["lufs"]
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-i", str(raw), "-af", f"volume={lufs - now:.2f}dB"]
        + ["-c:a", "libmp3lame", "-b:a", "192k", str(path)],
        check=True,
    )
    raw.unlink()
    return path


@dataclass
class OffAirRecorder:
    """Records the sink's monitor; each block is stamped with the wall clock on arrival, so
    sample n is mapped to a wall time (the earliest arrival bounds the mapping)."""

    rig: SoundRig
    samples: array.array = field(default_factory=lambda: array.array("h"))
    _t0: float = float("inf")
    _proc: subprocess.Popen[bytes] | None = None
    _thread: threading.Thread | None = None

    def __enter__(self) -> OffAirRecorder:
        self._proc = subprocess.Popen(
            [
                "parec",
                "-d",
                f"{SINK}.monitor",
                "--raw",
                "--format=s16le",
                f"--rate={RATE}",
                "--channels=1",
                "--latency-msec=10",
            ],
            stdout=subprocess.PIPE,
            env={**os.environ, **self.rig.env()},
        )
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while len(self.samples) < RATE // 10:  # wait for the stream to flow
            if time.monotonic() > deadline:
                raise RuntimeError("off-air recorder got no samples")
            time.sleep(0.02)
        return self

    def _read(self) -> None:
        assert self._proc is not None and self._proc.stdout is not None
        pending = b""
        while True:
            block = self._proc.stdout.read1(4800)  # type: ignore[attr-defined]
            if not block:
                return
            arrived = time.time()
            pending += block
            usable = len(pending) - len(pending) % 2
            self.samples.frombytes(pending[:usable])
            pending = pending[usable:]
            self._t0 = min(self._t0, arrived - len(self.samples) / RATE)

    def __exit__(self, *exc: object) -> None:
        if self._proc is not None:
            self._proc.terminate()
            self._proc.wait(5)
        if self._thread is not None:
            self._thread.join(5)

    def wall_time(self, index: int) -> float:
        return self._t0 + index / RATE

    def sound_spans(self, threshold: int = 800, bridge_s: float = 0.3) -> list[tuple[float, float]]:
        """Wall-clock (start, end) of each stretch of sound, gaps under bridge_s joined."""
        window = RATE // 200  # 5 ms
        samples = self.samples
        spans: list[list[int]] = []
        for start in range(0, len(samples) - window + 1, window):
            chunk = samples[start : start + window]
            loud = max(chunk) > threshold or -min(chunk) > threshold
            if not loud:
                continue
            # exact first loud sample in this window, for a precise onset
            first = next(i for i, v in enumerate(chunk) if abs(v) > threshold)
            index = start + first
            if spans and index - spans[-1][1] <= bridge_s * RATE:
                spans[-1][1] = start + window
            else:
                spans.append([index, start + window])
        return [(self.wall_time(a), self.wall_time(b)) for a, b in spans]


def make_tone(path: Path, seconds: float, frequency: int = 440) -> Path:
    """A continuous sine, easy to find in the capture (ffmpeg's lavfi source)."""
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency={frequency}:duration={seconds}:sample_rate=44100",
            "-ac",
            "1",
            "-b:a",
            "64k",
            str(path),
        ],
        check=True,
    )
    return path


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "start"
    rig = SoundRig(DEFAULT_DIR)
    if command == "start":
        rig.start()
        print(f"sound rig up: sink '{SINK}', PULSE_SERVER={rig.env()['PULSE_SERVER']}")
    elif command == "stop":
        rig.stop()
    else:
        sys.exit("usage: python -m tests.support.rig start|stop")
