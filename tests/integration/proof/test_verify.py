"""`verify` catches every kind of tampering with an export, and passes an untouched one."""

from __future__ import annotations

import copy
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from broadcaster._lib.signing import StationKey, sealed
from broadcaster.cli import main
from broadcaster.core.chain import GENESIS, row_hash
from broadcaster.proof.checks import check_chain
from broadcaster.proof.csv_out import read_csv, write_csv
from broadcaster.proof.json_out import write_json
from broadcaster.proof.manifest import MANIFEST, build_manifest, sha256_of
from broadcaster.proof.month import build_month
from broadcaster.proof.verify import verify_path
from tests.support.history import make_history


@pytest.fixture
def key() -> StationKey:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return StationKey(Ed25519PrivateKey.generate())


@pytest.fixture
def document(station, tone, key) -> dict:
    history = make_history(station, tone)
    month = build_month(history["engine"], history["config"], "2026-03", history["clock"].now())
    return sealed(month, key)


@pytest.fixture
def folder(document, tmp_path, key) -> Path:
    """An export folder with JSON, CSV and the manifest (XLSX/PDF are covered elsewhere)."""
    out = tmp_path / "export"
    out.mkdir()
    files = {"log.json": out / "log.json", "log.csv": out / "log.csv"}
    write_json(document, files["log.json"])
    write_csv(document, files["log.csv"])
    write_json(build_manifest(document, files, key), out / MANIFEST)
    return out


