"""Loudness and silence: what a programme measures, and how it is brought to the target.

Measured once at ingest (ITU-R BS.1770 / EBU R128, by broadcaster/audio/meter in the same
streaming decode that proves the file plays; see decode.py). Applied at playback as a
plain gain and a start/stop point, never by rewriting the file: the library keeps exactly
what the department supplied, and changing the target (−16 LUFS, or −23 for EBU R128)
needs no re-encoding. The one exception is a programme the true-peak ceiling would leave
under its target: it airs from a normalised rendition made beside the library
(renditions.py). Everything here is pure: no ffmpeg, no clock, no files.
"""

from __future__ import annotations

from dataclasses import dataclass

# libVLC's equalizer pre-amplifier, which applies the gain, spans −20…+20 dB.
MAX_GAIN_DB = 20.0
# Cut silence this close to the sound: a soft first syllable sits under the floor.
TRIM_PAD_S = 0.25
# Never cut a programme down to less than this (a file that is all silence plays whole).
MIN_AIR_S = 1.0
# A programme whose gain the true-peak ceiling holds back by more than this gets a
# normalised rendition (gain + limiter, see renditions.py); under it, the shortfall is
# inaudible and the plain gain is enough.
RENDITION_OVER_DB = 0.5


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


def wanted_gain_db(loudness: Loudness | None, target: Target) -> float:
    """The gain that would bring the programme to the target if peaks were no limit."""
    if not target.normalise or loudness is None or loudness.integrated_lufs is None:
        return 0.0
    return round(max(-MAX_GAIN_DB, min(MAX_GAIN_DB, target.lufs - loudness.integrated_lufs)), 2)


def held_back_db(loudness: Loudness | None, target: Target) -> float:
    """How far under its target the true-peak ceiling leaves the programme (0 when it
    airs on target): a quiet recording with a few sharp consonants."""
    return round(max(0.0, wanted_gain_db(loudness, target) - gain_db(loudness, target)), 2)


def needs_rendition(loudness: Loudness | None, target: Target) -> bool:
    return held_back_db(loudness, target) > RENDITION_OVER_DB


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
