"""TOML mistakes explained in the operator's language, with the line as it should be written.

tomllib says "Invalid value (at line 7, column 10)" in English. The mistakes operators make
are few: a time, a duration or a title written without quotes (`time = 17:15`,
`title = Tin xã`), a quote left open, a key written twice. For those we show the file, the
line and the line rewritten, and only when the rewritten line is valid TOML; anything else
gets the line and the general rule.
"""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata

from broadcaster.core.operator_words import time_of_day
from broadcaster.i18n import t

_AT = re.compile(r"\(at line (\d+), column \d+\)")
# A bare value: after "=", "[", "{" or ",", up to the next ",", "]", "}" or the end of the
# line (a comment may follow). Keys are never matched: "=" follows them, not a delimiter.
_BARE = re.compile(
    r"(?<=[=\[{,])(?P<pre>\s*)(?P<value>[^\s\"'\[\]{},=#][^\"'\[\]{},=#]*?)"
    r"(?=\s*(?:[,\]}]|#.*$|$))"
)
_KEY_VALUE = re.compile(r"^(?P<key>\s*[A-Za-z0-9_\-]+\s*=\s*)(?P<value>.*?)\s*$")
_SHOWN_CHARS = 120
# A longer line is not one an operator typed: it gets the general rule, without the repairs
# (each bare value costs a TOML parse, and a pasted megabyte holds a hundred thousand).
_MAX_REPAIRED_CHARS = 1000


def explain(name: str, text: str, error: tomllib.TOMLDecodeError) -> str:
    """One line for the operator about `error` in the file `name` whose text is `text`."""
    detail = str(error)
    lines = text.splitlines()
    where = _AT.search(detail)
    if where is not None and 1 <= int(where.group(1)) <= len(lines):
        number, at_end = int(where.group(1)), False
    else:  # "at end of document": the last line written, or a list left open further up
        filled = [n for n, line in enumerate(lines, 1) if line.strip()]
        if not filled:
            return t("toml.unfinished", path=name)
        number, at_end = filled[-1], True
    line = _printable(lines[number - 1]).strip()
    shown = line if len(line) <= _SHOWN_CHARS else line[:_SHOWN_CHARS] + "…"
    if detail.startswith(("Cannot overwrite", "Cannot declare")):
        return t("toml.written_twice", path=name, line=number, content=shown)
    if len(line) > _MAX_REPAIRED_CHARS:
        return t("toml.syntax", path=name, line=number, content=shown)
    fixed = _close_quote(line)
    if fixed is not None:
        return t("toml.open_quote", path=name, line=number, fixed=fixed)
    fixed, quoted = _quote_bare(line)
    if quoted and _parses(fixed):
        key = "toml.time_unquoted" if any(time_of_day(v) for v in quoted) else "toml.unquoted"
        return t(key, path=name, line=number, fixed=fixed)
    if at_end:
        return t("toml.unfinished", path=name)
    return t("toml.syntax", path=name, line=number, content=shown)


def _printable(text: str) -> str:
    """The line as it may be shown: a tab as a blank, other control characters (an escape
    sequence would drive the operator's terminal) as U+FFFD."""
    text = text.replace("\t", " ")
    return "".join("\ufffd" if unicodedata.category(c) == "Cc" else c for c in text)


def _close_quote(line: str) -> str | None:
    """`key = "text` or `key = text"` with its missing quote put back, if that is valid."""
    match = _KEY_VALUE.match(line)
    if match is None or match.group("value").count('"') != 1:
        return None
    key, value = match.group("key"), match.group("value")
    fixed = f'{key}{value}"' if value.startswith('"') else f'{key}"{value}'
    return fixed if _parses(fixed) else None


def _quote_bare(line: str) -> tuple[str, list[str]]:
    """The line with every bare value that is not TOML put in quotes, and those values."""
    quoted: list[str] = []

    def quote(match: re.Match[str]) -> str:
        value = match.group("value").rstrip()
        if _parses(f"x = {value}"):  # a number, true/false, a full date or time: valid
            return match.group(0)
        quoted.append(value)
        spacing = match.group("value")[len(value) :]
        return f"{match.group('pre')}{json.dumps(value, ensure_ascii=False)}{spacing}"

    return _BARE.sub(quote, line), quoted


def _parses(line: str) -> bool:
    """Whether `line` is valid TOML alone, or as one item of a multi-line list."""
    for document in (line, f"x = [{line.rstrip().rstrip(',')}]"):
        try:
            tomllib.loads(document)
        except (tomllib.TOMLDecodeError, RecursionError):  # lists nested hundreds deep
            continue
        return True
    return False
