"""The checking half of the configuration: converters that explain what is wrong.

Every converter raises `Invalid` with an operator-language message; `Checker` collects the
issues of one file with their key paths, so all of them are reported at once.
"""

from __future__ import annotations

import difflib
import re
import reprlib
import stat
import tomllib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from broadcaster.config.toml_errors import explain as explain_toml_error
from broadcaster.core import operator_words
from broadcaster.core.durations import parse_duration
from broadcaster.core.operator_words import ENGLISH_DAYS, time_of_day, weekday
from broadcaster.errors import Invalid
from broadcaster.i18n import t

DAYS = ENGLISH_DAYS
_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")
# An id names files (exports are "<station id>-<month>") and folders: keep it short.
MAX_ID = 64
# Names, titles and paths: longer than this is a pasted document, not a setting.
MAX_TEXT = 1000
# A station's config.toml is about 2 KB and a series file with a slot every minute of the
# day about 40 KB; reading a file bigger than this (a video renamed .toml) only costs memory.
MAX_FILE_BYTES = 1024 * 1024
BOM = b"\xef\xbb\xbf"  # Notepad's UTF-8 signature: accepted and skipped
# Values echoed in messages are cut short: a megabyte or a deep list must stay one line.
_short = reprlib.Repr()
_short.maxstring = _short.maxother = 60
_short.maxlist = _short.maxdict = 6
_short.maxlevel = 3