def _rewrite_json(path: Path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def test_an_untouched_export_is_intact(folder) -> None:
    for target in (folder, folder / "log.json", folder / "log.csv"):
        verdict = verify_path(target)
        assert verdict.ok, verdict.problems
    assert verify_path(folder).rows_checked == 7  # rows, each checked in the JSON and the CSV


def test_the_cli_says_intact_and_exits_0(folder) -> None:
    result = CliRunner().invoke(main, ["verify", str(folder)])
    assert result.exit_code == 0, result.output
    assert "TOÀN VẸN" in result.output


@pytest.mark.parametrize(
    "tamper, first_bad",
    [
        ("edit_cell", 5),
        ("delete_row", 4),
        ("insert_row", 3),
        ("reorder_rows", 3),
    ],
)
def test_tampered_json_names_the_first_bad_row(document, tmp_path, tamper, first_bad) -> None:
    data = copy.deepcopy(document)
    rows = data["rows"]
    if tamper == "edit_cell":
        assert rows[4]["status"] == "partial"
        rows[4]["status"] = "aired"  # turn a partial airing into a full one
    elif tamper == "delete_row":
        del rows[3]
    elif tamper == "insert_row":
        forged = dict(rows[1], uid="forged", title="Bản tin giả", seq=3)
        forged["row_hash"] = row_hash(forged["prev_hash"], forged)
        rows.insert(2, forged)
    elif tamper == "reorder_rows":
        rows[1], rows[2] = rows[2], rows[1]
    path = tmp_path / "log.json"
    write_json(data, path)
    verdict = verify_path(path)
    assert not verdict.ok
    assert f"seq {first_bad}" in verdict.problems[0], verdict.problems


def test_an_edited_csv_cell_is_caught_even_with_its_manifest_entry_updated(folder) -> None:
    csv_path = folder / "log.csv"
    rows = read_csv(csv_path)
    text = csv_path.read_text(encoding="utf-8-sig")
    csv_path.write_text(text.replace(",missed,", ",aired,", 1), encoding="utf-8-sig")
    _rewrite_json(
        folder / MANIFEST, lambda m: m["files"].__setitem__("log.csv", sha256_of(csv_path))
    )
    verdict = verify_path(folder)
    assert not verdict.ok
    missed = next(r for r in rows if r["status"] == "missed")
    assert any(
        p.startswith("log.csv:") and f"seq {missed['seq']} " in p for p in verdict.problems
    ), verdict.problems


def test_a_row_deleted_from_the_csv_is_caught(folder) -> None:
    csv_path = folder / "log.csv"
    lines = csv_path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    csv_path.write_text("".join(lines[:3] + lines[4:]), encoding="utf-8-sig")  # drops seq 3
    verdict = verify_path(csv_path)
    assert not verdict.ok and any("seq 3" in p for p in verdict.problems), verdict.problems


@pytest.mark.parametrize(
    "edit",
    [
        lambda m: m.__setitem__("row_count", m["row_count"] - 1),
        lambda m: m.__setitem__("hash_after", GENESIS),
        lambda m: m.__setitem__("last_seq", 6),
        lambda m: m["files"].__setitem__("log.json", "0" * 64),
        lambda m: m.__setitem__("period", "2026-04"),
    ],
    ids=["row_count", "hash_after", "last_seq", "file_hash", "period"],
)
def test_an_edited_manifest_is_caught(folder, edit) -> None:
    _rewrite_json(folder / MANIFEST, edit)
    assert not verify_path(folder).ok


def test_a_changed_or_extra_file_is_caught(folder) -> None:
    (folder / "log.json").write_text(
        (folder / "log.json").read_text(encoding="utf-8") + " ", encoding="utf-8"
    )
    (folder / "extra.csv").write_text("x", encoding="utf-8")
    problems = verify_path(folder).problems
    assert any(p.startswith("log.json:") and "SHA-256" in p for p in problems)
    assert any("extra.csv" in p for p in problems)


def test_the_cli_lists_problems_and_exits_1(folder) -> None:
    _rewrite_json(folder / MANIFEST, lambda m: m.__setitem__("row_count", 99))
    result = CliRunner().invoke(main, ["verify", str(folder)])
    assert result.exit_code == 1
    assert "ĐÃ BỊ THAY ĐỔI" in result.output and "row_count" in result.output


def _chain(n: int) -> list[dict]:
    rows, previous = [], GENESIS
    for seq in range(1, n + 1):
        row = {
            "seq": seq,
            "uid": f"u{seq}",
            "station_id": "s",
            "series_id": "x",
            "title": f"t{seq}",
            "file_name": "f",
            "file_sha256": "h",
            "kind": "new",
            "scheduled_at": f"2026-03-{seq:02d}T06:10:00+07:00",
            "started_at": None,
            "ended_at": None,
            "duration_s": 1.0,
            "played_s": 0.0,
            "status": "missed",
            "reason": "",
            "corrects_uid": None,
            "recorded_at": "2026-04-01T00:00:00+07:00",
            "prev_hash": previous,
        }
        row["row_hash"] = row_hash(previous, row)
        previous = row["row_hash"]
        rows.append(row)
    return rows


def test_rows_of_other_months_inside_the_range_are_links() -> None:
    rows = _chain(5)
    mine = [rows[0], rows[1], rows[3], rows[4]]
    link = {k: rows[2][k] for k in ("seq", "prev_hash", "row_hash")} | {"month": "2026-04"}
    chain = {
        "first_seq": 1,
        "last_seq": 5,
        "hash_before": GENESIS,
        "hash_after": rows[4]["row_hash"],
        "links": [link],
    }
    assert check_chain(mine, chain, "t") == []
    missing_link = check_chain(mine, {**chain, "links": []}, "t")
    assert missing_link and "seq 3" in missing_link[0]


def test_a_correction_is_a_new_row_and_rescores_the_month(station, tone) -> None:
    history = make_history(station, tone)
    engine, config, clock = history["engine"], history["config"], history["clock"]
    before = build_month(engine, config, "2026-03", clock.now())
    partial = next(r for r in before["rows"] if r["status"] == "partial")
    result = CliRunner().invoke(
        main,
        [
            "--config",
            str(station.config_path),
            "correct",
            str(partial["seq"]),
            "--status",
            "aired",
            "--played-s",
            "2.0",
            "--reason",
            "Nghe lại bản ghi tại loa: phát đủ",
        ],
    )
    assert result.exit_code == 0, result.output
    after = build_month(engine, config, "2026-03", clock.now())
    assert len(after["rows"]) == len(before["rows"]) + 1  # the original stays
    original = next(r for r in after["rows"] if r["uid"] == partial["uid"])
    assert original["status"] == "partial"
    fix = after["rows"][-1]
    assert fix["corrects_uid"] == partial["uid"] and fix["status"] == "aired"
    monthly = after["summary"]["series"][0]["programmes"][0]
    assert (monthly["repeats_done"], monthly["verdict"]) == (3, "met")
    from broadcaster.store.asrun import verify_database

    assert verify_database(engine)[1] is None


def test_a_month_not_over_lists_only_airings_not_yet_recorded(station, tone, key) -> None:
    """Exported on the 10th, the month's later airings are pending unless already recorded;
    its summary, recomputed by `verify`, holds either way."""
    history = make_history(station, tone)
    engine, config = history["engine"], history["config"]
    from datetime import UTC, datetime

    from sqlmodel import select

    from broadcaster.store.db import session
    from broadcaster.store.models import PlannedAiring

    early = datetime(2026, 3, 10, tzinfo=UTC)
    with session(engine) as db:
        later = db.exec(select(PlannedAiring).where(PlannedAiring.slot_at >= early)).all()  # type: ignore[arg-type]
    assert later  # planned airings after the 10th exist, and every one has its as-run row
    document = build_month(engine, config, "2026-03", early)
    assert document["complete"] is False and document["pending"] == []
    path = station.root / "thang-3.json"
    write_json(sealed(document, key), path)
    assert verify_path(path).ok


def _zipped(folder: Path, path: Path, top: str = "") -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(folder.iterdir()):
            archive.write(file, f"{top}{file.name}")
    return path


@pytest.mark.parametrize("top", ["", "export/"], ids=["files-at-root", "folder-at-top"])
def test_a_zip_of_the_folder_gets_the_folders_verdict(folder, tmp_path, top) -> None:
    """#11 §3: a zip is checked as the folder it holds, read in place; an edit inside it
    is caught with the folder's wording."""
    path = _zipped(folder, tmp_path / "export.zip", top)
    as_zip, as_folder = verify_path(path), verify_path(folder)
    assert as_zip.ok and as_zip.rows_checked == as_folder.rows_checked == 7
    assert as_zip.document == as_folder.document
    ok = CliRunner().invoke(main, ["verify", str(path)])
    assert ok.exit_code == 0 and "TOÀN VẸN" in ok.output, ok.output

    _rewrite_json(folder / "log.json", lambda d: d["rows"][4].__setitem__("status", "aired"))
    edited = _zipped(folder, tmp_path / "sua.zip", top)
    files_before = sorted(tmp_path.rglob("*"))
    assert verify_path(edited).problems == verify_path(folder).problems != []
    bad = CliRunner().invoke(main, ["verify", str(edited)])
    assert bad.exit_code == 1 and "ĐÃ BỊ THAY ĐỔI" in bad.output, bad.output
    assert sorted(tmp_path.rglob("*")) == files_before  # read in place: nothing extracted


def test_a_zip_of_something_else_cannot_be_checked(tmp_path) -> None:
    path = tmp_path / "anh.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("anh/1.jpg", b"\xff\xd8\xff")
    verdict = verify_path(path)
    assert verdict.exit_code == 2 and not verdict.problems
    assert "không chứa thư mục xuất nào" in verdict.unchecked[0]
