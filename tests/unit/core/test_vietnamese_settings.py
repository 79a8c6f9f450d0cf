"""Settings in the words an operator types (#10 §5): "tháng", "T2", "6h10", "7 ngày", and
TOML mistakes (`time = 17:15`) explained in Vietnamese with the file, the line and the fix."""

from __future__ import annotations

import unicodedata
from datetime import time, timedelta

import pytest

from broadcaster.core.operator_words import duration_s, fold, period, time_of_day, weekday
from broadcaster.i18n import t
from tests.unit.config.test_config import (
    BASE_SERIES,
    issues_of,
    only_issue,
    series_text,
    write_config,
    write_series,
)

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# --- the words, one by one -----------------------------------------------------------------


def test_fold_drops_marks_case_and_extra_blanks():
    assert fold("  Thứ   HAI ") == "thu hai"
    assert fold(nfd("Chủ Nhật")) == "chu nhat"
    assert fold("Đài") == "dai"  # đ is a letter of its own, not d with a mark


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("month", "month"),
        ("week", "week"),
        ("tháng", "month"),
        ("Tháng", "month"),
        ("THÁNG", "month"),
        ("thang", "month"),
        (nfd("tháng"), "month"),
        ("tuần", "week"),
        ("Tuan", "week"),
        (nfd("TUẦN"), "week"),
        ("năm", None),
        ("months", None),
        ("", None),
    ],
)
def test_period(text, expected):
    assert period(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        *[(f"T{n}", n - 2) for n in range(2, 8)],
        *[(f"t{n}", n - 2) for n in range(2, 8)],
        ("CN", SUN),
        ("cn", SUN),
        ("T.2", MON),
        ("Thứ 2", MON),
        ("thứ hai", MON),
        ("Thứ Ba", TUE),
        ("thứ tư", WED),
        ("thứ năm", THU),
        ("thứ sáu", FRI),
        ("thứ bảy", SAT),
        ("thứ bẩy", SAT),
        ("THỨ BẢY", SAT),
        ("thu bay", SAT),
        (nfd("Thứ Năm"), THU),
        ("chủ nhật", SUN),
        ("Chủ Nhật", SUN),
        ("mon", MON),
        ("THU", THU),
        ("sun", SUN),
        # refused
        ("T1", None),
        ("T8", None),
        ("thứ", None),  # folds to "thu" but is no Thursday: its number is missing
        ("thứ tám", None),
        ("monday", None),
        ("", None),
    ],
)
def test_weekday(text, expected):
    assert weekday(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("06:10", time(6, 10)),
        ("6:10", time(6, 10)),
        ("17:15:30", time(17, 15, 30)),
        ("6h10", time(6, 10)),
        ("6H10", time(6, 10)),
        ("6h", time(6, 0)),
        ("17g15", time(17, 15)),
        ("17 giờ 15", time(17, 15)),
        ("17 giờ 15 phút", time(17, 15)),
        ("6 giờ", time(6, 0)),
        ("0h00", time(0, 0)),
        ("23:59", time(23, 59)),
        # refused
        ("24:00", None),
        ("6h60", None),
        ("6h5", None),  # 06:05 or 06:50? not guessed
        ("25h", None),
        ("0610", None),
        ("6", None),
        ("6 giờ rưỡi", None),
        ("2026-11-29T06:10", None),
        ("", None),
    ],
)
def test_time_of_day(text, expected):
    assert time_of_day(text) == expected


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("7 ngày", 604800), ("30 phút", 1800), ("1 giờ 30 phút", 5400), ("1 năm", None)],
)
def test_duration(text, seconds):
    assert duration_s(text) == seconds


# --- a series file in Vietnamese -----------------------------------------------------------


