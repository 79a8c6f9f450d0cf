"""The class test for what an operator reads (#10 §5): every command an operator runs, and
a real `broadcaster run` on the rig, on a station with data (monthly and weekly series,
as-run rows of every outcome, make-ups, a bulletin), print no ISO date, UUID, decimal point,
ISO week, English word, series id or ALSA/libVLC chatter in Vietnamese; English stays
available with `language = "en"`. Each command is a real process, as the operator runs it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from broadcaster._lib.logs import DEBUG_LOG, NATIVE_LOG, OPERATOR_LOG
from broadcaster.audio.player.fake import FakePlayer
from broadcaster.clock import FakeClock
from broadcaster.store.db import session
from broadcaster.store.models import PlannedAiring
from tests.support.history import _air, make_history
from tests.support.onair import drop, slot_in
from tests.support.operator_words import CHATTER, leaks
from tests.support.rig import SoundRig
from tests.support.station import series_toml

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

SERIES_IDS = ("chuyen-doi-so", "tinh-hang-tuan")


def _cli(station, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "broadcaster", "--config", str(station.config_path), *args],
        capture_output=True,
        text=True,
        cwd=station.root,
        timeout=120,
    )


def _with_makeups(history: dict) -> None:
    """March's partial airing made up twice (the first attempt failed with no audio output,
    libVLC's words in its reason; the second aired), and two airings ahead of the real now:
    a make-up and a fifth repeat, for `status`'s next lines."""
    config, engine = history["config"], history["engine"]
    with session(engine) as db:
        monthly = db.exec(
            select(PlannedAiring)
            .where(PlannedAiring.series_id == "chuyen-doi-so")
            .order_by(PlannedAiring.slot_at)  # type: ignore[arg-type]
        ).all()
        partial = monthly[2]
        first, made_up = (
            PlannedAiring(
                programme_id=partial.programme_id,
                series_id=partial.series_id,
                seq=partial.seq + 100 * attempt,  # the planner's counter for an attempt
                kind="makeup",
                slot_at=partial.slot_at + timedelta(hours=12 * attempt),
                duration_s=partial.duration_s,
            )
            for attempt in (1, 2)
        )
        ahead = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)
        for seq, kind, hours in ((101, "makeup", 0), (5, "repeat", 2)):
            db.add(
                PlannedAiring(
                    programme_id=partial.programme_id,
                    series_id=partial.series_id,
                    seq=seq,
                    kind=kind,
                    slot_at=ahead + timedelta(hours=hours),
                    duration_s=partial.duration_s,
                )
            )
        db.add_all([first, made_up])
        db.commit()
        db.refresh(first)
        db.refresh(made_up)
    for airing, player in ((first, FakePlayer(output_works=False)), (made_up, FakePlayer())):
        _air(config, engine, FakeClock(airing.slot_at - timedelta(minutes=1)), airing, player)


@pytest.fixture
def busy_station(station, tone):
    history = make_history(station, tone)
    _with_makeups(history)
    history["engine"].dispose()
    return station


def _outputs(station, tone, tmp_path: Path) -> dict[str, subprocess.CompletedProcess[str]]:
    drop(tone(1.2), station.inbox, "Tuần mới.mp3", folder="tinh-hang-tuan")
    broken = station.inbox / "Hỏng.mp3"
    broken.write_bytes(b"\x00not audio" * 50)
    bulletin = tmp_path / "Thông báo lịch tiêm phòng.mp3"
    bulletin.write_bytes(tone(0.8).read_bytes())
    runs = {"status": _cli(station, "status")}  # before `plan` re-plans what is ahead
    runs["plan March"] = _cli(station, "plan", "--month", "2026-03")
    runs["plan"] = _cli(station, "plan")
    runs["ingest"] = _cli(station, "ingest")
    runs["announce"] = _cli(station, "announce", str(bulletin))
    runs["status after"] = _cli(station, "status")
    runs["plan after"] = _cli(station, "plan")  # the bulletin among the month's airings
    runs["doctor"] = _cli(station, "doctor")
    return runs


