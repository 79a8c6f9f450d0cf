"""The record writers: `record_missed`, `recover_interrupted`, `mark_hung` and
`write_as_run` with what `judge` made of a playback. Rows come from tests/support/factories.py and
go through the real hash chain: no ffmpeg, no libVLC."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine

from broadcaster import i18n
from broadcaster.audio.player import PlaybackReport
from broadcaster.config import Config
from broadcaster.core.judge import judge
from broadcaster.core.planner import MAKEUP_STEP
from broadcaster.core.vocab import Status
from broadcaster.station.records import (
    ON_AIR,
    mark_hung,
    reason_words,
    record_missed,
    recover_interrupted,
    write_as_run,
)
from broadcaster.store.asrun import has_record, verify_database
from broadcaster.store.state import get_state, set_state
from tests.support import factories

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=TZ)


def _report(
    played_s: float,
    *,
    reached_end: bool = True,
    output_error: str | None = None,
    audible_s: float | None = None,
) -> PlaybackReport:
    start = NOW - timedelta(seconds=played_s)
    return PlaybackReport(
        started_at=start,
        ended_at=NOW,
        played_s=played_s,
        position_s=played_s,
        reached_end=reached_end,
        stopped=False,
        output_error=output_error,
        audible_s=audible_s,
    )


# ---- record_missed ------------------------------------------------------------------


def test_only_past_unrecorded_airings_beyond_the_grace_are_missed(
    config: Config, engine: Engine
) -> None:
    made = factories.programme(engine, NOW - timedelta(days=9))
    grace = config.daemon.missed_grace
    forgotten = factories.planned(engine, made, NOW - timedelta(hours=2), seq=0)
    aired = factories.planned(engine, made, NOW - timedelta(hours=1), seq=1, kind="repeat")
    factories.as_run(engine, config.station.id, aired, made)
    in_grace = factories.planned(engine, made, NOW - grace / 2, seq=2, kind="repeat")
    skipped = factories.planned(engine, made, NOW - timedelta(hours=3), seq=3, kind="repeat")

    written = record_missed(engine, config, NOW, skip={skipped.uid})

    assert [(r.planned_airing_uid, r.status) for r in written] == [(forgotten.uid, Status.MISSED)]
    assert written[0].reason == i18n.t("asrun.daemon_down") and written[0].played_s == 0.0
    assert not has_record(engine, in_grace.uid) and not has_record(engine, skipped.uid)
    assert record_missed(engine, config, NOW, skip={skipped.uid}) == []  # written once
    assert verify_database(engine) == (2, None)


# ---- recover_interrupted and mark_hung ------------------------------------------------


def test_an_airing_cut_by_a_crash_is_recorded_partial_once(config: Config, engine: Engine) -> None:
    made = factories.programme(engine, NOW - timedelta(days=1))
    airing = factories.planned(engine, made, NOW - timedelta(minutes=5), seq=0)
    started = NOW - timedelta(minutes=5)
    last_seen = NOW - timedelta(minutes=2)
    note = {"uid": airing.uid, "started_at": started.isoformat(), "played_s": 180.0}
    set_state(engine, ON_AIR, note, last_seen)

    record = recover_interrupted(engine, config)

    assert record is not None
    assert (record.status, record.played_s) == (Status.PARTIAL, 180.0)
    assert record.reason == i18n.t("asrun.interrupted")
    assert (record.started_at, record.ended_at) == (started, last_seen)
    assert get_state(engine, ON_AIR) == ({}, last_seen)  # the note is cleared
    assert recover_interrupted(engine, config) is None


def test_a_crash_note_for_an_airing_already_recorded_writes_nothing(
    config: Config, engine: Engine
) -> None:
    made = factories.programme(engine, NOW - timedelta(days=1))
    airing = factories.planned(engine, made, NOW - timedelta(minutes=15), seq=0)
    factories.as_run(engine, config.station.id, airing, made)
    note = {"uid": airing.uid, "started_at": NOW.isoformat(), "played_s": 10.0}
    set_state(engine, ON_AIR, note, NOW)
    assert recover_interrupted(engine, config) is None
    assert verify_database(engine) == (1, None)
    assert get_state(engine, ON_AIR) == ({}, NOW)


@pytest.mark.parametrize(("played_s", "status"), [(42.0, Status.PARTIAL), (0.0, Status.FAILED)])
def test_a_hung_airing_is_recorded_with_what_was_heard(
    config: Config, engine: Engine, played_s: float, status: str
) -> None:
    made = factories.programme(engine, NOW - timedelta(days=1))
    airing = factories.planned(engine, made, NOW - timedelta(minutes=20), seq=0)
    started = (NOW - timedelta(minutes=20)).isoformat() if played_s else None
    set_state(engine, ON_AIR, {"uid": airing.uid, "started_at": started, "played_s": played_s}, NOW)
    mark_hung(engine, config, airing.uid, NOW)
    mark_hung(engine, config, airing.uid, NOW)  # a second time: still one row
    count, broken = verify_database(engine)
    assert (count, broken) == (1, None)
    assert has_record(engine, airing.uid)


# ---- write_as_run with judge --------------------------------------------------------


@pytest.mark.parametrize(
    ("report", "status", "played_s"),
    [
        (_report(600.0), Status.AIRED, 600.0),
        (_report(300.0, reached_end=False), Status.PARTIAL, 300.0),
        (_report(300.0, output_error="sink gone", audible_s=120.0), Status.PARTIAL, 120.0),
        (_report(0.0, output_error="no sink"), Status.FAILED, 0.0),
    ],
    ids=["to the end", "cut short", "output lost", "no output"],
)
def test_the_judged_status_is_what_the_row_says(
    config: Config, engine: Engine, report: PlaybackReport, status: str, played_s: float
) -> None:
    made = factories.programme(engine, NOW - timedelta(days=1), duration_s=600.0)
    airing = factories.planned(engine, made, NOW - timedelta(minutes=10), seq=0)
    verdict = judge(report, made.duration_s)
    row = write_as_run(
        engine,
        config,
        airing,
        made,
        verdict.status,
        reason_words(verdict),
        report.started_at,
        report.ended_at,
        verdict.played_s,
        NOW,
    )
    assert (row.status, row.reason, row.played_s) == (
        status,
        reason_words(verdict),
        verdict.played_s,
    )
    assert row.played_s == played_s
    assert (row.kind, row.planned_airing_uid, row.file_sha256) == ("new", airing.uid, made.sha256)
    assert verify_database(engine) == (1, None)


def test_a_makeup_names_the_row_it_makes_up_and_a_bulletin_keeps_its_level(
    config: Config, engine: Engine
) -> None:
    made = factories.programme(engine, NOW - timedelta(days=3))
    first = factories.planned(engine, made, NOW - timedelta(days=2), seq=1, kind="repeat")
    factories.as_run(engine, config.station.id, first, made, Status.MISSED, played_s=0.0)
    correction = factories.as_run(
        engine, config.station.id, first, made, Status.FAILED, played_s=0.0
    )
    makeup = factories.planned(
        engine, made, NOW - timedelta(hours=1), seq=1 + MAKEUP_STEP, kind="makeup"
    )
    row = write_as_run(engine, config, makeup, made, Status.AIRED, "", played_s=600.0)
    assert row.makeup_of_uid == correction.uid  # the latest row for the airing made up

    other = factories.planned(engine, made, NOW, seq=2 + MAKEUP_STEP, kind="repeat")
    assert write_as_run(engine, config, other, made, Status.AIRED, "").makeup_of_uid is None

    news = factories.programme(engine, NOW, "bulletin", duration_s=60)
    urgent = factories.planned(
        engine, news, NOW, kind="bulletin", series_id="bulletin", priority="emergency"
    )
    assert write_as_run(engine, config, urgent, news, Status.AIRED, "").priority == "emergency"
