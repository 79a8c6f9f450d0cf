"""The whole airing path on real components: ffmpeg ingest, planner, SQLite, the airing
thread and libVLC playing into the PulseAudio null sink, checked against the off-air
recording — not against libVLC's own states."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from broadcaster.core.vocab import Status
from tests.integration.audio.test_player_contract import NO_OUTPUT_ARGS
from tests.support.onair import air_once
from tests.support.rig import SoundRig


def _air_one(station, tone: Callable[..., Path], rig: SoundRig, vlc_args: tuple[str, ...]):
    return air_once(station, rig, tone(3), "Chuyển đổi số tháng này.mp3", vlc_args)


def test_airing_is_heard_at_its_slot_and_logged_aired(station, tone, rig) -> None:
    slot_at, rows, spans = _air_one(station, tone, rig, ("--aout=pulse",))

    (row,) = rows
    assert row.status == Status.AIRED, row.reason
    assert len(spans) == 1, spans
    onset, end = spans[0]
    assert abs(onset - slot_at.timestamp()) < 0.25, (
        f"sound began {onset - slot_at.timestamp():+.3f} s from the slot"
    )
    heard = end - onset
    assert abs(row.played_s - heard) < 0.5, (row.played_s, heard)
    assert row.started_at is not None
    assert abs((row.started_at - slot_at).total_seconds()) < 0.25
    assert row.title == "Chuyển đổi số tháng này"
    assert row.kind == "new" and row.station_id == "xa-thu-nghiem"


def test_no_working_output_is_logged_failed_with_the_reason(station, tone, rig) -> None:
    _, rows, spans = _air_one(station, tone, rig, NO_OUTPUT_ARGS)

    assert spans == []  # nothing reached the air…
    (row,) = rows
    assert row.status == Status.FAILED  # …and the log says so, though libVLC said Ended
    assert "đầu ra âm thanh" in row.reason
    assert row.played_s == 0