def test_every_command_an_operator_runs_speaks_plain_vietnamese(
    busy_station, tone, rig, tmp_path
) -> None:
    station = busy_station
    station.write_config(vlc_args='["--aout=pulse"]')
    os.environ.update(rig.env())
    runs = _outputs(station, tone, tmp_path)
    # Paths are the operator's own names (the database file here is "station.db").
    hide = (str(station.root / "var" / "station.db"), str(station.root), str(tmp_path))
    found = {
        name: leaks(done.stdout + done.stderr, hide, SERIES_IDS) for name, done in runs.items()
    }
    assert not any(found.values()), "\n".join(
        f"{name}: {line}" for name, lines in found.items() for line in lines
    )
    for name, done in runs.items():  # shown when the test fails: what the operator read
        print(f"--- {name} (exit {done.returncode})\n{done.stdout}{done.stderr}")
    plan = runs["plan March"].stdout
    assert "Lịch phát tháng 3/2026" in plan
    assert "phát bù lần 2" in plan and "phát lại lần 3" in plan
    assert "Chuyển đổi số – Đài tỉnh" in plan  # the weekly series by its title
    status = runs["status"].stdout
    assert "Tình trạng: Đài truyền thanh xã Thử Nghiệm" in status  # no "đài Đài"
    assert "phát bù" in status and "lần 101" not in status and "lần 100" not in status
    assert "Đã nhận: Tuần mới.mp3 → Chuyển đổi số – Đài tỉnh" in runs["ingest"].stdout
    assert "phát trong tuần " in runs["ingest"].stdout
    assert "Đã lên lịch bản tin" in runs["announce"].stdout
    # The daemon never ran: status says so and exits 1; doctor's own exit is its own.
    assert runs["status"].returncode == 1 and "[!!]" in status
    assert runs["plan"].returncode == 0 and runs["ingest"].returncode == 0
    assert runs["announce"].returncode == 0


def test_english_stays_available(busy_station) -> None:
    station = busy_station
    text = station.config_path.read_text(encoding="utf-8")
    station.config_path.write_text(
        text.replace('level = "commune"', 'level = "commune"\nlanguage = "en"'), encoding="utf-8"
    )
    status = _cli(station, "status").stdout
    plan = _cli(station, "plan", "--month", "2026-03").stdout
    assert "Status: Đài truyền thanh xã Thử Nghiệm" in status and "Next airings:" in status
    assert "make-up" in status
    assert "Schedule March 2026" in plan and "make-up #2" in plan and "repeat #3" in plan
    # Our words are English; titles, names and the reasons stored in the rows (written
    # in Vietnamese when they aired) stay as they are.
    for ours in ("phát ", "Lịch ", "tháng 3/2026", "tuần "):
        assert ours not in plan, ours
    for ours in ("Tình trạng", "Kiểm tra", "Sắp phát", "chưa từng chạy"):
        assert ours not in status, ours


def _run_daemon(station, env: dict[str, str], seconds: float, log: Path) -> int:
    proc = subprocess.Popen(
        [sys.executable, "-m", "broadcaster", "--config", str(station.config_path), "run"],
        env={**os.environ, **env, "PYTHONUNBUFFERED": "1"},
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        cwd=station.root,
    )
    try:
        time.sleep(seconds)
        assert proc.poll() is None, log.read_text(encoding="utf-8")
        proc.send_signal(signal.SIGTERM)
        return proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()


def test_a_real_run_shows_the_operator_clean_lines_and_keeps_the_chatter_aside(
    station, tone, rig: SoundRig, tmp_path
) -> None:
    """An airing on the rig: the console and broadcaster.log read cleanly. Then a start
    with no sound server (libVLC falls back to ALSA, which prints hundreds of lines on fd 2
    when there is no card): none reaches the console, all is in audio-debug.log."""
    slot, slot_at = slot_in(14)
    station.write_series("chuyen-doi-so", series_toml([slot]))
    station.write_config(settle="1s", vlc_args='["--aout=pulse"]')
    drop(tone(3), station.inbox, "Bản tin sáng.mp3", folder="chuyen-doi-so")
    console = tmp_path / "console.txt"
    wait = slot_at.timestamp() - time.time() + 6
    assert _run_daemon(station, rig.env(), wait, console) == 0
    text = console.read_text(encoding="utf-8")
    logs = station.root / "var" / "log"
    operator_log = (logs / OPERATOR_LOG).read_text(encoding="utf-8")
    hide = (str(station.root),)
    assert not leaks(text, hide, SERIES_IDS), "\n".join(leaks(text, hide, SERIES_IDS))
    assert not leaks(operator_log, hide, SERIES_IDS)
    assert "Bắt đầu phát: Bản tin sáng (phát mới)" in text and "Kết thúc: Bản tin sáng" in text
    assert slot_at.strftime("%d/%m/%Y %H:%M:%S") in text  # the slot, as the operator writes it
    # The technician's log keeps what the operator's does not: loudness, module paths.
    debug = (logs / DEBUG_LOG).read_text(encoding="utf-8")
    assert "LUFS" in debug and "broadcaster." in debug

    no_server = {**rig.env(), "PULSE_SERVER": f"unix:{tmp_path / 'no-such-socket'}"}
    station.write_config(settle="1s", vlc_args="[]")
    quiet = tmp_path / "console-no-sound.txt"
    assert _run_daemon(station, no_server, 6, quiet) == 0
    text = quiet.read_text(encoding="utf-8")
    assert not [line for line in text.splitlines() if CHATTER.search(line)], text
    assert not leaks(text, hide, SERIES_IDS), "\n".join(leaks(text, hide, SERIES_IDS))
    assert "Không có đầu ra âm thanh hoạt động" in text
    native = (logs / NATIVE_LOG).read_text(encoding="utf-8", errors="replace")
    assert [line for line in native.splitlines() if CHATTER.search(line)], native[:2000]
