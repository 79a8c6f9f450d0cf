"""The first start heard off air: `broadcaster run` as a real process on a fresh station,
libVLC into the PulseAudio null sink, recorded off its monitor. Nothing is put into the
inbox; half a minute after the start the bundled sample airs as a test airing (phát thử)
and the as-run log says so (kind `test`), without a programme of the month appearing."""

from __future__ import annotations

import sys
import time
from datetime import datetime

import pytest
from sqlmodel import select

from broadcaster.station.testair import TEST_LEAD
from broadcaster.store.db import open_engine, session
from broadcaster.store.models import AsRunRecord, PlannedAiring
from tests.support.onair import slot_in
from tests.support.process import export_rows, start_daemon, stop_daemon
from tests.support.station import series_toml

pytestmark = [
    pytest.mark.rig,
    pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals"),
]


def _planned_test(station) -> PlannedAiring | None:
    config = station.config()
    engine = open_engine(config.paths.database, config.paths.database_file)
    try:
        with session(engine) as db:
            return db.exec(select(PlannedAiring).where(PlannedAiring.kind == "test")).first()
    finally:
        engine.dispose()


def test_the_first_start_is_heard_as_a_test_airing(station, rig, tmp_path) -> None:
    slot_text, _ = slot_in(3 * 3600)  # the series' slot is hours away: nothing else airs
    station.write_series("chuyen-doi-so", series_toml([slot_text]))
    station.write_config(vlc_args='["--aout=pulse"]', first_test=True)
    log = tmp_path / "daemon.log"
    started = time.time()
    proc = start_daemon(station, rig, log)
    try:
        with rig.recorder() as recording:
            planned = None
            deadline = time.monotonic() + 20
            while planned is None and time.monotonic() < deadline:
                time.sleep(0.5)
                planned = _planned_test(station)
            assert planned is not None, log.read_text()
            slot = planned.slot_at.timestamp()
            assert TEST_LEAD.total_seconds() - 2 <= slot - started <= TEST_LEAD.total_seconds() + 8
            time.sleep(max(0.0, slot + planned.duration_s + 3 - time.time()))
        assert proc.poll() is None, log.read_text()
        assert stop_daemon(proc) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    text = log.read_text()
    assert "Lần chạy đầu tiên: phát thử Bản mẫu chuyên mục Chuyển đổi số" in text
    # The plan printed at the start shows it, as a test airing of no series.
    assert "Phát thử loa · Bản mẫu chuyên mục Chuyển đổi số · phát thử · 0:15" in text
    assert not [p for p in station.inbox.rglob("*") if p.is_file()]

    month = datetime.fromtimestamp(slot).astimezone(station.config().station.tz)
    (row,) = export_rows(station, month.strftime("%Y-%m"))
    assert (row["kind"], row["series_id"], row["status"]) == ("test", "test", "aired"), text
    spans = recording.sound_spans()
    assert spans, "nothing was heard"
    onset, end = spans[0][0], spans[-1][1]
    # The sample opens on speech within a few hundredths of a second of its start.
    assert abs(onset - slot) < 0.3, f"sound began {onset - slot:+.3f} s from the slot"
    assert abs((end - onset) - row["played_s"]) < 0.75, (end - onset, row["played_s"])
    assert row["played_s"] > 14.0
    # Nothing but the test airing was planned or logged.
    config = station.config()
    engine = open_engine(config.paths.database, config.paths.database_file)
    with session(engine) as db:
        assert [p.kind for p in db.exec(select(PlannedAiring)).all()] == ["test"]
        assert len(db.exec(select(AsRunRecord)).all()) == 1
