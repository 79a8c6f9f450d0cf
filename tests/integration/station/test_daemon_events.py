"""What the daemon notifies, in process with a real database and a local HTTP receiver: the
audio output lost and back, a restart after a crash, a rejected file, database trouble;
and a state from before the start is not news (#10 §4)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.exc import OperationalError

from broadcaster.clock import FakeClock
from broadcaster.core.vocab import IngestOutcome
from broadcaster.ingest.stages import Outcome
from broadcaster.station.alerts.events import DaemonEvents, crashed_before
from broadcaster.store.db import open_engine
from broadcaster.store.state import set_state
from tests.support.notify_servers import WebhookReceiver
from tests.support.onair import TZ

# 2 December: the month's programme is not due yet, so no other warning joins in.
START = datetime(2026, 12, 2, 8, 0, tzinfo=TZ)


def _events(station, hook: WebhookReceiver, clock: FakeClock):
    station.write_config(extra=f'[notify]\nwebhook_url = "{hook.url}"\nquiet_period = "0s"\n')
    config = station.config()
    engine = open_engine(config.paths.database, config.paths.database_file)
    return DaemonEvents(config, engine, clock), engine


def test_audio_lost_and_back_are_notified_and_an_old_state_is_not(station):
    clock = FakeClock(START)
    with WebhookReceiver() as hook:
        events, engine = _events(station, hook, clock)
        # What the last run saw, before this start: not news.
        set_state(engine, "audio", {"ok": False, "detail": "old"}, START - timedelta(hours=1))
        events.start(None)
        try:
            events.tick()
            clock.advance(timedelta(minutes=1))
            set_state(
                engine, "audio", {"ok": False, "detail": "pulse: không có thiết bị"}, clock.now()
            )
            events.tick()
            events.tick()  # still down: nothing new
            clock.advance(timedelta(minutes=1))
            set_state(engine, "audio", {"ok": True, "detail": "probe"}, clock.now())
            events.tick()
            posts = hook.wait_for(2)
        finally:
            events.stop()
    assert [p["text"] for p in posts] == [
        "Mất đầu ra âm thanh: pulse: không có thiết bị",
        "Đầu ra âm thanh đã hoạt động trở lại",
    ]
    assert {p["topic"] for p in posts} == {"audio"}


def test_a_crash_a_rejected_file_and_database_trouble_are_notified(station):
    clock = FakeClock(START)
    with WebhookReceiver() as hook:
        events, engine = _events(station, hook, clock)
        set_state(engine, "daemon", {"state": "running"}, START - timedelta(minutes=5))
        crashed = crashed_before(engine)
        assert crashed == START - timedelta(minutes=5)
        events.start(crashed)
        try:
            events.rejected(
                [
                    Outcome(
                        "Bản tin.mp3",
                        "chuyen-doi-so",
                        IngestOutcome.REJECTED,
                        "Không nhận Bản tin.mp3: hỏng",
                    ),
                    Outcome("Tốt.mp3", "chuyen-doi-so", IngestOutcome.ACCEPTED, "Đã nhận Tốt.mp3"),
                ]
            )
            events.database(OperationalError("INSERT", {}, Exception("disk I/O error")))
            posts = hook.wait_for(3)
        finally:
            events.stop()
    by_topic = {p["topic"]: p["text"] for p in posts}
    assert by_topic == {
        "daemon": "Phần mềm phát đã khởi động lại sau khi bị dừng đột ngột (lần cuối còn chạy lúc 02/12/2026 07:55)",
        "rejected": "Không nhận Bản tin.mp3: hỏng",
        "database": "Lỗi cơ sở dữ liệu: disk I/O error",
    }


def test_a_clean_stop_is_no_crash(station):
    with WebhookReceiver() as hook:
        _, engine = _events(station, hook, FakeClock(START))
        assert crashed_before(engine) is None  # never ran
        set_state(engine, "daemon", {"state": "stopped"}, START)
        assert crashed_before(engine) is None
        set_state(engine, "daemon", {"state": "running"}, START)
        assert crashed_before(engine) == START
