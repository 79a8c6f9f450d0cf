"""The read-side commands on a real station folder: plan, status, export."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from broadcaster.cli import main
from broadcaster.clock import FakeClock
from broadcaster.station.intake import station_ingester
from broadcaster.station.records import record_missed
from broadcaster.station.replan import replan
from broadcaster.store.db import open_engine
from tests.support.onair import drop


@pytest.fixture
def history(station, tone):
    """Two programmes taken in together on 2 March 2026: March takes one (its name sorts
    first), the other is held for April. The March slots all pass with the daemon down,
    so they are recorded missed; the clock stops on the evening of 31 March."""
    config = station.config()
    engine = open_engine(config.paths.database, config.paths.database_file)
    clock = FakeClock(datetime(2026, 3, 2, 1, 0, tzinfo=UTC))
    ingester = station_ingester(config, engine, clock)
    drop(tone(1), station.inbox, "Tháng ba.mp3")
    drop(tone(2), station.inbox, "=Thêm một số.mp3")
    ingester.scan()
    ingester.scan()
    replan(engine, config, clock.now(), config.player.preroll)
    clock.sleep_until(datetime(2026, 3, 31, 12, 0, tzinfo=UTC))
    record_missed(engine, config, clock.now())
    return station


def _invoke(station, *args: str):
    result = CliRunner().invoke(main, ["--config", str(station.config_path), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_plan_json_lists_airings_and_what_was_held(history) -> None:
    data = json.loads(_invoke(history, "plan", "--month", "2026-03", "--json"))
    assert [a["kind"] for a in data["airings"]] == ["new", "repeat", "repeat", "repeat"]
    assert {a["status"] for a in data["airings"]} == {"missed"}
    assert data["airings"][0]["slot_at"].endswith("+07:00")
    assert {a["title"] for a in data["airings"]} == {"=Thêm một số"}
    (held,) = data["held"]
    assert (held["title"], held["wanted_period"], held["period"]) == (
        "Tháng ba",
        "2026-03",
        "2026-04",
    )


def test_plan_text_is_in_vietnamese(history) -> None:
    text = _invoke(history, "plan", "--month", "2026-03")
    assert "Lịch phát tháng 3/2026" in text
    assert "phát mới" in text and "phát lại" in text and "bị bỏ lỡ" in text
    assert "Tạm giữ sang kỳ sau: Tháng ba" in text


def test_plan_rejects_a_bad_month_in_one_line(history) -> None:
    result = CliRunner().invoke(
        main, ["--config", str(history.config_path), "plan", "--month", "03/2026"]
    )
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "YYYY-MM" in result.output


def test_status_json_reports_health(history) -> None:
    result = CliRunner().invoke(main, ["--config", str(history.config_path), "status", "--json"])
    assert result.exit_code == 1  # a check fails: the daemon never ran
    data = json.loads(result.output)
    assert set(data["health"]) == {"daemon", "audio", "inbox", "database"}
    assert data["health"]["database"]["ok"] is True
    assert data["health"]["daemon"]["ok"] is False  # never ran
    assert len(data["last"]) == 4 and data["last"][0]["status"] == "missed"


def test_export_csv_opens_in_excel(history, tmp_path) -> None:
    out = tmp_path / "nhat-ky-2026-03.csv"
    _invoke(history, "export", "--month", "2026-03", "--format", "csv", "-o", str(out))
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8 correctly
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert len(rows) == 4
    assert rows[0]["title"] == "'=Thêm một số"  # a formula-looking title stays text
    assert rows[0]["status"] == "missed" and rows[0]["scheduled_at"].endswith("+07:00")


def test_export_json_has_the_agreed_field_names(history) -> None:
    data = json.loads(_invoke(history, "export", "--month", "2026-04", "--format", "json"))
    fields = {
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
    }
    assert data["rows"] == []  # nothing in April yet: the clock stopped on 31 March
    assert data["station"]["id"] == "xa-thu-nghiem" and data["month"] == "2026-04"
    march = json.loads(_invoke(history, "export", "--month", "2026-03", "--format", "json"))["rows"]
    assert fields <= set(march[0])
