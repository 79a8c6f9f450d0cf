"""ffmpeg at the edges of the assembly: decode to raw samples for pydub, encode pydub's
samples to FLAC, and measure samples already in memory with the station's meter.

pydub would call ffmpeg itself (`AudioSegment.from_file`, `export`), with no bound on its
memory or time. Here every ffmpeg runs under decode.py's bounds (`TOOL_MEMORY_MB` of
address space, a timeout), and pydub only ever sees raw PCM.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from pydub import AudioSegment

from broadcaster.audio.decode import run_tool, tool_error, tool_path
from broadcaster.core.loudness import Loudness
from broadcaster.errors import ToolFailed, ToolLimit, ToolTooSlow

SAMPLE_WIDTH = 2  # 16-bit: what the library's MP3s carry, and half the memory of 32-bit


def _run(command: list[str], timeout: float, data: bytes | None = None) -> None:
    if timeout <= 0:
        raise ToolTooSlow
    try:
        result = run_tool(command, timeout, data)
    except ToolLimit as exc:
        if exc.reason_key == "reason.tool_time":
            raise ToolTooSlow from None
        raise ToolFailed("out of memory") from None
    if result.returncode != 0:
        raise ToolFailed(tool_error(result))


def decode(
    path: Path,
    rate: int,
    channels: int,
    timeout: float,
    start_s: float = 0.0,
    length_s: float | None = None,
    gain_db: float = 0.0,
) -> AudioSegment:
    """The first audio stream of `path` from `start_s`, at most `length_s` long, as 16-bit
    PCM at `rate` and `channels` (ffmpeg resamples: a signal takes the bulletin's format).
    The gain is applied by ffmpeg in floating point, before the samples become 16-bit, so
    a hot master lowered here never clips."""
    command = [tool_path("ffmpeg"), "-nostdin", "-hide_banner", "-nostats", "-v", "error"]
    if start_s > 0:
        command += ["-ss", f"{start_s:.3f}"]
    command += ["-i", str(path), "-map", "0:a:0", "-ac", str(channels), "-ar", str(rate)]
    if length_s is not None:
        command += ["-t", f"{length_s:.3f}"]  # also bounds memory if the file lies about length
    if gain_db:
        command += ["-af", f"volume={gain_db:.2f}dB"]
    # Through a file, not a pipe: reading a pipe to its end gathers chunks and joins them
    # (twice the bulletin in memory at once); a file of known size is read in one piece.
    with tempfile.TemporaryDirectory(prefix="broadcaster-") as folder:
        out = Path(folder) / "pcm"
        _run([*command, "-f", "s16le", "-y", str(out)], timeout)
        raw = out.read_bytes()
    frame = SAMPLE_WIDTH * channels
    if len(raw) % frame:
        raw = raw[: len(raw) // frame * frame]
    if not raw:
        raise ToolFailed("no samples")
    return AudioSegment(data=raw, sample_width=SAMPLE_WIDTH, frame_rate=rate, channels=channels)


def write_flac(segment: AudioSegment, target: Path, timeout: float) -> None:
    """Encode to FLAC (lossless, and encoded here at hundreds of times real time, where an
    MP3 encoder would cost an emergency seconds). Written beside the target, then renamed:
    the library never holds half a file."""
    part = target.with_name(f".{target.name}.part")
    command = [
        *(tool_path("ffmpeg"), "-nostdin", "-hide_banner", "-nostats", "-v", "error", "-y"),
        *("-f", "s16le", "-ar", str(segment.frame_rate), "-ac", str(segment.channels)),
        *("-i", "-", "-c:a", "flac", "-compression_level", "0", "-f", "flac", str(part)),
    ]
    try:
        _run(command, timeout, segment.raw_data)
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)


def measure(segment: AudioSegment) -> Loudness:
    """Loudness, true peak and end silences of samples in memory (broadcaster/audio/meter)."""
    import numpy as np

    from broadcaster.audio.meter import Meter

    channels = segment.channels
    frames = np.frombuffer(segment.raw_data, dtype="<i2").reshape(-1, channels)
    samples = np.asarray(frames.T, dtype=np.float32, order="C") / 32768.0
    meter = Meter(segment.frame_rate, channels)
    meter.add(samples)
    return meter.result()
