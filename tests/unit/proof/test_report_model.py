"""The report's model (#11 §1, §3) on real signed exports of a hand-written station log:
rows appended through the real chained append, months exported and signed by the real
export code, read back by `collect` (which verifies each), and `build_report` with an
injected `today`.

On the code before #11: a year report made in November called December *thiếu nhật ký*
and November a finished month; a tampered duplicate voided the genuine copy; bulletins
and both series were summed into one "required / done".
"""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from broadcaster.cli import main
from broadcaster.proof.export import signed_month
from broadcaster.proof.json_out import write_json
from broadcaster.proof.report import collect
from broadcaster.proof.report_model import build_report
from broadcaster.store.asrun import append
from broadcaster.store.db import open_engine
from broadcaster.store.models import AsRunRecord
from tests.support.station import SERIES_MONTHLY, WEEKLY, StationDir

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
STATION = "xa-an-binh"
# (day, series, kind, status, played_s, bulletin level, programme)
EARLY = [
    ("2025-12-10", "chuyen-doi-so", "new", "aired", 600, None, "d12"),
    ("2025-12-20", "chuyen-doi-so", "repeat", "aired", 600, None, "d12"),
    ("2025-12-22", "bulletin", "bulletin", "aired", 120, "normal", "b1"),
    ("2026-03-02", "chuyen-doi-so", "new", "aired", 600, None, "m3"),
    ("2026-03-07", "tinh-hang-tuan", "new", "aired", 300, None, "w1"),
    ("2026-03-09", "chuyen-doi-so", "repeat", "aired", 600, None, "m3"),
    ("2026-03-10", "bulletin", "bulletin", "aired", 120, "emergency", "b2"),
    ("2026-03-12", "test", "test", "aired", 30, None, "t1"),
]
LATER = [
    ("2026-03-16", "chuyen-doi-so", "repeat", "aired", 600, None, "m3"),
    # the week of 9/3 missed its programme; it aired late, in the week after (planner.py)
    ("2026-03-17", "tinh-hang-tuan", "late", "aired", 300, None, "w2"),
    ("2026-03-21", "tinh-hang-tuan", "new", "aired", 300, None, "w3"),
    ("2026-03-23", "chuyen-doi-so", "repeat", "aired", 600, None, "m3"),
    ("2026-03-25", "bulletin", "bulletin", "partial", 60, "priority", "b3"),
    ("2026-03-28", "bulletin", "bulletin", "aired", 120, "normal", "b4"),
    ("2026-04-06", "chuyen-doi-so", "new", "aired", 600, None, "m4"),
    ("2026-11-02", "chuyen-doi-so", "new", "aired", 600, None, "m11"),
    ("2026-11-07", "tinh-hang-tuan", "new", "aired", 300, None, "w11"),
    ("2026-12-10", "chuyen-doi-so", "new", "aired", 600, None, "d26"),
    ("2026-12-20", "chuyen-doi-so", "repeat", "aired", 600, None, "d26"),
]


def _local(day: str, hour: int = 6) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, minute=10, tzinfo=TZ)


def _append(engine, station_id: str, rows) -> None:
    for day, series, kind, status, played, level, programme in rows:
        at = _local(day)
        append(
            engine,
            AsRunRecord(
                station_id=station_id,
                series_id=series,
                title=f"Chương trình {programme}",
                file_name=f"{series}/{programme}.mp3",
                file_sha256=f"{sum(map(ord, programme)):064x}",
                kind=kind,
                priority=level,
                scheduled_at=at,
                started_at=at if played else None,
                ended_at=at if played else None,
                duration_s=float(played if status == "aired" else 600),
                played_s=float(played),
                status=status,
                recorded_at=at,
            ),
        )


