"""Loudness: reading ffmpeg's meter, the gain to the target, and the cut of long silences."""

from __future__ import annotations

import pytest

from broadcaster.loudness import (
    MAX_GAIN_DB,
    TRIM_PAD_S,
    Cue,
    Loudness,
    Target,
    cue,
    expected_level,
    gain_db,
    parse_report,
)

# What `ffmpeg -v level+info ... -af ebur128=...,silencedetect=...` prints (ffmpeg 5.1),
# for 2.5 s of silence, 2 s of tone and 3 s of silence.
REPORT = """\
[silencedetect @ 0x56065e711040] [info] silence_start: 0
[silencedetect @ 0x56065e711040] [info] silence_end: 2.50005 | silence_duration: 2.50005
[silencedetect @ 0x56065e711040] [info] silence_start: 4.5
[info] size=N/A time=00:00:07.50 bitrate=N/A speed= 231x
[Parsed_ebur128_0 @ 0x56065e710900] [info] Summary:

  Integrated loudness:
    I:         -22.8 LUFS
    Threshold: -32.9 LUFS

  Loudness range:
    LRA:         6.0 LU
    Threshold: -45.8 LUFS
    LRA low:   -29.9 LUFS
    LRA high:  -23.9 LUFS

  True peak:
    Peak:      -20.4 dBFS
[silencedetect @ 0x56065e711040] [info] silence_end: 7.5 | silence_duration: 3
""".splitlines()


def measured(lufs: float | None = -30.0, peak: float | None = -20.0, lead=0.0, tail=0.0):
    return Loudness(lufs, 5.0, peak, lead, tail)


def test_the_meter_and_both_silences_are_read():
    assert parse_report(REPORT, 7.5) == Loudness(-22.8, 6.0, -20.4, 2.5, 3.0)


def test_no_summary_means_no_measurement():
    assert parse_report(REPORT[:4], 7.5) is None


def test_silence_in_the_middle_is_not_at_either_end():
    lines = [
        "[silencedetect @ 0x1] [info] silence_start: 3.0",
        "[silencedetect @ 0x1] [info] silence_end: 4.0 | silence_duration: 1.0",
        *REPORT[4:-1],
    ]
    result = parse_report(lines, 10.0)
    assert result is not None
    assert (result.lead_silence_s, result.tail_silence_s) == (0.0, 0.0)


def test_a_silent_file_has_no_loudness_and_one_silence():
    lines = [
        "[silencedetect @ 0x1] [info] silence_start: 0",
        "[Parsed_ebur128_0 @ 0x2] [info] Summary:",
        "    I:         -70.0 LUFS",
        "    LRA:         0.0 LU",
        "    Peak:       -inf dBFS",
        "[silencedetect @ 0x1] [info] silence_end: 5 | silence_duration: 5",
    ]
    result = parse_report(lines, 5.0)
    assert result == Loudness(None, 0.0, None, 5.0, 0.0)
    assert gain_db(result, Target()) == 0.0


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
