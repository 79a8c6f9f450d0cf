"""The checking half of the configuration: converters that explain what is wrong.

Every converter raises `Invalid` with an operator-language message; `Checker` collects the
issues of one file with their key paths, so all of them are reported at once.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from broadcaster.durations import parse_duration
from broadcaster.i18n import t

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TIME = re.compile(r"([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?")
_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")


@dataclass(frozen=True)
class ConfigIssue:
    file: Path
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.key}" if self.key else str(self.file)
        return f"{where}: {self.message}"


class ConfigError(Exception):
    def __init__(self, issues: list[ConfigIssue]) -> None:
        super().__init__("\n".join(str(i) for i in issues))
        self.issues = issues

    def render(self) -> str:
        if len(self.issues) == 1 and not self.issues[0].key:
            return self.issues[0].message  # e.g. the file is missing: one line says it all
        lines = [t("config.errors_header", count=len(self.issues))]
        lines += [f"  - {issue}" for issue in self.issues]
        return "\n".join(lines)


class Invalid(Exception):
    pass


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
        raise Invalid(t("config.bad_type", expected="text", got=value))
    return value


def identifier(value: Any) -> str:
    text = string(value)
    if not _ID.fullmatch(text):
        raise Invalid(t("config.bad_type", expected="[a-z0-9_-]", got=value))
    return text


def int_at_least(minimum: int) -> Callable[[Any], int]:
    def convert(value: Any) -> int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise Invalid(t("config.bad_type", expected="integer", got=value))
        if value < minimum:
            if minimum > 1:
                raise Invalid(t("config.at_least", minimum=minimum))
            raise Invalid(t("config.not_positive" if minimum > 0 else "config.negative"))
        return value

    return convert


def duration(positive: bool = True) -> Callable[[Any], timedelta]:
    def convert(value: Any) -> timedelta:
        if not isinstance(value, str):
            raise Invalid(t("config.bad_duration", got=value))
        try:
            result = parse_duration(value)
        except ValueError:
            raise Invalid(t("config.bad_duration", got=value)) from None
        if positive and result <= timedelta(0):
            raise Invalid(t("config.not_positive"))
        return result

    return convert


def number_between(low: float, high: float) -> Callable[[Any], float]:
    def convert(value: Any) -> float:
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise Invalid(t("config.bad_type", expected="number", got=value))
        if not low <= value <= high:
            raise Invalid(t("config.between", low=f"{low:g}", high=f"{high:g}"))
        return float(value)

    return convert


def choice(choices: tuple[str, ...]) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        if value not in choices:
            raise Invalid(t("config.bad_choice", choices=", ".join(choices), got=value))
        return str(value)

    return convert


def timezone(value: Any) -> str:
    text = string(value)
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise Invalid(t("config.bad_timezone", got=value)) from None
    return text


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid(t("config.bad_type", expected="true/false", got=value))
    return value


def string_list(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise Invalid(t("config.bad_type", expected="[text, ...]", got=value))
    return tuple(value)


def parse_time(value: Any) -> time:
    match = _TIME.fullmatch(value) if isinstance(value, str) else None
    if not match:
        raise Invalid(t("config.bad_time", got=value))
    return time(int(match.group(1)), int(match.group(2)), int(match.group(3) or 0))


def table(checker: Checker, data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        checker.report(key, t("config.bad_type", expected="[table]", got=value))
        return {}
    return value


def read_toml(path: Path, issues: list[ConfigIssue]) -> dict[str, Any] | None:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        issues.append(ConfigIssue(path, "", t("config.missing_file", path=path)))
    except tomllib.TOMLDecodeError as exc:
        issues.append(ConfigIssue(path, "", t("config.bad_toml", path=path.name, detail=exc)))
    return None


def weekdays(value: Any) -> frozenset[int]:
    if not isinstance(value, list) or not value:
        raise Invalid(t("config.bad_type", expected='["mon", "thu", ...]', got=value))
    result = set()
    for day in value:
        if not isinstance(day, str) or day.lower() not in DAYS:
            raise Invalid(t("config.bad_day", got=day))
        result.add(DAYS.index(day.lower()))
    return frozenset(result)