def _station(root: Path, name: str = "station") -> tuple[StationDir, object, object]:
    s = StationDir(root / name)
    s.root.mkdir(parents=True)
    s.write_config(station_id=STATION, name="Đài truyền thanh xã An Bình")
    s.write_series("chuyen-doi-so", SERIES_MONTHLY)
    s.write_series("tinh-hang-tuan", WEEKLY)
    config = s.config()
    return s, config, open_engine(config.paths.database, config.paths.database_file)


def _export(engine, config, month: str, now: datetime, path: Path) -> Path:
    write_json(signed_month(engine, config, month, now), path)
    return path


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("station")
    out = tmp_path_factory.mktemp("exports")
    _s, config, engine = _station(root)
    _append(engine, STATION, EARLY)
    paths = {
        "2026-03-mid": _export(engine, config, "2026-03", _local("2026-03-15", 0), out / "mid.json")
    }
    _append(engine, STATION, LATER)
    for month, written in [
        ("2025-12", "2026-01-02"),
        ("2026-03", "2026-11-20"),
        ("2026-04", "2026-11-20"),
        ("2026-11", "2026-11-29"),  # the month is still running
        ("2026-12", "2027-01-02"),
    ]:
        paths[month] = _export(engine, config, month, _local(written, 12), out / f"{month}.json")
    return paths


def _report(paths, *names: str, today: date, **scope) -> dict:
    return build_report(collect([paths[n] for n in names]), today=today, **scope)


def _cells(report: dict) -> dict[str, dict]:
    (station,) = report["stations"]
    return {c["month"]: c for c in station["cells"]}


def test_a_year_report_made_in_november(exports) -> None:
    """November is in progress (its genuine log counted), December not yet due, the months
    before the first log not started; only the months between are missing."""
    report = _report(
        exports, "2026-03", "2026-04", "2026-11", year="2026", today=date(2026, 11, 29)
    )
    assert report["scope"] == {
        "kind": "year",
        "month": None,
        "year": "2026",
        "from": "2026-01-01",
        "to": "2026-12-31",
        "months": [f"2026-{m:02d}" for m in range(1, 13)],
    }
    assert report["today"] == "2026-11-29"
    cells = _cells(report)
    states = {m: c["state"] for m, c in cells.items()}
    assert states == {
        "2026-01": "not_started",
        "2026-02": "not_started",
        "2026-03": "ok",
        "2026-04": "ok",
        **{f"2026-{m:02d}": "missing" for m in range(5, 11)},
        "2026-11": "in_progress",
        "2026-12": "not_yet",
    }
    assert cells["2026-11"]["counted"] and cells["2026-11"]["airings"] == 2
    assert not cells["2026-12"]["counted"] and cells["2026-12"]["verdict"] is None
    totals = report["stations"][0]["totals"]
    assert totals["months_missing"] == 6 and totals["months_not_started"] == 2
    assert totals["months_in_progress"] == 1 and totals["months_not_yet"] == 1
    assert report["stations"][0]["first_month"] == "2026-03"


def test_each_series_apart_bulletins_by_level_and_no_test_airing(exports) -> None:
    report = _report(exports, "2026-03", "2026-04", month="2026-03", today=date(2026, 11, 29))
    march = _cells(report)["2026-03"]
    series = {s["series_id"]: s for s in march["series"]}
    assert set(series) == {"chuyen-doi-so", "tinh-hang-tuan"}  # never bulletins or tests
    monthly, weekly = series["chuyen-doi-so"], series["tinh-hang-tuan"]
    assert (monthly["airings_required"], monthly["airings_done"], monthly["verdict"]) == (
        4,
        4,
        "met",
    )
    assert monthly["airtime_s"] == 2400 and "weeks_missing" not in monthly
    assert (weekly["airings_required"], weekly["airings_done"]) == (5, 3)
    assert weekly["weeks_required"] == [
        "2026-03-02",
        "2026-03-09",
        "2026-03-16",
        "2026-03-23",
        "2026-03-30",
    ]
    # 9/3 aired late in the week after; 23/3 had nothing; 30/3 runs into April, whose log
    # (held) has nothing for it either.
    assert weekly["weeks_missing"] == ["2026-03-23", "2026-03-30"]
    assert march["bulletins"] == {
        "count": 2,
        "airtime_s": 300.0,
        "by_level": {"emergency": 1, "priority": 0, "normal": 1},
    }
    assert march["airings"] == 4 + 3 + 2  # the test airing is in nothing
    assert march["airtime_s"] == 2400 + 900 + 300
    totals = report["stations"][0]["totals"]
    assert (totals["airings_required"], totals["airings_done"]) == (9, 7)  # plan series only
    assert report["overall"]["airings"] == 9 and report["bulletins"]["count"] == 2


