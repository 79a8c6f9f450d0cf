"""Lịch phát: the calendar's statuses and quota badges from rows, a day's list, and slot
changes (the TOML rules, the atomic write, the old file kept, the re-plan, who may)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from broadcaster.config import Config, ConfigIssue, load_series
from broadcaster.core.vocab import Status
from broadcaster.station.daemon import schedules_fingerprint
from broadcaster.station.replan import replan
from broadcaster.store import accounts
from broadcaster.store.asrun import correct
from broadcaster.store.snapshots import plan_rows
from tests.support import factories
from tests.support.console import Client, console_client
from tests.support.station import StationDir

# The console's clock in these tests (console_client): Monday 2/11/2026 08:00 station time.
NOW = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
HCM = timedelta(hours=7)

COMMENTED = """\
# Chuyên mục Chuyển đổi số do Sở cung cấp (Kế hoạch, mục III.2.c):
# mỗi tháng 01 chương trình mới, phát lại 03 lần trong tháng.
id = "chuyen-doi-so"
title = "Chuyên mục Chuyển đổi số"
folder = "chuyen-doi-so"
period = "month"
new_per_period = 1
repeats = 3
due_by = 5                              # chưa nhận chương trình sau ngày 5: cảnh báo
repeat_gap = "7d"
min_repeat_gap = "1d"
slots = [
    { time = "17:15", days = ["mon", "thu"] },  # chiều thứ hai và thứ năm
    { time = "06:10" },
] # hết khung giờ
# ghi chú cuối tệp
"""


def local(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment of November 2026 in the station's zone (UTC+7), as UTC."""
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC) - HCM


def series_file(station: StationDir) -> Path:
    return station.root / "schedules" / "chuyen-doi-so.toml"


def put_slots(client: Client, series_id: str, slots: list[dict]) -> object:
    return client.put(
        f"/api/v1/series/{series_id}/slots",
        json={"slots": slots},
        headers={"X-CSRF-Token": client.csrf},
    )


def the_rule_says(tmp_path: Path, text: str) -> list[str]:
    """What the TOML rules say of a series file written by hand (load_series' messages)."""
    folder = tmp_path / "by-hand"
    folder.mkdir()
    (folder / "chuyen-doi-so.toml").write_text(text, encoding="utf-8")
    issues: list[ConfigIssue] = []
    load_series(folder, issues)
    return [f"{issue.key}: {issue.message}" for issue in issues]


# ---- the calendar, from rows ----------------------------------------------------------------


def test_every_airing_shows_its_status_from_the_plan_and_the_as_run_rows(
    console: Client, config: Config, engine: Engine
) -> None:
    station_id = config.station.id
    one = factories.programme(engine, local(1, 5))
    aired = factories.planned(engine, one, local(1, 6, 10))
    partial = factories.planned(engine, one, local(1, 17, 15), seq=1, kind="repeat")
    missed = factories.planned(engine, one, local(2, 6, 10), seq=2, kind="repeat")
    makeup = factories.planned(engine, one, local(2, 6, 40), seq=102, kind="makeup")
    factories.planned(engine, one, local(2, 7, 0), seq=3, kind="repeat")  # past, no row yet
    factories.planned(engine, one, local(5, 17, 15), seq=4, kind="repeat")  # to come
    failed = factories.planned(engine, one, local(1, 20, 0), seq=5, kind="repeat")
    news = factories.programme(engine, local(1, 5), series_id="bulletin")
    bulletin = factories.planned(engine, news, local(1, 7, 0), kind="bulletin", priority="normal")
    sample = factories.programme(engine, local(1, 5), series_id="test")
    factories.planned(engine, sample, local(3, 9, 0), kind="test")
    factories.as_run(engine, station_id, aired, one)
    factories.as_run(engine, station_id, partial, one, Status.PARTIAL, played_s=120)
    factories.as_run(engine, station_id, missed, one, Status.MISSED, played_s=0)
    factories.as_run(engine, station_id, makeup, one)
    factories.as_run(engine, station_id, failed, one, Status.FAILED, played_s=0)
    factories.as_run(engine, station_id, bulletin, news)

    reply = console.get("/api/v1/schedule", params={"month": "2026-11"})
    assert reply.status_code == 200
    shown = [(a["slot_at"][5:16], a["status"], a["mark"]) for a in reply.json()["airings"]]
    assert shown == [
        ("11-01T06:10", "aired", None),
        ("11-01T07:00", "aired", "bulletin"),
        ("11-01T17:15", "partial", None),
        ("11-01T20:00", "failed", None),
        ("11-02T06:10", "missed", None),
        ("11-02T06:40", "aired", "makeup"),
        ("11-02T07:00", "unrecorded", None),
        ("11-03T09:00", "planned", "test"),
        ("11-05T17:15", "planned", None),
    ]
    page = console.get("/lich-phat", params={"thang": "2026-11"}).text
    first = page.split('data-day="2026-11-01"')[1].split('data-day="2026-11-02"')[0]
    assert re.findall(r'data-status="(\w+)"', first) == ["aired", "aired", "partial", "failed"]
    assert "bản tin" in first and "mark-bulletin" in first
    second = page.split('data-day="2026-11-02"')[1].split('data-day="2026-11-03"')[0]
    assert re.findall(r'data-status="(\w+)"', second) == ["missed", "aired", "unrecorded"]
    assert "mark-makeup" in second and ">bù<" in second


