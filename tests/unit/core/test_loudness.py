"""Loudness: the gain to the target, and the cut of long silences (the meter: test_meter.py)."""

from __future__ import annotations

import pytest

from broadcaster.core.loudness import (
    MAX_GAIN_DB,
    TRIM_PAD_S,
    Cue,
    Loudness,
    Target,
    cue,
    expected_level,
    gain_db,
    held_back_db,
    needs_rendition,
)


def measured(lufs: float | None = -30.0, peak: float | None = -20.0, lead=0.0, tail=0.0):
    return Loudness(lufs, 5.0, peak, lead, tail)


@pytest.mark.parametrize(
    ("lufs", "peak", "target", "gain"),
    [
        (-30.0, -20.0, Target(), 14.0),  # a quiet programme is raised to −16
        (-10.0, -1.0, Target(), -6.0),  # a loud one is lowered
        (-30.0, -12.0, Target(), 11.0),  # raised only until its true peak reaches −1 dBTP
        (-30.0, -20.0, Target(lufs=-23.0), 7.0),  # EBU R128: one setting away
        (-50.0, -45.0, Target(), MAX_GAIN_DB),  # never beyond what the player can apply
        (-30.0, -20.0, Target(normalise=False), 0.0),
    ],
)
def test_the_gain_reaches_the_target_without_clipping(lufs, peak, target, gain):
    level = measured(lufs, peak)
    assert gain_db(level, target) == gain
    peak_after = peak + gain_db(level, target)
    assert peak_after <= target.true_peak_dbtp + 1e-9 or not target.normalise


def test_an_unmeasured_programme_plays_as_it_is():
    assert gain_db(None, Target()) == 0.0
    assert cue(None, 60.0, Target()) == Cue()


def test_where_it_will_sit_on_air():
    assert expected_level(measured(-30.0, -20.0), Target()) == -16.0
    assert expected_level(measured(-30.0, -12.0), Target()) == -19.0  # held by its peak


def test_silence_longer_than_the_limit_is_cut_at_both_ends():
    result = cue(measured(lead=3.0, tail=4.0), 60.0, Target())
    assert result.start_s == pytest.approx(3.0 - TRIM_PAD_S)
    assert result.stop_s == pytest.approx(60.0 - 4.0 + TRIM_PAD_S)
    assert result.air_duration(60.0) == pytest.approx(53.0 + 2 * TRIM_PAD_S)


def test_silence_within_the_limit_is_kept():
    result = cue(measured(lead=1.9, tail=2.0), 60.0, Target())
    assert (result.start_s, result.stop_s) == (0.0, None)
    assert result.air_duration(60.0) == 60.0


def test_the_limit_is_a_setting():
    assert cue(measured(lead=1.0), 60.0, Target(trim_silence_over_s=0.5)).start_s > 0
    assert cue(measured(lead=30.0), 60.0, Target(trim_silence_over_s=60.0)).start_s == 0


def test_a_file_of_silence_is_never_cut_to_nothing():
    result = cue(measured(lufs=None, peak=None, lead=10.0, tail=0.0), 10.0, Target())
    assert result.air_duration(10.0) == 10.0


@pytest.mark.parametrize(
    ("lufs", "peak", "target", "held_back", "rendition"),
    [
        # The case seen off air: +14.7 dB wanted, +9 dB clean: a rendition airs instead.
        (-30.7, -10.0, Target(), 5.7, True),
        (-30.0, -20.0, Target(), 0.0, False),  # its peaks leave room: the gain is enough
        (-10.0, -1.0, Target(), 0.0, False),  # loud material is lowered, never held back
        (-30.0, -14.6, Target(), 0.4, False),  # a shortfall under 0.5 dB is not worth it
        (-30.0, -14.4, Target(), 0.6, True),
        (-30.7, -10.0, Target(lufs=-23.0), 0.0, False),  # EBU R128: +7.7 dB fits under −1
        (-30.7, -10.0, Target(normalise=False), 0.0, False),
        (None, None, Target(), 0.0, False),  # silence
        (-60.0, -30.0, Target(), 0.0, False),  # past ±20 dB is the player's limit, not peaks
    ],
)
def test_only_programmes_the_peak_ceiling_holds_back_get_a_rendition(
    lufs, peak, target, held_back, rendition
):
    level = measured(lufs, peak)
    assert held_back_db(level, target) == pytest.approx(held_back, abs=0.01)
    assert needs_rendition(level, target) is rendition
    assert not needs_rendition(None, target)
