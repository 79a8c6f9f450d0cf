"""#15 §1: a file exported on its own carries its own signed anchor and head, or `verify`
says it cannot establish that the file is complete (exit 2), never "intact"; a manifest
never makes `verify` read outside its folder."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from tests.hostile.conftest import MONTH, cli, month_json, no_traceback, read_json, run, write_json


@pytest.fixture
def lone_csv(history, tmp_path):
    path = tmp_path / "nhat-ky.csv"
    result = cli(history["station"], "export", "--month", MONTH, "--format", "csv", "-o", path)
    assert result.exit_code == 0, result.output
    assert path.with_name(path.name + ".manifest.json").is_file()  # its signed anchor and head
    return path


def _lines(path):
    return path.read_text(encoding="utf-8-sig").splitlines(keepends=True)


def _write_lines(path, lines) -> None:
    path.write_text("".join(lines), encoding="utf-8-sig", newline="")


def test_a_lone_csv_with_its_first_row_deleted_is_caught(lone_csv) -> None:
    """Finding: a month CSV exported on its own (`export --format csv -o FILE`) with its
    first row deleted verified as intact (*TOÀN VẸN … 4 dòng*)."""
    lines = _lines(lone_csv)
    _write_lines(lone_csv, [lines[0], *lines[2:]])
    result = run("verify", lone_csv)
    no_traceback(result)
    assert result.exit_code == 1, result.output
    assert "thiếu dòng seq 1" in result.output


def test_a_lone_csv_with_its_last_two_rows_deleted_is_caught(lone_csv) -> None:
    """Finding: the same CSV with its last two rows deleted verified as intact."""
    lines = _lines(lone_csv)
    _write_lines(lone_csv, lines[:-2])
    result = run("verify", lone_csv)
    assert result.exit_code == 1, result.output
    assert "thiếu dòng seq 6–7" in result.output


@pytest.mark.parametrize("content", ["", "header"], ids=["empty", "header-only"])
def test_an_empty_csv_is_never_intact(lone_csv, tmp_path, content) -> None:
    """Finding: an empty or header-only CSV verified as intact."""
    path = tmp_path / "rong.csv"
    path.write_text(_lines(lone_csv)[0] if content else "", encoding="utf-8-sig")
    result = run("verify", path)
    no_traceback(result)
    assert result.exit_code == 2, result.output
    assert "TOÀN VẸN" not in result.output and "ĐÃ BỊ THAY ĐỔI" not in result.output
    assert "KHÔNG KIỂM TRA ĐƯỢC" in result.output


def test_a_csv_without_its_manifest_cannot_be_called_complete(lone_csv) -> None:
    """Finding: a CSV alone, rows cut and nothing to catch the cut: exit 2, worded as
    'cannot establish', not as tampering."""
    lone_csv.with_name(lone_csv.name + ".manifest.json").unlink()
    lines = _lines(lone_csv)
    _write_lines(lone_csv, lines[:-2])
    result = run("verify", lone_csv)
    assert result.exit_code == 2, result.output
    assert "không xác định được tệp có đủ dòng" in result.output
    assert "ĐÃ BỊ THAY ĐỔI" not in result.output


def test_a_lone_json_carries_its_own_anchor_and_head(export_folder, tmp_path) -> None:
    """Finding: a month JSON on its own with rows deleted at either end passed."""
    document = read_json(month_json(export_folder))
    for cut, named in ((slice(1, None), "thiếu dòng seq 1"), (slice(None, -2), "seq 6–7")):
        edited = dict(document, rows=document["rows"][cut])
        path = tmp_path / "cut.json"
        write_json(path, edited)
        result = run("verify", path)
        assert result.exit_code == 1, result.output
        assert named in result.output


def test_a_manifest_entry_outside_the_folder_is_never_read(export_folder, tmp_path) -> None:
    """Finding: a manifest entry "../../../../etc/passwd": <its hash> verified: `verify`
    read files outside the export folder."""
    outside = tmp_path / "bi-mat.txt"
    outside.write_text("không được đọc tệp này\n", encoding="utf-8")
    manifest = read_json(export_folder / "manifest.json")
    for target in (outside, "/etc/passwd"):
        relative = os.path.relpath(target, export_folder)
        assert relative.startswith("..")
        manifest["files"][relative] = hashlib.sha256(Path(target).read_bytes()).hexdigest()
    write_json(export_folder / "manifest.json", manifest)
    result = run("verify", export_folder)
    no_traceback(result)
    assert result.exit_code == 1, result.output
    assert "ghi tên tệp ngoài thư mục xuất" in result.output
    assert "bi-mat.txt" in result.output and "etc/passwd" in result.output
