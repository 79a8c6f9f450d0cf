"""The loudness meter (broadcaster/audio/meter) against the standards' own figures and against
straightforward reference computations: K-weighting, true peak, gating, silence.

The EBU's test signals (Tech 3341 for loudness, Tech 3342 for loudness range) are built
here from their descriptions; its tolerances are ±0.1 LU for integrated loudness, ±1 LU for
loudness range, and +0.2/−0.4 dB for true peak.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from broadcaster.audio.meter import Meter
from broadcaster.audio.meter.kweighting import KWeighting, coefficients
from broadcaster.audio.meter.truepeak import PHASES, TruePeak
from broadcaster.core.loudness import Target, gain_db

RATE = 48000


def sine(dbfs: float, seconds: float, rate: int = RATE, hz: float = 1000.0) -> np.ndarray:
    t = np.arange(round(seconds * rate)) / rate
    return (10 ** (dbfs / 20) * np.sin(2 * np.pi * hz * t)).astype(np.float32)


def stereo(*parts: np.ndarray) -> np.ndarray:
    signal = np.concatenate(parts)
    return np.stack([signal, signal])


def measure(samples: np.ndarray, rate: int = RATE, chunk: int = 9600):
    meter = Meter(rate, samples.shape[0])
    for start in range(0, samples.shape[1], chunk):
        meter.add(np.ascontiguousarray(samples[:, start : start + chunk]))
    return meter.result()


def reference_filter(b: np.ndarray, a: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The recursion written out sample by sample, in double precision."""
    order = len(a) - 1
    past_x = [0.0] * order
    past_y = [0.0] * order
    out = np.empty(len(x))
    for n, value in enumerate(x.astype(np.float64)):
        y = b[0] * value + sum(b[k + 1] * past_x[k] - a[k + 1] * past_y[k] for k in range(order))
        past_x = [float(value), *past_x[:-1]]
        past_y = [y, *past_y[:-1]]
        out[n] = y
    return out


# --- K-weighting -------------------------------------------------------------------------


def test_at_48_khz_the_filter_is_the_one_printed_in_bs_1770():
    b, a = coefficients(48000)
    shelf = (
        [1.53512485958697, -2.69169618940638, 1.19839281085285],
        [-1.69065929318241, 0.73248077421585],
    )
    highpass = ([1.0, -2.0, 1.0], [-1.99004745483398, 0.99007225036621])
    assert np.allclose(b, np.polymul(shelf[0], highpass[0]), atol=1e-9)
    assert np.allclose(a, np.polymul([1.0, *shelf[1]], [1.0, *highpass[1]]), atol=1e-9)


