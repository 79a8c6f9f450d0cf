"""Programme management by command, on a real station folder, SQLite on disk and real
audio files: list, withdraw, replace, title, move, and the change log."""

from __future__ import annotations

import sqlite3
import unicodedata
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner
from sqlmodel import select

from broadcaster.cli import main
from broadcaster.clock import FakeClock, SystemClock
from broadcaster.station.intake import station_ingester
from broadcaster.station.replan import replan
from broadcaster.store.db import open_engine, session
from broadcaster.store.models import PlannedAiring, Programme, ProgrammeChange
from tests.support.onair import TZ, drop, slot_in
from tests.support.station import series_toml


def _invoke(station, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, ["--config", str(station.config_path), *args])
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result.output


def _take_in(station, *files) -> None:
    """The files (source, name) through the real ingest, then the plan, as the daemon does."""
    config = station.config()
    engine = open_engine(config.paths.database, config.paths.database_file)
    for source, name in files:
        drop(source, station.inbox, name)
    ingester = station_ingester(config, engine, SystemClock())
    ingester.scan()
    outcomes, _ = ingester.scan()
    assert {o.outcome for o in outcomes} == {"accepted"}, outcomes
    replan(engine, config, SystemClock().now(), config.player.preroll)


def _engine(station):
    config = station.config()
    return open_engine(config.paths.database, config.paths.database_file)


def _rows(station, pid: int) -> list[PlannedAiring]:
    with session(_engine(station)) as db:
        return list(db.exec(select(PlannedAiring).where(PlannedAiring.programme_id == pid)).all())


@pytest.fixture
def two(station, tone):
    """This month's programme (no. 1) and one held over to next month (no. 2). Slots a few
    minutes ahead every day, so that on any date (but the last ten minutes of a month)
    no. 1 has airings still to come in its month."""
    first, _ = slot_in(300)
    second, _ = slot_in(600)
    station.write_series("chuyen-doi-so", series_toml([first, second], repeats=1, gap="0s"))
    _take_in(station, (tone(1), "Chuyển đổi số tháng này.mp3"))
    _take_in(station, (tone(2), "Bản tin số hoá.mp3"))
    return station


def test_list_shows_number_title_series_period_and_counts(two) -> None:
    out = _invoke(two, "programme", "list")
    now = datetime.now(TZ)
    nxt = (now.replace(day=1) + timedelta(days=32)).replace(day=1)
    assert "số 1  “Chuyển đổi số tháng này” — Chuyên mục Chuyển đổi số" in out
    assert f"tháng {now.month}/{now.year}" in out
    assert f"tháng {nxt.month}/{nxt.year}" in out
    assert "đang phát" in out
    assert "chuyen-doi-so" not in out  # the series by its title, never its id


def test_default_title_keeps_the_file_names_diacritics(station, tone) -> None:
    decomposed = unicodedata.normalize("NFD", "Tiếng nói Đồng bằng.mp3")
    _take_in(station, (tone(1), decomposed))
    with session(_engine(station)) as db:
        programme = db.exec(select(Programme)).one()
    assert programme.title == "Tiếng nói Đồng bằng"
    assert unicodedata.is_normalized("NFC", programme.title)