def test_a_corrected_row_shows_the_correction(
    console: Client, config: Config, engine: Engine
) -> None:
    one = factories.programme(engine, local(1, 5))
    airing = factories.planned(engine, one, local(1, 6, 10))
    row = factories.as_run(engine, config.station.id, airing, one)
    correct(engine, row.uid, Status.PARTIAL, "loa hỏng", 100.0, NOW)
    airings = console.get("/api/v1/schedule?month=2026-11").json()["airings"]
    assert [a["status"] for a in airings] == ["partial"]


def test_the_month_is_monday_first_weeks_with_the_vietnamese_day_names(console: Client) -> None:
    page = console.get("/lich-phat?thang=2026-11").text
    head = page.split('class="weekdays"')[1].split("</div>")[0]
    assert re.findall(r"<span>(\w+)</span>", head) == ["T2", "T3", "T4", "T5", "T6", "T7", "CN"]
    days = re.findall(r'<li class="day([^"]*)"', page)
    # 1/11/2026 is a Sunday: six days of October before it, and 30/11 a Monday: six after.
    assert len(days) == 42 and all("outside" in d for d in days[:6] + days[-6:])
    assert "outside" not in days[6] and "tháng 11/2026" in page
    assert 'href="/lich-phat?thang=2026-10"' in page and 'href="/lich-phat?thang=2026-12"' in page


@pytest.mark.parametrize(
    "bad", ["2026-13", "26-11", "2026-1", "x" * 300, "1999-12", "2026-00", "２０２６-11"]
)
def test_a_bad_month_is_one_line_not_a_traceback(console: Client, bad: str) -> None:
    reply = console.get("/lich-phat", params={"thang": bad})
    assert reply.status_code == 400
    assert "Tháng không hợp lệ" in reply.text and "Traceback" not in reply.text
    api = console.get("/api/v1/schedule", params={"month": bad})
    assert api.status_code == 400 and api.json()["error"].startswith("Tháng không hợp lệ")
    assert console.get("/lich-phat", params={"thang": "2026-11"}).status_code == 200


def test_a_days_list_and_a_bad_day(console: Client, config: Config, engine: Engine) -> None:
    one = factories.programme(engine, local(1, 5), title="Chuyển đổi số tháng 11")
    factories.planned(engine, one, local(5, 17, 15))
    factories.planned(engine, one, local(6, 17, 15), seq=1, kind="repeat")
    reply = console.get("/lich-phat/ngay/2026-11-05", headers={"HX-Request": "true"})
    assert reply.status_code == 200 and "<html" not in reply.text
    assert "17:15" in reply.text and "Chuyển đổi số tháng 11" in reply.text
    assert "phát mới" in reply.text and "theo lịch" in reply.text
    assert "phát lại" not in reply.text  # the 6th's repeat is not the 5th's
    whole = console.get("/lich-phat/ngay/2026-11-06")
    assert "<html" in whole.text and "phát lại" in whole.text
    for bad in ("2026-02-30", "2026-11-5", "../../etc", "2026-11-05x"):
        refused = console.get(f"/lich-phat/ngay/{bad}")
        assert refused.status_code in (400, 404), bad
        assert "Traceback" not in refused.text


# ---- quota badges ---------------------------------------------------------------------------


