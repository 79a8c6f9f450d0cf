"""#15 §1: input files are read only from inside the folder or file named; links out of
it, devices, FIFOs and files over the size limit are refused with a clear line, and a bad
input never stops the others from being reported. Run as real processes, with a memory
cap and a timeout, so that a regression fails the test instead of the machine."""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.support.exports import MONTH, month_json, run

MEMORY_CAP = 1 << 30  # 1 GiB of address space for the whole command
TIMEOUT_S = 60


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def broadcaster(*args: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BROADCASTER_MALLOC": "system"}
    return subprocess.run(
        [sys.executable, "-m", "broadcaster", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        preexec_fn=_capped,
        env=env,
    )


@pytest.fixture
def exports(export_folder, tmp_path) -> Path:
    """A supervisor's folder: one good station export, and room for hostile neighbours."""
    folder = tmp_path / "thu-ve"
    folder.mkdir()
    shutil.copytree(export_folder, folder / export_folder.name)
    return folder


def _report(folder: Path, out: Path) -> tuple[subprocess.CompletedProcess[str], dict]:
    done = broadcaster("report", folder, "--month", MONTH, "-o", out, "--json")
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 0, done.stderr
    return done, json.loads(done.stdout)


def _counted(report: dict) -> int:
    return report["overall"]["airings_done"] + report["overall"]["airings"]


def test_a_link_to_dev_zero_is_refused(exports, tmp_path) -> None:
    """Finding: `report` over a folder holding `zero.json -> /dev/zero` used 5.4 GB and
    died with MemoryError."""
    (exports / "zero.json").symlink_to("/dev/zero")
    done, report = _report(exports, tmp_path / "r.xlsx")
    assert _counted(report) > 0  # the good export is still reported
    (refused,) = [i for i in report["inputs"] if i["source"].endswith("zero.json")]
    assert refused["state"] == "unchecked"
    assert "ngoài thư mục" in refused["problems"][0]
    assert "KHÔNG TÍNH (không kiểm tra được)" in done.stderr


def test_a_fifo_does_not_hang_the_report(exports, tmp_path) -> None:
    """Finding: a FIFO named `*.json` hung `report`."""
    os.mkfifo(exports / "ong.json")
    _done, report = _report(exports, tmp_path / "r.xlsx")  # within TIMEOUT_S
    (refused,) = [i for i in report["inputs"] if i["source"].endswith("ong.json")]
    assert "không phải tệp thường" in refused["problems"][0]
    assert _counted(report) > 0


def test_a_device_named_directly_is_refused(tmp_path) -> None:
    """Finding (the same class): a device given by name is not read."""
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    done = broadcaster("verify", tmp_path / "zero.json")
    assert done.returncode == 2, done.stdout + done.stderr
    assert "không phải tệp thường" in done.stdout


def test_one_bad_input_never_stops_the_others(exports, tmp_path) -> None:
    """Finding: one input that is `[]` aborted the whole report."""
    (exports / "mang-rong.json").write_text("[]", encoding="utf-8")
    (exports / "hong.json").write_text('{"format_version": 2, "rows": [', encoding="utf-8")
    _done, report = _report(exports, tmp_path / "r.xlsx")
    states = {Path(i["source"]).name: i["state"] for i in report["inputs"]}
    assert states["mang-rong.json"] == "unchecked" and states["hong.json"] == "unchecked"
    assert _counted(report) > 0


def test_a_huge_json_is_refused_and_memory_stays_bounded(export_folder, tmp_path) -> None:
    """Finding: a 200 MB JSON took 5.4 GB and was reported intact. Over the size limit a
    file is 'cannot check' (exit 2); the limit can be raised, and then it is checked."""
    big = tmp_path / "to.json"
    text = month_json(export_folder).read_text(encoding="utf-8")
    with big.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.write(" " * (60 * 1024 * 1024))  # still valid JSON: whitespace after it
    done = broadcaster("verify", big)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "lớn hơn giới hạn 50 MB" in done.stdout and "TOÀN VẸN" not in done.stdout
    raised = broadcaster("verify", big, "--max-mb", "100")
    assert raised.returncode == 0, raised.stdout + raised.stderr


def test_a_link_out_of_an_export_folder_is_not_followed(export_folder, tmp_path) -> None:
    """Finding (the same class): a file of an export folder that links elsewhere is not read."""
    csv_path = next(export_folder.glob("*.csv"))
    outside = tmp_path / "o-ngoai.csv"
    shutil.move(csv_path, outside)
    csv_path.symlink_to(outside)
    result = run("verify", export_folder)
    assert result.exit_code == 2, result.output
    assert "liên kết trỏ ra ngoài thư mục" in result.output


def _zip_folder(folder: Path, path: Path, edit: bytes | None = None) -> Path:
    """The export folder zipped as Windows Explorer does (the folder at the top)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(folder.iterdir()):
            data = file.read_bytes()
            if edit is not None and file == month_json(folder):
                data = data.replace(b'"status": "missed"', edit, 1)
                assert edit in data
            archive.writestr(f"{folder.name}/{file.name}", data)
    return path


def test_a_zip_in_the_folder_is_reported_as_the_export_it_holds(export_folder, tmp_path) -> None:
    """#11 §3 finding: `report` over a zip of an export printed KHÔNG TÍNH (đã bị thay
    đổi) (and a folder holding one ignored it). Now a zip counts as its folder; a zip with
    an edited JSON is not counted; a bomb is 'cannot check', and the others still count."""
    folder = tmp_path / "thu-ve"
    folder.mkdir()
    _zip_folder(export_folder, folder / "xa-thang-3.zip")
    _done, genuine = _report(folder, tmp_path / "r1.xlsx")
    (one,) = genuine["inputs"]
    assert one["source"].endswith("xa-thang-3.zip") and one["state"] == "ok", one
    assert _counted(genuine) > 0

    (folder / "xa-thang-3.zip").rename(tmp_path / "ra-ngoai.zip")
    _zip_folder(export_folder, folder / "sua.zip", edit=b'"status": "aired"')
    with zipfile.ZipFile(folder / "bom.zip", "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("x/manifest.json", bytes(30 << 20))
    done, hostile = _report(folder, tmp_path / "r2.xlsx")
    states = {Path(i["source"]).name: i["state"] for i in hostile["inputs"]}
    assert states == {"sua.zip": "untrusted", "bom.zip": "unchecked"}, states
    assert _counted(hostile) == 0
    assert "KHÔNG TÍNH (đã bị thay đổi): " in done.stderr and "sua.zip" in done.stderr
    assert "bị nén quá mức" in done.stderr


def test_a_folder_and_its_zip_side_by_side_count_once(exports, tmp_path) -> None:
    """The supervisor unzipped the zip beside it: one log given twice, counted once."""
    _done, alone = _report(exports, tmp_path / "r1.xlsx")
    (export,) = [p for p in exports.iterdir() if p.is_dir()]
    _zip_folder(export, exports / "ban-nen.zip")
    _done, both = _report(exports, tmp_path / "r2.xlsx")
    assert [i["state"] for i in both["inputs"]] == ["ok", "ok"]
    assert both["overall"] == alone["overall"]


def test_a_tampered_duplicate_never_voids_the_genuine_copy(exports, tmp_path) -> None:
    """Finding (#11 §3): a tampered duplicate of a month voided the genuine copy, which was
    still listed as OK. The genuine copy is counted; the tampered one is listed beside it
    as not trusted, with its own problem."""
    (genuine,) = [p for p in exports.iterdir() if p.is_dir()]
    copy = exports / "ban-da-sua"
    shutil.copytree(genuine, copy)
    path = month_json(copy)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["rows"][0]["played_s"] += 600
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    done, report = _report(exports, tmp_path / "r.xlsx")
    (station,) = report["stations"]
    (cell,) = station["cells"]
    assert cell["state"] == "ok" and cell["counted"] and cell["airings"] > 0
    copies = {Path(c["source"]).name: (c["state"], c["counted"]) for c in cell["copies"]}
    assert copies == {genuine.name: ("ok", True), "ban-da-sua": ("untrusted", False)}
    assert "KHÔNG TÍNH (đã bị thay đổi)" in done.stderr and "ban-da-sua" in done.stderr
    assert _counted(report) == station["totals"]["airings_done"] + cell["airings"]
