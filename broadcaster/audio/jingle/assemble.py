"""The pure part of the assembly: signal + gap + bulletin + gap + signal, with pydub.

No files and no ffmpeg here: segments in, a segment and figures out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from pydub import AudioSegment

from broadcaster.core.loudness import Loudness, Target

# A fade this short is inaudible as a fade, but takes the click off a cut mid-waveform.
EDGE_FADE_MS = 10
# The assembled file's peak is kept this far under full scale: the samples are 16-bit.
HEADROOM_DBTP = -0.5


@dataclass(frozen=True)
class Cut:
    """How the bulletin is decoded before joining: the stretch that airs (silence longer
    than the station's trim setting is left out, as the player would skip it) and a gain
    that keeps a hot master from clipping once it is 16-bit samples."""

    start_s: float
    length_s: float
    pre_gain_db: float


def plan_bulletin(measured: Loudness | None, duration_s: float, span: tuple[float, float]) -> Cut:
    start, stop = span
    peak = None if measured is None else measured.true_peak_dbtp
    pre = min(0.0, HEADROOM_DBTP - peak) if peak is not None else 0.0
    return Cut(start, max(0.0, stop - start), round(pre, 2))


def signal_gain_db(bulletin: Loudness | None, signal: Loudness, target: Target) -> float:
    """The gain that puts the signal at the bulletin's loudness (at the station's target
    when the bulletin has no measurable loudness), lowered so the signal's true peak stays
    at or under the bulletin's: the file's peak is then the bulletin's own, and the player's
    gain for the whole file is the one the bulletin alone would get."""
    if signal.integrated_lufs is None:
        return 0.0
    level = target.lufs
    ceiling = target.true_peak_dbtp
    if bulletin is not None and bulletin.integrated_lufs is not None:
        level = bulletin.integrated_lufs
    if bulletin is not None and bulletin.true_peak_dbtp is not None:
        ceiling = bulletin.true_peak_dbtp
    gain = level - signal.integrated_lufs
    if signal.true_peak_dbtp is not None:
        gain = min(gain, min(ceiling, HEADROOM_DBTP) - signal.true_peak_dbtp)
    return round(gain, 2)


def assemble(
    bulletin: AudioSegment, signal: AudioSegment, gap_s: float, after: bool, gain_db: float
) -> AudioSegment:
    """signal, gap, bulletin, and (with `after`) gap and signal again, as one segment in
    the bulletin's format (the signal is converted to it if it differs)."""
    signal = signal.set_frame_rate(bulletin.frame_rate).set_channels(bulletin.channels)
    signal = signal.set_sample_width(bulletin.sample_width).apply_gain(gain_db)
    signal = signal.fade_in(EDGE_FADE_MS).fade_out(EDGE_FADE_MS)
    gap = AudioSegment.silent(duration=round(gap_s * 1000), frame_rate=bulletin.frame_rate)
    gap = gap.set_channels(bulletin.channels).set_sample_width(bulletin.sample_width)
    parts = [signal.raw_data, gap.raw_data, *_faded(bulletin)]
    if after:
        parts += [gap.raw_data, signal.raw_data]
    # One join, and the bulletin's middle as a view: `+`, `fade_in` and slicing each copy
    # the whole bulletin once more, which for ten minutes is 106 MB a time.
    return AudioSegment(
        data=b"".join(parts),
        sample_width=bulletin.sample_width,
        frame_rate=bulletin.frame_rate,
        channels=bulletin.channels,
    )


def _faded(bulletin: AudioSegment) -> list[bytes | memoryview]:
    """The bulletin with its first and last few milliseconds faded, as pieces to join."""
    if len(bulletin) < 4 * EDGE_FADE_MS:
        return [bulletin.raw_data]
    head = bulletin[:EDGE_FADE_MS].fade_in(EDGE_FADE_MS).raw_data
    tail = bulletin[-EDGE_FADE_MS:].fade_out(EDGE_FADE_MS).raw_data
    whole = memoryview(bulletin.raw_data)
    return [head, whole[len(head) : len(whole) - len(tail)], tail]


def assembled_loudness(
    bulletin: Loudness | None,
    bulletin_s: float,
    pre_gain_db: float,
    signal: Loudness,
    signal_s: float,
    gain_db: float,
    after: bool,
) -> Loudness:
    """The assembled file's figures, from its parts' (metering the whole file again would
    cost an emergency a second a minute of bulletin): loudness is the parts' energy mean
    over their lengths (the gaps are silence, which BS.1770's gate leaves out), the peak is
    the higher of the two, the silence at the ends is the signal's."""
    count = 2 if after else 1
    energy = 0.0
    seconds = 0.0
    parts: list[tuple[float | None, float]] = [
        (_shift(signal.integrated_lufs, gain_db), signal_s * count)
    ]
    if bulletin is not None:
        parts.append((_shift(bulletin.integrated_lufs, pre_gain_db), bulletin_s))
    for lufs, length in parts:
        if lufs is not None and length > 0:
            energy += length * 10 ** (lufs / 10)
            seconds += length
    integrated = round(10 * math.log10(energy / seconds), 1) if seconds else None
    peaks = [_shift(signal.true_peak_dbtp, gain_db)]
    if bulletin is not None:
        peaks.append(_shift(bulletin.true_peak_dbtp, pre_gain_db))
    known = [p for p in peaks if p is not None]
    tail = signal.tail_silence_s if after else 0.0
    return Loudness(
        integrated_lufs=integrated,
        range_lu=bulletin.range_lu if bulletin is not None else signal.range_lu,
        true_peak_dbtp=round(max(known), 1) if known else None,
        lead_silence_s=signal.lead_silence_s,
        tail_silence_s=tail,
    )


def _shift(value: float | None, gain_db: float) -> float | None:
    return None if value is None else value + gain_db
