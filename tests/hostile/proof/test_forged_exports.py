"""#15 §1: `verify` and `report` trust nothing they did not recompute, and exports are
signed, so a forged "đạt" never passes."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from tests.support.exports import (
    MONTH,
    cli,
    month_json,
    no_traceback,
    read_json,
    run,
    write_json,
)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _update_manifest(folder: Path, *changed: Path) -> None:
    """What a forger does after editing a file: put its new SHA-256 in the manifest."""
    manifest = read_json(folder / "manifest.json")
    for path in changed:
        manifest["files"][path.name] = _sha(path)
    write_json(folder / "manifest.json", manifest)


def _claim_everything_met(document: dict) -> None:
    for series in document["summary"]["series"]:
        series["airings_done"] = series["airings_required"]
        series["verdict"] = "met"
        for programme in series["programmes"]:
            programme["verdict"] = "met"
    document["summary"]["totals"]["verdict"] = "met"


def test_an_edited_summary_with_its_manifest_updated_is_caught(export_folder) -> None:
    """Finding: a JSON export whose `summary` was edited (every verdict met, airings_done
    set to the required count) with the manifest's SHA-256 updated verified as intact."""
    path = month_json(export_folder)
    document = read_json(path)
    assert document["summary"]["totals"]["verdict"] == "not_met"
    _claim_everything_met(document)
    write_json(path, document)
    _update_manifest(export_folder, path)

    result = run("verify", export_folder)
    no_traceback(result)
    assert result.exit_code == 1, result.output
    assert "ĐÃ BỊ THAY ĐỔI" in result.output
    assert "bản tóm tắt không khớp" in result.output  # recomputed from the rows
    assert "chữ ký số không khớp" in result.output  # and the manifest's signature fails


