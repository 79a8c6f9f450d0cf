"""The test airing (phát thử) from the operator's side: `broadcaster test-airing`, the
daemon's first start, `make run`, and what `plan` and `status` show."""

from __future__ import annotations

import re
import subprocess
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner
from sqlmodel import select

import broadcaster.station.testair
from broadcaster.audio.player.fake import FakePlayer
from broadcaster.cli import main, testair_cmd
from broadcaster.clock import SystemClock
from broadcaster.core.vocab import Kind
from broadcaster.station.daemon import Daemon
from broadcaster.station.intake import station_ingester
from broadcaster.station.replan import replan
from broadcaster.station.testair import MIN_RESERVE, SAMPLE
from broadcaster.store.db import open_engine, session
from broadcaster.store.models import AsRunRecord, PlannedAiring, Programme
from tests.support.onair import TZ, drop, slot_in
from tests.support.paths import REPO as ROOT
from tests.support.station import series_toml

WHEN = re.compile(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}:\d{2}")


def _cli(station, *args: str):
    return CliRunner().invoke(main, ["--config", str(station.config_path), *args])


def _tests(engine) -> list[PlannedAiring]:
    with session(engine) as db:
        return list(db.exec(select(PlannedAiring).where(PlannedAiring.kind == Kind.TEST)).all())


def _engine(station):
    config = station.config()
    return open_engine(config.paths.database, config.paths.database_file)


def _no_traceback(result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )


# ---- the command ---------------------------------------------------------------------
# rig: the bundled sample is probed and decoded with ffmpeg
@pytest.mark.rig
def test_the_command_plans_the_sample_half_a_minute_ahead(station) -> None:
    slot_text, _ = slot_in(3 * 3600)
    station.write_series("chuyen-doi-so", series_toml([slot_text]))
    before = datetime.now(UTC)
    result = _cli(station, "test-airing")
    assert result.exit_code == 0, result.output
    (planned,) = _tests(_engine(station))
    ahead = (planned.slot_at - before).total_seconds()
    assert 29 <= ahead <= 33, ahead
    assert planned.series_id == "test" and planned.priority is None
    assert "Đã lên lịch phát thử: Bản mẫu chuyên mục Chuyển đổi số (0:15)" in result.output
    assert planned.slot_at.astimezone(TZ).strftime("%d/%m/%Y %H:%M:%S") in result.output
    assert "không chạy" in result.output  # no daemon runs here: the operator is told
    assert "test" not in result.output and not re.search(r"\d{4}-\d{2}-\d{2}", result.output)
    assert WHEN.search(result.output)
    assert SAMPLE.is_file()  # copied into the library, never moved
    assert not list(station.inbox.rglob("*.mp3"))


# rig: the bundled sample is probed and decoded with ffmpeg
@pytest.mark.rig
def test_a_slot_about_to_come_is_left_clear(station) -> None:
    """The default moment (30 s ahead) would run into a slot 40 s ahead: the test airing
    waits until that slot's programme would be over, and never pushes it."""
    slot_text, slot_at = slot_in(40)
    station.write_series("chuyen-doi-so", series_toml([slot_text]))
    result = _cli(station, "test-airing")
    assert result.exit_code == 0, result.output
    (planned,) = _tests(_engine(station))
    assert planned.slot_at >= slot_at + MIN_RESERVE


def test_at_a_planned_airing_the_test_moves_after_it_and_nothing_else_moves(station, tone) -> None:
    slot_text, slot_at = slot_in(600)
    station.write_series("chuyen-doi-so", series_toml([slot_text]))
    config = station.config()
    engine = _engine(station)
    drop(tone(12), station.inbox, "Chuyển đổi số.mp3", folder="chuyen-doi-so")
    ingester = station_ingester(config, engine, ingester_clock := SystemClock())
    for _ in range(2):
        ingester.scan()
    replan(engine, config, ingester_clock.now(), config.player.preroll)
    with session(engine) as db:
        (programme_airing,) = db.exec(select(PlannedAiring)).all()
    assert programme_airing.slot_at == slot_at

    result = _cli(station, "test-airing", str(tone(3)), "--at", slot_text)
    assert result.exit_code == 0, result.output
    assert "đã có chương trình khác" in result.output
    (planned,) = _tests(engine)
    assert planned.slot_at >= slot_at + MIN_RESERVE
    # A re-plan keeps both where they are.
    replan(engine, config, datetime.now(UTC), config.player.preroll)
    with session(engine) as db:
        rows = {r.kind: r.slot_at for r in db.exec(select(PlannedAiring)).all()}
    assert rows == {"new": slot_at, Kind.TEST: planned.slot_at}


