"""Rewriting a series file's slots: only the `slots = [...]` text changes, whatever else the
file holds (comments, strings that look like keys, Windows line ends, Notepad's BOM); a
file written another way is refused untouched; the old file is kept beside it."""

from __future__ import annotations

import tomllib
from datetime import datetime
from pathlib import Path

import pytest

from broadcaster.config import ConfigIssue, load_series
from broadcaster.config.series_edit import change_slots, render_slots, slots_span, toml_string
from broadcaster.errors import ConfigError, UserError

NOW = datetime(2026, 11, 29, 18, 5, 7)

TRICKY = '''\
# slots = ["a comment that looks like the key"]
id = "chuyen-doi-so"
title = """Chuyên mục \\
slots = [ "not the key either" ]"""
folder = 'chuyen-doi-so'
period = "month"   # slots = [
repeats = 3
repeat_gap = "7d"
slots = [
    # sáng sớm
    { time = "06:10" },  # ] not the end
    { time = "17:15", days = ["mon", "thu"] }, # "quoted ]"
]  # cuối
makeup = true
'''


def write(folder: Path, text: str, name: str = "chuyen-doi-so.toml") -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_the_span_is_the_slots_key_and_nothing_else() -> None:
    start, end = slots_span(TRICKY) or (0, 0)
    assert TRICKY[start:end].startswith("slots = [\n    # sáng sớm")
    assert TRICKY[start:end].endswith('# "quoted ]"\n]')
    assert TRICKY[end:].startswith("  # cuối\nmakeup = true")


def test_no_span_for_an_array_of_tables_or_a_missing_key() -> None:
    assert slots_span('id = "x"\n[[slots]]\ntime = "06:10"\n') is None
    assert slots_span('id = "x"\n') is None
    assert slots_span('slots = "06:10"\n') is None


def test_hostile_text_is_escaped_into_one_toml_string() -> None:
    hostile = 'x"\n[evil]\nid = "y\\\x7f\ud800'
    text = render_slots([{"time": hostile, "days": ['"]', "mon"]}])
    data = tomllib.loads(text)
    assert list(data) == ["slots"]
    assert data["slots"][0]["time"] == hostile.replace("\ud800", "\ufffd")
    assert toml_string("6h10") == '"6h10"'


def test_a_change_keeps_every_other_line_and_the_old_file(tmp_path: Path) -> None:
    folder = tmp_path / "schedules"
    path = write(folder, TRICKY)
    change = change_slots(folder, "chuyen-doi-so", [{"time": "07:00", "days": ["T2"]}], NOW)
    new = path.read_text(encoding="utf-8")
    start, _ = slots_span(TRICKY) or (0, 0)
    assert new.startswith(TRICKY[:start])
    assert new.endswith("]  # cuối\nmakeup = true\n")
    assert 'slots = [\n    { time = "07:00", days = ["T2"] },\n]' in new
    assert change.kept.name == "chuyen-doi-so.toml.truoc-20261129-180507"
    assert change.kept.read_text(encoding="utf-8") == TRICKY
    assert [s.label() for s in change.series.slots] == ["07:00"]
    assert change.before.slots != change.series.slots
    # The same second again: a second kept file, never one overwritten.
    again = change_slots(folder, "chuyen-doi-so", [{"time": "08:00", "days": None}], NOW)
    assert again.kept.name.endswith("-2") and again.kept.read_text(encoding="utf-8") == new
    issues: list[ConfigIssue] = []
    assert [s.id for s in load_series(folder, issues)] == ["chuyen-doi-so"] and not issues


def test_windows_line_ends_and_the_bom_stay(tmp_path: Path) -> None:
    folder = tmp_path / "schedules"
    text = TRICKY.replace("\n", "\r\n")
    path = folder / "chuyen-doi-so.toml"
    folder.mkdir()
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    change_slots(folder, "chuyen-doi-so", [{"time": "07:00", "days": None}], NOW)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in raw.replace(b"\r\n", b"")


def test_refusals_leave_the_file_alone(tmp_path: Path) -> None:
    folder = tmp_path / "schedules"
    path = write(folder, TRICKY)
    with pytest.raises(ConfigError) as refused:
        change_slots(folder, "chuyen-doi-so", [{"time": "24:00", "days": None}], NOW)
    [issue] = refused.value.issues
    assert issue.file == path and issue.key == "slots[0].time"
    with pytest.raises(UserError):
        change_slots(folder, "../chuyen-doi-so", [{"time": "07:00", "days": None}], NOW)
    assert path.read_text(encoding="utf-8") == TRICKY
    assert sorted(p.name for p in folder.iterdir()) == ["chuyen-doi-so.toml"]


def test_a_change_another_series_makes_invalid_is_refused_with_its_line(tmp_path: Path) -> None:
    """Two series at the same 06:10 are fine, but too many slots in all are not: the check
    runs over the whole folder, as the daemon's reload does."""
    folder = tmp_path / "schedules"
    path = write(folder, TRICKY)
    other = TRICKY.replace('"chuyen-doi-so"', '"tin-xa"').replace("'chuyen-doi-so'", "'tin-xa'")
    write(folder, other, "tin-xa.toml")
    many = [{"time": f"{h:02d}:{m:02d}", "days": None} for h in range(24) for m in range(60)]
    with pytest.raises(ConfigError) as refused:
        change_slots(folder, "chuyen-doi-so", many, NOW)
    assert any(i.key == "slots" for i in refused.value.issues)
    assert path.read_text(encoding="utf-8") == TRICKY
