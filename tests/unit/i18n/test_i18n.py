"""Operator messages: Vietnamese by default, English on request, the same facts in both.

The words are data (broadcaster/i18n/vi.toml, en.toml, #12): these tests read the files as
shipped and check them against each other and against the code.
"""

from __future__ import annotations

import re
import string
import threading
import tomllib
from pathlib import Path

import pytest

from broadcaster import i18n
from broadcaster.core.vocab import Status
from broadcaster.i18n import LANGUAGES, both, catalogue, speaking, t

PACKAGE = Path(i18n.__file__).parent.parent
FILES = {lang: Path(i18n.__file__).parent / f"{lang}.toml" for lang in LANGUAGES}
KEYS = sorted(catalogue("vi"))


def keys_in_order(lang: str) -> list[str]:
    return list(tomllib.loads(FILES[lang].read_text(encoding="utf-8")))


def missing_or_mismatched(vi: dict[str, str], en: dict[str, str]) -> list[str]:
    """What a translator broke: a key in one language only, or different placeholders."""
    broken = sorted(set(vi) ^ set(en))
    broken += [
        key for key in sorted(set(vi) & set(en)) if placeholders(vi[key]) != placeholders(en[key])
    ]
    return broken


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def test_languages_are_vietnamese_and_english():
    assert LANGUAGES == ("vi", "en")
    assert i18n.language() == "vi"


def test_each_language_file_has_the_same_keys_in_the_same_order():
    assert keys_in_order("vi") == keys_in_order("en")
    assert len(KEYS) > 700


def test_the_check_finds_a_missing_key_and_a_changed_placeholder():
    vi = {"a.one": "{count} tệp", "a.two": "xong"}
    assert missing_or_mismatched(vi, {"a.one": "{count} files", "a.two": "done"}) == []
    assert missing_or_mismatched(vi, {"a.one": "{count} files"}) == ["a.two"]
    assert missing_or_mismatched(vi, {"a.one": "{n} files", "a.two": "done"}) == ["a.one"]


def test_the_shipped_files_pass_the_check():
    assert missing_or_mismatched(dict(catalogue("vi")), dict(catalogue("en"))) == []


@pytest.mark.parametrize("key", KEYS)
def test_every_message_has_vietnamese_and_english(key):
    assert catalogue("vi")[key].strip()
    assert catalogue("en")[key].strip()


@pytest.mark.parametrize("key", KEYS)
def test_placeholders_are_the_same_in_both_languages(key):
    vi, en = catalogue("vi")[key], catalogue("en")[key]
    assert placeholders(vi) == placeholders(en), key


@pytest.mark.parametrize("key", KEYS)
def test_every_message_formats_in_both_languages(key):
    values = {name: f"<{name}>" for name in placeholders(catalogue("vi")[key])}
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
    with speaking("en"):
        assert i18n.language() == "en"
        assert t("status.aired") == "aired"
        assert t("status.aired", "vi") == "đã phát"  # an explicit language wins
    assert i18n.language() == "vi"  # the block's language ends with the block
    assert t("status.aired") == "đã phát"


def test_unknown_language_falls_back_to_vietnamese():
    with speaking("fr"):
        assert i18n.language() == "vi"
        assert t("status.missed") == "bị bỏ lỡ"
    assert t("status.missed", "fr") == "bị bỏ lỡ"


def test_an_unknown_key_is_an_error_not_a_blank():
    with pytest.raises(KeyError):
        t("no_such.key")
    assert i18n.lookup("no_such.key", "en") is None
    assert not i18n.has("no_such.key")


def test_a_thread_speaks_the_language_it_was_started_in_only_when_carried():
    heard: dict[str, str] = {}

    def say(name: str) -> None:
        heard[name] = t("status.aired")

    with speaking("en"):
        carried = threading.Thread(target=i18n.carried(say), args=("carried",))
        bare = threading.Thread(target=say, args=("bare",))  # a fresh context: the default
        carried.start()
        bare.start()
    carried.join()
    bare.join()
    assert heard == {"carried": "aired", "bare": "đã phát"}
    assert i18n.language() == "vi"


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
        assert i18n.has(f"status.{status}")


def test_every_message_key_used_in_the_code_exists():
    used: set[str] = set()
    pattern = re.compile(r"""\bt\(\s*["']([a-z_]+\.[a-z_]+)["']""")
    for source in PACKAGE.rglob("*.py"):
        used |= set(pattern.findall(source.read_text(encoding="utf-8")))
    assert used, "the scan found no t() calls at all"
    assert sorted(used - set(KEYS)) == []


def test_signal_messages_write_seconds_the_operators_way():
    # The attention signal (#10): Vietnamese decimal commas, English points.
    from broadcaster.station.jingle import seconds_text

    line = t("jingle.too_slow", title="Bão số 5", budget=seconds_text(1.5))
    assert (
        line
        == "Ghép nhạc hiệu cho bản tin Bão số 5 mất quá 1,5 giây: phát ngay, không có nhạc hiệu"
    )
    with speaking("en"):
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
    assert sorted(used - set(KEYS)) == []


def test_document_words_named_in_the_code_exist():
    """The proof's helpers look their words up by a short key under a prefix (#12):
    label("kind.new") is "doc.kind.new"; report_words.word("title") is "supervisor.title",
    report_table.word("total") is "table.total"."""
    proof = PACKAGE / "proof"
    scans = [
        ("label", "doc.", list(proof.rglob("*.py"))),
        ("word", "supervisor.", [proof / "report_words.py", proof / "report_content.py"]),
        ("word", "table.", [proof / "report_table.py", proof / "report_out.py"]),
    ]
    used: set[str] = set()
    for name, prefix, sources in scans:
        pattern = re.compile(rf"""\b{name}\(\s*["']([a-z_.0-9]+)["']""")
        for source in sources:
            used |= {prefix + key for key in pattern.findall(source.read_text(encoding="utf-8"))}
    assert len(used) > 20, "the scan found too few document words"
    assert sorted(used - set(KEYS)) == []


def test_keys_named_outside_t_exist():
    """Keys handed to report_failure() and the log's level words are not t() calls the
    scan above sees: they must exist too (#10)."""
    from broadcaster._lib.logs import _LEVEL_WORDS

    pattern = re.compile(r"""report_failure\(\s*["']([a-z_]+\.[a-z_]+)["']""")
    used = set(_LEVEL_WORDS.values())
    for source in PACKAGE.rglob("*.py"):
        used |= set(pattern.findall(source.read_text(encoding="utf-8")))
    assert len(used) > 5
    assert sorted(used - set(KEYS)) == []
