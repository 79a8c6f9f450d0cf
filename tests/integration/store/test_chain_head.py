"""The chain head file beside the database: kept whole across a crash, made for a log that
predates it, and honest about a `db restore` (rows lost with it are said to be lost, and the
chain goes on from the backup's end without looking rewritten)."""

from __future__ import annotations

from click.testing import CliRunner

from broadcaster.cli import main
from broadcaster.store import chainhead
from broadcaster.store.db import open_engine
from tests.support.history import make_history


def _cli(station, *args: str):
    return CliRunner().invoke(main, ["--config", str(station.config_path), *map(str, args)])


def _db(station):
    return station.root / "var" / "station.db"


def test_a_crash_between_a_row_and_its_head_line_is_repaired_at_start(station, tone) -> None:
    make_history(station, tone)
    path = chainhead.head_path(_db(station))
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-2]), encoding="utf-8")  # the last two lines never made it
    assert _cli(station, "verify", "--database").exit_code == 2  # not confirmed, not "changed"
    config = station.config()
    chainhead.prepare(open_engine(config.paths.database, config.paths.database_file))
    assert path.read_text(encoding="utf-8").splitlines(keepends=True) == lines
    assert _cli(station, "verify", "--database").exit_code == 0


def test_a_log_from_before_the_head_file_gets_one_at_start(station, tone) -> None:
    make_history(station, tone)
    path = chainhead.head_path(_db(station))
    path.unlink()
    result = _cli(station, "verify", "--database")
    assert result.exit_code == 2 and "Không có tệp đầu chuỗi" in result.output
    config = station.config()
    chainhead.prepare(open_engine(config.paths.database, config.paths.database_file))
    head = chainhead.read(path)
    assert head is not None and [e.seq for e in head.entries] == list(range(1, 8))
    assert _cli(station, "verify", "--database").exit_code == 0


def test_a_restore_is_recorded_and_the_chain_goes_on(station, tone) -> None:
    make_history(station, tone)
    assert _cli(station, "db", "backup").exit_code == 0
    for row in ("1", "2"):  # two corrections: rows 8 and 9, after the backup
        done = _cli(station, "correct", row, "--status", "aired", "--reason", "Kiểm tra lại")
        assert done.exit_code == 0, done.output
    restored = _cli(station, "db", "restore", "--yes")
    assert restored.exit_code == 0, restored.output

    after = _cli(station, "verify", "--database")
    assert after.exit_code == 2, after.output
    assert "seq 8–9 đã mất khi khôi phục cơ sở dữ liệu từ bản sao lưu broadcaster-" in after.output
    assert "THIẾU DÒNG" not in after.output  # a recorded restore, not a deletion

    again = _cli(station, "correct", "3", "--status", "aired", "--reason", "Sau khôi phục")
    assert again.exit_code == 0, again.output  # seq 8 again, with another hash
    later = _cli(station, "verify", "--database")
    assert later.exit_code == 2, later.output
    assert "VIẾT LẠI" not in later.output and "THIẾU DÒNG" not in later.output
    check = _cli(station, "db", "check")
    assert check.exit_code == 0, check.output
