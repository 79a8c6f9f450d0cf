"""Speech-like test programmes: the quiet commune-office recording with a few sharp
consonants that the plain playback gain cannot bring to the target (issue #10 §6).

Band-limited noise (200–3,500 Hz, tilted like a voice) in syllables of a quarter second,
with a pause every few seconds, set to a measured integrated loudness; then short clicks
(three samples, alternating sign) every 1.7 s, set so the file's true peak is `peak_dbtp`.
Stereo (both channels alike, as a mono voice recording is delivered), 44.1 kHz WAV: no
lossy encoder between the signal made here and the peaks measured.
"""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

from tests.support.rig import measure_loudness

RATE = 44100
CLICK_EVERY_S = 1.7
CLICK_FIRST_S = 0.5
_CLICK = np.array([1.0, -0.6, 0.2])


def click_times(seconds: float) -> list[float]:
    return [float(t) for t in np.arange(CLICK_FIRST_S, seconds - 0.1, CLICK_EVERY_S)]


def _voice(seconds: float, seed: int) -> np.ndarray:
    n = int(RATE * seconds)
    rng = np.random.default_rng(seed)
    spectrum = np.fft.rfft(rng.standard_normal(n))
    freqs = np.fft.rfftfreq(n, 1 / RATE)
    spectrum[(freqs < 200) | (freqs > 3500)] = 0
    spectrum[freqs > 0] /= np.sqrt(np.maximum(freqs[freqs > 0], 200) / 200)
    noise = np.fft.irfft(spectrum, n)
    t = np.arange(n) / RATE
    syllables = np.clip(np.sin(2 * np.pi * 4 * t), 0, None) ** 2
    phrases = (np.sin(2 * np.pi * 0.25 * t) > -0.5).astype(float)
    voice = noise * syllables * phrases
    return voice / np.sqrt(np.mean(voice**2))


def write_wav(path: Path, mono: np.ndarray) -> Path:
    pcm = np.clip(np.round(mono * 32767), -32768, 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(np.stack([pcm, pcm], axis=1).tobytes())
    return path


def read_mono(path: Path) -> np.ndarray:
    """A file's first channel as floats at RATE (ffmpeg decodes any format)."""
    import subprocess

    raw = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-ac", "1", "-ar", str(RATE)]
        + ["-f", "f32le", "-"],
        capture_output=True,
        check=True,
    ).stdout
    return np.frombuffer(raw, dtype="<f4").astype(np.float64)


def make_speech(path: Path, seconds: float, lufs: float, peak_dbtp: float, seed: int = 7) -> Path:
    """A speech-like programme at `lufs` whose clicks reach `peak_dbtp` (both measured by
    ffmpeg's ebur128 afterwards, each within a few tenths of a dB)."""
    voice = _voice(seconds, seed)
    probe = path.with_suffix(".probe.wav")
    write_wav(probe, voice * 0.05)
    voice *= 0.05 * 10 ** ((lufs - measure_loudness(probe)["lufs"]) / 20)
    # Clicks are a few samples long: they set the true peak, not the loudness.
    scale = 1.0
    for _ in range(3):
        signal = voice.copy()
        for k, at in enumerate(click_times(seconds)):
            i = int(at * RATE)
            signal[i : i + 3] += _CLICK * scale * (1 if k % 2 else -1)
        write_wav(probe, signal)
        scale *= 10 ** ((peak_dbtp - measure_loudness(probe)["true_peak"]) / 20)
    probe.unlink()
    return write_wav(path, signal)
