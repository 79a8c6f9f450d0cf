"""`judge`: what the player saw becomes a truthful as-run status."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from broadcaster.core.judge import AIRED_TOLERANCE_S, Judgement, PlaybackReport, judge
from broadcaster.core.vocab import Status
from broadcaster.i18n import speaking, t
from broadcaster.station.records import reason_words

START = datetime(2026, 3, 2, 10, 15, tzinfo=UTC)
DURATION = 600.0


def report(
    played_s: float | None = DURATION,
    *,
    started: bool = True,
    reached_end: bool = True,
    stopped: bool = False,
    error: str | None = None,
    output_error: str | None = None,
) -> PlaybackReport:
    played = played_s or 0.0
    return PlaybackReport(
        started_at=START if started else None,
        ended_at=START + timedelta(seconds=played) if started else None,
        played_s=played if started else 0.0,
        position_s=played if started else 0.0,
        reached_end=reached_end,
        stopped=stopped,
        error=error,
        output_error=output_error,
    )


def test_reaching_the_end_in_real_time_is_aired():
    verdict = judge(report(600.2), DURATION)
    assert verdict == Judgement(Status.AIRED, None, 600.2)
    assert reason_words(verdict) == ""


def test_played_seconds_are_rounded_to_hundredths():
    assert judge(report(600.123456), DURATION).played_s == 600.12


def test_ending_within_the_tolerance_is_still_aired():
    verdict = judge(report(DURATION - AIRED_TOLERANCE_S), DURATION)
    assert verdict.status == Status.AIRED
    assert verdict.played_s == DURATION - AIRED_TOLERANCE_S


def test_ending_one_and_a_half_seconds_short_is_partial_with_a_reason():
    verdict = judge(report(DURATION - 1.5), DURATION)
    assert verdict.status == Status.PARTIAL
    assert verdict.played_s == 598.5
    assert reason_words(verdict) == t("asrun.cut_short", "vi", played="9:58", duration="10:00")
    assert reason_words(verdict) == "chỉ phát được 9:58 trên 10:00"


def test_not_reaching_the_end_is_partial_even_with_the_full_time():
    verdict = judge(report(DURATION, reached_end=False), DURATION)
    assert verdict.status == Status.PARTIAL
    assert reason_words(verdict)


def test_output_error_is_failed_even_though_libvlc_reached_the_end():
    # The truthful-record rule: sound that reached no output did not air.
    verdict = judge(report(DURATION, output_error="pulse: no sink"), DURATION)
    assert verdict.status == Status.FAILED
    assert verdict.played_s == 0.0
    assert reason_words(verdict) == t("asrun.no_audio_output", "vi", detail="pulse: no sink")
    assert "pulse: no sink" in reason_words(verdict)


def test_output_error_wins_over_a_player_error_and_a_stop():
    verdict = judge(
        report(30, reached_end=False, stopped=True, error="decode", output_error="no sink"),
        DURATION,
    )
    assert verdict.status == Status.FAILED
    assert verdict.played_s == 0.0


def test_never_started_with_an_error_is_failed():
    verdict = judge(report(started=False, reached_end=False, error="cannot open"), DURATION)
    assert verdict == Judgement(Status.FAILED, "asrun.player_error", 0.0, {"detail": "cannot open"})
    assert reason_words(verdict) == t("asrun.player_error", "vi", detail="cannot open")


def test_never_started_without_a_message_is_still_failed():
    verdict = judge(report(started=False, reached_end=False), DURATION)
    assert verdict.status == Status.FAILED
    assert verdict.played_s == 0.0
    assert reason_words(verdict)


def test_stopped_after_the_start_is_partial():
    verdict = judge(report(42.0, reached_end=False, stopped=True), DURATION)
    assert verdict == Judgement(Status.PARTIAL, "asrun.stopped", 42.0)
    assert reason_words(verdict) == t("asrun.stopped", "vi")


def test_a_player_error_after_the_start_is_partial_with_the_detail():
    verdict = judge(report(120.0, reached_end=False, error="decode error"), DURATION)
    assert verdict.status == Status.PARTIAL
    assert verdict.played_s == 120.0
    assert "decode error" in reason_words(verdict)


def test_the_reason_follows_the_station_language():
    with speaking("en"):
        verdict = judge(report(DURATION - 1.5), DURATION)
        assert reason_words(verdict) == "only 9:58 of 10:00 played"


def test_output_lost_mid_programme_is_partial_up_to_where_it_was_heard() -> None:
    from datetime import UTC, datetime

    from broadcaster.core.judge import PlaybackReport

    start = datetime(2026, 3, 2, tzinfo=UTC)
    lost = PlaybackReport(start, start, 8.9, 10.0, True, False, None, "cannot write", audible_s=3.1)
    verdict = judge(lost, 10.0)
    assert verdict.status == "partial" and verdict.played_s == 3.1
    at_start = PlaybackReport(
        start, start, 1.9, 3.0, True, False, None, "Audio output failed", audible_s=0.0
    )
    assert judge(at_start, 3.0).status == "failed"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_operator_reads_a_reason_without_libvlcs_words(lang) -> None:
    """The row keeps libVLC's detail as evidence; the console, the log and `status` stop
    before it (#10). Reasons without such a detail are shown whole."""
    from broadcaster.station.records import operator_reason

    detail = "PulseAudio server connection failure: Connection refused"
    assert operator_reason(t("asrun.no_audio_output", lang, detail=detail)) == t(
        "asrun.no_audio_output", lang, detail="\0"
    ).split("\0")[0].rstrip(": ")
    lost = operator_reason(t("asrun.output_lost", lang, played="0:07", detail="cannot write"))
    assert lost.endswith("0:07") and "cannot" not in lost
    assert "x" not in operator_reason(t("asrun.player_error", lang, detail="x: y"))
    for whole in (t("asrun.stopped", lang), t("asrun.daemon_down", lang), ""):
        assert operator_reason(whole) == whole
