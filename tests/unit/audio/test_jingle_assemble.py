"""The assembly itself (pure pydub, no files): signal + gap + bulletin + gap + signal, the
signal brought to the bulletin's loudness, and the default chime."""

from __future__ import annotations

import numpy as np
import pytest
from pydub import AudioSegment
from pydub.generators import Sine

from broadcaster.audio.jingle import assemble, chime
from broadcaster.audio.jingle.pcm import measure
from broadcaster.core.loudness import Loudness, Target

RATE = 44100
SIGNAL_HZ, BULLETIN_HZ = 1000, 440


def tone(frequency: float, seconds: float, dbfs: float, channels: int = 2) -> AudioSegment:
    segment = Sine(frequency, sample_rate=RATE).to_audio_segment(duration=seconds * 1000)
    return segment.apply_gain(dbfs - segment.max_dBFS).set_channels(channels)


def samples(segment: AudioSegment) -> np.ndarray:
    frames = np.frombuffer(segment.raw_data, dtype="<i2").reshape(-1, segment.channels)
    return frames[:, 0].astype(np.float64) / 32768


def dominant_hz(segment: AudioSegment) -> float:
    data = samples(segment)
    spectrum = np.abs(np.fft.rfft(data * np.hanning(len(data))))
    return float(np.fft.rfftfreq(len(data), 1 / segment.frame_rate)[int(np.argmax(spectrum))])


def rms_dbfs(segment: AudioSegment) -> float:
    data = samples(segment)
    return 20 * np.log10(max(np.sqrt(np.mean(np.square(data))), 1e-9))


def joined(after: bool = True, gap_s: float = 0.5) -> AudioSegment:
    bulletin = tone(BULLETIN_HZ, 5, -12)
    signal = tone(SIGNAL_HZ, 2, -3, channels=1)  # mono: converted to the bulletin's stereo
    return assemble.assemble(bulletin, signal, gap_s, after, gain_db=-6.0)


def test_the_lengths_add_up() -> None:
    out = joined()
    assert abs(len(out) - (2 + 0.5 + 5 + 0.5 + 2) * 1000) <= 1
    assert (out.frame_rate, out.channels, out.sample_width) == (RATE, 2, 2)
    assert abs(len(joined(after=False)) - (2 + 0.5 + 5) * 1000) <= 1
    assert abs(len(joined(gap_s=0.0)) - (2 + 5 + 2) * 1000) <= 1


def test_the_signal_is_heard_first_and_last_and_the_bulletin_between() -> None:
    out = joined()
    assert dominant_hz(out[:1000]) == pytest.approx(SIGNAL_HZ, abs=2)
    assert dominant_hz(out[-1000:]) == pytest.approx(SIGNAL_HZ, abs=2)
    assert dominant_hz(out[3000:6000]) == pytest.approx(BULLETIN_HZ, abs=2)
    # The gaps are silence, the rest is sound.
    assert rms_dbfs(out[2050:2450]) < -90
    assert rms_dbfs(out[7550:7950]) < -90
    assert rms_dbfs(out[:1000]) > -20 and rms_dbfs(out[-1000:]) > -20


def test_without_signal_after_the_bulletin_ends_the_file() -> None:
    # The check above can fail: here the last second is the bulletin's tone.
    out = joined(after=False)
    assert dominant_hz(out[:1000]) == pytest.approx(SIGNAL_HZ, abs=2)
    assert dominant_hz(out[-1000:]) == pytest.approx(BULLETIN_HZ, abs=2)


def test_the_signal_is_brought_to_the_bulletins_loudness() -> None:
    bulletin = tone(BULLETIN_HZ, 6, -20)
    signal = tone(SIGNAL_HZ, 2, -1)
    measured_bulletin, measured_signal = measure(bulletin), measure(signal)
    assert measured_signal.integrated_lufs - measured_bulletin.integrated_lufs > 10
    gain = assemble.signal_gain_db(measured_bulletin, measured_signal, Target())
    out = assemble.assemble(bulletin, signal, 0.5, True, gain)
    first = measure(out[:2000]).integrated_lufs
    assert first == pytest.approx(measured_bulletin.integrated_lufs, abs=0.5)
    # Without the gain the signal would be far louder than the bulletin (the check can fail).
    bare = assemble.assemble(bulletin, signal, 0.5, True, 0.0)
    assert measure(bare[:2000]).integrated_lufs - measured_bulletin.integrated_lufs > 10


def _loudness(lufs: float | None, peak: float | None) -> Loudness:
    return Loudness(lufs, 3.0, peak, 0.0, 0.0)


def test_the_signals_peak_never_rises_above_the_bulletins() -> None:
    # A bulletin at −20 LUFS peaking at −12 dBTP; a signal at −30 LUFS peaking at −3: +10 dB
    # would put its peak at +7, so the gain stops where its peak meets the bulletin's.
    gain = assemble.signal_gain_db(_loudness(-20, -12), _loudness(-30, -3), Target())
    assert gain == -9.0
    # Quiet enough peaks: the full match.
    assert assemble.signal_gain_db(_loudness(-20, -1), _loudness(-30, -25), Target()) == 10.0
    # A silent bulletin: the signal goes to the station's target.
    assert assemble.signal_gain_db(_loudness(None, None), _loudness(-30, -25), Target()) == 14.0


def test_a_hot_master_is_lowered_before_it_becomes_16_bit() -> None:
    plan = assemble.plan_bulletin(_loudness(-8, 1.5), 60.0, (0.0, 60.0))
    assert plan.pre_gain_db == -2.0 and plan.length_s == 60.0
    assert assemble.plan_bulletin(_loudness(-20, -6), 60.0, (2.0, 50.0)).pre_gain_db == 0.0


def test_the_assembled_figures_follow_from_the_parts() -> None:
    figures = assemble.assembled_loudness(
        _loudness(-20.0, -6.0), 60.0, 0.0, Loudness(-26.0, 0.0, -10.0, 0.1, 0.4), 2.0, 6.0, True
    )
    assert figures.integrated_lufs == -20.0  # the signal was matched: nothing changes
    assert figures.true_peak_dbtp == -4.0  # the signal's peak after its +6 dB
    assert (figures.lead_silence_s, figures.tail_silence_s) == (0.1, 0.4)
    louder = assemble.assembled_loudness(
        _loudness(-20.0, -6.0), 60.0, 0.0, _loudness(-10.0, -2.0), 2.0, 0.0, True
    )
    assert louder.integrated_lufs is not None and louder.integrated_lufs > -20.0


def test_the_default_chime_is_three_rising_notes_of_a_few_seconds() -> None:
    made = chime.make_chime()
    assert made == chime.make_chime()  # the same samples every time it is rebuilt
    assert 2.0 <= len(made) / 1000 <= 3.0
    assert made.max_dBFS == pytest.approx(chime.PEAK_DBFS, abs=0.1)
    step = chime.STRIKE_EVERY_MS
    heard = [dominant_hz(made[i * step : (i + 1) * step]) for i in range(3)]
    assert heard == [pytest.approx(f, abs=5) for f in chime.NOTES_HZ]
