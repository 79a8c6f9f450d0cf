"""From the energies of 100 ms blocks to the figures: integrated loudness (ITU-R BS.1770-4,
§2.6: 400 ms blocks overlapping by 75 %, an absolute gate at −70 LUFS and a relative gate
10 LU down) and loudness range (EBU Tech 3342: 3 s blocks every 100 ms, gates at −70 LUFS
and 20 LU down, the spread between the 10th and the 95th percentiles). Pure functions.
"""

from __future__ import annotations

import numpy as np

ABSOLUTE_GATE_LUFS = -70.0
RELATIVE_GATE_LU = 10.0
RANGE_GATE_LU = 20.0
MOMENTARY_BLOCKS = 4  # 400 ms
SHORT_TERM_BLOCKS = 30  # 3 s


def lufs(energy: np.ndarray | float) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return -0.691 + 10 * np.log10(energy)


def _windows(energies: np.ndarray, size: int) -> np.ndarray:
    """The mean energy of every run of `size` consecutive 100 ms blocks."""
    if len(energies) < size:
        return np.zeros(0)
    return np.lib.stride_tricks.sliding_window_view(energies, size).mean(axis=1)


def integrated(energies: np.ndarray) -> float | None:
    """Integrated loudness in LUFS, or None when no block is above the absolute gate."""
    blocks = _windows(energies, MOMENTARY_BLOCKS)
    blocks = blocks[lufs(blocks) > ABSOLUTE_GATE_LUFS]
    if blocks.size == 0:
        return None
    gate = float(lufs(blocks.mean())) - RELATIVE_GATE_LU
    return float(lufs(blocks[lufs(blocks) > gate].mean()))


def loudness_range(energies: np.ndarray) -> float:
    """Loudness range in LU (0 for a programme shorter than 3 s or silent)."""
    blocks = _windows(energies, SHORT_TERM_BLOCKS)
    blocks = blocks[lufs(blocks) > ABSOLUTE_GATE_LUFS]
    if blocks.size == 0:
        return 0.0
    gate = float(lufs(blocks.mean())) - RANGE_GATE_LU
    levels = lufs(blocks[lufs(blocks) > gate])
    low, high = np.percentile(levels, [10, 95])
    return float(high - low)