@pytest.mark.parametrize("rate", [8000, 22050, 44100, 48000, 192000])
def test_block_filtering_matches_the_recursion_however_the_samples_arrive(rate):
    rng = np.random.default_rng(rate)
    x = (rng.standard_normal(rate // 2) * 0.3).astype(np.float32)
    b, a = coefficients(rate)
    expected = reference_filter(b, a, x)
    kweighting = KWeighting(rate, 1)
    pieces, start = [], 0
    for size in (1, 63, 64, 65, 1000, 7):
        pieces.append(kweighting.process(x[np.newaxis, start : start + size]))
        start += size
    pieces.append(kweighting.process(x[np.newaxis, start:]))
    pieces.append(kweighting.flush())
    got = np.concatenate(pieces, axis=1)[0]
    assert len(got) == len(x)
    assert np.abs(got - expected).max() < 1e-5


# --- true peak ---------------------------------------------------------------------------


def reference_true_peak(x: np.ndarray) -> float:
    padded = np.concatenate((np.zeros(11), x.astype(np.float64), np.zeros(23)))
    return max(float(np.abs(np.convolve(padded, taps, "valid")).max()) for taps in PHASES)


def test_true_peak_matches_interpolating_everything():
    rng = np.random.default_rng(7)
    # Loud first, then quieter: most rows are skipped, which must not change the result.
    x = (rng.standard_normal(50_000) * np.linspace(0.5, 0.01, 50_000)).astype(np.float32)
    meter = TruePeak(1)
    for start in range(0, len(x), 4_999):
        meter.process(x[np.newaxis, start : start + 4_999])
    meter.flush()
    assert meter.peak == pytest.approx(reference_true_peak(x), rel=1e-6)


def test_a_peak_between_samples_is_found():
    # A sine at a quarter of the rate, 45° off: every sample is at 0.707, the wave at 1.0.
    n = np.arange(RATE)
    x = np.sin(2 * np.pi * n / 4 + np.pi / 4).astype(np.float32)
    assert np.abs(x).max() == pytest.approx(math.sqrt(0.5), abs=1e-6)
    assert -0.4 <= measure(np.stack([x, x])).true_peak_dbtp <= 0.2


def test_rows_are_only_skipped_when_they_cannot_hold_the_peak():
    # First a click whose samples reach 0.8, then quieter-looking samples (0.62) whose wave
    # peaks between them at 0.88: the later, lower samples hold the true peak.
    click = np.zeros(RATE, dtype=np.float32)
    click[RATE // 2] = 0.8
    n = np.arange(RATE)
    hidden = (0.88 * np.sin(2 * np.pi * n / 4 + np.pi / 4)).astype(np.float32)
    x = np.concatenate((click, hidden))
    meter = TruePeak(1)
    for start in range(0, len(x), 4_800):
        meter.process(x[np.newaxis, start : start + 4_800])
    meter.flush()
    assert meter.peak == pytest.approx(reference_true_peak(x), rel=1e-6)
    assert meter.peak > 0.85


# --- integrated loudness and range (EBU Tech 3341 and 3342) ------------------------------


@pytest.mark.parametrize(
    ("parts", "lufs"),
    [
        ([(-23, 20)], -23.0),  # 3341 case 1
        ([(-33, 20)], -33.0),  # case 2
        ([(-36, 10), (-23, 60), (-36, 10)], -23.0),  # case 3: the relative gate
        ([(-72, 10), (-36, 10), (-23, 60), (-36, 10), (-72, 10)], -23.0),  # case 4: absolute
    ],
)
def test_integrated_loudness_of_the_ebu_test_signals(parts, lufs):
    result = measure(stereo(*(sine(level, seconds) for level, seconds in parts)))
    assert result.integrated_lufs == pytest.approx(lufs, abs=0.1)


@pytest.mark.parametrize(
    ("parts", "lra"),
    [
        ([(-20, 20), (-30, 20)], 10.0),  # 3342 case 1
        ([(-20, 20), (-15, 20)], 5.0),  # case 2
        ([(-40, 20), (-20, 20)], 20.0),  # case 3
        ([(-50, 20), (-35, 20), (-20, 20), (-35, 20), (-50, 20)], 15.0),  # case 4
    ],
)
def test_loudness_range_of_the_ebu_test_signals(parts, lra):
    result = measure(stereo(*(sine(level, seconds) for level, seconds in parts)))
    assert result.range_lu == pytest.approx(lra, abs=1.0)


def test_mono_is_measured_as_heard_on_two_loudspeakers():
    tone = sine(-23, 10)
    assert measure(tone[np.newaxis]).integrated_lufs == pytest.approx(-23.0, abs=0.1)


@pytest.mark.parametrize("rate", [8000, 22050, 44100, 96000])
def test_the_level_does_not_depend_on_the_sample_rate(rate):
    assert measure(stereo(sine(-20, 5, rate)), rate).integrated_lufs == pytest.approx(-20, abs=0.1)


# --- silence -----------------------------------------------------------------------------


def test_silence_at_both_ends_is_found_to_the_sample():
    silence = np.zeros(round(2.5 * RATE), dtype=np.float32)
    result = measure(stereo(silence, sine(-20, 2), silence[: 3 * RATE // 2], silence))
    assert result.lead_silence_s == pytest.approx(2.5, abs=0.01)
    assert result.tail_silence_s == pytest.approx(4.0, abs=0.01)


def test_a_breath_at_either_end_is_not_silence():
    gap = np.zeros(RATE // 5, dtype=np.float32)  # 0.2 s
    result = measure(stereo(gap, sine(-20, 2), gap))
    assert (result.lead_silence_s, result.tail_silence_s) == (0.0, 0.0)


def test_hiss_under_the_floor_counts_as_silence():
    rng = np.random.default_rng(3)
    hiss = (rng.standard_normal(3 * RATE) * 10 ** (-70 / 20)).astype(np.float32)
    result = measure(stereo(hiss, sine(-20, 2)))
    assert result.lead_silence_s == pytest.approx(3.0, abs=0.01)


def test_a_silent_file_has_no_loudness_and_one_silence():
    result = measure(np.zeros((2, 5 * RATE), dtype=np.float32))
    assert (result.integrated_lufs, result.true_peak_dbtp) == (None, None)
    assert (result.lead_silence_s, result.tail_silence_s, result.range_lu) == (5.0, 0.0, 0.0)
    assert gain_db(result, Target()) == 0.0


def test_a_file_shorter_than_one_gating_block_has_no_integrated_loudness():
    result = measure(stereo(sine(-20, 0.3)))
    assert result.integrated_lufs is None
    assert result.true_peak_dbtp == pytest.approx(-20, abs=0.2)
