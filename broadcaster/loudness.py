"""Loudness and silence: what a programme measures, and how it is brought to the target.

Measured once at ingest (ITU-R BS.1770 / EBU R128 through ffmpeg's `ebur128` filter, in the
same streaming decode that proves the file plays; see decode.py). Applied at playback as a
plain gain and a start/stop point, never by rewriting the file: the library keeps exactly
what the department supplied, and changing the target (−16 LUFS, or −23 for EBU R128)
needs no re-encoding. Everything here is pure: no ffmpeg, no clock, no files.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

# libVLC's equalizer pre-amplifier, which applies the gain, spans −20…+20 dB.
MAX_GAIN_DB = 20.0
# silencedetect: quieter than this is silence (a room's hiss, an encoder's dither).
SILENCE_FLOOR_DB = -50
SILENCE_MIN_S = 0.3
# Cut silence this close to the sound: a soft first syllable sits under the floor.
TRIM_PAD_S = 0.25
# Never cut a programme down to less than this (a file that is all silence plays whole).
MIN_AIR_S = 1.0
# ebur128 prints −70 LUFS (its absolute gate) or −inf for a file with no sound above it.
GATE_LUFS = -70.0


@dataclass(frozen=True)
class Loudness:
    integrated_lufs: float | None  # None: nothing above the −70 LUFS gate (silence)
    range_lu: float
    true_peak_dbtp: float | None  # None: digital silence
    lead_silence_s: float
    tail_silence_s: float


@dataclass(frozen=True)
class Target:
    """The station's setting: `[loudness]` in config.toml."""

    lufs: float = -16.0
    true_peak_dbtp: float = -1.0
    normalise: bool = True
    trim_silence_over_s: float = 2.0


@dataclass(frozen=True)
class Cue:
    """How one file goes on air: gain, and the stretch between start_s and stop_s."""

    gain_db: float = 0.0
    start_s: float = 0.0
    stop_s: float | None = None  # None: to the end of the file

    def air_duration(self, duration_s: float) -> float:
        end = duration_s if self.stop_s is None else min(self.stop_s, duration_s)
        return max(0.0, end - self.start_s)


def gain_db(loudness: Loudness | None, target: Target) -> float:
    """The gain that brings the programme to the target, lowered so the true peak stays at
    or under the ceiling: a quiet programme with loud peaks is raised only as far as is
    clean (the rest would clip on the transmitter)."""
    if not target.normalise or loudness is None or loudness.integrated_lufs is None:
        return 0.0
    gain = target.lufs - loudness.integrated_lufs
    if loudness.true_peak_dbtp is not None:
        gain = min(gain, target.true_peak_dbtp - loudness.true_peak_dbtp)
    return round(max(-MAX_GAIN_DB, min(MAX_GAIN_DB, gain)), 2)


def cue(loudness: Loudness | None, duration_s: float, target: Target) -> Cue:
    if loudness is None:
        return Cue()
    limit = target.trim_silence_over_s
    start = 0.0
    stop = None
    if limit >= 0 and loudness.lead_silence_s > limit:
        start = max(0.0, loudness.lead_silence_s - TRIM_PAD_S)
    if limit >= 0 and loudness.tail_silence_s > limit:
        stop = min(duration_s, duration_s - loudness.tail_silence_s + TRIM_PAD_S)
    end = duration_s if stop is None else stop
    if end - start < MIN_AIR_S:  # (nearly) all silence: leave the file as it is
        start, stop = 0.0, None
    return Cue(gain_db(loudness, target), round(start, 3), None if stop is None else round(stop, 3))


def expected_level(loudness: Loudness, target: Target) -> float | None:
    """Where the programme will sit on air (LUFS), after the gain."""
    if loudness.integrated_lufs is None:
        return None
    return round(loudness.integrated_lufs + gain_db(loudness, target), 1)


_SUMMARY_NUMBER = {
    "integrated": re.compile(r"^\s*I:\s+(\S+)\s+LUFS"),
    "range": re.compile(r"^\s*LRA:\s+(\S+)\s+LU\b"),
    "peak": re.compile(r"^\s*Peak:\s+(\S+)\s+dBFS"),
}
_SILENCE_START = re.compile(r"silence_start:\s*(-?[\d.]+)")
_SILENCE_END = re.compile(r"silence_end:\s*(-?[\d.]+)")


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def parse_report(lines: Iterable[str], duration_s: float) -> Loudness | None:
    """Read ebur128's summary and silencedetect's lines from ffmpeg's log (level-prefixed,
    as `-v level+info` prints them); None when the summary is missing."""
    found: dict[str, float | None] = {}
    in_summary = False
    spans: list[list[float]] = []  # [start, end] of each silence; end -1 while open
    for line in lines:
        if "Summary:" in line and "ebur128" in line:
            in_summary = True
            continue
        if in_summary:
            for key, pattern in _SUMMARY_NUMBER.items():
                match = pattern.match(line)
                if match and key not in found:
                    found[key] = _number(match.group(1))
        if "silencedetect" in line:
            if start := _SILENCE_START.search(line):
                spans.append([max(0.0, float(start.group(1))), -1.0])
            elif (end := _SILENCE_END.search(line)) and spans:
                spans[-1][1] = float(end.group(1))
    if "integrated" not in found:
        return None
    integrated = found.get("integrated")
    if integrated is not None and integrated <= GATE_LUFS:
        integrated = None
    lead = tail = 0.0
    if spans and spans[0][0] <= 0.05:
        lead = (spans[0][1] if spans[0][1] >= 0 else duration_s) - spans[0][0]
    if spans:
        last_start, last_end = spans[-1]
        if last_end < 0 or last_end >= duration_s - 0.05:
            tail = duration_s - last_start
    if lead >= duration_s - 0.05:  # silence throughout: one stretch, counted once
        tail = 0.0
    return Loudness(
        integrated_lufs=integrated,
        range_lu=found.get("range") or 0.0,
        true_peak_dbtp=found.get("peak"),
        lead_silence_s=round(max(0.0, lead), 2),
        tail_silence_s=round(max(0.0, tail), 2),
    )


def ffmpeg_filters() -> str:
    """The measuring filters for ffmpeg's `-af` (mono measured as heard on two speakers)."""
    return (
        "ebur128=peak=true:framelog=verbose:dualmono=true,"
        f"silencedetect=n={SILENCE_FLOOR_DB}dB:d={SILENCE_MIN_S}"
    )
