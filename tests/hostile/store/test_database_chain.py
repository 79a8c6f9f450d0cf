"""#15 §2: the database's own chain. The head (seq and hash) is also written outside the
database after every row, and `verify --database` and `db check` compare the database with
the head file, the nightly backups, the purge archives and exports, naming missing rows."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from broadcaster.core.chain import row_hash
from tests.support.exports import MONTH, cli, no_traceback


def _db(history) -> Path:
    return history["station"].root / "var" / "station.db"


def _connect(history) -> sqlite3.Connection:
    return sqlite3.connect(_db(history))


def _drop_triggers(conn: sqlite3.Connection) -> None:
    names = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")]
    for name in names:
        conn.execute(f"DROP TRIGGER {name}")


def _rows(conn: sqlite3.Connection) -> list[dict]:
    conn.row_factory = sqlite3.Row
    rows = [dict(r) for r in conn.execute("SELECT * FROM as_run ORDER BY seq")]
    conn.row_factory = None
    return rows


def _head(history) -> Path:
    return history["station"].root / "var" / "station.head"


def _truncate_head(history, keep: int) -> None:
    path = _head(history)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[: 1 + keep]), encoding="utf-8")  # header + `keep` rows


def _both_checks(history, *extra: str):
    station = history["station"]
    return cli(station, "verify", "--database", *extra), cli(station, "db", "check")


def test_insert_or_replace_cannot_get_past_the_triggers(history) -> None:
    """Finding: `INSERT OR REPLACE` got past the triggers (REPLACE deletes the old row
    without firing the delete trigger)."""
    conn = _connect(history)
    row = _rows(conn)[2]
    columns = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    forged = dict(row, status="aired", reason="")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            f"INSERT OR REPLACE INTO as_run ({columns}) VALUES ({marks})", list(forged.values())
        )
    with pytest.raises(sqlite3.IntegrityError):  # nor a row slipped in anywhere but the end
        conn.execute(
            f"INSERT INTO as_run ({columns}) VALUES ({marks})",
            list(dict(row, seq=99, uid="x", prev_hash="f" * 64, row_hash="e" * 64).values()),
        )
    conn.commit()
    assert _rows(conn)[2] == row
    conn.close()


def test_the_newest_rows_deleted_with_the_triggers_dropped_are_named(history) -> None:
    """Finding: with the triggers dropped, deleting the newest rows passed `verify
    --database` and `db check`."""
    conn = _connect(history)
    _drop_triggers(conn)
    conn.execute("DELETE FROM as_run WHERE seq >= 6")
    conn.commit()
    conn.close()
    for result in _both_checks(history):
        no_traceback(result)
        assert result.exit_code == 1, result.output
        assert "THIẾU DÒNG trong cơ sở dữ liệu: seq 6–7" in result.output
        assert "tệp đầu chuỗi" in result.output
        assert "Lớp bảo vệ chỉ-ghi-thêm" in result.output


def test_row_1_deleted_behind_a_fake_anchor_is_named(history) -> None:
    """Finding: deleting row 1 and adding a fake anchor inside the retention window passed
    `verify --database` and `db check`."""
    conn = _connect(history)
    first = _rows(conn)[0]
    _drop_triggers(conn)
    conn.execute("DELETE FROM as_run WHERE seq = 1")
    conn.execute(
        "INSERT INTO chain_anchor (seq, row_hash, rows_purged, exported_to, purged_at) "
        "VALUES (1, ?, 1, 'var/archive/xa-thu-nghiem-2026-03', ?)",
        (first["row_hash"], datetime.now(UTC).replace(tzinfo=None).isoformat(" ")),
    )
    conn.commit()
    conn.close()
    for result in _both_checks(history):
        assert result.exit_code == 1, result.output
        assert "seq 1 đã bị xóa dù còn trong thời hạn lưu giữ 24 tháng" in result.output
        assert "Điểm neo tại seq 1 không có bản lưu nào xác nhận" in result.output


def test_a_chain_rewritten_from_a_row_on_is_named(history) -> None:
    """Finding (the same class): rows replaced by a consistent new chain pass the chain
    check inside the database; the head file still holds the true hashes."""
    conn = _connect(history)
    rows = _rows(conn)
    _drop_triggers(conn)
    conn.execute("DELETE FROM as_run WHERE seq >= 5")
    previous = rows[3]["row_hash"]
    for row in rows[4:]:
        fake = dict(row, status="aired", reason="", prev_hash=previous)
        fake["row_hash"] = previous = row_hash(previous, _chained(fake))
        conn.execute(
            f"INSERT INTO as_run ({', '.join(fake)}) VALUES ({', '.join('?' for _ in fake)})",
            list(fake.values()),
        )
    conn.commit()
    conn.close()
    verify, check = _both_checks(history)
    for result in (verify, check):
        assert result.exit_code == 1, result.output
        assert "DÒNG BỊ VIẾT LẠI trong cơ sở dữ liệu: seq 5–7" in result.output


def _chained(row: dict) -> dict:
    """A row as read from SQLite, with aware times, as the chain hashes it."""
    out = dict(row)
    for name in ("scheduled_at", "started_at", "ended_at", "recorded_at"):
        if out[name] is not None:
            out[name] = datetime.fromisoformat(str(out[name])).replace(tzinfo=UTC)
    return out


def test_the_head_file_holds_every_row_signed(history) -> None:
    """Finding: the chain head lived only inside the database. Now every row's seq and hash
    is appended, signed with the station's key, to the head file beside it."""
    conn = _connect(history)
    rows = _rows(conn)
    conn.close()
    from broadcaster._lib.signing import load
    from broadcaster.store import chainhead

    head = chainhead.read(_head(history))
    assert head is not None and head.station_id == "xa-thu-nghiem"
    assert [(e.seq, e.row_hash) for e in head.entries] == [(r["seq"], r["row_hash"]) for r in rows]
    public = load(chainhead.key_path(_db(history))).public
    assert head.bad_signatures(public) == []
    forged = head.entries[0]
    assert not public.verifies(
        chainhead.signed_text("xa-thu-nghiem", forged.seq, "0" * 64, forged.recorded_at),
        forged.signature,
    )


