"""Series files (`schedules/*.toml`): one file per series, each checked key by key, and the
series together (ids, folders, slots) checked against each other."""

from __future__ import annotations

import unicodedata
from datetime import time
from pathlib import Path
from typing import Any

from broadcaster.config.limits import (
    DEFAULT_DUE_BEFORE,
    MAX_DUE_BY,
    MAX_FOLDER,
    MAX_NEW_PER_PERIOD,
    MAX_REPEATS,
    MAX_SLOTS,
    ranged,
)
from broadcaster.config.schema import (
    DAYS,
    Checker,
    ConfigIssue,
    Invalid,
    Shown,
    boolean,
    identifier,
    int_between,
    parse_time,
    period,
    read_toml,
    string,
    weekdays,
)
from broadcaster.core.rules import DEFAULT_DUE_BY, Series, Slot
from broadcaster.core.vocab import BULLETIN_FOLDER, BULLETIN_SERIES, INBOX_FOLDERS
from broadcaster.i18n import t

_WINDOWS_FORBIDDEN = set('<>:"/\\|?*')
_WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{port}{n}" for port in ("COM", "LPT") for n in [*"0123456789", "¹", "²", "³"]
}


SERIES_KEYS = {
    "id",
    "title",
    "folder",
    "period",
    "new_per_period",
    "repeats",
    "repeat_gap",
    "min_repeat_gap",
    "slots",
    "makeup",
    "due_by",
    "due_before",
}


def load_series(folder: Path, issues: list[ConfigIssue]) -> list[Series]:
    try:
        files = sorted(folder.glob("*.toml")) if folder.is_dir() else []
    except OSError as exc:  # a folder that cannot be read
        detail = exc.strerror or type(exc).__name__
        issues.append(ConfigIssue(folder, "", t("config.unreadable", path=folder, detail=detail)))
        return []
    if not files:
        issues.append(ConfigIssue(folder, "", t("config.no_series", path=folder)))
        return []
    result: list[Series] = []
    seen_ids: dict[str, Path] = {}
    seen_folders: dict[str, str] = {}
    slot_count = 0
    for file in files:
        before = len(issues)
        data = read_toml(file, issues)
        if data is None:
            continue
        series = _parse_series(file, data, issues)
        if series is None or len(issues) > before:
            continue
        check = Checker(file, issues)
        if series.id in seen_ids:
            check.report(
                "id", t("config.duplicate_series", id=series.id, other=seen_ids[series.id].name)
            )
            continue
        # One folder on disk whatever its spelling: NFC as ingest compares names, and
        # caseless, since Windows (and macOS) treat "Tin-Xa" and "tin-xa" as one folder.
        folder_key = series.folder.casefold()
        if folder_key in seen_folders:
            check.report(
                "folder",
                t(
                    "config.duplicate_folder",
                    folder=series.folder,
                    other=seen_folders[folder_key],
                ),
            )
            continue
        slot_count += len(series.slots)
        if slot_count > MAX_SLOTS:
            check.report("slots", t("config.too_many_slots", count=slot_count, maximum=MAX_SLOTS))
            continue
        seen_ids[series.id] = file
        seen_folders[folder_key] = series.id
        result.append(series)
    return result


def _parse_series(file: Path, data: dict[str, Any], issues: list[ConfigIssue]) -> Series | None:
    check = Checker(file, issues)
    check.reject_unknown(data, SERIES_KEYS, "")
    series_id = check.get(data, "", "id", series_identifier)
    title = check.get(data, "", "title", string)
    folder = check.get(data, "", "folder", folder_name, series_id or "")
    period_name = check.get(data, "", "period", period)
    new_per_period = check.get(data, "", "new_per_period", int_between(1, MAX_NEW_PER_PERIOD), 1)
    repeats = check.get(data, "", "repeats", int_between(0, MAX_REPEATS), 0)
    repeat_gap = check.get(data, "", "repeat_gap", ranged("repeat_gap"), "0s")
    min_repeat_gap = (
        check.get(data, "", "min_repeat_gap", ranged("min_repeat_gap"))
        if "min_repeat_gap" in data
        else None
    )
    if min_repeat_gap is not None and repeat_gap is not None and min_repeat_gap > repeat_gap:
        check.report("min_repeat_gap", t("config.min_gap_over_gap"))
    makeup = check.get(data, "", "makeup", boolean, True)
    due_by = check.get(data, "", "due_by", int_between(1, MAX_DUE_BY), DEFAULT_DUE_BY)
    due_before = check.get(data, "", "due_before", ranged("due_before"), DEFAULT_DUE_BEFORE)
    # Each key belongs to one kind of period: the other one would be silently ignored.
    if period_name == "week" and "due_by" in data:
        check.report("due_by", t("config.due_by_weekly"))
    if period_name == "month" and "due_before" in data:
        check.report("due_before", t("config.due_before_monthly"))
    slots = _parse_slots(check, data.get("slots"))
    if len(issues) > 0 and any(i.file == file for i in issues):
        return None
    return Series(
        id=series_id,
        title=title,
        folder=folder,
        period=period_name,
        new_per_period=new_per_period,
        repeats=repeats,
        repeat_gap=repeat_gap,
        slots=slots,
        makeup=makeup,
        due_by=due_by,
        due_before=due_before,
        source=file,
        min_repeat_gap=min_repeat_gap,
    )