@pytest.mark.parametrize(
    "args, exit_code, words",
    [
        (["/khong/co/tep.mp3"], 1, "không có tệp này"),
        (["<text>"], 1, "Không phát thử được tệp"),
        (["--at", "25:99"], 2, "Giờ không hợp lệ"),
        (["--at", "2001-01-01T06:00"], 2, "đã qua hoặc quá xa"),
    ],
)
# rig: the bundled sample is probed and decoded with ffmpeg
@pytest.mark.rig
def test_hostile_input_gives_one_line(station, tmp_path, args, exit_code, words) -> None:
    text = tmp_path / "khong-phai-am-thanh.mp3"
    text.write_text("đây là văn bản, không phải âm thanh\n", encoding="utf-8")
    result = _cli(station, "test-airing", *[str(text) if a == "<text>" else a for a in args])
    _no_traceback(result)
    assert result.exit_code == exit_code, result.output
    assert words in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert _tests(_engine(station)) == []


def test_an_unreadable_file_is_one_line(station, tone, monkeypatch) -> None:
    import broadcaster.ingest.register

    def denied(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(broadcaster.ingest.register, "sha256_file", denied)
    result = _cli(station, "test-airing", str(tone(1)))
    _no_traceback(result)
    assert result.exit_code == 1 and "không có quyền đọc tệp này" in result.output
    assert "Permission" not in result.output


def test_a_full_library_disk_is_one_line(station, tone, monkeypatch) -> None:
    import shutil

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(shutil, "copy2", full)
    result = _cli(station, "test-airing", str(tone(1)))
    _no_traceback(result)
    assert result.exit_code == 1 and "ổ đĩa chứa thư viện đã đầy" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_missing_sample_is_one_line(station, monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(testair_cmd, "SAMPLE", tmp_path / "khong-co.mp3")
    result = _cli(station, "test-airing")
    _no_traceback(result)
    assert result.exit_code == 1 and "Không thấy tệp mẫu" in result.output


# rig: the bundled sample is probed and decoded with ffmpeg
@pytest.mark.rig
def test_plan_and_status_show_it_as_a_test_airing(station) -> None:
    assert _cli(station, "test-airing").exit_code == 0
    month = datetime.now(TZ).strftime("%Y-%m")
    plan = _cli(station, "plan", "--month", month)
    assert plan.exit_code == 0, plan.output
    (line,) = [x for x in plan.output.splitlines() if "Bản mẫu" in x]
    assert "Phát thử loa · Bản mẫu chuyên mục Chuyển đổi số · phát thử" in line
    assert " test" not in line
    status = _cli(station, "status")
    (line,) = [x for x in status.output.splitlines() if "Bản mẫu" in x]
    assert "phát thử" in line


# ---- the first start -------------------------------------------------------------------
def _run_daemon(station, seconds_until, predicate=None, timeout: float = 30.0):
    player = FakePlayer()
    daemon = Daemon(station.config(), player_factory=lambda: player)
    stop = threading.Event()
    thread = threading.Thread(target=daemon.run, args=(stop,), daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline and not (predicate and predicate(daemon)):
            time.sleep(0.2)
        time.sleep(seconds_until)
    finally:
        stop.set()
        thread.join(20)
    return daemon


def _rows(engine) -> list[AsRunRecord]:
    with session(engine) as db:
        return list(db.exec(select(AsRunRecord)).all())


# rig: the bundled sample is probed and decoded with ffmpeg
@pytest.mark.rig
def test_the_first_start_airs_the_sample_as_a_test_and_only_once(station, monkeypatch) -> None:
    monkeypatch.setattr(broadcaster.station.testair, "TEST_LEAD", timedelta(seconds=4))
    slot_text, _ = slot_in(3 * 3600)
    station.write_series("chuyen-doi-so", series_toml([slot_text]))
    station.write_config(first_test=True)
    daemon = _run_daemon(station, 0.5, lambda d: len(_rows(d.engine)) == 1)
    (row,) = _rows(daemon.engine)
    assert (row.kind, row.series_id, row.status) == (Kind.TEST, "test", "aired")
    assert row.title == "Bản mẫu chuyên mục Chuyển đổi số"
    assert row.file_name.startswith("phat-thu/")
    # The sample never went through the inbox, and is no programme of the month.
    assert not [p for p in station.inbox.rglob("*") if p.is_file()]
    with session(daemon.engine) as db:
        assert [p.kind for p in db.exec(select(PlannedAiring)).all()] == [Kind.TEST]
    # The second start is no first start.
    again = _run_daemon(station, 3.0, timeout=0)
    assert len(_tests(again.engine)) == 1 and len(_rows(again.engine)) == 1


def test_no_first_start_test_when_switched_off(station, monkeypatch) -> None:
    monkeypatch.setattr(broadcaster.station.testair, "TEST_LEAD", timedelta(seconds=4))
    station.write_config(first_test=False)
    daemon = _run_daemon(station, 2.0, timeout=0)
    assert _tests(daemon.engine) == []


def test_a_station_with_a_log_gets_no_first_start_test(station, tone, monkeypatch) -> None:
    """An existing station upgraded to this version: its log is not empty, so no sample."""
    monkeypatch.setattr(broadcaster.station.testair, "TEST_LEAD", timedelta(seconds=4))
    slot_text, slot_at = slot_in(6)
    station.write_series("chuyen-doi-so", series_toml([slot_text]))
    drop(tone(1), station.inbox, folder="chuyen-doi-so")
    first = _run_daemon(station, 0.5, lambda d: len(_rows(d.engine)) == 1)
    assert [r.kind for r in _rows(first.engine)] == ["new"]
    station.write_config(first_test=True)
    again = _run_daemon(station, 2.0, timeout=0)
    assert _tests(again.engine) == []


def test_the_config_key_is_checked(station) -> None:
    station.write_config()
    text = station.config_path.read_text(encoding="utf-8")
    station.config_path.write_text(
        text.replace("test_airing_on_first_start = false", 'test_airing_on_first_start = "có"'),
        encoding="utf-8",
    )
    result = _cli(station, "status")
    _no_traceback(result)
    assert result.exit_code == 2 and "station.test_airing_on_first_start" in result.output


# ---- make run ------------------------------------------------------------------------
def test_make_run_no_longer_drops_the_sample_into_the_inbox() -> None:
    """`make run` used to copy the sample into media/inbox/chuyen-doi-so/ on the first run,
    where it became the month's programme and held the station's own over to next month."""
    out = subprocess.run(
        ["make", "-n", "-B", "run"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "broadcaster --config config.toml run" in out
    copies = [line for line in out.splitlines() if re.search(r"\bcp\b", line)]
    assert not [line for line in copies if "media/inbox" in line or "SAMPLE" in line], copies
    assert ".sample-dropped" not in out


# ---- a file test-aired before it arrives as a programme ----------------------------------
def test_a_test_aired_file_is_still_taken_in_as_the_months_programme(station, tone) -> None:
    """A technician tests the loudspeakers with this month's file before the operator drops
    it into the inbox. The same content must not be turned away as a duplicate (the month
    would be lost): it becomes the programme, and its test airing stays a test airing."""
    # Both airings inside this month whatever the day (a repeat a week later fell into the
    # next month on the 29th, and the test failed then): two slots 10 minutes apart, up to
    # 3 hours ahead but half an hour before the month ends.
    now = datetime.now(TZ)
    next_month = (now.replace(day=1) + timedelta(days=32)).replace(
        day=1, hour=0, minute=0, second=0, microsecond=0
    )
    ahead = max(300.0, min(3 * 3600.0, (next_month - now).total_seconds() - 1800.0))
    slots = [slot_in(ahead)[0], slot_in(ahead + 600)[0]]
    station.write_series("chuyen-doi-so", series_toml(slots, repeats=1, gap="0s"))
    assert _cli(station, "test-airing", str(tone(2))).exit_code == 0
    config = station.config()
    engine = _engine(station)
    drop(tone(2), station.inbox, "Chuyển đổi số tháng 11.mp3", folder="chuyen-doi-so")
    ingester = station_ingester(config, engine, SystemClock())
    ingester.scan()
    outcomes, _ = ingester.scan()
    assert [o.outcome for o in outcomes] == ["accepted"], outcomes
    assert not list(station.quarantine.rglob("*.mp3"))
    replan(engine, config, datetime.now(UTC), config.player.preroll)
    with session(engine) as db:
        planned = db.exec(select(PlannedAiring).order_by(PlannedAiring.slot_at)).all()
        (programme,) = db.exec(select(Programme)).all()
    assert (programme.series_id, programme.title) == ("chuyen-doi-so", "Chuyển đổi số tháng 11")
    assert programme.file_name.startswith("chuyen-doi-so/")
    assert [p.kind for p in planned] == [Kind.TEST, "new", "repeat"]
    assert {p.programme_id for p in planned} == {programme.id}