def test_withdraw_frees_the_period_archives_the_file_and_logs_who_and_why(two) -> None:
    before = _rows(two, 2)
    assert before, "the held programme is planned for next month"
    out = _invoke(two, "programme", "withdraw", "1", "--reason", "Tệp mẫu", "--by", "Chị Lan")
    assert "Đã rút chương trình số 1 “Chuyển đổi số tháng này”" in out
    assert not _rows(two, 1)  # its airings to come left the plan
    library = two.library / "chuyen-doi-so"
    assert [p.name for p in library.iterdir()] == ["Bản tin số hoá.mp3"]
    archived = list((two.root / "var" / "archive" / "chuong-trinh-da-rut").rglob("*.mp3"))
    assert [p.name for p in archived] == ["Chuyển đổi số tháng này.mp3"]
    # The held programme takes this month's place.
    now = datetime.now(TZ)
    first = min(r.slot_at for r in _rows(two, 2))
    assert (first.astimezone(TZ).year, first.astimezone(TZ).month) == (now.year, now.month)
    listed = _invoke(two, "programme", "list")
    assert "số 1 " not in listed and "1 chương trình đã rút" in listed
    assert "đã rút" in _invoke(two, "programme", "list", "--all")
    with session(_engine(two)) as db:
        change = db.exec(select(ProgrammeChange)).one()
    assert (change.programme_id, change.action, change.by, change.reason) == (
        1,
        "withdraw",
        "Chị Lan",
        "Tệp mẫu",
    )
    assert change.old_value == "chuyen-doi-so/Chuyển đổi số tháng này.mp3"
    # Withdrawn once is enough: a second time is refused, with one line.
    again = _invoke(two, "programme", "withdraw", "1", "--reason", "x", code=2)
    assert again.strip() == "Chương trình số 1 đã rút rồi."


def test_the_change_log_refuses_update_and_delete(two) -> None:
    _invoke(two, "programme", "title", "1", "Chuyển đổi số", "--reason", "gọn hơn")
    db = sqlite3.connect(two.root / "var" / "station.db")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE programme_change SET reason = 'khác'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM programme_change")


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["withdraw", "99", "--reason", "x"], "Không có chương trình số 99"),
        (["withdraw", "abc", "--reason", "x"], "Số chương trình “abc” không hợp lệ"),
        (["withdraw", "1"], "Cần ghi lý do"),
        (["withdraw", "1", "--reason", "   "], "Cần ghi lý do"),
        (["withdraw", "1", "--reason", "a\nb"], "ký tự điều khiển"),
        (["title", "1", "", "--reason", "x"], "Tiêu đề không được để trống"),
        (["title", "1", "abc\u202edcb", "--reason", "x"], "ký tự điều khiển"),
        (["title", "1", "x", "--reason", "x", "--by", "\t"], "--by cần tên"),
        (["title", "1", "x" * 201, "--reason", "x"], "Tiêu đề dài quá 200"),
        (["move", "1", "13/2026", "--reason", "x"], "Không hiểu kỳ “13/2026”"),
        (["move", "1", "1/2020", "--reason", "x"], "tháng 1/2020 đã qua"),
        (["replace", "1", "/no/such.mp3", "--reason", "x"], "Không tìm thấy tệp"),
    ],
)
def test_refused_requests_are_one_line_exit_2_and_change_nothing(two, args, line) -> None:
    out = _invoke(two, "programme", *args, code=2)
    assert line in out
    assert len(out.strip().splitlines()) == 1
    with session(_engine(two)) as db:
        assert db.exec(select(ProgrammeChange)).all() == []
    assert _rows(two, 1)


def test_title_keeps_vietnamese_diacritics_in_nfc(two) -> None:
    decomposed = unicodedata.normalize("NFD", "Chuyển đổi số: Dịch vụ công trực tuyến")
    out = _invoke(two, "programme", "title", "1", decomposed, "--reason", "tên đúng")
    assert "“Chuyển đổi số tháng này” → “Chuyển đổi số: Dịch vụ công trực tuyến”" in out
    with session(_engine(two)) as db:
        title = db.get(Programme, 1).title
    assert title == unicodedata.normalize("NFC", decomposed)
    assert "“Chuyển đổi số: Dịch vụ công trực tuyến”" in _invoke(two, "programme", "list")


def test_move_to_another_period_and_the_held_one_takes_its_place(two) -> None:
    now = datetime.now(TZ)
    nxt = (now.replace(day=1) + timedelta(days=32)).replace(day=1)
    typed = f"tháng {nxt.month}/{nxt.year}"
    # Programme 1 has not aired yet (its first slot is ahead): it can move.
    assert all(r.slot_at > datetime.now(TZ) for r in _rows(two, 1))
    out = _invoke(two, "programme", "move", "1", typed, "--reason", "để tháng sau")
    assert f"→ tháng {nxt.month}/{nxt.year}" in out
    first_1 = min(r.slot_at for r in _rows(two, 1)).astimezone(TZ)
    assert (first_1.year, first_1.month) == (nxt.year, nxt.month)
    first_2 = min(r.slot_at for r in _rows(two, 2)).astimezone(TZ)
    assert (first_2.year, first_2.month) == (now.year, now.month)