def test_a_series_written_in_vietnamese_is_the_series_written_in_english(station):
    write_series(station)  # BASE_SERIES: "month", "7d", mon/thu at 17:15 and daily at 06:10
    english = station.config().series[0]
    write_series(
        station,
        period="tháng",
        repeat_gap="7 ngày",
        slots=[{"time": "17g15", "days": ["T2", "thứ năm"]}, {"time": "6h10"}],
    )
    vietnamese = station.config().series[0]
    assert vietnamese == english
    assert vietnamese.period == "month"
    assert vietnamese.repeat_gap == timedelta(days=7)
    assert [s.label() for s in vietnamese.slots] == ["17:15", "06:10"]
    assert vietnamese.slots[0].days == frozenset({MON, THU})


def test_a_weekly_series_in_decomposed_vietnamese(station):
    write_series(
        station,
        period=nfd("Tuần"),
        repeats=0,
        repeat_gap=nfd("0 giây"),
        slots=[{"time": "16h30", "days": [nfd("Thứ Bảy"), "CN"]}],
    )
    (series,) = station.config().series
    assert series.period == "week"
    assert series.slots[0].days == frozenset({SAT, SUN})


def test_an_unquoted_toml_local_time_with_seconds_is_a_time(station):
    # `time = 17:15:00` is valid TOML (a local time): take it rather than refuse it.
    text = series_text(slots=[]).replace("slots = []", "slots = [{ time = 17:15:00 }]")
    write_series(station, raw="", **{}).write_text(text, encoding="utf-8")
    assert station.config().series[0].slots[0].label() == "17:15"


def test_config_durations_and_times_in_vietnamese(station):
    write_config(
        station,
        ingest={"settle": "5 giây", "scan_interval": "10 giây"},
        daemon={"missed_grace": "2 phút"},
        database={"backup_at": "2h30"},
    )
    config = station.config()
    assert config.ingest.settle == timedelta(seconds=5)
    assert config.daemon.missed_grace == timedelta(minutes=2)
    assert config.database.backup_at == time(2, 30)


def test_the_error_lists_the_vietnamese_forms(station):
    write_series(station, period="năm", repeat_gap="7 tuổi", slots=[{"time": "6 giờ rưỡi"}])
    messages = {issue.key: issue.message for issue in issues_of(station)}
    assert messages["period"] == 'chu kỳ không hợp lệ \'năm\' (phải là "tháng" hoặc "tuần")'
    assert '"7 ngày"' in messages["repeat_gap"] and '"30 phút"' in messages["repeat_gap"]
    assert '"6h10"' in messages["slots[0].time"]


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"period": "tháng\n"}, "period"),
        ({"slots": [{"time": "06:10", "days": ["T2\x00"]}]}, "slots[0].days"),
        ({"slots": [{"time": "6h10\n"}]}, "slots[0].time"),
    ],
    ids=["period", "day", "time"],
)
def test_a_control_character_is_no_part_of_a_word(station, change, key):
    write_series(station, **change)
    assert only_issue(station).key == key


def test_a_day_error_lists_t2_to_cn(station):
    write_series(station, slots=[{"time": "06:10", "days": ["T8"]}])
    message = only_issue(station).message
    assert "T2" in message and "CN" in message and "mon" not in message


# --- TOML mistakes -------------------------------------------------------------------------


def broken_series(station, line: str, replaces: str):
    text = series_text()
    assert replaces in text
    write_series(station).write_text(text.replace(replaces, line), encoding="utf-8")
    issue = only_issue(station)
    assert issue.key == ""
    return issue.message


def line_of(text: str) -> int:
    return series_text().splitlines().index(text) + 1


SLOTS_LINE = 'slots = [{ time = "17:15", days = ["mon", "thu"] }, { time = "06:10" }]'


def test_an_unquoted_time_is_explained_in_vietnamese(station):
    message = broken_series(station, "slots = [{ time = 17:15 }]", SLOTS_LINE)
    assert message == (
        f"Tệp chuyen-doi-so.toml, dòng {line_of(SLOTS_LINE)}: giờ phải đặt trong dấu ngoặc"
        ' kép; hãy viết: slots = [{ time = "17:15" }]'
    )


