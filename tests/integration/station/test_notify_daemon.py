"""The real daemon warns before the month is lost: with its clock on 10/12/2026 and no
December programme (due by the 5th), `status` says so and a notification reaches the local
receivers; killed and started again, it says it restarted after a crash without repeating
the warning; a library file deleted before its airings is reported at the next tick."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from broadcaster.clock import OFFSET_FILE_ENV
from tests.support.notify_servers import SmtpReceiver, WebhookReceiver
from tests.support.onair import TZ, drop
from tests.support.rig import SoundRig

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

MISSING = "Chưa nhận chương trình tháng 12/2026 của Chuyên mục Chuyển đổi số (hạn 05/12/2026)"


def _cli(station, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "broadcaster", "--config", str(station.config_path), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)


def _start(station, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "broadcaster", "--config", str(station.config_path), "run"]
    return subprocess.Popen(
        command, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT, cwd=station.root
    )


def _with_text(posts: list[dict], needle: str) -> list[dict]:
    return [p for p in posts if needle in p["text"]]


def _wait(check, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while not check() and time.monotonic() < deadline:
        time.sleep(0.2)
    return bool(check())


def test_the_daemon_warns_of_a_missing_programme_a_crash_and_a_vanished_file(
    station, rig: SoundRig, tone, tmp_path
) -> None:
    offset = tmp_path / "clock-offset"
    target = datetime(2026, 12, 10, 9, 0, tzinfo=TZ)
    offset.write_text(str(target.timestamp() - time.time()))
    env = {**os.environ, **rig.env(), "PYTHONUNBUFFERED": "1", OFFSET_FILE_ENV: str(offset)}
    log = tmp_path / "daemon.log"
    with SmtpReceiver() as smtp, WebhookReceiver() as hook:
        station.write_config(
            vlc_args='["--aout=pulse"]',
            extra=f"""
[notify]
email_to = "canbo@xa.gov.vn"
smtp_host = "127.0.0.1"
smtp_port = {smtp.port}
starttls = false
webhook_url = "{hook.url}"
retry_backoff = "1s"
""",
        )
        proc = _start(station, env, log)
        try:
            assert _wait(lambda: _with_text(hook.posts, MISSING)), log.read_text()
            assert _wait(lambda: any(MISSING in m["Subject"] for m in smtp.messages))
            status = _cli(station, env, "status")
            assert MISSING in status.stdout, status.stdout + status.stderr
            assert "Cảnh báo:" in status.stdout
            plan = _cli(station, env, "plan")
            assert MISSING in plan.stdout

            # Killed (no clean stop), then started again: a crash is said, the known
            # warning is logged again but not notified again.
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=10)
            proc = _start(station, env, log)
            assert _wait(lambda: [p for p in hook.posts if p["topic"] == "daemon"]), log.read_text()
            (crash,) = [p for p in hook.posts if p["topic"] == "daemon"]
            assert "khởi động lại sau khi bị dừng đột ngột" in crash["text"]
            # Its first tick logs the known warning again (the log says so at every start).
            assert _wait(lambda: log.read_text().count(MISSING) == 2), log.read_text()

            # A programme arrives; its library file is then deleted before its airings.
            # (`ingest` takes it: the daemon's own inbox timer runs on the real wall clock,
            # eleven days before the shifted one.)
            drop(tone(2), station.inbox, folder="chuyen-doi-so", name="Tháng 12.mp3")
            taken = _cli(station, env, "ingest")
            library = station.library / "chuyen-doi-so"
            assert list(library.glob("*.mp3")), taken.stdout + taken.stderr
            time.sleep(3)  # a reconcile tick sees the file as it was taken in
            for file in library.glob("*.mp3"):
                file.unlink()
            vanished = "đã mất khỏi thư viện"
            assert _wait(lambda: _with_text(hook.posts, vanished)), log.read_text()
            status = _cli(station, env, "status")
            assert vanished in status.stdout
            assert MISSING not in status.stdout  # it arrived: no longer missing
            assert proc.poll() is None
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=20) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
        assert len(_with_text(hook.posts, MISSING)) == 1  # the restart did not repeat it
