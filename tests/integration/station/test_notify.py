"""Notifications against a local SMTP server and a local HTTP receiver started here: the
mail and the POST arrive in Vietnamese; a refusing server is retried with backoff, a bounded
number of times; a burst is folded by the quiet period; a dead server blocks nobody; and a
restart sends nothing twice (#10 §4)."""

from __future__ import annotations

import socket
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from broadcaster.clock import FakeClock
from broadcaster.config.notify import NotifySettings
from broadcaster.station.notify.notifier import FAILED, SENT, Notifier
from broadcaster.store.db import open_engine, session
from broadcaster.store.models import Notification
from tests.support.notify_servers import SmtpReceiver, WebhookReceiver
from tests.support.onair import TZ

STATION = ("xa-thu-nghiem", "Đài truyền thanh xã Thử Nghiệm")
MISSING = "Chưa nhận chương trình tháng 12/2026 của Chuyên mục Chuyển đổi số (hạn 05/12/2026)"
T0 = datetime(2026, 12, 6, 1, 0, tzinfo=UTC)  # 08:00 station time


@pytest.fixture
def engine(tmp_path: Path):
    return open_engine(f"sqlite:///{tmp_path / 'station.db'}", tmp_path / "station.db")


def settings(smtp: SmtpReceiver | None, hook: WebhookReceiver | None, **extra) -> NotifySettings:
    values = {
        "email_to": ("canbo@xa.gov.vn",) if smtp else (),
        "email_from": "dai@xa.gov.vn",
        "smtp_host": "127.0.0.1" if smtp else "",
        "smtp_port": smtp.port if smtp else 25,
        "starttls": False,
        "webhook_url": hook.url if hook else "",
        "timeout": timedelta(seconds=2),
        "retry_backoff": timedelta(seconds=0.2),
        **extra,
    }
    return NotifySettings(**values)


def notifier(engine, notify: NotifySettings, clock=None) -> Notifier:
    return Notifier(notify, engine, clock or FakeClock(T0), STATION, TZ)


def rows(engine) -> list[Notification]:
    with session(engine) as db:
        return list(db.exec(select(Notification).order_by(Notification.id)).all())  # type: ignore[arg-type]


