"""K-weighting (ITU-R BS.1770-4, §2.1): a high shelf (the head) and a high-pass, at any rate.

The two stages make one 4th-order recursive filter. Run sample by sample in Python it would
take minutes for an hour of audio, so it runs a block of samples at a time as matrix
products (numpy hands them to BLAS): within a block, the output is the block's own samples
through the filter's first BLOCK impulse-response taps, plus the response to the state the
block starts in; only that small state (four numbers per channel) carries from block to
block, and those states come out of a prefix scan, a handful of matrix products per call.
The states are kept in double precision; the large products run in single precision, which
is ample for a level measured to a tenth of a decibel.
"""

from __future__ import annotations

import functools
import math

import numpy as np

# The analogue prototypes behind BS.1770's 48 kHz coefficients (as derived for libebur128),
# so that any sample rate gets the same curve: centre Hz, gain dB and Q of the shelf; corner
# Hz and Q of the high-pass.
SHELF_HZ, SHELF_DB, SHELF_Q = 1681.974450955533, 3.999843853973347, 0.7071752369554196
SHELF_VB_EXPONENT = 0.4996667741545416  # the shelf's band gain, as a power of its high gain
HIGHPASS_HZ, HIGHPASS_Q = 38.13547087602444, 0.5003270373238773
BLOCK = 64  # samples per matrix row: the cheapest size measured on a 2-core PC


def coefficients(rate: int) -> tuple[np.ndarray, np.ndarray]:
    """(b, a) of the shelf and the high-pass cascaded, normalised so a[0] == 1."""
    k = math.tan(math.pi * SHELF_HZ / rate)
    vh = 10 ** (SHELF_DB / 20)
    vb = vh**SHELF_VB_EXPONENT
    a0 = 1 + k / SHELF_Q + k * k
    shelf_b = [(vh + vb * k / SHELF_Q + k * k) / a0, 2 * (k * k - vh) / a0]
    shelf_b.append((vh - vb * k / SHELF_Q + k * k) / a0)
    shelf_a = [1.0, 2 * (k * k - 1) / a0, (1 - k / SHELF_Q + k * k) / a0]
    k = math.tan(math.pi * HIGHPASS_HZ / rate)
    a0 = 1 + k / HIGHPASS_Q + k * k
    high_b = [1.0, -2.0, 1.0]
    high_a = [1.0, 2 * (k * k - 1) / a0, (1 - k / HIGHPASS_Q + k * k) / a0]
    return np.polymul(shelf_b, high_b), np.polymul(shelf_a, high_a)