def test_the_quota_badge_counts_what_aired_not_what_is_in_the_calendar(
    console: Client, config: Config, engine: Engine
) -> None:
    station_id = config.station.id
    one = factories.programme(engine, local(1, 5))
    rows = [
        factories.planned(engine, one, local(1, 6, 10)),
        factories.planned(engine, one, local(1, 17, 15), seq=1, kind="repeat"),
        factories.planned(engine, one, local(2, 6, 10), seq=2, kind="repeat"),
        factories.planned(engine, one, local(2, 6, 30), seq=3, kind="repeat"),
    ]
    for row in rows[:3]:
        factories.as_run(engine, station_id, row, one)
    factories.as_run(engine, station_id, rows[3], one, Status.PARTIAL, played_s=60)

    data = console.get("/api/v1/schedule?month=2026-11").json()
    assert len(data["airings"]) == 4  # four airings in the calendar ...
    quota = data["quota"][0]
    assert (quota["airings_done"], quota["airings_required"]) == (3, 4)  # ... three count
    assert quota["badge"] == "1 mới + 3 phát lại: 3/4"
    assert "1 mới + 3 phát lại: 3/4" in console.get("/lich-phat?thang=2026-11").text

    makeup = factories.planned(engine, one, local(2, 7, 30), seq=103, kind="makeup")
    factories.as_run(engine, station_id, makeup, one)
    quota = console.get("/api/v1/schedule?month=2026-11").json()["quota"][0]
    assert quota["badge"] == "1 mới + 3 phát lại: 4/4" and quota["verdict"] == "met"


def test_a_weekly_series_needs_one_programme_a_week(
    station: StationDir, config: Config, engine: Engine
) -> None:
    from tests.support.station import WEEKLY

    station.write_series("tinh-hang-tuan", WEEKLY)
    client = console_client(station.config(), engine)
    quota = {
        q["series_id"]: q for q in client.get("/api/v1/schedule?month=2026-11").json()["quota"]
    }
    # November 2026 has five Mondays (2, 9, 16, 23, 30): five weeks start in it.
    assert quota["tinh-hang-tuan"]["badge"] == "mỗi tuần 1 mới: 0/5"


# ---- changing slots -------------------------------------------------------------------------


def test_a_slot_change_rewrites_only_the_slots_atomically_and_keeps_the_old_file(
    station: StationDir, engine: Engine
) -> None:
    path = station.write_series("chuyen-doi-so", COMMENTED)
    old = path.read_bytes()
    config = station.config()
    client = console_client(config, engine)
    before = schedules_fingerprint(config)

    reply = put_slots(
        client, "chuyen-doi-so", [{"time": "18:40", "days": ["mon", "thu"]}, {"time": "06:10"}]
    )
    assert reply.status_code == 200, reply.text
    body = reply.json()
    kept = path.with_name(body["kept"])
    assert body["kept"] == "chuyen-doi-so.toml.truoc-20261102-080000"
    assert kept.read_bytes() == old
    new = path.read_text(encoding="utf-8")
    assert new == COMMENTED.replace(
        """slots = [
    { time = "17:15", days = ["mon", "thu"] },  # chiều thứ hai và thứ năm
    { time = "06:10" },
]""",
        """slots = [
    { time = "18:40", days = ["mon", "thu"] },
    { time = "06:10" },
]""",
    )
    # Nothing else in the folder: no temporary file left, and the daemon reads one series.
    names = sorted(p.name for p in path.parent.iterdir())
    assert names == ["chuyen-doi-so.toml", "chuyen-doi-so.toml.truoc-20261102-080000"]
    issues: list[ConfigIssue] = []
    [series] = load_series(path.parent, issues)
    assert issues == [] and series.slots[0].label() == "18:40"
    assert schedules_fingerprint(config) != before  # what the daemon's reload looks at
    assert client.get("/api/v1/series").json()["series"][0]["slots"][0]["time"] == "18:40"

    [row] = accounts.audit_rows(engine, accounts.AuditFilter(action="series.slots"))
    assert row.outcome == "ok" and row.target == "chuyen-doi-so"
    assert "17:15 (T2, T5)" in row.detail and "18:40 (T2, T5)" in row.detail
    assert "truoc-20261102-080000" in row.detail


