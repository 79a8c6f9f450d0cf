"""The timers' one query (store/schedule.py): planned airings from a moment on that have
no as-run row yet. A SQLite file and hand-made rows; no audio (#12)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from broadcaster.core.vocab import Status
from broadcaster.station.records import write_as_run
from broadcaster.store.db import open_engine, session
from broadcaster.store.models import PlannedAiring, Programme
from broadcaster.store.schedule import airings_to_time

SINCE = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def test_only_unrecorded_airings_from_the_moment_on_are_timed(station) -> None:
    config = station.config()
    engine = open_engine(config.paths.database, config.paths.database_file)
    programme = Programme(
        series_id="chuyen-doi-so",
        title="Bản tin",
        file_name="chuyen-doi-so/ban-tin.mp3",
        original_name="ban-tin.mp3",
        sha256="0" * 64,
        size_bytes=1,
        duration_s=60.0,
        arrived_at=SINCE - timedelta(days=1),
    )
    slots = {
        "before": SINCE - timedelta(seconds=1),
        "at": SINCE,
        "recorded": SINCE + timedelta(hours=1),
        "later": SINCE + timedelta(days=7),
    }
    with session(engine) as db:
        db.add(programme)
        db.commit()
        db.refresh(programme)
        assert programme.id is not None
        for seq, (uid, slot_at) in enumerate(slots.items(), 1):
            db.add(
                PlannedAiring(
                    uid=uid,
                    programme_id=programme.id,
                    series_id="chuyen-doi-so",
                    seq=seq,
                    kind="new",
                    slot_at=slot_at,
                    duration_s=60.0,
                )
            )
        db.commit()
    assert {a.uid for a in airings_to_time(engine, SINCE)} == {"at", "recorded", "later"}
    with session(engine) as db:
        recorded = db.get(PlannedAiring, 3)
    assert recorded is not None and recorded.uid == "recorded"
    write_as_run(engine, config, recorded, programme, Status.AIRED, "", recorded_at=SINCE)
    timed = airings_to_time(engine, SINCE)
    assert sorted(a.uid for a in timed) == ["at", "later"]
    assert {a.uid: a.slot_at for a in timed}["later"] == slots["later"]