def series_identifier(value: Any) -> str:

    text = identifier(value)
    if text == BULLETIN_SERIES:  # the pseudo-series every bulletin belongs to
        raise Invalid(t("config.reserved_id", id=text))
    return text


def folder_name(value: Any) -> str:
    """A series folder: one folder name, in NFC, usable on Linux and Windows, and not one of
    the folders that mean something else (the bulletin inbox folders and library folder).

    Ingest compares folder names in NFC, so a folder written in NFD (as a Mac types it)
    is stored in NFC, or it would never match the folder on disk.
    """
    from broadcaster.core.inbox_words import is_temporary

    folder = unicodedata.normalize("NFC", string(value))
    if folder in {"", ".", ".."}:
        raise Invalid(t("config.reserved_folder", folder=folder))
    bad = sorted({c for c in folder if c in _WINDOWS_FORBIDDEN})
    if bad:
        raise Invalid(t("config.folder_bad_character", folder=folder, chars=" ".join(bad)))
    if len(folder) > MAX_FOLDER:
        raise Invalid(t("config.too_long", maximum=MAX_FOLDER))
    if folder != folder.lstrip(" ") or folder != folder.rstrip(". "):
        raise Invalid(t("config.folder_edges", folder=folder))
    if is_temporary(folder):  # ".x", "~$x", "x.tmp": ingest skips such folders
        raise Invalid(t("config.folder_ignored", folder=folder))
    # Windows keeps these names for devices, with any extension: "nul.mp3" is NUL too.
    if folder.split(".")[0].strip().upper() in _WINDOWS_DEVICES:
        raise Invalid(t("config.folder_windows", folder=folder))
    reserved = [*INBOX_FOLDERS, BULLETIN_FOLDER]
    if folder.casefold() in {unicodedata.normalize("NFC", r).casefold() for r in reserved}:
        raise Invalid(t("config.folder_bulletins", folder=folder, reserved=", ".join(reserved)))
    return folder


def _parse_slots(check: Checker, raw: Any) -> tuple[Slot, ...]:
    if raw is None or raw == []:
        check.report("slots", t("config.no_slots"))
        return ()
    if not isinstance(raw, list):
        check.report(
            "slots", t("config.bad_type", expected='[{ time = "HH:MM" }, ...]', got=Shown(raw))
        )
        return ()
    if len(raw) > MAX_SLOTS:
        check.report("slots", t("config.too_many_slots", count=len(raw), maximum=MAX_SLOTS))
        return ()
    slots: list[Slot] = []
    days_at: dict[time, frozenset[int]] = {}  # the days already taken at each time
    for index, item in enumerate(raw):
        prefix = f"slots[{index}]"
        if not isinstance(item, dict):
            check.report(
                prefix, t("config.bad_type", expected='{ time = "HH:MM" }', got=Shown(item))
            )
            continue
        check.reject_unknown(item, {"time", "days"}, prefix)
        when = check.get(item, prefix, "time", parse_time)
        days = check.get(item, prefix, "days", weekdays, list(DAYS))
        if when is None or days is None:
            continue
        slot = Slot(when, days)
        if days_at.get(when, frozenset()) & days:
            check.report(prefix, t("config.duplicate_slot", time=slot.label()))
            continue
        days_at[when] = days_at.get(when, frozenset()) | days
        slots.append(slot)
    return tuple(slots)