def test_a_write_that_fails_midway_leaves_the_file_as_it_was(
    station: StationDir, config: Config, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    import broadcaster.config.series_edit as series_edit

    path = series_file(station)
    old = path.read_bytes()
    real_replace = series_edit.os.replace

    def power_cut(src: object, dst: object) -> None:
        if str(dst) == str(path):
            raise OSError(28, "No space left on device")
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(series_edit.os, "replace", power_cut)
    client = console_client(config, engine)
    reply = put_slots(client, "chuyen-doi-so", [{"time": "18:40"}])
    assert reply.status_code == 500
    assert reply.json()["error"].startswith("Không ghi được tệp của chuyên mục chuyen-doi-so")
    assert path.read_bytes() == old
    assert not [p for p in path.parent.iterdir() if "dang-ghi" in p.name]


@pytest.mark.parametrize(
    ("slots", "hand_written"),
    [
        ([{"time": "25:00"}], 'slots = [{ time = "25:00" }]'),
        (
            [{"time": "06:10"}, {"time": "6h10", "days": ["T2"]}],
            'slots = [{ time = "06:10" }, { time = "6h10", days = ["T2"] }]',
        ),
        ([{"time": "06:10", "days": []}], 'slots = [{ time = "06:10", days = [] }]'),
        (
            [{"time": "06:10", "days": ["thứ tám"]}],
            'slots = [{ time = "06:10", days = ["thứ tám"] }]',
        ),
        ([], "slots = []"),
        ([{"time": '"\n[x]\nid = "y'}], 'slots = [{ time = "\\"\\n[x]\\nid = \\"y" }]'),
    ],
    ids=["25:00", "duplicate", "no-days", "bad-day", "no-slot", "injection"],
)
def test_an_invalid_slot_is_refused_with_the_toml_rules_line_and_the_file_untouched(
    station: StationDir,
    config: Config,
    engine: Engine,
    tmp_path: Path,
    slots: list[dict],
    hand_written: str,
) -> None:
    path = series_file(station)
    old = path.read_bytes()
    client = console_client(config, engine)
    reply = put_slots(client, "chuyen-doi-so", slots)
    assert reply.status_code == 422, reply.text
    text = old.decode().replace(
        'slots = [{ time = "06:10" }, { time = "17:15", days = ["mon", "thu"] }]', hand_written
    )
    expected = the_rule_says(tmp_path, text)
    assert expected, "the rules accept this slot: the test would prove nothing"
    got = [line.split("chuyen-doi-so.toml: ", 1)[1] for line in reply.json()["problems"]]
    assert got == expected
    assert path.read_bytes() == old
    assert sorted(p.name for p in path.parent.iterdir()) == ["chuyen-doi-so.toml"]
    [row] = accounts.audit_rows(engine, accounts.AuditFilter(action="series.slots"))
    assert row.outcome == "refused"


def test_the_form_shows_the_rules_line_and_keeps_what_was_typed(
    console: Client, station: StationDir
) -> None:
    path = series_file(station)
    old = path.read_bytes()
    form = {
        "thang": "2026-11",
        "slot": ["0", "1"],
        "time-0": "06:10",
        "day-0": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
        "time-1": "06:10",
        "day-1": ["mon", "tue"],
    }
    reply = console.post_form(
        "/lich-phat/chuyen-muc/chuyen-doi-so/khung-gio", form, headers={"HX-Request": "true"}
    )
    assert reply.status_code == 422
    assert "slots[1]: khung giờ 06:10 bị khai báo hai lần" in reply.text
    assert 'name="day-1" value="mon" checked' in reply.text
    assert 'name="day-1" value="wed">' in reply.text  # unticked stays unticked
    assert path.read_bytes() == old


def test_the_form_moves_the_plan_in_the_calendar(
    console: Client, config: Config, engine: Engine, station: StationDir
) -> None:
    factories.programme(engine, local(1, 5))
    replan(engine, config, NOW, timedelta(seconds=2))
    before = [a.slot_at for a, _ in plan_rows(engine, local(1, 0), local(30, 23)).airings]
    assert before and all((t + HCM).strftime("%H:%M") == "17:15" for t in before)

    form = {"thang": "2026-11", "slot": ["0", "1"], "time-0": "06:10", "time-1": "18:40"}
    form |= {"day-0": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "day-1": ["mon", "thu"]}
    reply = console.post_form(
        "/lich-phat/chuyen-muc/chuyen-doi-so/khung-gio", form, headers={"HX-Request": "true"}
    )
    assert reply.status_code == 200, reply.text
    assert reply.headers["HX-Trigger"] == "plan-changed"
    assert "Đã lưu khung giờ mới" in reply.text and "buổi dời" in reply.text
    after = [a.slot_at for a, _ in plan_rows(engine, local(1, 0), local(30, 23)).airings]
    assert len(after) == len(before)
    assert all((t + HCM).strftime("%H:%M") == "18:40" for t in after)
    assert "18:40" in console.get("/lich-phat?thang=2026-11").text.split('class="month"')[1]
    # Without htmx (no script): back to the month's calendar at the series.
    form["time-1"] = "19:00"
    plain = console.post_form("/lich-phat/chuyen-muc/chuyen-doi-so/khung-gio", form)
    assert plain.status_code == 303
    assert plain.headers["location"] == "/lich-phat?thang=2026-11#series-chuyen-doi-so"
    # All seven days ticked is written as every day (no days key), as the files say it.
    assert '{ time = "06:10" },' in series_file(station).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "hostile", ["..%2Fx", "%2E%2E%2Fchuyen-doi-so", "chuyen-doi-so%00", "x" * 300]
)
def test_a_hostile_series_id_is_refused_and_nothing_is_written(
    console: Client, station: StationDir, hostile: str
) -> None:
    folder = series_file(station).parent
    before = {p.name: p.read_bytes() for p in station.root.rglob("*") if p.is_file()}
    reply = console.put(
        f"/api/v1/series/{hostile}/slots",
        json={"slots": [{"time": "06:10"}]},
        headers={"X-CSRF-Token": console.csrf},
    )
    assert reply.status_code == 404 and "Traceback" not in reply.text
    form = console.post_form(f"/lich-phat/chuyen-muc/{hostile}/khung-gio", {"slot": "0"})
    assert form.status_code == 404
    after = {p.name: p.read_bytes() for p in station.root.rglob("*") if p.is_file()}
    assert {k: v for k, v in after.items() if not k.startswith("station.db")} == {
        k: v for k, v in before.items() if not k.startswith("station.db")
    }
    assert sorted(p.name for p in folder.iterdir()) == ["chuyen-doi-so.toml"]
    assert not (station.root / "x").exists()


