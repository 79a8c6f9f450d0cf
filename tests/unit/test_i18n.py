"""Operator messages: Vietnamese by default, English on request, the same facts in both."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from broadcaster import i18n
from broadcaster.core.vocab import Status
from broadcaster.i18n import LANGUAGES, MESSAGES, both, set_language, t

PACKAGE = Path(i18n.__file__).parent.parent


@pytest.fixture(autouse=True)
def _vietnamese():
    set_language("vi")
    yield
    set_language("vi")


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def test_languages_are_vietnamese_and_english():
    assert LANGUAGES == ("vi", "en")
    assert i18n.language() == "vi"


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_vietnamese_and_english(key):
    entry = MESSAGES[key]
    assert set(entry) == {"vi", "en"}
    assert entry["vi"].strip()
    assert entry["en"].strip()


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_placeholders_are_the_same_in_both_languages(key):
    vi, en = MESSAGES[key]["vi"], MESSAGES[key]["en"]
    assert placeholders(vi) == placeholders(en), key


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_formats_in_both_languages(key):
    values = {name: f"<{name}>" for name in placeholders(MESSAGES[key]["vi"])}
    for lang in LANGUAGES:
        text = t(key, lang, **values)
        for value in values.values():
            assert value in text


def test_t_formats_a_placeholder_in_both_languages():
    assert t("asrun.cut_short", "vi", played="1:00", duration="12:05") == (
        "chỉ phát được 1:00 trên 12:05"
    )
    assert (
        t("asrun.cut_short", "en", played="1:00", duration="12:05") == "only 1:00 of 12:05 played"
    )


def test_t_uses_repr_where_the_message_asks_for_it():
    assert t("config.bad_time", "en", got="25:00") == (
        'invalid time \'25:00\' (24-hour clock, e.g. "06:10", "6:10", "6h10", "6h", "17:15:30")'
    )


def test_t_follows_the_current_language():
    assert t("status.aired") == "đã phát"
    set_language("en")
    assert i18n.language() == "en"
    assert t("status.aired") == "aired"
    assert t("status.aired", "vi") == "đã phát"  # an explicit language wins


def test_unknown_language_falls_back_to_vietnamese():
    set_language("fr")
    assert i18n.language() == "vi"
    assert t("status.missed") == "bị bỏ lỡ"
    assert t("status.missed", "fr") == "bị bỏ lỡ"


def test_a_message_without_values_is_returned_as_written():
    # No .format() when nothing is passed: literal braces would survive, and nothing raises.
    assert t("config.missing_key", "en") == "required key is missing"


def test_both_gives_vietnamese_then_english():
    assert both("reason.unknown_folder", folder="abc") == (
        "thư mục 'abc' không thuộc chuyên mục nào\nfolder 'abc' belongs to no series"
    )


@pytest.mark.parametrize(
    ("key", "vietnamese", "english"),
    [
        ("status.aired", "đã phát", "aired"),
        ("status.partial", "phát không trọn", "partial"),
        ("status.missed", "bị bỏ lỡ", "missed"),
        ("status.failed", "lỗi phát", "failed"),
        ("kind.new", "phát mới", "new"),
        ("kind.repeat", "phát lại", "repeat"),
        ("kind.test", "phát thử", "test airing"),
    ],
)
def test_status_words_use_the_domain_vocabulary(key, vietnamese, english):
    assert t(key, "vi") == vietnamese
    assert t(key, "en") == english


def test_every_as_run_status_has_a_word():
    for status in Status:
        assert f"status.{status}" in MESSAGES


def test_every_message_key_used_in_the_code_exists():
    used: set[str] = set()
    pattern = re.compile(r"""\bt\(\s*["']([a-z_]+\.[a-z_]+)["']""")
    for source in PACKAGE.rglob("*.py"):
        used |= set(pattern.findall(source.read_text(encoding="utf-8")))
    assert used, "the scan found no t() calls at all"
    assert sorted(used - set(MESSAGES)) == []


def test_signal_messages_write_seconds_the_operators_way():
    # The attention signal (#10): Vietnamese decimal commas, English points.
    from broadcaster.audio.jingle.settings import seconds_text

    line = t("jingle.too_slow", title="Bão số 5", budget=seconds_text(1.5))
    assert (
        line
        == "Ghép nhạc hiệu cho bản tin Bão số 5 mất quá 1,5 giây: phát ngay, không có nhạc hiệu"
    )
    set_language("en")
    assert seconds_text(1.5) == "1.5 s"
    assert t("jingle.assembled", title="x", signal="s.flac", took=seconds_text(0.42)) == (
        "Bulletin x airs with signal s.flac (assembled in 0.4 s)"
    )


def test_every_programme_message_key_named_in_the_code_exists():
    """Programme management names its messages as strings handed to `Refused` and to the
    CLI (`"programme.unknown"`, `f"programme.bad_period_{kind}"`), not only inside t()."""
    used: set[str] = set()
    pattern = re.compile(r"""["'](programme\.[a-z_]+)["']""")
    sources = [*(PACKAGE / "programmes").glob("*.py"), PACKAGE / "cli" / "programme_cmd.py"]
    for source in sources:
        used |= set(pattern.findall(source.read_text(encoding="utf-8")))
    used |= {"programme.bad_period_month", "programme.bad_period_week"}
    assert len(used) > 20, "the scan found too few programme messages"


def test_keys_named_outside_t_exist():
    """Keys handed to report_failure() and the log's level words are not t() calls the
    scan above sees: they must exist too (#10)."""
    from broadcaster._lib.logs import _LEVEL_WORDS

    pattern = re.compile(r"""report_failure\(\s*["']([a-z_]+\.[a-z_]+)["']""")
    used = set(_LEVEL_WORDS.values())
    for source in PACKAGE.rglob("*.py"):
        used |= set(pattern.findall(source.read_text(encoding="utf-8")))
    assert len(used) > 5
    assert sorted(used - set(MESSAGES)) == []