def test_replace_takes_the_remaining_airings_through_the_ingest_checks(two, tone, tmp_path) -> None:
    slots = sorted(r.slot_at for r in _rows(two, 1))
    assert len(slots) == 2  # the new airing and the repeat, both still to come
    new_file = drop(tone(3), tmp_path, "Chuyển đổi số (bản sửa).mp3")
    out = _invoke(two, "programme", "replace", "1", str(new_file), "--reason", "bản sửa lỗi")
    assert "Đã thay chương trình số 1 bằng số 3 “Chuyển đổi số (bản sửa)”" in out
    assert new_file.exists()  # the operator's own file stays where it was
    assert not _rows(two, 1)
    assert sorted(r.slot_at for r in _rows(two, 3)) == slots  # same slots, new file
    library = sorted(p.name for p in (two.library / "chuyen-doi-so").iterdir())
    assert library == ["Bản tin số hoá.mp3", "Chuyển đổi số (bản sửa).mp3"]
    assert "Tệp cũ chuyển vào" in out and "chuong-trinh-da-rut" in out
    archived = list((two.root / "var" / "archive" / "chuong-trinh-da-rut").rglob("*.mp3"))
    assert [p.name for p in archived] == ["Chuyển đổi số tháng này.mp3"]
    with session(_engine(two)) as db:
        log = [(c.programme_id, c.action) for c in db.exec(select(ProgrammeChange)).all()]
    assert log == [(1, "replace"), (3, "replaces"), (3, "move"), (1, "archive")]
    listed = _invoke(two, "programme", "list", "--all")
    assert "đã thay bằng số 3" in listed
    # The same content again is a duplicate, refused by the ingest check.
    again = _invoke(two, "programme", "replace", "3", str(new_file), "--reason", "x", code=2)
    assert "đã có trong thư viện (chương trình số 3)" in again
    # A file that is no audio is refused by the decode check, and nothing changes.
    bad = tmp_path / "giả.mp3"
    bad.write_text("không phải âm thanh", encoding="utf-8")
    refused = _invoke(two, "programme", "replace", "3", str(bad), "--reason", "x", code=2)
    assert refused.startswith("Không nhận tệp thay thế:")
    assert bad.exists()
    assert not list(two.quarantine.glob("*giả*"))