def test_a_file_written_another_way_is_refused_not_mangled(
    station: StationDir, engine: Engine
) -> None:
    text = """\
id = "chuyen-doi-so"
title = "Chuyên mục Chuyển đổi số"
period = "month"

[[slots]]
time = "06:10"
"""
    path = station.write_series("chuyen-doi-so", text)
    client = console_client(station.config(), engine)
    reply = put_slots(client, "chuyen-doi-so", [{"time": "07:00"}])
    assert reply.status_code == 409
    assert "hãy sửa tệp bằng tay" in reply.json()["error"]
    assert path.read_text(encoding="utf-8") == text


def test_a_viewer_reads_but_cannot_change_slots(
    viewer_console: Client, station: StationDir, engine: Engine
) -> None:
    path = series_file(station)
    old = path.read_bytes()
    assert viewer_console.get("/lich-phat").status_code == 200
    assert "Lưu khung giờ" not in viewer_console.get("/lich-phat").text
    reply = put_slots(viewer_console, "chuyen-doi-so", [{"time": "18:40"}])
    assert reply.status_code == 403
    form = viewer_console.post_form(
        "/lich-phat/chuyen-muc/chuyen-doi-so/khung-gio", {"slot": "0", "time-0": "18:40"}
    )
    assert form.status_code == 403
    assert path.read_bytes() == old
    rows = accounts.audit_rows(engine, accounts.AuditFilter(action="series.slots"))
    assert [(r.account, r.outcome) for r in rows] == [("xem", "refused"), ("xem", "refused")]


def test_without_the_csrf_token_nothing_changes(console: Client, station: StationDir) -> None:
    old = series_file(station).read_bytes()
    reply = console.put("/api/v1/series/chuyen-doi-so/slots", json={"slots": [{"time": "18:40"}]})
    assert reply.status_code == 403
    assert series_file(station).read_bytes() == old


def test_the_page_in_english(console: Client) -> None:
    console.post_form("/ngon-ngu", {"lang": "en"})
    page = console.get("/lich-phat?thang=2026-11").text
    assert "November 2026" in page and "Save slots" in page and ">Mon<" in page
    assert "Lưu khung giờ" not in page and "tháng 11/2026" not in page
