"""Proving a file plays: ffprobe for what it claims, a full ffmpeg decode for what it is.

The decode streams through ffmpeg's null muxer, so memory does not grow with the file's
length; pydub is kept for tests and short clips, since it holds whole files in memory.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from broadcaster.durations import format_duration

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


def decode_duration(path: Path) -> tuple[float | None, str]:
    """Decode the whole first audio stream; return (decoded seconds, ffmpeg's errors)."""
    proc = subprocess.run(
        [
            _tool("ffmpeg"),
            "-nostdin",
            "-hide_banner",
            "-v",
            "error",
            "-i",
            str(path),
            "-map",
            "0:a:0",
            "-f",
            "null",
            "-",
            "-progress",
            "pipe:1",
            "-nostats",
        ],
        capture_output=True,
        text=True,
        check=False,
        creationflags=_no_window(),
    )
    decoded_us = None
    for line in proc.stdout.splitlines():
        if line.startswith("out_time_us="):
            try:
                decoded_us = int(line.split("=", 1)[1])
            except ValueError:
                continue
    errors = proc.stderr.strip()
    if proc.returncode != 0 or decoded_us is None:
        return None, errors or f"ffmpeg exit {proc.returncode}"
    return decoded_us / 1e6, errors


def check_audio(path: Path) -> Verdict:
    """Decide whether a file can go on air, and how long it lasts."""
    if path.stat().st_size == 0:
        return Verdict(False, reason_key="reason.empty")
    declared = probe_duration(path)
    if declared is None:
        return Verdict(False, reason_key="reason.not_audio")
    decoded, errors = decode_duration(path)
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
    return Verdict(True, duration_s=decoded, detail=errors)
