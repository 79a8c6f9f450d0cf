"""A streaming loudness meter: integrated loudness, loudness range and true peak
(ITU-R BS.1770-4 / EBU R128), with the silence at either end, fed the decoded samples of a
programme a chunk at a time while ffmpeg decodes the rest (see decode.py).

Memory stays flat whatever the programme's length: a chunk in flight, the filters' states,
and one number per 100 ms of audio (about 300 KB for an hour). numpy does the arithmetic in
whole-array operations and matrix products, so measuring keeps pace with ffmpeg's decoding
on a second core instead of doubling the time an hour-long programme takes in.
"""

from __future__ import annotations

import math

import numpy as np

from broadcaster.audio.meter import gating
from broadcaster.audio.meter.kweighting import KWeighting
from broadcaster.audio.meter.truepeak import TruePeak
from broadcaster.core.loudness import Loudness

# Quieter than this is silence (a room's hiss, an encoder's dither): −50 dBFS.
SILENCE_FLOOR = 10 ** (-50 / 20)
# A quiet stretch shorter than this at either end is a breath, not silence.
SILENCE_MIN_S = 0.3


class Meter:
    """Feed `add` (channels, samples) float32 arrays in order, then read `result`.

    A mono programme is measured as heard on two loudspeakers (BS.1770 dual mono, +3 dB),
    which is how the station's amplifier carries it.
    """

    def __init__(self, rate: int, channels: int) -> None:
        self.rate = rate
        self.samples = 0
        self._weights = np.full(channels, 2.0 if channels == 1 else 1.0, dtype=np.float32)
        self._kweighting = KWeighting(rate, channels)
        self._true_peak = TruePeak(channels)
        self._block = (rate + 5) // 10  # 100 ms, rounded as libebur128 rounds it
        self._partial = np.zeros(0, dtype=np.float32)  # energy of a block not yet whole
        self._energies: list[np.ndarray] = []
        self._first_sound: int | None = None
        self._last_sound: int | None = None

    def add(self, samples: np.ndarray) -> None:
        self._find_sound(samples)
        self._true_peak.process(samples)
        self._add_energy(self._kweighting.process(samples))
        self.samples += samples.shape[1]

    def _find_sound(self, samples: np.ndarray) -> None:
        """Where sound first starts and last stops. Once sound has been found, the end of a
        chunk usually holds sound too, so it is looked at first: the whole chunk is only
        searched when its last 100 ms are silent."""
        if self._first_sound is None:
            first = _first_loud(samples)
            if first is not None:
                self._first_sound = self.samples + first
        if self._first_sound is None:
            return
        length = samples.shape[1]
        end = samples[:, -self._block :]
        last = _last_loud(end)
        if last is not None:
            self._last_sound = self.samples + length - end.shape[1] + last
        elif (last := _last_loud(samples)) is not None:
            self._last_sound = self.samples + last

    def _add_energy(self, weighted: np.ndarray) -> None:
        energy = np.concatenate((self._partial, self._weights @ np.square(weighted)))
        whole = len(energy) // self._block * self._block
        if whole:
            blocks = energy[:whole].reshape(-1, self._block)
            self._energies.append(blocks.mean(axis=1, dtype=np.float64))
        self._partial = energy[whole:]

    def result(self) -> Loudness:
        """The figures for everything added (the filters are flushed: call once, at the end)."""
        self._add_energy(self._kweighting.flush())
        self._true_peak.flush()
        energies = np.concatenate(self._energies) if self._energies else np.zeros(0)
        integrated = gating.integrated(energies)
        peak = self._true_peak.peak
        return Loudness(
            integrated_lufs=None if integrated is None else round(integrated, 1),
            range_lu=round(gating.loudness_range(energies), 1),
            true_peak_dbtp=round(20 * math.log10(peak), 1) if peak > 0 else None,
            lead_silence_s=self._quiet_seconds(self._first_sound),
            tail_silence_s=0.0 if self._last_sound is None else self._tail(),
        )

    def _quiet_seconds(self, sound_at: int | None) -> float:
        quiet = self.samples if sound_at is None else sound_at
        seconds = quiet / self.rate
        return round(seconds, 2) if seconds >= SILENCE_MIN_S else 0.0

    def _tail(self) -> float:
        assert self._last_sound is not None
        return self._quiet_seconds(self.samples - 1 - self._last_sound)


def _loud(samples: np.ndarray) -> np.ndarray:
    return np.abs(samples).max(axis=0) > SILENCE_FLOOR


def _first_loud(samples: np.ndarray) -> int | None:
    loud = _loud(samples)
    return int(loud.argmax()) if loud.any() else None


def _last_loud(samples: np.ndarray) -> int | None:
    loud = _loud(samples)
    return len(loud) - 1 - int(loud[::-1].argmax()) if loud.any() else None
