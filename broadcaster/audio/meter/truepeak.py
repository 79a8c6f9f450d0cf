"""True peak (ITU-R BS.1770-4, Annex 2): the signal's peak between its samples, found by
oversampling four times with the standard's 48-tap interpolating filter.

Each matrix row takes 23 consecutive samples and yields the four interpolated values at
each of 12 positions, so the interpolation is one matrix product per call (BLAS); only the
11 samples the filter needs from before a call are kept between calls.

No interpolated value can exceed BOUND times the largest sample in its window (BOUND is the
largest sum of the taps' magnitudes, about 2.02), so a row whose samples all stay under the
peak found so far divided by BOUND cannot raise the peak and is skipped: the result is the
same as interpolating everything, at a fraction of the cost on ordinary programmes.
"""

from __future__ import annotations

import numpy as np

# Annex 2, phases 0..3, taps 0..11 (y_p[n] = sum over k of PHASES[p][k] * x[n - k]).
PHASES = (
    (0.0017089843750, 0.0109863281250, -0.0196533203125, 0.0332031250000,
     -0.0594482421875, 0.1373291015625, 0.9721679687500, -0.1022949218750,
     0.0476074218750, -0.0266113281250, 0.0148925781250, -0.0083007812500),
    (-0.0291748046875, 0.0292968750000, -0.0517578125000, 0.0891113281250,
     -0.1665039062500, 0.4650878906250, 0.7797851562500, -0.2003173828125,
     0.1015625000000, -0.0582275390625, 0.0330810546875, -0.0189208984375),
    (-0.0189208984375, 0.0330810546875, -0.0582275390625, 0.1015625000000,
     -0.2003173828125, 0.7797851562500, 0.4650878906250, -0.1665039062500,
     0.0891113281250, -0.0517578125000, 0.0292968750000, -0.0291748046875),
    (-0.0083007812500, 0.0148925781250, -0.0266113281250, 0.0476074218750,
     -0.1022949218750, 0.9721679687500, 0.1373291015625, -0.0594482421875,
     0.0332031250000, -0.0196533203125, 0.0109863281250, 0.0017089843750),
)  # fmt: skip
TAPS = 12
PER_ROW = 12  # output positions per matrix row
ROW = PER_ROW + TAPS - 1  # samples a row reads
BOUND = max(sum(abs(tap) for tap in taps) for taps in PHASES)


def _matrix() -> np.ndarray:
    """Row r + i, column 4r + p: the weight of sample i of position r's window in phase p
    (the window ends at the position, so sample i is x[n - 11 + i], tap 11 - i)."""
    weights = np.zeros((ROW, PER_ROW * len(PHASES)), dtype=np.float32)
    for position in range(PER_ROW):
        for phase, taps in enumerate(PHASES):
            for i in range(TAPS):
                weights[position + i, position * len(PHASES) + phase] = taps[TAPS - 1 - i]
    return weights


class TruePeak:
    """Streaming true-peak meter over (channels, samples) float32 arrays; `peak` is linear."""

    def __init__(self, channels: int) -> None:
        self._weights = _matrix()
        # The filter starts from silence, as the standard's meter does.
        self._held = np.zeros((channels, TAPS - 1), dtype=np.float32)
        self.peak = 0.0

    def process(self, samples: np.ndarray) -> None:
        window = np.concatenate((self._held, samples), axis=1)  # a new, contiguous array
        channels, length = window.shape
        positions = (length - (TAPS - 1)) // PER_ROW * PER_ROW
        if positions:
            item = window.itemsize
            rows = np.lib.stride_tricks.as_strided(
                window,
                shape=(channels, positions // PER_ROW, ROW),
                strides=(window.strides[0], PER_ROW * item, item),
                writeable=False,
            )
            worth = self._may_raise(window[:, : positions + TAPS - 1])
            for channel in range(channels):
                chosen = rows[channel][worth[channel]]
                if len(chosen):
                    values = chosen @ self._weights
                    self.peak = max(self.peak, float(values.max()), -float(values.min()))
        self._held = window[:, positions:]

    def _may_raise(self, window: np.ndarray) -> np.ndarray:
        """Per row, whether any sample it reads exceeds peak / BOUND. Row j reads 12-sample
        groups j and j + 1 (all but the last sample of j + 1), so it is worth a look when
        either group holds a loud sample."""
        loud = np.abs(window) > self.peak / BOUND
        channels, length = loud.shape
        padded = np.zeros((channels, length + 1), dtype=np.bool_)
        padded[:, :length] = loud
        groups = padded.view(np.uint32).reshape(channels, -1, PER_ROW // 4)
        any_loud = (groups[..., 0] | groups[..., 1] | groups[..., 2]) != 0
        return any_loud[:, :-1] | any_loud[:, 1:]

    def flush(self) -> None:
        """The last positions, and the filter's ring-out after the final sample."""
        channels = self._held.shape[0]
        self.process(np.zeros((channels, PER_ROW + TAPS - 1), dtype=np.float32))
