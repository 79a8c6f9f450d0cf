"""#15 §1: a file exported on its own carries its own signed anchor and head, or `verify`
says it cannot establish that the file is complete (exit 2), never "intact"; a manifest
never makes `verify` read outside its folder."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from tests.support.exports import MONTH, cli, month_json, no_traceback, read_json, run, write_json


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


# #11 §3: a PDF or XLSX holds no rows `verify` can read, so alone it can only be vouched
# for by a manifest beside it that signs exactly its bytes. Otherwise it is "cannot check on
# its own" (exit 2) with the way out, never "tampered", whatever its name or neighbours.
ALONE = "không tự kiểm tra được một mình tệp này — hãy gửi cả thư mục xuất, tệp nén .zip"


def _copy_of(export_folder: Path, suffix: str, to: Path) -> Path:
    (source,) = export_folder.glob(f"*{suffix}")
    to.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, to)
    return to


def _cannot_check_alone(path: Path, *more: str) -> None:
    result = run("verify", path)
    no_traceback(result)
    assert result.exit_code == 2, result.output
    assert result.output.startswith("KHÔNG KIỂM TRA ĐƯỢC"), result.output
    assert f"{path.name}: {ALONE}" in result.output, result.output
    assert "ĐÃ BỊ THAY ĐỔI" not in result.output and "TOÀN VẸN" not in result.output
    for line in more:
        assert line in result.output, result.output


@pytest.mark.parametrize("suffix", [".pdf", ".xlsx"])
def test_a_lone_pdf_or_xlsx_says_what_to_send(export_folder, tmp_path, suffix) -> None:
    """Copied out of its folder, renamed, dropped into an export folder under a chat app's
    name (`… (1).pdf`), or beside a broken manifest: each is 'cannot check on its own: send
    the folder, the zip, or the JSON'. In its own folder the same file is intact, so the
    line is not said of every file."""
    (genuine,) = export_folder.glob(f"*{suffix}")
    ok = run("verify", genuine)
    assert ok.exit_code == 0 and "TOÀN VẸN" in ok.output, ok.output
    _cannot_check_alone(_copy_of(export_folder, suffix, tmp_path / "rieng" / genuine.name))
    _cannot_check_alone(_copy_of(export_folder, suffix, tmp_path / "rieng" / f"ban-sao{suffix}"))
    other = tmp_path / "thang-khac"
    shutil.copytree(export_folder, other)
    _cannot_check_alone(_copy_of(export_folder, suffix, other / f"nhat-ky (1){suffix}"))
    (tmp_path / "rieng" / "manifest.json").write_text("{không phải json", encoding="utf-8")
    _cannot_check_alone(tmp_path / "rieng" / f"ban-sao{suffix}")


@pytest.mark.parametrize("suffix", [".pdf", ".xlsx"])
def test_a_pdf_or_xlsx_saved_again_is_not_called_tampered(export_folder, tmp_path, suffix) -> None:
    """Finding: a PDF a viewer saved again (annotations are appended to the file) or a
    workbook a spreadsheet program saved again, in the folder whose manifest lists its
    name, was called ĐÃ BỊ THAY ĐỔI on its own (exit 1 before this change). Nothing in
    it can say whether it is an honest re-save, another export of the month or an edit:
    exit 2, saying so. The folder as a whole no longer matches its signature, and says so."""
    (path,) = export_folder.glob(f"*{suffix}")
    if suffix == ".pdf":
        path.write_bytes(path.read_bytes() + b"\n% ghi chu cua nguoi doc\n")
    else:
        from openpyxl import load_workbook

        load_workbook(path).save(path)
    _cannot_check_alone(path, "không phải đúng tệp mà manifest.json bên cạnh đã ký")
    folder = run("verify", export_folder)
    assert folder.exit_code == 1 and f"{path.name}: mã SHA-256 khác" in folder.output


def test_a_lone_pdf_beside_an_older_sidecar_is_not_called_tampered(history, tmp_path) -> None:
    """`export --format pdf -o FILE` twice (before and after a correction): the new PDF
    beside the old `.manifest.json` is 'cannot check', not 'tampered'; the matching pair
    is intact."""
    station = history["station"]
    first, second = tmp_path / "lan-1" / "thang-3.pdf", tmp_path / "lan-2" / "thang-3.pdf"
    for target in (first, second):
        done = cli(station, "export", "--month", MONTH, "--format", "pdf", "-o", target)
        assert done.exit_code == 0, done.output
        if target is first:
            fixed = cli(
                station,
                "correct",
                "5",
                "--status",
                "aired",
                "--played-s",
                "2.0",
                "--reason",
                "Nghe lại bản ghi tại loa: phát đủ",
            )
            assert fixed.exit_code == 0, fixed.output
    assert run("verify", first).exit_code == 0
    assert first.read_bytes() != second.read_bytes()
    shutil.copyfile(second, first)
    _cannot_check_alone(first, "không phải đúng tệp mà thang-3.pdf.manifest.json bên cạnh đã ký")
