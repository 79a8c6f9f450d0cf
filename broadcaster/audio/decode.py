"""Proving a file plays: ffprobe for what it claims, a full ffmpeg decode for what it is.

The one decode per file streams ffmpeg's raw samples through a pipe into the loudness
meter (broadcaster/audio/meter), a few seconds at a time, so memory does not grow with the file's
length and measuring runs on a second core while ffmpeg decodes on the first. pydub is kept
for tests and short clips, since it holds whole files in memory.

ffprobe and ffmpeg run bounded in memory and time. A file with no MPEG frame header in it
(zeros, text, a disk image) but named `.mp3` is taken by libavformat's MP3 demuxer on its
name alone, and its parser then buffers the whole file looking for a frame: about twice the
file's size in memory (a 2 GB file made each tool peak at 2.1 GB). So each tool runs with
at most `TOOL_MEMORY_MB` of address space (POSIX; the environment variable
`BROADCASTER_TOOL_MEMORY_MB` overrides it), and for at most a time derived from the file's
size and declared length (`probe_timeout`, `decode_timeout`). A file that hits either bound
is refused with its own reason.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import queue
import shutil
import subprocess
import threading
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from broadcaster.audio.media_tags import title_in
from broadcaster.core.durations import format_duration
from broadcaster.core.loudness import Loudness
from broadcaster.errors import ToolLimit, ToolMissing

# A decode this much shorter than the container's own length means the file was cut off.
TRUNCATION_TOLERANCE_S = 0.5
TRUNCATION_TOLERANCE_RATIO = 0.02
MIN_DURATION_S = 0.5

# Address space one ffprobe or ffmpeg may use. A normal run of Debian's ffmpeg 5.1 maps
# about 290 MB (most of it shared libraries), whatever the file's length.
TOOL_MEMORY_MB = 1024
TOOL_MEMORY_ENV = "BROADCASTER_TOOL_MEMORY_MB"
# Time bounds: a base for starting up, plus the file. ffprobe reads a few MB of a real file
# but all of a junk one (here 130 MB/s); ffmpeg decodes and measures at about 400 times
# real time here, so 4 times leaves room for the slowest station PC.
TOOL_TIME_BASE_S = 60.0
PROBE_MIN_BYTES_PER_S = 10_000_000
DECODE_MIN_SPEED = 4.0
# With no declared length: as long as the file would last as CD-quality PCM.
PCM_BYTES_PER_S = 176_400
# What ffmpeg's libraries print when an allocation fails (the memory bound was hit):
# "Failed to reallocate parser buffer to ...", "Cannot allocate memory", "out of memory";
# and what the loader prints when a bound far too low leaves no room for the libraries
# themselves ("error while loading shared libraries: ...: failed to map segment").
_OUT_OF_MEMORY = ("allocate", "out of memory", "failed to map segment")


def tool_memory_mb() -> int:
    try:
        return int(os.environ.get(TOOL_MEMORY_ENV, TOOL_MEMORY_MB))
    except ValueError:
        return TOOL_MEMORY_MB


def probe_timeout(size_bytes: int) -> float:
    return TOOL_TIME_BASE_S + size_bytes / PROBE_MIN_BYTES_PER_S


def decode_timeout(size_bytes: int, declared_s: float) -> float:
    longest_s = max(declared_s, size_bytes / PCM_BYTES_PER_S)
    return TOOL_TIME_BASE_S + longest_s / DECODE_MIN_SPEED


def _bounded(command: list[str]) -> list[str]:
    """The command, run with its memory bound (POSIX). The shell sets it in the child
    (`ulimit -v` is setrlimit(RLIMIT_AS)) and then becomes the tool: Popen's preexec_fn
    could do the same, but may deadlock a process with threads, as the daemon is."""
    if os.name != "posix":
        return command  # Windows: bounded in time only
    kib = tool_memory_mb() * 1024
    return ["/bin/sh", "-c", f'ulimit -v {kib} 2>/dev/null; exec "$0" "$@"', *command]


def _out_of_memory(text: str) -> bool:
    lowered = text.lower()
    return any(marker in lowered for marker in _OUT_OF_MEMORY)


def _memory_limit() -> ToolLimit:
    return ToolLimit("reason.tool_memory", {"memory": str(tool_memory_mb())})


def _time_limit(seconds: float) -> ToolLimit:
    return ToolLimit("reason.tool_time", {"seconds": str(round(seconds))})


@dataclass(frozen=True)
class AudioCheck:
    ok: bool
    duration_s: float = 0.0
    reason_key: str = ""
    reason_values: dict[str, str] | None = None
    detail: str = ""
    loudness: Loudness | None = None
    title: str | None = None  # the file's own title tag, when usable (media_tags.py)


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def tool_path(name: str) -> str:
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
    title: str | None = None  # the title tag, read in the same run (media_tags.py)


def run_tool(
    command: list[str], timeout: float, data: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run ffmpeg or ffprobe under the tools' memory bound and `timeout` (never a console
    window on Windows). Raises ToolLimit when it hits either; stdout and stderr are bytes."""
    try:
        result = subprocess.run(
            _bounded(command),
            input=data,
            capture_output=True,
            check=False,
            timeout=timeout,
            creationflags=_no_window(),
        )
    except subprocess.TimeoutExpired:
        raise _time_limit(timeout) from None
    if _out_of_memory(result.stderr.decode("utf-8", errors="replace")):
        raise _memory_limit()
    return result


