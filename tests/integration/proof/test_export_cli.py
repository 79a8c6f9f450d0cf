"""`export` end to end: golden JSON and CSV, the all-formats folder with its manifest,
and `verify` on what it wrote."""

from __future__ import annotations

import json
import os
import re
import subprocess

import pytest
from click.testing import CliRunner

from broadcaster.cli import main
from tests.support.history import make_history
from tests.support.paths import GOLDEN

_VOLATILE = re.compile(
    r"\b[0-9a-f]{64}\b|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"
)


def normalise(text: str) -> str:
    """Hashes and uids differ per run (uuid4, encoder builds); give them stable names in
    order of first appearance, so the golden file still shows which values repeat."""
    names: dict[str, str] = {}

    def name(match: re.Match[str]) -> str:
        value = match.group(0)
        kind = "uid" if "-" in value else "hash"
        if value == "0" * 64:
            return "<genesis>"
        return names.setdefault(value, f"<{kind}-{len(names) + 1}>")

    text = _VOLATILE.sub(name, text)
    # The station's key is made anew for every test station: its signature varies too.
    for field in ("public_key", "fingerprint", "signature"):
        text = re.sub(rf'"{field}": "[^"]*"', f'"{field}": "<{field}>"', text)
    return re.sub(r'"generated_at": "[^"]*"', '"generated_at": "<now>"', text)


def _compare(name: str, text: str) -> None:
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8", newline="")
    assert golden.is_file(), f"{golden} missing: run with UPDATE_GOLDEN=1 once and review it"
    assert text == golden.read_bytes().decode("utf-8"), f"{name} differs from the golden file"


@pytest.fixture
def station_with_march(station, tone):
    make_history(station, tone)
    return station


def _cli(station, *args: str):
    result = CliRunner().invoke(main, ["--config", str(station.config_path), *args])
    assert result.exit_code == 0, result.output
    return result


def test_json_export_matches_the_golden_file(station_with_march) -> None:
    out = _cli(station_with_march, "export", "--month", "2026-03", "--format", "json").stdout
    _compare("export-2026-03.json", normalise(out))


def test_csv_export_matches_the_golden_file(station_with_march, tmp_path) -> None:
    path = tmp_path / "log.csv"
    _cli(station_with_march, "export", "--month", "2026-03", "--format", "csv", "-o", str(path))
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    _compare("export-2026-03.csv", normalise(raw.decode("utf-8-sig")))


def test_all_formats_go_to_one_verified_folder(station_with_march, tmp_path) -> None:
    folder = tmp_path / "xa-thu-nghiem-2026-03"
    result = _cli(station_with_march, "export", "--month", "2026-03", "-o", str(folder))
    assert "không đạt" in result.output  # the month's verdict, in Vietnamese
    names = sorted(p.name for p in folder.iterdir())
    base = "nhat-ky-phat-thanh-xa-thu-nghiem-2026-03"
    assert names == sorted(
        [f"{base}.{x}" for x in ("json", "csv", "xlsx", "pdf")] + ["manifest.json"]
    )
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["row_count"] == 7 and manifest["period"] == "2026-03"
    verify = CliRunner().invoke(main, ["verify", str(folder)])
    assert verify.exit_code == 0, verify.output

    from openpyxl import load_workbook

    detail = load_workbook(folder / f"{base}.xlsx").worksheets[1]
    titles = [c.value for c in next(detail.iter_cols(min_col=6, max_col=6))]
    assert "=Tuần 1" in titles  # text, not a formula
    text = subprocess.run(
        ["pdftotext", "-layout", str(folder / f"{base}.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for words in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "BÁO CÁO",
        "Nhật ký phát thanh tháng 3 năm 2026",
        "Chuyển đổi số tháng 3",
        "NGƯỜI LẬP BIỂU",
        "THỦ TRƯỞNG ĐƠN VỊ",
        "Nơi nhận:",
        "bị bỏ lỡ",
        "Phụ lục I",
    ):
        assert words in text, words
    assert "bulletin" not in text.lower()


def test_english_export_and_default_previous_month(
    station_with_march, tmp_path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _cli(station_with_march, "export", "--format", "pdf", "--lang", "en")
    (pdf,) = list(tmp_path.glob("nhat-ky-phat-thanh-xa-thu-nghiem-*.pdf"))
    assert re.search(r"\d{4}-\d{2}\.pdf$", pdf.name)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "REPORT" in text and "Broadcast log" in text and "Annex I" in text


def test_the_pdf_takes_its_frame_from_the_document_table(station_with_march, tmp_path) -> None:
    """`[document]` names the bodies, number, place, signer and recipients of the PDF."""
    station_with_march.write_config(
        extra='\n[document]\nparent_body = "UBND huyện Bình Sơn"\nissuer_code = "ĐTT"\n'
        'number = "07"\nplace = "Bình Sơn"\nsigner_title = "Trưởng đài"\n'
        'signer_name = "Nguyễn Văn An"\npreparer_name = "Trần Thị Bình"\n'
    )
    path = tmp_path / "log.pdf"
    _cli(station_with_march, "export", "--month", "2026-03", "--format", "pdf", "-o", str(path))
    from tests.support.pdf_layout import assert_clean_layout

    pages = assert_clean_layout(path, "export-cli-document")
    assert all(page.portrait for page in pages)
    text = " ".join(
        subprocess.run(
            ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    for words in (
        "UBND HUYỆN BÌNH SƠN",
        "ĐÀI TRUYỀN THANH XÃ THỬ NGHIỆM",  # the issuer defaults to the station's name
        "Số: 07/BC-ĐTT",
        "Bình Sơn, ngày",
        "TRƯỞNG ĐÀI",
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "- Phòng Văn hóa và Thông tin; - Lưu: VT.",  # reports_to, when no recipients
    ):
        assert words in text, words


def test_the_workbook_carries_the_document_table(station_with_march, tmp_path) -> None:
    # `[document]` reaches the workbook's frame; the station fills the issuer it leaves blank.
    station_with_march.write_config(
        extra='\n[document]\nparent_body = "UBND huyện Bình Sơn"\nnumber = "12"\n'
        'issuer_code = "ĐTT"\nplace = "Bình Sơn"\n'
    )
    path = tmp_path / "log.xlsx"
    _cli(station_with_march, "export", "--month", "2026-03", "--format", "xlsx", "-o", str(path))
    from openpyxl import load_workbook

    summary = load_workbook(path).worksheets[0]
    texts = {c.value for row in summary.iter_rows(max_row=12) for c in row if c.value}
    for words in (
        "UBND HUYỆN BÌNH SƠN",
        "ĐÀI TRUYỀN THANH XÃ THỬ NGHIỆM",
        "Số: 12/BC-ĐTT",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "NHẬT KÝ PHÁT THANH THÁNG 3/2026",
    ):
        assert words in texts, (words, texts)
    assert any(str(t).startswith("Bình Sơn, ngày ") for t in texts)
