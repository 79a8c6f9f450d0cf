"""Exporting as-run rows: CSV (RFC 4180, safe to open in Excel) and JSON."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest

from broadcaster.db import open_engine, session
from broadcaster.export import EXTRA_FIELDS, FIELDS, FORMAT_VERSION, month_rows, to_csv, to_json
from broadcaster.i18n import set_language
from broadcaster.models import AsRunRecord

COLUMNS = [
    "station_id",
    "series_id",
    "title",
    "file_name",
    "file_sha256",
    "kind",
    "scheduled_at",
    "started_at",
    "ended_at",
    "duration_s",
    "played_s",
    "status",
    "reason",
    "uid",
    "seq",
]


@pytest.fixture(autouse=True)
def _vietnamese():
    set_language("vi")
    yield
    set_language("vi")


def row(**values) -> dict:
    base = {
        "station_id": "xa-thu-nghiem",
        "series_id": "chuyen-doi-so",
        "title": "Chuyển đổi số tháng 3",
        "file_name": "chuyen-doi-so-2026-03.mp3",
        "file_sha256": "ab" * 32,
        "kind": "new",
        "scheduled_at": "2026-03-02T06:10:00+07:00",
        "started_at": "2026-03-02T06:10:00.012+07:00",
        "ended_at": "2026-03-02T06:20:00.020+07:00",
        "duration_s": 600.0,
        "played_s": 600.01,
        "status": "aired",
        "reason": "",
        "uid": "0192f7a0-uid",
        "seq": 1,
    }
    base.update(values)
    return base


def parse(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_the_field_list():
    assert list(FIELDS) == COLUMNS[:13]
    assert list(EXTRA_FIELDS) == ["uid", "seq"]


def test_csv_header_has_every_field_in_order():
    text = to_csv([])
    assert text == ",".join(COLUMNS) + "\r\n"
    assert parse(text) == [COLUMNS]


def test_csv_rows_use_crlf_and_keep_values():
    text = to_csv([row(), row(seq=2, kind="repeat", started_at=None, ended_at=None)])
    assert text.endswith("\r\n")
    header, first, second = parse(text)
    assert header == COLUMNS
    assert dict(zip(header, first, strict=True)) == {k: str(v) for k, v in row().items()}
    assert second[COLUMNS.index("seq")] == "2"
    assert second[COLUMNS.index("kind")] == "repeat"
    # None is an empty cell, not "None"
    assert second[COLUMNS.index("started_at")] == ""
    assert second[COLUMNS.index("ended_at")] == ""


def test_csv_quoting_round_trips_comma_quote_and_newline():
    title = 'Chuyển đổi số, số "đặc biệt"\ndòng hai\r\nvà dòng ba'
    text = to_csv([row(title=title, reason='a,b "c"')])
    assert '"Chuyển đổi số, số ""đặc biệt""' in text  # RFC 4180: quotes doubled inside quotes
    _, cells = parse(text)
    assert cells[COLUMNS.index("title")] == title
    assert cells[COLUMNS.index("reason")] == 'a,b "c"'
    assert len(cells) == len(COLUMNS)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
@pytest.mark.parametrize("field", ["title", "file_name", "reason"])
def test_csv_neutralises_formula_cells(start, field):
    dangerous = start + 'HYPERLINK("http://evil.example","bấm")'
    _, cells = parse(to_csv([row(**{field: dangerous})]))
    assert cells[COLUMNS.index(field)] == "'" + dangerous


@pytest.mark.parametrize(
    "text", ["Chuyên mục", "a=b", "1+1", "'quoted", " =spaced", "email a@b.vn", ""]
)
def test_csv_leaves_ordinary_text_alone(text):
    _, cells = parse(to_csv([row(title=text)]))
    assert cells[COLUMNS.index("title")] == text


def test_csv_leaves_numbers_alone():
    _, cells = parse(to_csv([row(duration_s=612.5, played_s=-1.5, seq=-3)]))
    assert cells[COLUMNS.index("duration_s")] == "612.5"
    assert cells[COLUMNS.index("played_s")] == "-1.5"
    assert cells[COLUMNS.index("seq")] == "-3"


def test_json_document(station):
    config = station.config()
    rows = [row(), row(seq=2, started_at=None)]
    text = to_json(config, "2026-03", rows)
    assert text.endswith("\n")
    assert "Chuyển đổi số tháng 3" in text  # Vietnamese stays readable, not \u escapes
    document = json.loads(text)
    assert document["format_version"] == FORMAT_VERSION == 1
    assert document["station_id"] == "xa-thu-nghiem"
    assert document["station_name"] == "Đài truyền thanh xã Thử Nghiệm"
    assert document["timezone"] == "Asia/Ho_Chi_Minh"
    assert document["month"] == "2026-03"
    assert document["rows"] == rows
    assert document["rows"][1]["started_at"] is None


def test_json_with_no_rows(station):
    document = json.loads(to_json(station.config(), "2026-02", []))
    assert document["rows"] == []
    assert document["month"] == "2026-02"


def _record(scheduled_at: datetime, title: str) -> AsRunRecord:
    return AsRunRecord(
        station_id="xa-thu-nghiem",
        series_id="chuyen-doi-so",
        title=title,
        file_name=f"{title}.mp3",
        file_sha256="cd" * 32,
        kind="new",
        scheduled_at=scheduled_at,
        started_at=scheduled_at,
        ended_at=scheduled_at,
        duration_s=600.0,
        played_s=600.0,
        status="aired",
    )


def test_month_rows_feed_both_exports(station):
    config = station.config()
    engine = open_engine(config.paths.database, config.paths.database_file)
    with session(engine) as db:
        # 2026-02-28 23:30 UTC is already 1 March in Viet Nam (UTC+7).
        db.add(_record(datetime(2026, 2, 28, 23, 30, tzinfo=UTC), "=inside"))
        db.add(_record(datetime(2026, 2, 28, 16, 30, tzinfo=UTC), "before"))
        db.add(_record(datetime(2026, 3, 31, 17, 0, tzinfo=UTC), "after"))
        db.commit()
    rows = month_rows(engine, config, "2026-03")
    engine.dispose()

    assert [r["title"] for r in rows] == ["=inside"]
    assert list(rows[0]) == COLUMNS
    assert rows[0]["scheduled_at"] == "2026-03-01T06:30:00+07:00"
    _, cells = parse(to_csv(rows))
    assert cells[COLUMNS.index("title")] == "'=inside"
    assert json.loads(to_json(config, "2026-03", rows))["rows"] == rows