def tool_error(result: subprocess.CompletedProcess[bytes]) -> str:
    """The last line a failed tool wrote (its own words, for the technician's log)."""
    lines = result.stderr.decode("utf-8", errors="replace").strip().splitlines()
    return lines[-1] if lines else f"exit {result.returncode}"


def probe(path: Path) -> Probe | None:
    """The first audio stream's duration, rate and channels, or None when there is none.
    Raises ToolLimit when ffprobe hits its memory or time bound."""
    timeout = probe_timeout(path.stat().st_size)
    command = [
        tool_path("ffprobe"),
        *("-v", "error", "-select_streams", "a:0"),
        *(
            "-show_entries",
            "format=duration:stream=codec_type,duration,sample_rate,channels"
            ":format_tags=title:stream_tags=title",
        ),
        *("-of", "json", str(path)),
    ]
    result = run_tool(command, timeout)
    if result.returncode != 0:
        return None
    try:
        info = json.loads(result.stdout.decode("utf-8", errors="replace") or "{}")
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
        duration,
        _whole(stream.get("sample_rate"), 48000),
        _whole(stream.get("channels"), 2),
        title_in(info),
    )


def _whole(value: object, default: int) -> int:
    try:
        number = int(str(value))
    except ValueError:
        return default
    return number if number > 0 else default


# A decode progress callback: (seconds decoded so far, seconds in the file or None).
DecodeProgress = Callable[[float, float | None], None]
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
        *(tool_path("ffmpeg"), "-nostdin", "-hide_banner", "-nostats", "-v", "level+error"),
        *("-i", str(path), "-map", "0:a:0", "-ac", str(channels), "-ar", str(rate)),
        *("-af", f"volume={_HEADROOM}", "-f", "s16le", "-flush_packets", "0", "-"),
    ]


class _Errors:
    """ffmpeg's stderr, read on its own thread so the pipe never fills; kept small."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.lines: deque[str] = deque(maxlen=_KEPT_ERRORS)
        # Noted on the way: the allocation error may scroll out of the lines kept.
        self.out_of_memory = False
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream: IO[bytes]) -> None:
        for raw in stream:
            line = raw.decode("utf-8", errors="replace").rstrip("\n")
            self.out_of_memory = self.out_of_memory or _out_of_memory(line)
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
    path: Path, found: Probe, progress: DecodeProgress | None = None
) -> tuple[float | None, str, Loudness | None]:
    """Decode the whole first audio stream once, streaming, and measure it on the way;
    return (decoded seconds, ffmpeg's errors, the measurement), seconds None on failure.
    Raises ToolLimit when ffmpeg hits its memory or time bound."""
    import numpy as np  # loaded when the first file comes in, not by every command

    from broadcaster.audio.meter import Meter

    channels = min(found.channels, 2)
    meter = Meter(found.rate, channels)
    frame_bytes = 2 * channels
    proc = subprocess.Popen(
        _bounded(_command(path, found.rate, channels)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        creationflags=_no_window(),
    )
    assert proc.stdout is not None and proc.stderr is not None
    errors = _Errors(proc.stderr)
    chunks = _Chunks(proc.stdout, CHUNK_S * found.rate * frame_bytes)
    # Past its time ffmpeg is killed; its output then ends and the loop below with it.
    timeout = decode_timeout(path.stat().st_size, found.duration_s)
    timed_out = threading.Event()

    def stop_late_ffmpeg() -> None:
        timed_out.set()
        proc.kill()

    timer = threading.Timer(timeout, stop_late_ffmpeg)
    timer.daemon = True
    timer.start()
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
        timer.cancel()
        if not finished:  # a failing progress callback or meter: stop ffmpeg, free the thread
            proc.kill()
            chunks.drain()
    returncode = proc.wait()
    detail = errors.join()
    if timed_out.is_set():
        raise _time_limit(timeout)
    if errors.out_of_memory:
        raise _memory_limit()
    if returncode != 0 or meter.samples == 0:
        return None, detail or f"ffmpeg exit {returncode}", None
    return meter.samples / found.rate, detail, meter.result()


def check_audio(path: Path, progress: DecodeProgress | None = None) -> AudioCheck:
    """Decide whether a file can go on air, and how long it lasts."""
    if path.stat().st_size == 0:
        return AudioCheck(False, reason_key="reason.empty")
    try:
        found = probe(path)
        if found is None:
            return AudioCheck(False, reason_key="reason.not_audio")
        decoded, errors, measured = decode(path, found, progress)
    except ToolLimit as exc:
        return AudioCheck(False, reason_key=exc.reason_key, reason_values=exc.values)
    declared = found.duration_s
    if decoded is None:
        return AudioCheck(False, reason_key="reason.decode_error", detail=errors)
    if decoded < MIN_DURATION_S:
        return AudioCheck(
            False,
            reason_key="reason.too_short",
            reason_values={"duration": f"{decoded:.2f} s"},
        )
    if declared and decoded < declared - max(
        TRUNCATION_TOLERANCE_S, declared * TRUNCATION_TOLERANCE_RATIO
    ):
        return AudioCheck(
            False,
            reason_key="reason.truncated",
            reason_values={
                "decoded": format_duration(decoded),
                "declared": format_duration(declared),
            },
        )
    return AudioCheck(True, duration_s=decoded, detail=errors, loudness=measured, title=found.title)
