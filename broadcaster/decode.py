"""Proving a file plays: ffprobe for what it claims, a full ffmpeg decode for what it is.

The one decode per file streams ffmpeg's raw samples through a pipe into the loudness
meter (broadcaster/meter), a few seconds at a time, so memory does not grow with the file's
length and measuring runs on a second core while ffmpeg decodes on the first. pydub is kept
for tests and short clips, since it holds whole files in memory.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import queue
import shutil
import subprocess
import threading
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from broadcaster.durations import format_duration
from broadcaster.loudness import Loudness

# A decode this much shorter than the container's own length means the file was cut off.
TRUNCATION_TOLERANCE_S = 0.5
TRUNCATION_TOLERANCE_RATIO = 0.02
MIN_DURATION_S = 0.5


class ToolMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class Verdict:
    ok: bool
    duration_s: float = 0.0
    reason_key: str = ""
    reason_values: dict[str, str] | None = None
    detail: str = ""
    loudness: Loudness | None = None


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise ToolMissing(name)
    return found


def _no_window() -> int:
    # Windows only: keep ffmpeg from flashing a console window on the station PC (0 elsewhere).
    return int(getattr(subprocess, "CREATE_NO_WINDOW", 0))


@dataclass(frozen=True)
class Probe:
    """What ffprobe says of a file's first audio stream."""

    duration_s: float  # 0.0 when the container does not say
    rate: int
    channels: int


