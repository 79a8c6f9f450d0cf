"""tools/i18n_to_data.py: merging word dicts that older branches still add into the data files
keeps their order and comments, never loses a newer edit, and reads back what it writes."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from broadcaster import i18n
from tools import i18n_to_data as tool
from tools.i18n_to_data import Entry, merge

SHIPPED = Path(i18n.__file__).parent


def entry(key: str, vi: str, en: str, *comments: str) -> Entry:
    return Entry(key, {"vi": vi, "en": en}, list(comments))


def test_a_new_key_goes_after_its_predecessor_and_a_new_section_keeps_its_comment():
    data = [entry("a.one", "một", "one", "# a"), entry("b.one", "hai", "two", "# b")]
    source = [
        entry("a.one", "một", "one", "# a"),
        entry("a.new", "mới", "new", "# new section (#12)"),
        entry("b.one", "hai", "two", "# b"),
    ]
    report = merge(data, source, None)
    assert [e.key for e in data] == ["a.one", "a.new", "b.one"]
    assert data[1].comments == ["# new section (#12)"]
    assert report == ["added a.new"]
    assert merge(data, source, None) == []  # a second run changes nothing


def test_a_text_changed_on_the_branch_wins_and_an_untouched_one_keeps_the_newer_edit():
    base = {"k.a": entry("k.a", "cũ", "old"), "k.b": entry("k.b", "cũ", "old")}
    data = [entry("k.a", "cũ", "old"), entry("k.b", "đã sửa", "edited here")]
    source = [entry("k.a", "cũ", "changed on the branch"), entry("k.b", "cũ", "old")]
    merge(data, source, base)
    assert data[0].texts["en"] == "changed on the branch"
    assert data[1].texts == {"vi": "đã sửa", "en": "edited here"}
    # Without a base the branch's text wins everywhere: the newer edit would be lost.
    data = [entry("k.b", "đã sửa", "edited here")]
    merge(data, [entry("k.b", "cũ", "old")], None)
    assert data[0].texts["en"] == "old"


@pytest.mark.parametrize("text", ['say "hi"', "a\\b", "line\nnext", "{n!r} {x:0>2}", "tab\there"])
def test_any_text_round_trips_through_the_toml_line(text):
    line = f"{tool.toml_string('k')} = {tool.toml_string(text)}"
    assert tomllib.loads(line) == {"k": text}


def test_the_shipped_files_are_as_the_tool_writes_them(tmp_path, monkeypatch):
    """A hand edit in another TOML form (a multi-line string, a table) would be lost or
    misread by the next merge: the files must read back and write out byte for byte."""
    for lang in i18n.LANGUAGES:
        shutil.copy(SHIPPED / f"{lang}.toml", tmp_path / f"{lang}.toml")
    monkeypatch.setattr(tool, "DATA", tmp_path)
    tool.write_data(tool.read_data())
    for lang in i18n.LANGUAGES:
        written = (tmp_path / f"{lang}.toml").read_text(encoding="utf-8")
        assert written == (SHIPPED / f"{lang}.toml").read_text(encoding="utf-8"), lang
    # The check fails on a file the tool did not write: a literal string, valid TOML.
    text = (tmp_path / "en.toml").read_text(encoding="utf-8")
    line = '"config.missing_key" = "required key is missing"'
    assert line in text
    before = text.replace(line, "'config.missing_key' = 'required key is missing'")
    (tmp_path / "en.toml").write_text(before, encoding="utf-8")
    tool.write_data(tool.read_data())
    assert (tmp_path / "en.toml").read_text(encoding="utf-8") != before
