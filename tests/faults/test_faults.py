"""Faults injected into a running daemon process (null-sink rig). For each: the daemon
survives, the as-run rows tell the truth, and no row is lost (the chain verifies and every
row seen before the fault is still there)."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from datetime import timedelta
from pathlib import Path

from tests.integration.audio.test_player_contract import NO_OUTPUT_ARGS
from tests.support.onair import drop, slot_in, wait_for
from tests.support.process import cli, export_rows, sleep_until
from tests.support.station import series_toml


def _setup(station, slots: list[str], repeats: int = 0, vlc_args: str = '["--aout=pulse"]') -> None:
    station.write_series("chuyen-doi-so", series_toml(slots, repeats=repeats))
    station.write_config(settle="1s", vlc_args=vlc_args)
    text = station.config_path.read_text(encoding="utf-8")
    station.config_path.write_text(
        text.replace('missed_grace = "30s"', 'missed_grace = "3s"'), encoding="utf-8"
    )


def _chain_ok(station) -> bool:
    return cli(station, "verify", "--database", check=False).returncode == 0


def _lost(before: list[dict], after: list[dict]) -> int:
    kept = {r["uid"] for r in after}
    return sum(1 for r in before if r["uid"] not in kept)


def test_kill_9_mid_airing_then_restart(station, tone, daemon, fault) -> None:
    first, first_at = slot_in(12)
    second, second_at = slot_in(22)
    _setup(station, [first, second], repeats=1)
    proc = daemon().start()
    time.sleep(1)
    drop(tone(8), station.inbox)
    sleep_until(first_at + timedelta(seconds=4))  # four seconds into the programme
    proc.kill9()  # the power goes
    sleep_until(second_at + timedelta(seconds=5))  # the repeat's slot passes while down
    again = daemon().start()
    time.sleep(6)
    survived = again.alive() and again.stop() == 0
    month = first_at.strftime("%Y-%m")
    after = export_rows(station, month)
    kinds = [(r["kind"], r["status"]) for r in after]
    assert kinds[:2] == [("new", "partial"), ("repeat", "missed")], again.text()
    assert abs(after[0]["played_s"] - 4.0) <= 2.0  # how long it really played
    plan = cli(station, "plan", "--month", month, "--json").stdout
    assert '"kind": "makeup"' in plan  # both are made up later in the month
    fault(survived=survived and _chain_ok(station), rows_lost=0)
    assert survived


def test_no_working_audio_output(station, tone, daemon, fault) -> None:
    slot_text, slot_at = slot_in(10)
    _setup(station, [slot_text], vlc_args="[" + ", ".join(f'"{a}"' for a in NO_OUTPUT_ARGS) + "]")
    proc = daemon().start()
    time.sleep(1)
    drop(tone(3), station.inbox)
    sleep_until(slot_at + timedelta(seconds=6))
    (row,) = export_rows(station, slot_at.strftime("%Y-%m"))
    assert row["status"] == "failed" and "đầu ra âm thanh" in row["reason"]
    status = cli(station, "status", "--json", check=False).stdout
    assert '"ok": false' in status  # the audio output shows as faulty
    alive = proc.alive()
    fault(survived=alive and proc.stop() == 0 and _chain_ok(station), rows_lost=0)
    assert alive


def test_a_file_removed_before_its_slot(station, tone, daemon, fault) -> None:
    slot_text, slot_at = slot_in(12)
    _setup(station, [slot_text])
    proc = daemon().start()
    time.sleep(1)
    drop(tone(3), station.inbox, "Bản tin.mp3")
    library_file = station.library / "chuyen-doi-so" / "Bản tin.mp3"
    assert _wait_for(library_file.exists, 10)
    library_file.unlink()  # an operator "tidies up" the library
    sleep_until(slot_at + timedelta(seconds=4))
    (row,) = export_rows(station, slot_at.strftime("%Y-%m"))
    assert row["status"] == "failed" and "Bản tin.mp3" in row["reason"]
    alive = proc.alive()
    fault(survived=alive and proc.stop() == 0 and _chain_ok(station), rows_lost=0)
    assert alive


def test_a_stalled_player_is_stopped_by_the_watchdog(rig, tone, tmp_path, fault) -> None:
    """libVLC waiting for data that never comes (a stalled input) must not hold the
    station: the watchdog stops it and the airing is not called aired."""
    from broadcaster.audio.player.vlc_player import STALL_S, VlcPlayer
    from broadcaster.clock import SystemClock
    from broadcaster.core.judge import judge

    fifo = tmp_path / "stalled.mp3"
    os.mkfifo(fifo)
    data = tone(20).read_bytes()
    release = threading.Event()

    def feed() -> None:
        try:
            with fifo.open("wb") as pipe:
                pipe.write(data[: len(data) // 5])  # four seconds of sound, then nothing
                pipe.flush()
                release.wait(60)
        except BrokenPipeError:
            pass  # the player gave up on the stream, as it should

    threading.Thread(target=feed, daemon=True).start()
    clock = SystemClock()
    player = VlcPlayer(("--aout=pulse",))
    began = time.monotonic()
    try:
        report = player.play(
            fifo, clock.now() + timedelta(seconds=1), 20.0, threading.Event(), clock
        )
    finally:
        release.set()
        player.close()
    took = time.monotonic() - began
    verdict = judge(report, 20.0)
    assert report.error and "stalled" in report.error
    assert verdict.status != "aired" and took < 4 + STALL_S + 10
    fault(survived=True, rows_lost=0)


def test_a_damaged_database_file(station, tone, daemon, fault) -> None:
    slot_text, slot_at = slot_in(10)
    _setup(station, [slot_text])
    proc = daemon().start()
    time.sleep(1)
    drop(tone(2), station.inbox)
    sleep_until(slot_at + timedelta(seconds=4))
    assert proc.stop() == 0
    before = export_rows(station, slot_at.strftime("%Y-%m"))
    assert [r["status"] for r in before] == ["aired"], (before, proc.text())
    cli(station, "db", "backup")
    database = station.root / "var" / "station.db"
    with database.open("r+b") as handle:  # a sector goes bad
        handle.seek(4096)
        handle.write(os.urandom(8192))
    broken = daemon().start()
    assert broken.proc is not None and broken.proc.wait(timeout=30) != 0
    assert "db restore" in broken.text()  # one clear line says what to do
    restore = cli(station, "db", "restore", "--yes", check=False)
    assert restore.returncode == 0, restore.stdout + restore.stderr
    assert list(database.parent.glob("station.db.damaged-*"))  # kept, not deleted
    again = daemon().start()
    time.sleep(4)
    survived = again.alive() and again.stop() == 0
    after = export_rows(station, slot_at.strftime("%Y-%m"))
    lost = _lost(before, after)
    fault(survived=survived and _chain_ok(station), rows_lost=lost)
    assert survived and lost == 0


def _mount_tmpfs(target: Path, size: str) -> None:
    target.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(target)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, f"this fault needs root to mount a small tmpfs: {result.stderr}"


def test_a_full_disk(station, tone, daemon, fault) -> None:
    var = station.root / "var"
    _mount_tmpfs(var, "4m")
    try:
        first, first_at = slot_in(14)
        _setup(station, [first])
        proc = daemon().start()
        time.sleep(1)
        drop(tone(2), station.inbox, "Trước khi đầy.mp3")
        assert _wait_for(lambda: not (station.inbox / "Trước khi đầy.mp3").exists(), 10)
        filler = var / "filler.bin"
        subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=64k"], capture_output=True)
        drop(tone(3), station.inbox, "Khi đầy.mp3")
        sleep_until(first_at + timedelta(seconds=5))  # the airing plays; its row cannot be written
        stuck_in_inbox = (station.inbox / "Khi đầy.mp3").exists()
        alive_while_full = proc.alive()
        filler.unlink()  # the operator frees space
        assert _wait_for(lambda: bool(export_rows(station, first_at.strftime("%Y-%m"))), 20), (
            proc.text()
        )
        (row,) = export_rows(station, first_at.strftime("%Y-%m"))
        # played while the disk was full, written afterwards
        assert row["status"] == "aired", (row, proc.text())
        assert _wait_for(lambda: not (station.inbox / "Khi đầy.mp3").exists(), 20)
        survived = alive_while_full and proc.alive() and proc.stop() == 0
        assert stuck_in_inbox  # not taken, not lost, while nothing could be recorded
        assert "KHÔNG GHI ĐƯỢC" in proc.text() or "đầy" in proc.text()  # loudly
        fault(survived=survived and _chain_ok(station), rows_lost=0)
        assert survived
    finally:
        subprocess.run(["umount", "-l", str(var)], capture_output=True)


def test_an_emergency_bulletin_during_a_programme(station, tone, daemon, fault) -> None:
    slot_text, slot_at = slot_in(12)
    spare, _ = slot_in(900)
    _setup(station, [slot_text, spare])
    proc = daemon().start()
    time.sleep(1)
    drop(tone(15), station.inbox)
    sleep_until(slot_at + timedelta(seconds=4))
    cli(station, "announce", str(tone(2)), "--priority", "emergency")
    month = slot_at.strftime("%Y-%m")
    assert _wait_for(lambda: len(export_rows(station, month)) >= 2, 30), proc.text()
    after = export_rows(station, month)
    assert [(r["kind"], r["status"]) for r in after] == [("new", "partial"), ("bulletin", "aired")]
    assert after[1]["priority"] == "emergency"
    assert '"kind": "makeup"' in cli(station, "plan", "--month", month, "--json").stdout
    alive = proc.alive()
    fault(survived=alive and proc.stop() == 0 and _chain_ok(station), rows_lost=0)
    assert alive


def test_a_clock_jump_never_replays_a_backlog(station, tone, daemon, fault, tmp_path) -> None:
    offset = tmp_path / "clock-offset"
    offset.write_text("0")
    slot_text, slot_at = slot_in(40)
    _setup(station, [slot_text])
    proc = daemon(BROADCASTER_TEST_CLOCK_OFFSET_FILE=str(offset)).start()
    time.sleep(1)
    drop(tone(2), station.inbox)
    time.sleep(6)
    offset.write_text(str(3 * 3600))  # the clock leaps three hours ahead
    assert _wait_for(lambda: "nhảy" in proc.text(), 15), proc.text()
    assert _wait_for(lambda: bool(export_rows(station, slot_at.strftime("%Y-%m"))), 20)
    sleep_until(slot_at + timedelta(seconds=4))  # the slot's real time passes too
    (row,) = export_rows(station, slot_at.strftime("%Y-%m"))
    assert row["status"] == "missed"  # recorded, not played as a late backlog
    assert "Bắt đầu phát" not in proc.text()
    alive = proc.alive()
    fault(survived=alive and proc.stop() == 0 and _chain_ok(station), rows_lost=0)
    assert alive


if shutil.which("mount") is None:  # pragma: no cover - every Debian has it
    raise RuntimeError("mount is needed for the full-disk fault")


def _pactl(rig, *args: str) -> str:
    return subprocess.run(
        ["pactl", *args],
        env={**os.environ, **rig.env()},
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_the_sound_device_unplugged_mid_programme(station, tone, daemon, rig, fault) -> None:
    slot_text, slot_at = slot_in(12)
    spare, _ = slot_in(900)
    _setup(station, [slot_text, spare])
    proc = daemon().start()
    time.sleep(1)
    drop(tone(10), station.inbox)
    sleep_until(slot_at + timedelta(seconds=4))
    module = next(
        line.split()[0]
        for line in _pactl(rig, "list", "short", "modules").splitlines()
        if "module-null-sink" in line
    )
    try:
        _pactl(rig, "unload-module", module)  # the lead is pulled: the device is gone
        month = slot_at.strftime("%Y-%m")
        assert _wait_for(lambda: bool(export_rows(station, month)), 20), proc.text()
        (row,) = export_rows(station, month)
    finally:
        _pactl(rig, "load-module", "module-null-sink", "sink_name=air", "rate=48000")
        _pactl(rig, "set-default-sink", "air")
    assert row["status"] == "partial" and "đầu ra âm thanh" in row["reason"]
    assert 2.0 <= row["played_s"] <= 6.0  # heard until the lead was pulled, not to the end
    assert '"kind": "makeup"' in cli(station, "plan", "--month", month, "--json").stdout
    alive = proc.alive()
    fault(survived=alive and proc.stop() == 0 and _chain_ok(station), rows_lost=0)
    assert alive


def _wait_for(predicate, timeout: float = 30.0) -> bool:
    return wait_for(predicate, timeout, 0.25)