def test_a_re_signed_edit_still_fails_the_recomputed_summary(export_folder) -> None:
    """Finding (the same, by someone holding a key): even a document signed after the edit
    cannot say 'met' when its rows say otherwise: the summary is recomputed."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from broadcaster._lib.signing import StationKey, sealed

    key = StationKey(Ed25519PrivateKey.generate())  # a forger's own key
    path = month_json(export_folder)
    document = read_json(path)
    _claim_everything_met(document)
    lone = path.with_name("forged.json")
    write_json(lone, sealed(document, key))
    result = run("verify", lone)
    assert result.exit_code == 1, result.output
    assert "bản tóm tắt không khớp" in result.output


def test_report_counts_the_rows_not_an_edited_summary(export_folder, tmp_path) -> None:
    """Finding: `report` counted the station as 11/11 đạt when the rows said 0/11."""
    path = month_json(export_folder)
    document = read_json(path)
    _claim_everything_met(document)
    write_json(path, document)
    _update_manifest(export_folder, path)
    out = tmp_path / "bao-cao.xlsx"
    result = run("report", export_folder, "--month", MONTH, "-o", out, "--json")
    no_traceback(result)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout[result.stdout.index("{") :])
    (station,) = report["stations"]
    (cell,) = station["cells"]
    assert cell["state"] == "untrusted"
    assert station["totals"]["months_met"] == 0
    assert report["overall"]["airings_done"] == 0  # nothing of a forged file is counted


@pytest.mark.parametrize("where", ["lone", "folder"])
def test_a_relabelled_month_is_caught(export_folder, tmp_path, where) -> None:
    """Finding: a JSON export whose "month" was relabelled from 2026-03 to 2026-02 verified
    as intact, and `report --month 2026-02` counted March's rows as February's."""
    path = month_json(export_folder)
    document = read_json(path)
    document["month"] = "2026-02"
    if where == "lone":
        target = tmp_path / "relabelled.json"
        write_json(target, document)
    else:
        write_json(path, document)
        manifest = read_json(export_folder / "manifest.json")
        manifest["period"] = "2026-02"
        write_json(export_folder / "manifest.json", manifest)
        _update_manifest(export_folder, path)
        target = export_folder
    result = run("verify", target)
    assert result.exit_code == 1, result.output
    assert "không thuộc tháng 2026-02" in result.output

    out = tmp_path / "bao-cao.csv"
    report = run("report", target, "--month", "2026-02", "-o", out, "--format", "csv", "--json")
    assert report.exit_code == 0, report.output
    merged = json.loads(report.stdout[report.stdout.index("{") :])
    assert merged["overall"]["airings_done"] == 0 and merged["overall"]["airings"] == 0


def test_an_export_regenerated_without_the_key_fails_against_the_station_key(
    history, export_folder, tmp_path
) -> None:
    """Finding: exports were not signed. Now the station's public key (from `broadcaster
    key -o`) tells an export regenerated by someone without the private key."""
    station = history["station"]
    public = tmp_path / "xa-thu-nghiem.pub"
    made = cli(station, "key", "-o", public)
    assert made.exit_code == 0, made.output
    assert (station.root / "var" / "station.key").stat().st_mode & 0o077 == 0  # private

    genuine = run("verify", export_folder, "--key", public)
    assert genuine.exit_code == 0, genuine.output
    assert "khớp khóa đã cho" in genuine.output

    # A forger copies the station folder but not its key, and makes a "new" export.
    copy = tmp_path / "ban-sao-dai"
    shutil.copytree(station.root, copy)
    (copy / "var" / "station.key").unlink()
    forged = tmp_path / "forged"
    result = run("--config", copy / "config.toml", "export", "--month", MONTH, "-o", forged)
    assert result.exit_code == 0, result.output
    unkeyed = run("verify", forged)
    assert unkeyed.exit_code == 0  # consistent in itself...
    assert "chưa đối chiếu" in unkeyed.output  # ...and says its origin was not checked
    checked = run("verify", forged, "--key", public)
    no_traceback(checked)
    assert checked.exit_code == 1, checked.output
    assert "KHÔNG PHẢI CỦA ĐÀI" in checked.output
    lone = run("verify", month_json(forged), "--key", public)
    assert lone.exit_code == 1 and "KHÔNG PHẢI CỦA ĐÀI" in lone.output


def test_a_stripped_signature_is_not_intact(export_folder) -> None:
    """Finding (signing): an export without its signature must not pass as intact."""
    path = month_json(export_folder)
    document = read_json(path)
    del document["seal"]
    write_json(path, document)
    _update_manifest(export_folder, path)
    result = run("verify", path)
    assert result.exit_code == 1, result.output
    assert "không có chữ ký số" in result.output


def test_the_private_key_never_leaves_the_station(export_folder, history) -> None:
    """Finding (signing): the private key is kept beside the database, never exported."""
    key_file = history["station"].root / "var" / "station.key"
    assert key_file.read_bytes().startswith(b"-----BEGIN PRIVATE KEY")
    for path in export_folder.iterdir():
        assert b"PRIVATE KEY" not in path.read_bytes(), path.name
    assert os.stat(key_file).st_mode & 0o777 == 0o600


def test_report_counts_only_what_its_station_signed(history, export_folder, tmp_path) -> None:
    """Finding (signing, the supervisor's side): with the stations' public keys, `report`
    counts an export only if its station's key signed it."""
    station = history["station"]
    keys = tmp_path / "khoa"
    keys.mkdir()
    assert cli(station, "key", "-o", keys / "xa-thu-nghiem.pub").exit_code == 0
    copy = tmp_path / "ban-sao-dai"
    shutil.copytree(station.root, copy)
    (copy / "var" / "station.key").unlink()
    forged = tmp_path / "forged"
    made = run("--config", copy / "config.toml", "export", "--month", MONTH, "-o", forged)
    assert made.exit_code == 0, made.output

    def merged(*inputs: Path) -> dict:
        out = tmp_path / "bao-cao.csv"
        args = ["report", *inputs, "--keys", keys, "--month", MONTH, "--format", "csv"]
        result = run(*args, "-o", out, "--force", "--json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout[result.stdout.index("{") :])

    genuine = merged(export_folder)
    assert genuine["overall"]["airings"] > 0
    assert genuine["inputs"][0]["origin_confirmed"] is True
    other = merged(forged)
    assert other["overall"]["airings"] == 0
    assert "KHÔNG PHẢI CỦA ĐÀI" in other["inputs"][0]["problems"][0]
    (keys / "xa-thu-nghiem.pub").rename(keys / "xa-khac.pub")
    unknown = merged(export_folder)
    assert unknown["overall"]["airings"] == 0 and unknown["inputs"][0]["state"] == "unchecked"


@pytest.mark.parametrize("content", ["không phải khóa", "-----BEGIN PUBLIC KEY-----\nxx\n"])
def test_an_unreadable_key_file_is_one_line(export_folder, tmp_path, content) -> None:
    """Finding (the same class): a key file that is not a key is one line, exit 2."""
    bad = tmp_path / "xa-thu-nghiem.pub"
    bad.write_text(content, encoding="utf-8")
    for args in (
        ["verify", export_folder, "--key", bad],
        ["report", export_folder, "--keys", tmp_path, "-o", tmp_path / "r.csv", "--format", "csv"],
    ):
        result = run(*args)
        no_traceback(result)
        assert result.exit_code == 2, result.output
        assert "Không đọc được khóa công khai" in result.output