def realisation(rate: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """(A, v, c, d) with s[n] = A s[n-1] + v x[n] and y[n] = c s[n-1] + d x[n].

    A is block-diagonal with one rotation-and-shrink block per pair of poles (the filter's
    partial fractions, in coupled form), so powers of A only ever shrink: the scan raises A
    to large powers, and a companion-form A, whose entries run into the thousands because
    the high-pass's poles nearly coincide near z = 1, loses all precision on the way (and
    overflows at 192 kHz).
    """
    b, a = coefficients(rate)
    d = float(b[0])
    rest = np.polysub(b, d * a)[1:]  # H(z) - d, strictly proper: rest(z) / a(z)
    poles = np.roots(a)
    step = np.zeros((4, 4))
    v = np.zeros(4)
    c = np.zeros(4)
    upper = sorted((p for p in poles if p.imag > 0), key=lambda p: p.real)
    if len(upper) != 2:
        raise ValueError(f"K-weighting at {rate} Hz: expected two pole pairs, got {poles}")
    for pair, pole in enumerate(upper):
        others = [q for q in poles if abs(q - pole) > 1e-15]
        residue = np.polyval(rest, pole) / np.prod([pole - q for q in others])
        k = slice(2 * pair, 2 * pair + 2)
        step[k, k] = [[pole.real, -pole.imag], [pole.imag, pole.real]]
        # r/(z - p) + r*/(z - p*) = c . adj(zI - A) . v / |z - p|^2, with |v| == |c|
        scale = math.sqrt(2 * abs(residue))
        v[k] = [scale, 0.0]
        c[k] = [2 * residue.real / scale, -2 * residue.imag / scale]
    return step, v, c, d


@functools.lru_cache(maxsize=8)
def _matrices(rate: int, block: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[np.ndarray]]:
    """The products' matrices for one rate and block size (the same for every file)."""
    step, v, c, d = realisation(rate)
    order = len(v)
    powers = [np.eye(order)]
    for _ in range(block):
        powers.append(step @ powers[-1])
    # Row m of `inside` maps input m of a block to every output of that block.
    inside = np.zeros((block, block))
    for m in range(block):
        inside[m, m] = d
        for k in range(m + 1, block):
            inside[m, k] = c @ powers[k - 1 - m] @ v
    # Input m's share of the state a block ends in; the start state's share of output k.
    to_state = np.stack([powers[block - 1 - m] @ v for m in range(block)])
    from_state = np.stack([c @ powers[k] for k in range(block)], axis=1)
    # The scan's steps: carry_over ** 1, 2, 4, ... (transposed; carry_over is the state
    # after a whole block, from its start), until a state's influence that many blocks on
    # is below double precision (a few hundred blocks at 44.1 kHz; more at high rates,
    # where the high-pass rings longer in samples).
    jumps = [powers[block].T]
    while np.abs(jumps[-1]).max() > 1e-20 and len(jumps) < 40:
        jumps.append(jumps[-1] @ jumps[-1])
    single = np.float32
    return inside.astype(single), to_state.astype(single), from_state.astype(single), jumps


class KWeighting:
    """Streaming K-weighting of (channels, samples) float32 arrays.

    `process` returns the filtered samples it could complete (whole blocks); the rest waits
    for the next call, and `flush` returns it at the end. Output order matches input order.
    """

    def __init__(self, rate: int, channels: int, block: int = BLOCK) -> None:
        self._inside, self._to_state, self._from_state, self._jumps = _matrices(rate, block)
        self._block = block
        self._state = np.zeros((channels, self._to_state.shape[1]))
        self._pending = np.zeros((channels, 0), dtype=np.float32)

    def process(self, samples: np.ndarray) -> np.ndarray:
        pending = np.concatenate((self._pending, samples), axis=1)
        channels, length = pending.shape
        blocks = length // self._block
        whole = blocks * self._block
        self._pending = pending[:, whole:]
        if blocks == 0:
            return np.zeros((channels, 0), dtype=np.float32)
        rows = pending[:, :whole].reshape(channels, blocks, self._block)
        # The state each block ends in: what the block itself adds, plus the state it began
        # in carried over. The carried state enters at block 0; a Hillis-Steele scan then
        # makes ends[:, j] the sum of carry_over ** (j - i) @ adds[:, i] over i <= j.
        ends = (rows @ self._to_state).astype(np.float64)
        ends[:, 0] += self._state @ self._jumps[0]
        for step, jump in enumerate(self._jumps):
            span = 1 << step
            if span >= blocks:
                break
            ends[:, span:] = ends[:, span:] + ends[:, :-span] @ jump
        starts = np.empty_like(ends)
        starts[:, 0] = self._state
        starts[:, 1:] = ends[:, :-1]
        self._state = ends[:, -1]
        out = rows @ self._inside
        out += starts.astype(np.float32) @ self._from_state
        return out.reshape(channels, whole)

    def flush(self) -> np.ndarray:
        """The samples still waiting, filtered (zeros pad the last block, then are dropped)."""
        channels, left = self._pending.shape
        if left == 0:
            return np.zeros((channels, 0), dtype=np.float32)
        padding = np.zeros((channels, self._block - left), dtype=np.float32)
        return self.process(padding)[:, :left]
