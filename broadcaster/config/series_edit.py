"""Changing a series' slots from outside the file (the console, #13): only the `slots` key's
text is rewritten, every other key and comment of the file stays as the operator wrote it.

- The new text is checked by the same code that reads the files (`load_series` on a copy
  of the whole folder with the new text in place), so the refusals are the TOML rules' own
  lines, and a change that another series would make invalid (too many slots in all) is
  refused as the daemon's reload would refuse it.
- Before writing, the new text is read back as TOML and must equal the old file in every
  key but `slots`: a file this module cannot edit safely is refused, never mangled.
- The write is atomic: a temporary file in the same folder (not ending in `.toml`, so the
  daemon never reads it), fsync, `os.replace`. The old file is kept beside it as
  `<name>.toml.truoc-YYYYMMDD-HHMMSS` (the daemon reads only `*.toml`); renaming it back
  restores it.
"""

from __future__ import annotations

import os
import secrets
import tempfile
import threading
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from broadcaster.config.schema import ConfigIssue, read_text
from broadcaster.config.series import load_series
from broadcaster.core.rules import Series
from broadcaster.errors import ConfigError, Invalid, UserError
from broadcaster.i18n import t

BOM = b"\xef\xbb\xbf"
KEPT_MARK = ".truoc-"  # "<name>.toml.truoc-20261129-104800": the file before a change
_KEYS = ("slots", '"slots"', "'slots'")
_LOCK = threading.Lock()  # one change at a time in this process


@dataclass(frozen=True)
class SlotChange:
    series: Series  # as it is now, read back from the written file
    before: Series
    file: Path
    kept: Path  # the old file
    all_series: tuple[Series, ...]  # every series of the folder, read back after the write