def probe(path: Path) -> Probe | None:
    """The first audio stream's duration, rate and channels, or None when there is none."""
    result = subprocess.run(
        [
            _tool("ffprobe"),
            "-v",
            "error",
            "-select_streams",
            "a:0",
            "-show_entries",
            "format=duration:stream=codec_type,duration,sample_rate,channels",
            "-of",
            "json",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=False,
        creationflags=_no_window(),
    )
    if result.returncode != 0:
        return None
    try:
        info = json.loads(result.stdout or "{}")
    except json.JSONDecodeError:
        return None
    streams = [s for s in info.get("streams", []) if s.get("codec_type") == "audio"]
    if not streams:
        return None
    stream = streams[0]
    duration = 0.0
    for candidate in (stream.get("duration"), info.get("format", {}).get("duration")):
        with contextlib.suppress(TypeError, ValueError):
            duration = float(candidate)
            break
    return Probe(
        duration, _whole(stream.get("sample_rate"), 48000), _whole(stream.get("channels"), 2)
    )


def _whole(value: object, default: int) -> int:
    try:
        number = int(str(value))
    except ValueError:
        return default
    return number if number > 0 else default


# Progress callback: (seconds decoded so far, seconds in the file or None).
Progress = Callable[[float, float | None], None]
# ffmpeg's error lines kept for the verdict (the last few).
_KEPT_ERRORS = 20
# Samples reach the meter this many seconds at a time; a few chunks wait in memory while
# the meter works, so ffmpeg never stalls on a full pipe (350 KB each at 44.1 kHz stereo).
CHUNK_S = 2
_CHUNKS_AHEAD = 3


# The samples cross the pipe as 16-bit integers 6 dB down: half the bytes of 32-bit
# floats, which is what keeps ffmpeg at the speed of a bare decode (copying an hour of float
# stereo through a pipe costs it about a second), while the 6 dB keep a decoder's overs up
# to +6 dBFS for the true-peak meter. Rounding to 16 bits adds noise 90 dB under full
# scale, far below the −70 LUFS gate and the −50 dBFS silence floor.
_HEADROOM = 0.5
_SCALE = 1 / (32768 * _HEADROOM)


def _command(path: Path, rate: int, channels: int) -> list[str]:
    # More than two channels are folded to stereo, which is all a loudspeaker line carries.
    return [
        *(_tool("ffmpeg"), "-nostdin", "-hide_banner", "-nostats", "-v", "level+error"),
        *("-i", str(path), "-map", "0:a:0", "-ac", str(channels), "-ar", str(rate)),
        *("-af", f"volume={_HEADROOM}", "-f", "s16le", "-flush_packets", "0", "-"),
    ]


class _Errors:
    """ffmpeg's stderr, read on its own thread so the pipe never fills; kept small."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.lines: deque[str] = deque(maxlen=_KEPT_ERRORS)
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream: IO[bytes]) -> None:
        for raw in stream:
            line = raw.decode("utf-8", errors="replace").rstrip("\n")
            self.lines.append(line.replace("[error] ", "").replace("[fatal] ", ""))

    def join(self) -> str:
        self._thread.join(timeout=10)
        return "\n".join(self.lines)


class _Chunks:
    """ffmpeg's stdout in chunks of whole frames, read ahead on a thread: ffmpeg decodes
    the next seconds on one core while the meter measures these on another."""

    def __init__(self, stream: IO[bytes], size: int) -> None:
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=_CHUNKS_AHEAD)
        self._thread = threading.Thread(target=self._read, args=(stream, size), daemon=True)
        self._thread.start()

    def _read(self, stream: IO[bytes], size: int) -> None:
        try:
            while data := stream.read(size):
                self._queue.put(data)
        finally:
            self._queue.put(None)

    def __iter__(self) -> Iterator[bytes]:
        while (data := self._queue.get()) is not None:
            yield data

    def drain(self) -> None:
        """After ffmpeg is stopped early: empty the queue so the reader thread can end."""
        while self._thread.is_alive():
            with contextlib.suppress(queue.Empty):
                self._queue.get(timeout=0.1)


def decode(
    path: Path, found: Probe, progress: Progress | None = None
) -> tuple[float | None, str, Loudness | None]:
    """Decode the whole first audio stream once, streaming, and measure it on the way;
    return (decoded seconds, ffmpeg's errors, the measurement), seconds None on failure."""
    import numpy as np  # loaded when the first file comes in, not by every command

    from broadcaster.meter import Meter

    channels = min(found.channels, 2)
    meter = Meter(found.rate, channels)
    frame_bytes = 2 * channels
    proc = subprocess.Popen(
        _command(path, found.rate, channels),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        creationflags=_no_window(),
    )
    assert proc.stdout is not None and proc.stderr is not None
    errors = _Errors(proc.stderr)
    chunks = _Chunks(proc.stdout, CHUNK_S * found.rate * frame_bytes)
    finished = False
    try:
        for data in chunks:
            frames = np.frombuffer(data, dtype="<i2", count=len(data) // frame_bytes * channels)
            samples = np.asarray(frames.reshape(-1, channels).T, dtype=np.float32, order="C")
            samples *= _SCALE
            meter.add(samples)
            if progress is not None:
                progress(meter.samples / found.rate, found.duration_s or None)
        finished = True
    finally:
        if not finished:  # a failing progress callback or meter: stop ffmpeg, free the thread
            proc.kill()
            chunks.drain()
    returncode = proc.wait()
    detail = errors.join()
    if returncode != 0 or meter.samples == 0:
        return None, detail or f"ffmpeg exit {returncode}", None
    return meter.samples / found.rate, detail, meter.result()


def check_audio(path: Path, progress: Progress | None = None) -> Verdict:
    """Decide whether a file can go on air, and how long it lasts."""
    if path.stat().st_size == 0:
        return Verdict(False, reason_key="reason.empty")
    found = probe(path)
    if found is None:
        return Verdict(False, reason_key="reason.not_audio")
    declared = found.duration_s
    decoded, errors, measured = decode(path, found, progress)
    if decoded is None:
        return Verdict(False, reason_key="reason.decode_error", detail=errors)
    if decoded < MIN_DURATION_S:
        return Verdict(
            False,
            reason_key="reason.too_short",
            reason_values={"duration": f"{decoded:.2f} s"},
        )
    if declared and decoded < declared - max(
        TRUNCATION_TOLERANCE_S, declared * TRUNCATION_TOLERANCE_RATIO
    ):
        return Verdict(
            False,
            reason_key="reason.truncated",
            reason_values={
                "decoded": format_duration(decoded),
                "declared": format_duration(declared),
            },
        )
    return Verdict(True, duration_s=decoded, detail=errors, loudness=measured)
