"""A test airing (phát thử) in the proof: listed in every export as *phát thử*, counted in
no quota, summary or verdict; `verify` recomputes the same, so an export with a test row
is intact, and one forged to count the test row as a programme airing is caught.

The month: March 2026, the monthly programme aired new + 2 repeats and missed its third
repeat (so the month is not met), and a technician test-aired the same file in between.
Counting that test airing as the missing repeat is exactly the forgery a station might
be tempted by."""

from __future__ import annotations

import copy
import subprocess
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from broadcaster.audio.player.fake import FakePlayer
from broadcaster.clock import FakeClock
from broadcaster.core.chain import row_hash
from broadcaster.proof.checks import check_month_document
from broadcaster.proof.month import build_month
from broadcaster.proof.pdf_out import write_pdf
from broadcaster.proof.xlsx_out import write_xlsx
from broadcaster.station.intake import station_ingester
from broadcaster.station.records import record_missed
from broadcaster.station.replan import replan
from broadcaster.station.testair import plan_test_airing
from broadcaster.store.db import open_engine, session
from broadcaster.store.models import AsRunRecord, PlannedAiring
from tests.support.exports import cli, month_json, read_json, run, write_json
from tests.support.history import _air
from tests.support.onair import drop
from tests.support.pdf_layout import layout_problems

MONTH = "2026-03"


@pytest.fixture
def tested_month(station, tone) -> dict:
    config = station.config()
    engine = open_engine(config.paths.database, config.paths.database_file)
    clock = FakeClock(datetime(2026, 3, 1, 1, 0, tzinfo=UTC))
    ingester = station_ingester(config, engine, clock)
    drop(tone(2), station.inbox, "Chuyển đổi số tháng 3.mp3", folder="chuyen-doi-so")
    for _ in range(2):
        ingester.scan()
    replan(engine, config, clock.now(), config.player.preroll)
    # The technician checks the loudspeakers with this month's programme itself.
    test = plan_test_airing(engine, config, tone(2), clock.now())
    replan(engine, config, clock.now(), config.player.preroll)
    with session(engine) as db:
        planned = db.exec(select(PlannedAiring).order_by(PlannedAiring.slot_at)).all()
    programme = [p for p in planned if p.kind != "test"]
    assert [p.kind for p in programme] == ["new", "repeat", "repeat", "repeat"]
    for item in planned:
        if item.uid != programme[-1].uid:  # the third repeat passes with the daemon down
            _air(config, engine, clock, item, FakePlayer())
    clock.sleep_until(datetime(2026, 4, 2, tzinfo=UTC))
    record_missed(engine, config, clock.now())
    return {
        "config": config,
        "engine": engine,
        "clock": clock,
        "test": test,
        "station": station,
    }


def _document(month: dict) -> dict:
    return build_month(month["engine"], month["config"], MONTH, month["clock"].now())


def test_the_test_row_is_listed_and_counted_nowhere(tested_month) -> None:
    document = _document(tested_month)
    kinds = [r["kind"] for r in document["rows"]]
    assert sorted(kinds) == ["new", "repeat", "repeat", "repeat", "test"]
    (test_row,) = [r for r in document["rows"] if r["kind"] == "test"]
    assert test_row["status"] == "aired" and test_row["series_id"] == "test"
    summary = document["summary"]
    assert [s["series_id"] for s in summary["series"]] == ["chuyen-doi-so"]
    (series,) = summary["series"]
    (programme,) = series["programmes"]
    # new + 2 repeats aired; the test airing of the same file is not a repeat.
    assert (programme["new_done"], programme["repeats_done"]) == (1, 2)
    assert series["airings_done"] == 3 and series["verdict"] == "not_met"
    totals = summary["totals"]
    assert totals["rows"] == 4 and totals["aired"] == 3 and totals["missed"] == 1
    assert totals["airtime_s"] == pytest.approx(series["airtime_s"])
    assert totals["verdict"] == "not_met"


def test_an_export_with_a_test_row_verifies_intact(tested_month, tmp_path) -> None:
    folder = tmp_path / "xuat"
    result = cli(tested_month["station"], "export", "--month", MONTH, "-o", folder)
    assert result.exit_code == 0, result.output
    checked = run("verify", folder)
    assert checked.exit_code == 0, checked.output
    assert "TOÀN VẸN" in checked.output
    assert check_month_document(read_json(month_json(folder)), "x.json") == []


