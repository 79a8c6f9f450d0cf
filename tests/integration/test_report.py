"""`report` over exports of several stations: gaps, a tampered input, a station that met
every target; the supervisor's numbers only count what verifies."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from broadcaster.cli import main
from broadcaster.proof.export import key_of, write_formats
from broadcaster.proof.json_out import write_json
from broadcaster.proof.month import build_month
from broadcaster.proof.signing import sealed
from tests.conftest import SERIES_MONTHLY, StationDir
from tests.integration.station_history import make_history, make_perfect_month


def _station(root: Path, station_id: str, name: str) -> StationDir:
    s = StationDir(root / station_id)
    s.root.mkdir(parents=True)
    s.write_config(station_id=station_id, name=name)
    s.write_series("chuyen-doi-so", SERIES_MONTHLY)
    return s


def _document(history: dict) -> dict:
    month = build_month(history["engine"], history["config"], "2026-03", history["clock"].now())
    return sealed(month, key_of(history["config"]))


@pytest.fixture(scope="module")
def exports(tmp_path_factory, tone) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("stations")
    out = tmp_path_factory.mktemp("exports")
    good = _station(root, "xa-an-binh", "Đài truyền thanh xã An Bình")
    patchy = _station(root, "xa-binh-chau", "Đài truyền thanh xã Bình Châu")
    forged = _station(root, "xa-binh-hai", "Đài truyền thanh xã Bình Hải")
    paths = {}
    paths["good"] = out / "an-binh-2026-03.json"
    write_json(_document(make_perfect_month(good, tone)), paths["good"])
    history = make_history(patchy, tone)
    paths["patchy"] = out / "binh-chau-2026-03"
    write_formats(_document(history), paths["patchy"], "nhat-ky", "vi", key_of(history["config"]))
    forged_doc = _document(make_perfect_month(forged, tone))
    forged_doc["rows"][1]["played_s"] = forged_doc["rows"][1]["played_s"] + 600  # padding airtime
    paths["forged"] = out / "binh-hai-2026-03.json"
    write_json(forged_doc, paths["forged"])
    return paths


def _report(exports, tmp_path, *args: str) -> tuple[dict, str]:
    out = tmp_path / "report.xlsx"
    result = CliRunner().invoke(
        main, ["report", *map(str, exports.values()), "-o", str(out), "--json", *args]
    )
    assert result.exit_code == 0, result.output
    text = result.stdout
    return json.loads(text[text.index("{") :]), result.stderr


def test_month_report_scores_each_station_and_flags_the_forgery(exports, tmp_path) -> None:
    report, messages = _report(exports, tmp_path, "--month", "2026-03")
    by_id = {s["id"]: s for s in report["stations"]}
    assert by_id["xa-an-binh"]["cells"][0]["verdict"] == "met"
    assert by_id["xa-an-binh"]["totals"]["airings_done"] == 4
    assert by_id["xa-binh-chau"]["cells"][0]["verdict"] == "not_met"
    assert by_id["xa-binh-hai"]["cells"][0]["state"] == "untrusted"
    assert by_id["xa-binh-hai"]["totals"]["airings_done"] == 0  # never silently counted
    assert report["overall"]["airings_done"] == 4 + by_id["xa-binh-chau"]["totals"]["airings_done"]
    flagged = [i for i in report["inputs"] if not i["verified"]]
    assert [Path(i["source"]).name for i in flagged] == ["binh-hai-2026-03.json"]
    assert "KHÔNG TÍNH" in messages and "binh-hai-2026-03.json" in messages


def test_year_report_names_the_missing_months(exports, tmp_path) -> None:
    report, _ = _report(exports, tmp_path, "--year", "2026")
    for station in report["stations"]:
        states = {c["month"]: c["state"] for c in station["cells"]}
        assert len(states) == 12
        assert states["2026-02"] == "missing"
    good = next(s for s in report["stations"] if s["id"] == "xa-an-binh")
    assert good["totals"]["months_missing"] == 11 and good["totals"]["months_met"] == 1


def test_report_files_open(exports, tmp_path) -> None:
    from openpyxl import load_workbook

    paths = {fmt: tmp_path / f"report.{fmt}" for fmt in ("xlsx", "csv", "pdf")}
    for fmt, path in paths.items():
        result = CliRunner().invoke(
            main,
            [
                "report",
                *map(str, exports.values()),
                "--month",
                "2026-03",
                "--format",
                fmt,
                "-o",
                str(path),
            ],
        )
        assert result.exit_code == 0, result.output
    sheet = load_workbook(paths["xlsx"]).worksheets[0]
    names = {row[1] for row in sheet.iter_rows(values_only=True)}
    assert "Đài truyền thanh xã An Bình" in names
    csv_text = paths["csv"].read_bytes()
    assert csv_text.startswith(b"\xef\xbb\xbf") and "xã Bình Châu".encode() in csv_text
    text = subprocess.run(
        ["pdftotext", "-layout", str(paths["pdf"]), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "BÁO CÁO TỔNG HỢP PHÁT THANH" in text and "KHÔNG TIN CẬY" in text
