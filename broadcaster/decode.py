"""Proving a file plays: ffprobe for what it claims, a full ffmpeg decode for what it is.

The decode streams through ffmpeg's null muxer, so memory does not grow with the file's
length, and measures loudness and silence in the same pass (one decode per file, see
loudness.py); pydub is kept for tests and short clips, since it holds whole files in memory.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from broadcaster import loudness
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


def probe_duration(path: Path) -> float | None:
    """The duration the container declares, or None when ffprobe finds no audio."""
    result = subprocess.run(
        [
            _tool("ffprobe"),
            "-v",
            "error",
            "-select_streams",
            "a:0",
            "-show_entries",
            "format=duration:stream=codec_type,duration",
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
    for candidate in (streams[0].get("duration"), info.get("format", {}).get("duration")):
        try:
            if candidate is not None:
                return float(candidate)
        except ValueError:
            continue
    return 0.0


# Progress callback: (seconds decoded so far, seconds in the file or None).
Progress = Callable[[float, float | None], None]
# ffmpeg's log lines kept for the verdict: errors (the last few), silences, the summary.
_KEPT_ERRORS = 20


def _command(path: Path, measure: bool) -> list[str]:
    command = [_tool("ffmpeg"), "-nostdin", "-hide_banner", "-nostats", "-v", "level+info"]
    command += ["-i", str(path), "-map", "0:a:0"]
    if measure:
        command += ["-af", loudness.ffmpeg_filters()]
    return [*command, "-f", "null", "-", "-progress", "pipe:1", "-stats_period", "1"]


class _Log:
    """ffmpeg's stderr, read on its own thread so neither pipe fills; kept small."""

    def __init__(self, stream: IO[str]) -> None:
        self.errors: deque[str] = deque(maxlen=_KEPT_ERRORS)
        self.report: list[str] = []
        self._in_summary = False
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream: IO[str]) -> None:
        for raw in stream:
            line = raw.rstrip("\n")
            if "[error]" in line or "[fatal]" in line:
                self.errors.append(line.replace("[error] ", "").replace("[fatal] ", ""))
            elif "silencedetect" in line or self._in_summary:
                self.report.append(line)
            if "Summary:" in line:
                self._in_summary = True
                self.report.append(line)

    def join(self) -> None:
        self._thread.join(timeout=10)


def decode(
    path: Path,
    declared_s: float | None = None,
    progress: Progress | None = None,
    measure: bool = True,
) -> tuple[float | None, str, Loudness | None]:
    """Decode the whole first audio stream once, streaming (memory does not grow with the
    file), measuring loudness and silence on the way; return (decoded seconds, ffmpeg's
    errors, the measurement or None)."""
    proc = subprocess.Popen(
        _command(path, measure),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
        creationflags=_no_window(),
    )
    assert proc.stdout is not None and proc.stderr is not None
    log = _Log(proc.stderr)
    decoded_us = None
    for line in proc.stdout:
        if line.startswith("out_time_us="):
            try:
                decoded_us = int(line.split("=", 1)[1])
            except ValueError:
                continue
            if progress is not None:
                progress(max(0.0, decoded_us / 1e6), declared_s)
    returncode = proc.wait()
    log.join()
    errors = "\n".join(log.errors)
    if returncode != 0 or decoded_us is None:
        return None, errors or f"ffmpeg exit {returncode}", None
    decoded = decoded_us / 1e6
    measured = loudness.parse_report(log.report, decoded) if measure else None
    return decoded, errors, measured


def check_audio(path: Path, progress: Progress | None = None) -> Verdict:
    """Decide whether a file can go on air, and how long it lasts."""
    if path.stat().st_size == 0:
        return Verdict(False, reason_key="reason.empty")
    declared = probe_duration(path)
    if declared is None:
        return Verdict(False, reason_key="reason.not_audio")
    decoded, errors, measured = decode(path, declared or None, progress)
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