def test_a_backup_names_rows_deleted_after_it(history) -> None:
    """Finding (the nightly backups as a witness): rows deleted, and the head file cut to
    hide it, are still named from the backup that holds them."""
    station = history["station"]
    assert cli(station, "db", "backup").exit_code == 0
    conn = _connect(history)
    _drop_triggers(conn)
    conn.execute("DELETE FROM as_run WHERE seq >= 6")
    conn.commit()
    conn.close()
    _truncate_head(history, keep=5)
    verify, check = _both_checks(history)
    for result in (verify, check):
        assert result.exit_code == 1, result.output
        assert "THIẾU DÒNG trong cơ sở dữ liệu: seq 6–7 (có trong broadcaster-" in result.output


def test_an_export_manifest_names_rows_deleted_after_it(history, export_folder) -> None:
    """Finding (every export's manifest carries the head): with the head file cut and no
    backups, an export the supervisor already holds names the deleted rows."""
    manifest = (export_folder / "manifest.json").read_text(encoding="utf-8")
    assert '"head": {' in manifest
    conn = _connect(history)
    _drop_triggers(conn)
    conn.execute("DELETE FROM as_run WHERE seq >= 6")
    conn.commit()
    conn.close()
    _truncate_head(history, keep=5)
    result = cli(history["station"], "verify", "--database", "--export", export_folder)
    assert result.exit_code == 1, result.output
    assert f"seq 6–7 (có trong xa-thu-nghiem-{MONTH}" in result.output


def test_a_missing_head_file_is_not_intact(history) -> None:
    """Finding (the same class): with the head file gone, the newest rows cannot be
    confirmed: exit 2, never 'intact'."""
    _head(history).unlink()
    result = cli(history["station"], "verify", "--database")
    assert result.exit_code == 2, result.output
    assert "Không có tệp đầu chuỗi" in result.output and "TOÀN VẸN" not in result.output


def test_an_edited_or_damaged_head_file_is_named(history) -> None:
    """Finding (the head file is evidence too): a line whose hash was changed no longer
    matches its signature, and a line that is not a head line is named."""
    path = _head(history)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    seq, _hash, at, signature = lines[3].split()
    lines[3] = f"{seq} {'0' * 64} {at} {signature}\n"
    lines.append("dòng rác\n")
    path.write_text("".join(lines), encoding="utf-8")
    result = cli(history["station"], "verify", "--database")
    assert result.exit_code == 1, result.output
    assert "chữ ký không khớp (bị sửa): dòng 4" in result.output
    assert "dòng hỏng hoặc bị sửa: dòng 9" in result.output
    assert "VIẾT LẠI" not in result.output  # the head line is what was changed, not row 3