def test_a_database_from_the_previous_version_opens_and_works(two, tone, tmp_path) -> None:
    """The previous version's database has no programme_change table, and no migration
    record (#12's baseline came later); the commands add the table and work, and nothing
    else in the schema changes."""
    path = two.root / "var" / "station.db"
    db = sqlite3.connect(path)
    db.execute("DROP TABLE schema_migration")
    db.execute("DROP TRIGGER programme_change_no_update")
    db.execute("DROP TRIGGER programme_change_no_delete")
    db.execute("DROP TABLE programme_change")
    db.commit()
    columns_before = {
        table: [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
        for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    db.close()
    assert "programme_change" not in columns_before
    assert "số 1 " in _invoke(two, "programme", "list")
    _invoke(two, "programme", "title", "1", "Tên mới", "--reason", "x")
    new_file = drop(tone(3), tmp_path, "Thay thế.mp3")
    _invoke(two, "programme", "replace", "1", str(new_file), "--reason", "x")
    _invoke(two, "programme", "withdraw", "3", "--reason", "x")
    db = sqlite3.connect(path)
    columns_after = {
        table: [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
        for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    assert {t: c for t, c in columns_after.items() if t != "programme_change"} == columns_before
    assert "schema_migration" not in columns_after  # recorded only by `run` or `db upgrade`
    assert db.execute("SELECT COUNT(*) FROM programme_change").fetchone()[0] == 6
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM programme_change")


def test_a_programme_of_a_period_already_over_cannot_be_replaced_or_moved(
    station, tone, tmp_path
) -> None:
    """Taken in and planned in March 2026 (a fake clock), managed today."""
    config = station.config()
    engine = _engine(station)
    clock = FakeClock(datetime(2026, 3, 2, 1, 0, tzinfo=UTC))
    drop(tone(1), station.inbox, "Tháng ba.mp3")
    ingester = station_ingester(config, engine, clock)
    ingester.scan()
    ingester.scan()
    replan(engine, config, clock.now(), config.player.preroll)
    new_file = drop(tone(3), tmp_path, "Bản sửa.mp3")
    out = _invoke(station, "programme", "replace", "1", str(new_file), "--reason", "x", code=2)
    assert out.strip() == (
        "Chương trình số 1 thuộc tháng 3/2026, kỳ này đã qua: không còn buổi phát nào để thay."
    )
    out = _invoke(station, "programme", "move", "1", "12/2026", "--reason", "x", code=2)
    assert "đã phát mới (hoặc đang phát)" in out
    with session(engine) as db:
        assert len(db.exec(select(Programme)).all()) == 1  # nothing was taken in


def test_withdraw_takes_airings_due_within_seconds_but_not_the_one_on_air(two) -> None:
    from broadcaster.station.records import ON_AIR
    from broadcaster.store.state import set_state

    # A long preroll: both rows below are inside the freeze window, where no re-plan
    # moves or removes anything; only the withdrawal itself can take them away.
    text = two.config_path.read_text(encoding="utf-8")
    two.config_path.write_text(text.replace('preroll = "2s"', 'preroll = "30s"'), "utf-8")
    engine = _engine(two)
    now = datetime.now(TZ)

    def row(seq: int, seconds: float) -> PlannedAiring:
        return PlannedAiring(
            programme_id=1,
            series_id="chuyen-doi-so",
            seq=seq,
            kind="repeat",
            slot_at=now + timedelta(seconds=seconds),
            duration_s=1.0,
        )

    soon, started, on_air = row(50, 10), row(51, -2), row(52, 8)
    with session(engine) as db:
        for r in (soon, started, on_air):
            db.add(r)
        db.commit()
    set_state(engine, ON_AIR, {"uid": on_air.uid}, now)  # the daemon's note
    out = _invoke(two, "programme", "withdraw", "1", "--reason", "x")
    # Its file may be open in the player: it stays in the library, and the line says so.
    assert "tệp đang phát hoặc sắp phát nên để nguyên trong thư viện" in out
    assert (two.library / "chuyen-doi-so" / "Chuyển đổi số tháng này.mp3").is_file()
    left = {r.seq for r in _rows(two, 1)}
    assert 50 not in left  # inside the freeze window, not started: gone
    assert {51, 52} <= left  # started, or on its way to air: never touched


WEEKLY = """
id = "tuan-nay"
title = "Chuyên mục Tỉnh tuần này"
folder = "tuan-nay"
period = "week"
new_per_period = 1
repeats = 0
repeat_gap = "1d"
slots = [{ time = "18:00" }]
"""


def test_a_weekly_programme_moves_to_a_week_as_the_operator_types_it(station, tone) -> None:
    station.write_series("tuan-nay", WEEKLY)
    config = station.config()
    engine = _engine(station)
    drop(tone(1), station.inbox / "tuan-nay", "Bản tin tỉnh.mp3")
    ingester = station_ingester(config, engine, SystemClock())
    ingester.scan()
    ingester.scan()
    replan(engine, config, SystemClock().now(), config.player.preroll)
    in_two_weeks = datetime.now(TZ).date() + timedelta(days=14)
    week = in_two_weeks.isocalendar()[1]
    out = _invoke(station, "programme", "move", "1", f"tuần {week}", "--reason", "phát sau")
    assert f"→ tuần {week} (" in out
    first = min(r.slot_at for r in _rows(station, 1)).astimezone(TZ).date()
    assert first.isocalendar()[:2] == in_two_weeks.isocalendar()[:2]
    refused = _invoke(station, "programme", "move", "1", "12/2026x", "--reason", "x", code=2)
    assert "ghi tuần như tuần 48" in refused