class Shown:
    """A config value as a message shows it: `{got!r}` gives its repr, cut short."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def __repr__(self) -> str:
        return _short.repr(self.value)


def has_control(text: str) -> bool:
    """NUL, newlines, escapes and the like: no setting needs them, and a NUL crashes every
    file-system call it reaches."""
    return any(unicodedata.category(char) == "Cc" for char in text)


@dataclass(frozen=True)
class ConfigIssue:
    file: Path
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.key}" if self.key else str(self.file)
        return f"{where}: {self.message}"


class Checker:
    """Collects issues for one file while values are read from it."""

    def __init__(self, file: Path, issues: list[ConfigIssue]) -> None:
        self.file = file
        self.issues = issues

    def report(self, key: str, message: str) -> None:
        self.issues.append(ConfigIssue(self.file, key, message))

    def reject_unknown(self, table: dict[str, Any], known: set[str], prefix: str) -> None:
        for key in table:
            if key not in known:
                near = difflib.get_close_matches(key, sorted(known), n=1)
                hint = t("config.hint", near=near[0]) if near else ""
                self.report(join(prefix, key), t("config.unknown_key", key=key, hint=hint))

    def get(
        self,
        table: dict[str, Any],
        prefix: str,
        key: str,
        convert: Callable[[Any], Any],
        default: Any = Invalid,
    ) -> Any:
        path = join(prefix, key)
        if key not in table:
            if default is Invalid:
                self.report(path, t("config.missing_key"))
                return None
            table = {key: default}
        try:
            return convert(table[key])
        except Invalid as exc:
            self.report(path, str(exc))
            return None


def join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def string(value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid(t("config.bad_type", expected="text", got=Shown(value)))
    if has_control(value):
        raise Invalid(t("config.control_character", got=Shown(value)))
    if len(value) > MAX_TEXT:
        raise Invalid(t("config.too_long", maximum=MAX_TEXT))
    return value


def identifier(value: Any) -> str:
    text = string(value)
    if not _ID.fullmatch(text):
        raise Invalid(t("config.bad_type", expected="[a-z0-9_-]", got=Shown(value)))
    if len(text) > MAX_ID:
        raise Invalid(t("config.too_long", maximum=MAX_ID))
    return text


def int_between(low: int, high: int) -> Callable[[Any], int]:
    def convert(value: Any) -> int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise Invalid(t("config.bad_type", expected="integer", got=Shown(value)))
        if not low <= value <= high:
            raise Invalid(t("config.between", low=low, high=high))
        return value

    return convert


def duration(low: str, high: str) -> Callable[[Any], timedelta]:
    """A duration from `low` to `high` (both written as in the config, e.g. "1s", "10m")."""
    shortest, longest = parse_duration(low), parse_duration(high)

    def convert(value: Any) -> timedelta:
        if not isinstance(value, str):
            raise Invalid(t("config.bad_duration", got=Shown(value)))
        try:
            result = parse_duration(value)
        except ValueError:
            raise Invalid(t("config.bad_duration", got=Shown(value))) from None
        if not shortest <= result <= longest:
            raise Invalid(t("config.between", low=low, high=high))
        return result

    return convert


def number_between(low: float, high: float) -> Callable[[Any], float]:
    def convert(value: Any) -> float:
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise Invalid(t("config.bad_type", expected="number", got=Shown(value)))
        if not low <= value <= high:
            raise Invalid(t("config.between", low=f"{low:g}", high=f"{high:g}"))
        return float(value)

    return convert


def choice(choices: tuple[str, ...]) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        if value not in choices:
            raise Invalid(t("config.bad_choice", choices=", ".join(choices), got=Shown(value)))
        return str(value)

    return convert


def timezone(value: Any) -> str:
    text = string(value)
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long to open
        raise Invalid(t("config.bad_timezone", got=Shown(value))) from None
    return text


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid(t("config.bad_type", expected="true/false", got=Shown(value)))
    return value


def string_list(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise Invalid(t("config.bad_type", expected="[text, ...]", got=Shown(value)))
    return tuple(value)


def parse_time(value: Any) -> time:
    """A time of day: "06:10", "6:10", "6h10", "17g15", ... (operator_words.time_of_day), or
    a TOML local time written without quotes with its seconds (`time = 17:15:00`)."""
    if isinstance(value, time) and value.tzinfo is None and not value.microsecond:
        return value
    # A newline or a NUL is no part of a time, whatever the blanks around it forgive.
    moment = time_of_day(value) if isinstance(value, str) and not has_control(value) else None
    if moment is None:
        raise Invalid(t("config.bad_time", got=Shown(value)))
    return moment


def table(checker: Checker, data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        checker.report(key, t("config.bad_type", expected="[table]", got=Shown(value)))
        return {}
    return value


def read_toml(path: Path, issues: list[ConfigIssue]) -> dict[str, Any] | None:
    """The TOML in `path`, or None with one issue that names the file and says what to do."""
    try:
        text = read_text(path)
    except Invalid as exc:
        issues.append(ConfigIssue(path, "", str(exc)))
        return None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = explain_toml_error(path.name, text, exc)  # tomllib's own words are English
    except RecursionError:  # arrays or tables nested a thousand deep
        message = t("config.bad_toml", path=path.name, detail=t("config.too_deep"))
    issues.append(ConfigIssue(path, "", message))
    return None


def read_text(path: Path) -> str:
    """A configuration file's text: UTF-8, a BOM (Notepad's) skipped, at most MAX_FILE_BYTES.

    Only a regular file is opened: a FIFO would block here for ever, and a folder or a
    device is a wrong path, not a configuration.
    """
    too_big = t("config.file_too_big", path=path, maximum=f"{MAX_FILE_BYTES // 1024} KB")
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise Invalid(t("config.file_is_folder", path=path))
        if not stat.S_ISREG(mode):
            raise Invalid(t("config.not_a_file", path=path))
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise Invalid(t("config.missing_file", path=path)) from None
    except OSError as exc:  # permission denied, an unreadable disk, a name too long
        detail = exc.strerror or type(exc).__name__
        raise Invalid(t("config.unreadable", path=path, detail=detail)) from None
    if len(raw) > MAX_FILE_BYTES:
        raise Invalid(too_big)
    try:
        return raw.removeprefix(BOM).decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise Invalid(t("config.not_utf8", path=path, line=line)) from None


def weekdays(value: Any) -> frozenset[int]:
    if not isinstance(value, list) or not value:
        raise Invalid(t("config.bad_type", expected='["T2", "T5", ...]', got=Shown(value)))
    result = set()
    for day in value:
        index = weekday(day) if isinstance(day, str) and not has_control(day) else None
        if index is None:
            raise Invalid(t("config.bad_day", got=Shown(day)))
        result.add(index)
    return frozenset(result)


def period(value: Any) -> str:
    """A series' period: "month" or "week", also written "tháng" or "tuần"."""
    text = value if isinstance(value, str) and not has_control(value) else None
    name = operator_words.period(text) if text is not None else None
    if name is None:
        raise Invalid(t("words.bad_period", got=Shown(value)))
    return name