def _count_the_test_as_the_missing_repeat(document: dict) -> None:
    (series,) = document["summary"]["series"]
    (programme,) = series["programmes"]
    programme["repeats_done"] = 3
    programme["verdict"] = "met"
    series["airings_done"] = 4
    series["verdict"] = "met"
    document["summary"]["totals"]["verdict"] = "met"


def test_a_summary_counting_the_test_row_is_caught(tested_month) -> None:
    forged = copy.deepcopy(_document(tested_month))
    _count_the_test_as_the_missing_repeat(forged)
    problems = check_month_document(forged, "x.json")
    assert any("bản tóm tắt không khớp" in p for p in problems), problems


def test_a_test_row_relabelled_as_a_repeat_is_caught(tested_month) -> None:
    """Relabelled and re-hashed, the row itself checks out, but then the chain breaks."""
    forged = copy.deepcopy(_document(tested_month))
    (row,) = [r for r in forged["rows"] if r["kind"] == "test"]
    row["kind"], row["series_id"] = "repeat", "chuyen-doi-so"
    problems = check_month_document(forged, "x.json")
    assert problems, "a relabelled test row passed"
    row["row_hash"] = row_hash(row["prev_hash"], row)
    _count_the_test_as_the_missing_repeat(forged)
    assert check_month_document(forged, "x.json"), "a re-hashed relabelled row passed"


def test_the_forged_export_file_is_caught_by_verify(tested_month, tmp_path) -> None:
    folder = tmp_path / "xuat"
    assert cli(tested_month["station"], "export", "--month", MONTH, "-o", folder).exit_code == 0
    path = month_json(folder)
    document = read_json(path)
    _count_the_test_as_the_missing_repeat(document)
    write_json(path, document)
    result = run("verify", path)
    assert result.exit_code == 1, result.output
    assert "ĐÃ BỊ THAY ĐỔI" in result.output


@pytest.mark.parametrize("lang, word", [("vi", "phát thử"), ("en", "test airing")])
def test_xlsx_and_pdf_name_the_test_airing(tested_month, tmp_path, lang, word) -> None:
    from openpyxl import load_workbook

    document = _document(tested_month)
    xlsx, pdf = tmp_path / "log.xlsx", tmp_path / "log.pdf"
    write_xlsx(document, xlsx, lang)
    write_pdf(document, pdf, lang)
    assert not layout_problems(pdf)  # every PDF: nothing overlaps, nothing cut
    book = load_workbook(xlsx)
    cells = [str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert cells.count(word) == 1, [c for c in cells if "test" in c or "thử" in c]
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert word in text
    # The calendar's legend counts as the summary does: 3 aired, 1 missed, 1 test airing.
    aired = "đã phát" if lang == "vi" else "aired"
    assert f"{aired} (3)" in text and f"{word} (1)" in text, text


def test_csv_and_json_keep_the_kind_test(tested_month, tmp_path) -> None:
    folder = tmp_path / "xuat"
    assert cli(tested_month["station"], "export", "--month", MONTH, "-o", folder).exit_code == 0
    csv_text = next(folder.glob("*.csv")).read_text(encoding="utf-8-sig")
    assert sum(1 for line in csv_text.splitlines() if ",test," in line) == 1
    assert [r["kind"] for r in read_json(month_json(folder))["rows"]].count("test") == 1


def test_the_test_airing_took_a_moment_with_nothing_on_air(tested_month) -> None:
    test = tested_month["test"].airing
    with session(tested_month["engine"]) as db:
        others = db.exec(select(PlannedAiring).where(PlannedAiring.kind != "test")).all()
        rows = db.exec(select(AsRunRecord).where(AsRunRecord.kind == "test")).all()
    end = test.slot_at + timedelta(seconds=test.duration_s)
    for other in others:
        other_end = other.slot_at + timedelta(seconds=other.duration_s)
        assert end <= other.slot_at or other_end <= test.slot_at
    assert len(rows) == 1 and rows[0].planned_airing_uid == test.uid