def wait_until(check, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while not check() and time.monotonic() < deadline:
        time.sleep(0.05)
    return bool(check())


def test_the_mail_and_the_post_arrive_in_vietnamese(engine):
    with SmtpReceiver() as smtp, WebhookReceiver() as hook:
        sender = notifier(engine, settings(smtp, hook))
        sender.start()
        try:
            assert sender.emit("programme_missing", "chuyen-doi-so:2026-12", MISSING)
            (mail,) = smtp.wait_for(1)
            (post,) = hook.wait_for(1)
        finally:
            sender.stop()
    assert mail["Subject"] == f"[{STATION[1]}] {MISSING}"
    assert (mail["From"], mail["To"]) == ("dai@xa.gov.vn", "canbo@xa.gov.vn")
    assert mail.get_content_charset() == "utf-8"
    body = mail.get_content()
    assert MISSING in body and "Lúc: 06/12/2026 08:00" in body and STATION[1] in body
    assert post["content_type"] == "application/json; charset=utf-8"
    assert (post["text"], post["station_name"], post["topic"]) == (
        MISSING,
        STATION[1],
        "programme_missing",
    )
    assert post["at"] == "2026-12-06T08:00:00+07:00"
    assert wait_until(lambda: rows(engine)[0].sent_at is not None)
    (row,) = rows(engine)
    assert (row.email_state, row.webhook_state, row.attempts) == (SENT, SENT, 1)


def test_a_refusing_server_is_tried_again_with_backoff(engine):
    with SmtpReceiver(refuse=2) as smtp, WebhookReceiver(refuse=2) as hook:
        sender = notifier(engine, settings(smtp, hook, retries=3))
        sender.start()
        started = time.monotonic()
        try:
            sender.emit("audio", "", "Mất đầu ra âm thanh: pulse")
            assert len(smtp.wait_for(1)) == 1
            assert len(hook.wait_for(1)) == 1
            took = time.monotonic() - started
        finally:
            sender.stop()
        assert (smtp.connections, hook.attempts) == (3, 3)
    # Two waits: 0.2 s, then 0.4 s (doubling); bounded well under the test's patience.
    assert 0.55 < took < 5.0
    assert wait_until(lambda: rows(engine)[0].attempts == 3)
    assert rows(engine)[0].email_state == SENT


def test_a_server_that_never_answers_is_given_up_after_the_retries(engine):
    with WebhookReceiver(refuse=100) as hook:
        sender = notifier(engine, settings(None, hook, retries=2))
        sender.start()
        try:
            sender.emit("audio", "", "Mất đầu ra âm thanh: pulse")
            assert wait_until(lambda: rows(engine)[0].webhook_state == FAILED)
        finally:
            sender.stop()
        assert hook.attempts == 3  # the first try and two retries, no more
    (row,) = rows(engine)
    assert "503" in row.last_error and row.sent_at is None


def test_a_flapping_device_sends_one_mail_then_one_summary(engine):
    clock = FakeClock(T0)
    with SmtpReceiver() as smtp:
        sender = notifier(engine, settings(smtp, None, quiet_period=timedelta(minutes=30)), clock)
        sender.start()
        try:
            made = 0
            for i in range(50):  # lost, back, lost, back… every 20 s for 16 minutes
                text = (
                    "Mất đầu ra âm thanh: pulse"
                    if i % 2 == 0
                    else "Đầu ra âm thanh đã hoạt động trở lại"
                )
                made += sender.emit("audio", "", text)
                clock.advance(timedelta(seconds=20))
            assert made == 1
            assert sender.tick() == 0  # still inside the quiet period
            clock.advance(timedelta(minutes=30))
            assert sender.tick() == 1
            assert sender.tick() == 0  # one summary, not one per tick
            mails = smtp.wait_for(2)
        finally:
            sender.stop()
        time.sleep(0.3)
        assert len(smtp.messages) == 2
    assert "Mất đầu ra âm thanh" in mails[0]["Subject"]
    summary = mails[1].get_content()
    assert (
        "Việc sau đã lặp lại thêm 49 lần; lần gần nhất: Đầu ra âm thanh đã hoạt động trở lại"
        in summary
    )


def test_each_subject_has_its_own_quiet_period(engine):
    with WebhookReceiver() as hook:
        sender = notifier(engine, settings(None, hook))
        sender.start()
        try:
            assert sender.emit("rejected", "a.mp3", "Không nhận tệp a.mp3")
            assert sender.emit("rejected", "b.mp3", "Không nhận tệp b.mp3")
            assert not sender.emit("rejected", "a.mp3", "Không nhận tệp a.mp3")
            assert len(hook.wait_for(2)) == 2
        finally:
            sender.stop()


def test_a_dead_server_never_blocks_the_caller(engine):
    # A socket that accepts connections and never says a word, and a web server that
    # takes 5 s to answer: emit() only queues, and stop() does not wait for them.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)
    with WebhookReceiver(delay=5.0) as hook:
        notify = replace(
            settings(None, hook, timeout=timedelta(seconds=10)),
            email_to=("canbo@xa.gov.vn",),
            smtp_host="127.0.0.1",
            smtp_port=silent.getsockname()[1],
        )
        sender = notifier(engine, notify)
        sender.start()
        started = time.monotonic()
        for i in range(20):
            sender.emit("rejected", f"tep-{i}.mp3", f"Không nhận tệp tep-{i}.mp3")
        emitted = time.monotonic() - started
        stop_started = time.monotonic()
        sender.stop(timeout=0.5)
        stopped = time.monotonic() - stop_started
    silent.close()
    assert emitted < 2.0, emitted  # 20 events, no network on the caller's thread
    assert stopped < 1.5, stopped
    assert len(rows(engine)) == 20


def test_a_restart_sends_nothing_twice_and_keeps_the_quiet_period(engine):
    clock = FakeClock(T0)
    with WebhookReceiver() as hook:
        first = notifier(engine, settings(None, hook), clock)
        first.start()
        first.emit("audio", "", "Mất đầu ra âm thanh: pulse")
        hook.wait_for(1)
        assert wait_until(lambda: rows(engine)[0].webhook_state == SENT)
        first.stop()
        second = notifier(engine, settings(None, hook), clock)
        second.start()
        try:
            assert not second.emit("audio", "", "Mất đầu ra âm thanh: pulse")  # still quiet
            time.sleep(0.5)
        finally:
            second.stop()
        assert len(hook.posts) == 1


def test_what_a_stop_left_undelivered_is_sent_at_the_next_start(engine):
    with WebhookReceiver(refuse=100) as down:
        first = notifier(engine, settings(None, down, retry_backoff=timedelta(minutes=5)))
        first.start()
        first.emit("daemon", "crash", "Phần mềm phát đã khởi động lại sau khi bị dừng đột ngột")
        assert wait_until(lambda: down.attempts == 1)
        first.stop()
    with WebhookReceiver() as up:
        second = notifier(engine, settings(None, up))
        second.start()
        try:
            (post,) = up.wait_for(1)
        finally:
            second.stop()
    assert post["topic"] == "daemon"
    assert wait_until(lambda: rows(engine)[0].webhook_state == SENT)
