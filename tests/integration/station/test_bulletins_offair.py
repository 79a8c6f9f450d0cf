"""Bulletins of every level air, by command and by folder (issue #10 §1), heard off air.

Seen in a trial: `announce FILE` (normal) said "Đã lên lịch…" and the next re-plan removed
it; files dropped into inbox/thong-thuong/ vanished the same way. Here the real daemon
(`broadcaster run`, libVLC into the rig's null sink) takes a programme and five bulletins
while it re-plans several times (every file taken in re-plans), and every one of them is
heard at its time and leaves its as-run row.
"""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import datetime

import pytest

from tests.support.onair import drop, slot_in
from tests.support.process import export_rows, start_daemon, stop_daemon
from tests.support.station import series_toml

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def _announce(station, rig, file, *args: str) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(
        [
            sys.executable,
            "-m",
            "broadcaster",
            "--config",
            str(station.config_path),
            "announce",
            str(file),
            *args,
        ],
        env={**os.environ, **rig.env()},
        capture_output=True,
        text=True,
        timeout=60,
    )


def _until(moment: datetime) -> None:
    time.sleep(max(0.0, moment.timestamp() - time.time()))


def test_every_level_by_command_and_by_folder_airs_and_leaves_its_row(
    station, tone, rig, tmp_path
) -> None:
    # One timetable, fixed at the start, with room between the moments for a command that
    # takes a few seconds on a loaded machine: programme 16-20 s, priority by folder right
    # after it, normal by command at 28 s, emergency and priority by command at about 31 and
    # 35 s, normal by folder at the free slot, 48 s.
    programme_slot, programme_at = slot_in(16)
    _, normal_at = slot_in(28)
    _, emergency_at = slot_in(31)
    _, priority_at = slot_in(35)
    free_slot, free_at = slot_in(48)  # a slot of the series nothing else takes
    station.write_series("chuyen-doi-so", series_toml([programme_slot, free_slot]))
    station.write_config(settle="1s", vlc_args='["--aout=pulse"]')
    log = tmp_path / "daemon.log"
    proc = start_daemon(station, rig, log)
    try:
        with rig.recorder() as recording:
            time.sleep(2.0)
            drop(tone(4), station.inbox, folder="chuyen-doi-so", name="Chương trình tháng.mp3")
            time.sleep(4.0)  # taken in and planned at its slot before any bulletin comes
            # normal, by command, at a set time (between the programme and the free slot)
            said = _announce(
                station,
                rig,
                tone(1, 660),
                "--priority",
                "normal",
                "--at",
                normal_at.strftime("%H:%M:%S"),
            )
            assert said.returncode == 0, said.stdout + said.stderr
            # normal, by folder: the next free slot of the station
            drop(tone(1, 550), station.inbox, folder="thong-thuong", name="Thông báo họp.mp3")
            # priority, by folder, while the programme is on air: right after it
            _until(programme_at)
            time.sleep(1.0)
            drop(tone(1, 880), station.inbox, folder="uu-tien", name="Lịch tiêm chủng.mp3")
            # emergency, by command, at once
            _until(emergency_at)
            said = _announce(station, rig, tone(1, 990), "--priority", "emergency")
            assert said.returncode == 0, said.stdout + said.stderr
            # priority, by command, with nothing on air: at once too
            _until(priority_at)
            said = _announce(station, rig, tone(1, 770), "--priority", "priority")
            assert said.returncode == 0, said.stdout + said.stderr
            _until(free_at)
            time.sleep(3.0)
        assert proc.poll() is None, log.read_text()
        assert stop_daemon(proc) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    text = log.read_text()
    rows = export_rows(station, programme_at.strftime("%Y-%m"))
    seen = [(r["kind"], r["priority"], r["status"]) for r in rows]
    assert sorted(seen, key=str) == sorted(
        [
            ("new", None, "aired"),
            ("bulletin", "priority", "aired"),  # by folder
            ("bulletin", "normal", "aired"),  # by command, --at
            ("bulletin", "emergency", "aired"),  # by command
            ("bulletin", "priority", "aired"),  # by command
            ("bulletin", "normal", "aired"),  # by folder, next free slot
        ],
        key=str,
    ), text
    by_title = {r["title"]: r for r in rows}
    folder_normal = by_title["Thông báo họp"]
    assert datetime.fromisoformat(folder_normal["scheduled_at"]) == free_at
    programme = by_title["Chương trình tháng"]
    folder_priority = by_title["Lịch tiêm chủng"]
    assert folder_priority["started_at"] >= programme["ended_at"]  # waited for it
    command_normal = next(
        r for r in rows if r["priority"] == "normal" and r["title"] != "Thông báo họp"
    )
    assert datetime.fromisoformat(command_normal["scheduled_at"]) == normal_at
    # Each one was heard: the air carries sound while each row says it was on air (a
    # priority bulletin right after the programme joins its sound span).
    spans = recording.sound_spans()
    for row in rows:
        started = datetime.fromisoformat(row["started_at"]).timestamp()
        ended = started + float(row["played_s"])
        heard = [(a, b) for a, b in spans if a < ended + 0.3 and started - 0.3 < b]
        assert heard, (row["title"], started, spans)
    onsets = sorted(datetime.fromisoformat(r["started_at"]).timestamp() for r in rows)
    assert all(b - a >= 1.0 for a, b in zip(onsets, onsets[1:], strict=False)), onsets