def test_a_week_running_into_a_month_not_held_is_not_judged(exports) -> None:
    report = _report(exports, "2026-03", month="2026-03", today=date(2026, 11, 29))
    weekly = next(s for s in _cells(report)["2026-03"]["series"] if s["period"] == "week")
    # 23/3 could still have aired late in 30/3–5/4, 30/3 in its own days of April: without
    # April's log neither can be said missing (with it, both are: see above).
    assert weekly["weeks_missing"] == []


def test_a_range_from_15_12_to_14_12(exports) -> None:
    names = ("2025-12", "2026-03", "2026-04", "2026-11", "2026-12")
    report = _report(
        exports, *names, start=date(2025, 12, 15), end=date(2026, 12, 14), today=date(2027, 1, 10)
    )
    assert report["scope"]["kind"] == "range" and len(report["scope"]["months"]) == 13
    assert (report["scope"]["from"], report["scope"]["to"]) == ("2025-12-15", "2026-12-14")
    cells = _cells(report)
    first, last = cells["2025-12"], cells["2026-12"]
    assert (
        first["partial_range"] and last["partial_range"] and not cells["2026-03"]["partial_range"]
    )
    # 10/12/2025 is before the range: only the repeat of 20/12 and the bulletin of 22/12.
    assert first["airings"] == 2 and first["bulletins"]["count"] == 1
    monthly = next(s for s in first["series"] if s["series_id"] == "chuyen-doi-so")
    assert (monthly["airings_required"], monthly["airings_done"]) == (4, 1)  # shown...
    weekly = next(s for s in first["series"] if s["series_id"] == "tinh-hang-tuan")
    assert weekly["weeks_required"] == ["2025-12-15", "2025-12-22", "2025-12-29"]
    assert last["airings"] == 1  # 10/12/2026 inside, 20/12/2026 after the range
    station = report["stations"][0]
    by_series = {s["series_id"]: s for s in station["series"]}
    # ...but a cut month's monthly quota is not in the totals: March, April, November only
    assert by_series["chuyen-doi-so"]["airings_required"] == 3 * 4
    # weekly quotas count the weeks whose Monday is in the range: 3 + 5 + 4 + 5 + 2
    assert by_series["tinh-hang-tuan"]["airings_required"] == 3 + 5 + 4 + 5 + 2
    assert cells["2026-01"]["state"] == "missing"  # the station was on air since December
    assert cells["2026-11"]["state"] == "ok"


def test_a_tampered_duplicate_never_voids_the_genuine_copy(exports, tmp_path) -> None:
    forged = json.loads(exports["2026-03"].read_text(encoding="utf-8"))
    forged["rows"][0]["played_s"] += 600
    copy = tmp_path / "sua.json"
    copy.write_text(json.dumps(forged, ensure_ascii=False), encoding="utf-8")
    report = build_report(
        collect([exports["2026-03"], copy]), month="2026-03", today=date(2026, 11, 29)
    )
    march = _cells(report)["2026-03"]
    assert march["state"] == "ok" and march["counted"] and march["verdict"] is not None
    copies = {Path(c["source"]).name: c for c in march["copies"]}
    assert copies["2026-03.json"]["state"] == "ok" and copies["2026-03.json"]["counted"]
    assert copies["sua.json"]["state"] == "untrusted" and not copies["sua.json"]["counted"]
    assert copies["sua.json"]["problems"]
    counted = {Path(i["source"]).name: i["counted"] for i in report["inputs"]}
    assert counted == {"2026-03.json": True, "sua.json": False}