def toml_string(value: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped; a lone
    surrogate (which no file can hold) becomes U+FFFD, and the rules refuse it as a time."""
    out = ['"']
    for char in value:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append("\ufffd")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def render_slots(slots: Sequence[Mapping[str, Any]], newline: str = "\n") -> str:
    """`slots = [...]` as the shipped files write it: one inline table a line. A slot
    without `days` (None) airs every day."""
    lines = []
    for slot in slots:
        parts = [f"time = {toml_string(str(slot.get('time', '')))}"]
        days = slot.get("days")
        if days is not None:
            parts.append("days = [" + ", ".join(toml_string(str(d)) for d in days) + "]")
        lines.append("    { " + ", ".join(parts) + " },")
    if not lines:
        return "slots = []"
    return newline.join(["slots = [", *lines, "]"])


def _skip_string(text: str, i: int) -> int:
    """`i` at an opening quote: the index just after the string."""
    for quote in ('"""', "'''"):
        if text.startswith(quote, i):
            j = i + 3
            while j < len(text):
                if quote == '"""' and text[j] == "\\":
                    j += 2
                    continue
                if text.startswith(quote, j):
                    j += 3
                    while j < len(text) and text[j] == quote[0]:  # """"" ends a string with ""
                        j += 1
                    return j
                j += 1
            return len(text)
    quote, j = text[i], i + 1
    while j < len(text) and text[j] != "\n":
        if quote == '"' and text[j] == "\\":
            j += 2
            continue
        if text[j] == quote:
            return j + 1
        j += 1
    return j


def _value_end(text: str, i: int) -> int:
    """The index just after the value that starts at or after `i` (an array ends at its
    closing bracket, a scalar at the end of its line or a comment)."""
    depth = 0
    while i < len(text):
        char = text[i]
        if char in "\"'":
            i = _skip_string(text, i)
            if depth == 0:
                return i
            continue
        if char == "#":
            while i < len(text) and text[i] != "\n":
                i += 1
            if depth == 0:
                return i
            continue
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth <= 0:
                return i + 1
        elif char == "\n" and depth == 0:
            return i
        i += 1
    return i


def slots_span(text: str) -> tuple[int, int] | None:
    """Where `slots = [...]` is written (from the key to the closing bracket), among the
    top-level keys; None when the file writes it otherwise (`[[slots]]`) or not at all."""
    i = 0
    while i < len(text):
        line_end = text.find("\n", i)
        line_end = len(text) if line_end < 0 else line_end
        line = text[i:line_end]
        stripped = line.lstrip(" \t\ufeff")
        start = i + len(line) - len(stripped)
        if not stripped.strip() or stripped.startswith("#"):
            i = line_end + 1
            continue
        if stripped.startswith("["):
            return None  # a table begins: the top-level keys are over
        equals = text.find("=", start, line_end)
        if equals < 0:
            return None
        key = text[start:equals].strip()
        end = _value_end(text, equals + 1)
        if key in _KEYS:
            value_start = equals + 1
            while text[value_start] in " \t":
                value_start += 1
            return (start, end) if text[value_start] == "[" else None
        next_line = text.find("\n", end)
        i = len(text) if next_line < 0 else next_line + 1
    return None


def _without_slots(data: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "slots"}


def _check_folder(
    folder: Path, file: Path, new_text: str
) -> tuple[list[Series], list[ConfigIssue]]:
    """`load_series` on a copy of `folder` where `file` holds `new_text`: the series and
    the issues, named by the real files."""
    issues: list[ConfigIssue] = []
    with tempfile.TemporaryDirectory(prefix="broadcaster-series-") as scratch:
        copy = Path(scratch)
        for other in sorted(folder.glob("*.toml")):
            if other.name == file.name:
                continue
            try:
                (copy / other.name).write_text(read_text(other), encoding="utf-8")
            except Invalid as exc:
                issues.append(ConfigIssue(other, "", str(exc)))
        (copy / file.name).write_text(new_text, encoding="utf-8")
        found: list[ConfigIssue] = []
        series = load_series(copy, found)
    for issue in found:
        real = folder / issue.file.name if issue.file != copy else folder
        issues.append(ConfigIssue(real, issue.key, issue.message.replace(str(copy), str(folder))))
    return series, issues


def _kept_name(file: Path, now: datetime) -> Path:
    stamp = now.strftime("%Y%m%d-%H%M%S")
    kept = file.with_name(f"{file.name}{KEPT_MARK}{stamp}")
    number = 2
    while kept.exists():
        kept = file.with_name(f"{file.name}{KEPT_MARK}{stamp}-{number}")
        number += 1
    return kept


def _write_atomically(path: Path, data: bytes, mode: int | None) -> None:
    """`data` into `path` through a temporary file of the same folder, fsynced, renamed."""
    temp = path.with_name(f".{path.name}.dang-ghi-{secrets.token_hex(4)}")
    try:
        with open(temp, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    if hasattr(os, "O_DIRECTORY"):  # the rename itself on disk (POSIX)
        descriptor = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def change_slots(
    folder: Path, series_id: str, slots: Sequence[Mapping[str, Any]], now: datetime
) -> SlotChange:
    """Give the series `series_id` of `folder` these slots (each {"time": ..., "days": [...]
    or None}), as the operator would by editing its file. ConfigError with the rules' lines
    for slots they refuse; UserError for a series that is not there or a file that cannot be
    edited safely. `now` (station time) names the kept old file."""
    with _LOCK:
        current: list[ConfigIssue] = []
        by_id = {s.id: s for s in load_series(folder, current)}
        before = by_id.get(series_id)
        if before is None or before.source is None:
            raise UserError(t("console.schedule.unknown_series", id=series_id[:64]))
        file = before.source
        if file.is_symlink() or file.parent.resolve() != folder.resolve():
            raise UserError(t("console.schedule.cannot_edit", file=file.name))
        raw = file.read_bytes()
        bom = raw.startswith(BOM)
        text = raw.removeprefix(BOM).decode("utf-8")
        span = slots_span(text)
        if span is None:
            raise UserError(t("console.schedule.cannot_edit", file=file.name))
        newline = "\r\n" if "\r\n" in text else "\n"
        new_text = text[: span[0]] + render_slots(slots, newline) + text[span[1] :]
        series, issues = _check_folder(folder, file, new_text)
        if issues:
            raise ConfigError(issues)
        try:
            same = _without_slots(tomllib.loads(new_text)) == _without_slots(tomllib.loads(text))
        except tomllib.TOMLDecodeError:
            same = False
        if not same:
            raise UserError(t("console.schedule.cannot_edit", file=file.name))
        if file.read_bytes() != raw:  # changed by hand meanwhile: read it again first
            raise UserError(t("console.schedule.changed_meanwhile", file=file.name))
        kept = _kept_name(file, now)
        mode = file.stat().st_mode & 0o7777
        _write_atomically(kept, raw, mode)
        _write_atomically(file, (BOM if bom else b"") + new_text.encode("utf-8"), mode)
        # The series as checked, named by their real files (the check read a copy).
        written = tuple(
            replace(s, source=folder / s.source.name if s.source else None) for s in series
        )
        changed = next(s for s in written if s.id == series_id)
        return SlotChange(changed, before, file, kept, written)