def test_an_unquoted_time_on_its_own_line(station):
    lines = 'slots = [\n  { time = 6h10, days = [T2, CN] },\n  { time = "17:15" },\n]'
    message = broken_series(station, lines, SLOTS_LINE)
    number = line_of(SLOTS_LINE) + 1
    assert message == (
        f"Tệp chuyen-doi-so.toml, dòng {number}: giờ phải đặt trong dấu ngoặc kép; hãy viết:"
        ' { time = "6h10", days = ["T2", "CN"] },'
    )


def test_unquoted_vietnamese_text(station):
    title = f"title = {BASE_SERIES['title']!r}".replace("'", '"')
    message = broken_series(station, "title = Chuyên mục Chuyển đổi số", title)
    assert message == (
        f"Tệp chuyen-doi-so.toml, dòng {line_of(title)}: chữ (tên, thời lượng, ngày, chu kỳ)"
        ' phải đặt trong dấu ngoặc kép; hãy viết: title = "Chuyên mục Chuyển đổi số"'
    )


@pytest.mark.parametrize("written", ['title = "Tin xã', 'title = Tin xã"'])
def test_a_missing_quote(station, written):
    message = broken_series(station, written, 'title = "Chuyên mục Chuyển đổi số"')
    assert message == (
        'Tệp chuyen-doi-so.toml, dòng 2: thiếu một dấu ngoặc kép; hãy viết: title = "Tin xã"'
    )


def test_a_key_written_twice(station):
    message = broken_series(station, 'period = "month"\nperiod = "week"', 'period = "month"')
    number = line_of('period = "month"') + 1
    assert message == (
        f"Tệp chuyen-doi-so.toml, dòng {number}: mục này đã được ghi ở trên, hãy xóa một"
        ' trong hai: period = "week"'
    )


def test_a_list_left_open(station):
    message = broken_series(station, 'slots = [\n  { time = "06:10" },\n', SLOTS_LINE)
    assert message == (
        "Tệp chuyen-doi-so.toml dừng giữa chừng: một danh sách [ ] hoặc một dấu ngoặc kép"
        " chưa được đóng"
    )


def test_other_mistakes_get_the_line_and_the_rule(station):
    message = broken_series(station, "repeats === 3", "repeats = 3")
    assert message.startswith(f"Tệp chuyen-doi-so.toml, dòng {line_of('repeats = 3')}: viết sai")
    assert 'time = "17:15"' in message


def test_config_toml_mistakes_too_and_in_english_for_an_english_station(station):
    write_config(station, station={"language": "en"})
    text = station.config_path.read_text(encoding="utf-8")
    station.config_path.write_text(text + "\n[database]\nbackup_at = 02:30\n", encoding="utf-8")
    message = only_issue(station).message
    number = len(text.splitlines()) + 3
    assert (
        message
        == f'config.toml, line {number}: a time must be in quotes; write: backup_at = "02:30"'
    )
    assert t("toml.time_unquoted", "vi", path="a", line=1, fixed="b").startswith("Tệp a, dòng 1")


# --- hostile files: one line, quickly, nothing that drives the terminal ---------------------


def test_an_escape_sequence_on_the_bad_line_is_not_echoed(station):
    message = broken_series(
        station, 'title = "Tin \x1b[31mxã"', 'title = "Chuyên mục Chuyển đổi số"'
    )
    assert "\x1b" not in message and "\ufffd" in message


def test_a_pasted_megabyte_line_gets_the_general_rule_at_once(station):
    line = "title = [" + "a," * 400_000 + "]"
    message = broken_series(station, line, 'title = "Chuyên mục Chuyển đổi số"')
    assert message.startswith("Tệp chuyen-doi-so.toml, dòng 2: viết sai")
    assert len(message) < 400


def test_lists_nested_deep_on_the_bad_line(station):
    line = "title = " + "[" * 150 + "a" + "]" * 150
    message = broken_series(station, line, 'title = "Chuyên mục Chuyển đổi số"')
    assert message.startswith("Tệp chuyen-doi-so.toml, dòng 2:")