def test_identical_copies_count_once_and_an_earlier_export_gives_way(exports, tmp_path) -> None:
    twin = tmp_path / "ban-sao.json"
    shutil.copy(exports["2026-03"], twin)
    inputs = collect([exports["2026-03"], twin, exports["2026-03-mid"]])
    report = build_report(inputs, month="2026-03", today=date(2026, 11, 29))
    march = _cells(report)["2026-03"]
    assert march["state"] == "ok" and march["airings"] == 9  # not 18, not the mid-month 4
    assert sum(c["counted"] for c in march["copies"]) == 1 and not march["problems"]
    notes = {Path(c["source"]).name: c["problems"] for c in march["copies"]}
    assert notes["mid.json"] and "giống hệt" in " ".join(
        notes["ban-sao.json"] + notes["2026-03.json"]
    )


def test_two_genuine_copies_that_disagree_are_both_named_and_not_counted(exports, tmp_path) -> None:
    """A second database of the same station (re-installed, or rewritten and re-signed):
    both logs are genuine on their own, but they disagree on the same seq."""
    _s, config, engine = _station(tmp_path, "other")
    rows = [(f"2026-03-0{d}", "chuyen-doi-so", "new", "aired", 600, None, "x") for d in range(3, 7)]
    _append(engine, STATION, rows)  # seqs 1–4: the genuine March log starts at seq 4
    other = _export(engine, config, "2026-03", _local("2026-04-02", 12), tmp_path / "khac.json")
    report = build_report(
        collect([exports["2026-03"], other]), month="2026-03", today=date(2026, 11, 29)
    )
    march = _cells(report)["2026-03"]
    assert march["state"] == "untrusted" and not march["counted"] and march["problems"]
    assert all(c["state"] == "ok" and not c["counted"] for c in march["copies"])
    assert all("seq 4" in c["problems"][0] for c in march["copies"])
    assert report["overall"]["airings"] == 0
    out = tmp_path / "r.csv"
    args = ["report", exports["2026-03"], other, "--month", "2026-03", "-o", out, "--format", "csv"]
    said = CliRunner().invoke(main, [str(a) for a in args])
    assert said.exit_code == 0, said.output
    assert (
        "KHÔNG TÍNH (hai bản nhật ký thật khác nhau)" in said.output and "khac.json" in said.output
    )


def test_two_genuine_copies_neither_holding_the_other_are_named(exports, tmp_path) -> None:
    """No seq in common, but neither log holds the other's rows: still two logs."""
    _s, config, engine = _station(tmp_path, "third")
    _append(engine, STATION, [("2026-03-03", "chuyen-doi-so", "new", "aired", 600, None, "y")])
    other = _export(engine, config, "2026-03", _local("2026-04-02", 12), tmp_path / "ba.json")
    report = build_report(
        collect([exports["2026-03"], other]), month="2026-03", today=date(2026, 11, 29)
    )
    march = _cells(report)["2026-03"]
    assert march["state"] == "untrusted" and not march["counted"]
    assert "hai nhật ký khác nhau" in march["problems"][0]
    assert all(not c["counted"] and c["problems"] for c in march["copies"])


def test_an_export_made_before_the_month_ended_is_counted_and_said_so(exports) -> None:
    report = _report(exports, "2026-03-mid", month="2026-03", today=date(2026, 11, 29))
    march = _cells(report)["2026-03"]
    assert march["state"] == "ok" and march["counted"] and march["airings"] == 4
    assert march["problems"] == [
        "nhật ký xuất ngày 15/03/2026, khi tháng chưa hết: xin đài bản xuất sau cuối tháng"
    ]
    full = _cells(_report(exports, "2026-03", month="2026-03", today=date(2026, 11, 29)))
    assert full["2026-03"]["problems"] == []
