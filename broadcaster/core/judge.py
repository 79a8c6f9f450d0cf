"""Judging a playback (pure): what the player saw becomes an as-run status, and the reason
an operator reads, given as a message key and its values. The caller words it in the
station's language (`station.records.reason_words`): the core knows no language.

The record must be true: sound that reached no output is `failed`, whatever libVLC's
states said; sound that was heard and then cut is `partial`, with how long it was heard.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from broadcaster.core.durations import format_duration
from broadcaster.core.vocab import Status

AUDIBLE_MIN_S = 1.0  # less than this kept pace with the clock: nobody heard anything
# "aired" means played to the end, within this much.
AIRED_TOLERANCE_S = 1.0


@dataclass(frozen=True)
class PlaybackReport:
    """What really happened, as far as the player can tell. `judge` turns this into an
    as-run status; `output_error` set means nobody could have heard it."""

    started_at: datetime | None  # when sound was released (None: never started)
    ended_at: datetime | None
    played_s: float  # wall-clock seconds from start to end
    position_s: float  # how far into the file the player got
    reached_end: bool
    stopped: bool  # cut by a stop request
    error: str | None = None  # could not open/decode
    output_error: str | None = None  # no working audio output
    # With an output error: how long the sound really kept pace with the clock (the device
    # was there), e.g. a lead unplugged mid-programme. None when unknown.
    audible_s: float | None = None


@dataclass(frozen=True)
class Judgement:
    """An airing's as-run status, the reason (a message key, None when it aired) and the
    seconds it played."""

    status: Status
    reason_key: str | None
    played_s: float
    reason_values: Mapping[str, str] = field(default_factory=dict)


def judge(report: PlaybackReport, duration_s: float) -> Judgement:
    """Turn what the player saw into an as-run status."""
    if report.output_error:
        audible = report.audible_s or 0.0
        if report.started_at is not None and audible >= AUDIBLE_MIN_S:
            # The output went away mid-programme (a lead pulled): it was heard up to there.
            return Judgement(
                Status.PARTIAL,
                "asrun.output_lost",
                round(audible, 2),
                {"played": format_duration(audible), "detail": report.output_error},
            )
        return Judgement(
            Status.FAILED, "asrun.no_audio_output", 0.0, {"detail": report.output_error}
        )
    if report.started_at is None:
        return Judgement(Status.FAILED, "asrun.player_error", 0.0, {"detail": report.error or "?"})
    played = round(report.played_s, 2)
    if report.stopped:
        return Judgement(Status.PARTIAL, "asrun.stopped", played)
    if report.error:
        return Judgement(Status.PARTIAL, "asrun.player_error", played, {"detail": report.error})
    if report.reached_end and played >= duration_s - AIRED_TOLERANCE_S:
        return Judgement(Status.AIRED, None, played)
    return Judgement(
        Status.PARTIAL,
        "asrun.cut_short",
        played,
        {"played": format_duration(played), "duration": format_duration(duration_s)},
    )
