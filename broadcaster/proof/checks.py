"""Checking a month's export by recomputing it (pure: no files, no database).

Nothing a verdict rests on is taken from the document on trust:
- every row must have the shape the exporter writes (types, statuses, hashes);
- the rows and the links to rows of other months must run without a gap from the anchor
  (`first_seq`, `hash_before`) to the head (`last_seq`, `hash_after`), each row's hash
  recomputed; a row missing at either end, in the middle, or out of order is named;
- every row belongs to the document's station and month (in the station's time zone);
- the summary and its verdicts are recomputed from the rows and the series rules and must
  equal what the document says; so is the `complete` flag, from the time of writing.
The anchor and head themselves, the rules and the pending airings cannot be recomputed:
the station's signature over the document covers them (signing.py, verify.py).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from broadcaster.core.chain import first_break
from broadcaster.core.rules import PERIODS
from broadcaster.core.vocab import Kind, Priority, Status
from broadcaster.errors import Shape
from broadcaster.i18n import display, t
from broadcaster.proof.summary import ProgrammeChanges, SeriesRule, summarize

_HASH = re.compile(r"[0-9a-f]{64}")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
TEXT_FIELDS = ("uid", "station_id", "series_id", "title", "file_name", "reason")
NULLABLE_TEXT = ("corrects_uid", "makeup_of_uid", "priority")
# Bounds a real station never reaches; they keep a forged document cheap to check.
MAX_RULE_COUNT = 1000


# ---- shapes ----------------------------------------------------------------------------
def is_hash(value: Any) -> bool:
    return isinstance(value, str) and _HASH.fullmatch(value) is not None


def _int(value: Any, where: str, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise Shape(where)
    if isinstance(value, str):
        if not value.isdigit() or len(value) > 18:
            raise Shape(where)
        value = int(value)
    if value < minimum:
        raise Shape(where)
    return value


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise Shape(where)
    try:
        number = float(value)
    except (ValueError, OverflowError):
        raise Shape(where) from None
    if not math.isfinite(number) or number < 0:
        raise Shape(where)
    return number


def moment(value: Any, where: str) -> datetime:
    if not isinstance(value, str) or len(value) > 40:
        raise Shape(where)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise Shape(where) from None
    if parsed.tzinfo is None:
        raise Shape(where)
    return parsed


def check_row_shape(row: Any, index: int) -> None:
    """Raise Shape naming the first field of row `index` that an export would never hold."""
    where = f"rows[{index}]"
    if not isinstance(row, Mapping):
        raise Shape(where)
    _int(row.get("seq"), f"{where}.seq", 1)
    for name in TEXT_FIELDS:
        if not isinstance(row.get(name), str):
            raise Shape(f"{where}.{name}")
    for name in NULLABLE_TEXT:
        if row.get(name) is not None and not isinstance(row.get(name), str):
            raise Shape(f"{where}.{name}")
    if row.get("priority") not in (None, *Priority):
        raise Shape(f"{where}.priority")
    if row.get("kind") not in tuple(Kind):
        raise Shape(f"{where}.kind")
    if row.get("status") not in tuple(Status):
        raise Shape(f"{where}.status")
    for name in ("scheduled_at", "recorded_at"):
        moment(row.get(name), f"{where}.{name}")
    for name in ("started_at", "ended_at"):
        if row.get(name) is not None:
            moment(row.get(name), f"{where}.{name}")
    for name in ("duration_s", "played_s"):
        _number(row.get(name), f"{where}.{name}")
    for name in ("file_sha256", "prev_hash", "row_hash"):
        if not is_hash(row.get(name)):
            raise Shape(f"{where}.{name}")


def check_link_shape(link: Any, index: int) -> None:
    where = f"chain.links[{index}]"
    if not isinstance(link, Mapping):
        raise Shape(where)
    _int(link.get("seq"), f"{where}.seq", 1)
    if not (is_hash(link.get("prev_hash")) and is_hash(link.get("row_hash"))):
        raise Shape(where)
    if not isinstance(link.get("month"), str) or not _MONTH.fullmatch(link["month"]):
        raise Shape(f"{where}.month")


def check_chain_fields_shape(chain: Any, where: str = "chain") -> None:
    if not isinstance(chain, Mapping):
        raise Shape(where)
    for name in ("first_seq", "last_seq", "hash_before", "hash_after", "links"):
        if name not in chain:
            raise Shape(f"{where}.{name}")
    for name in ("first_seq", "last_seq"):
        if chain.get(name) is not None:
            _int(chain.get(name), f"{where}.{name}", 1)
    for name in ("hash_before", "hash_after"):
        if chain.get(name) is not None and not is_hash(chain.get(name)):
            raise Shape(f"{where}.{name}")
    links = chain.get("links")
    if not isinstance(links, list):
        raise Shape(f"{where}.links")
    for index, link in enumerate(links):
        check_link_shape(link, index)


def parse_month(value: Any) -> tuple[int, int] | None:
    match = _MONTH.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    return (year, month) if year >= 1 and 1 <= month <= 12 else None


def zone(name: Any) -> ZoneInfo | None:
    if not isinstance(name, str) or not name or len(name) > 64 or ".." in name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def shown_time(value: Any) -> str:
    """A row's time as an operator reads it (26/11/2026 18:22:57, the station's wall clock
    as the file gives it), not ISO 8601; the text itself if it is no time."""
    try:
        return moment(value, "").strftime("%d/%m/%Y %H:%M:%S")
    except Shape:
        return str(value)


# ---- the chain -------------------------------------------------------------------------
def seq_ranges(numbers: Sequence[int]) -> str:
    """[1, 2, 3, 7] → "1–3, 7" (at most five ranges, then "…")."""
    parts: list[str] = []
    start = previous = numbers[0]
    for number in [*numbers[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        parts.append(str(start) if start == previous else f"{start}–{previous}")
        if number is not None:
            start = previous = number
    return ", ".join(parts[:5]) + (", …" if len(parts) > 5 else "")


def check_chain(
    rows: Sequence[Mapping[str, Any]], chain: Mapping[str, Any], source: str
) -> list[str]:
    """Rows (with content) and links (without) must join from the anchor to the head."""
    first, last = chain.get("first_seq"), chain.get("last_seq")
    links = [{**link, "link_only": True} for link in chain.get("links") or []]
    if not rows:
        if first is not None or last is not None or links:
            return [t("verify.no_rows", source=source, seq=first)]
        return []
    if first is None or last is None or chain.get("hash_before") is None:
        return [t("verify.no_anchor", source=source)]
    first, last = int(first), int(last)
    problems: list[str] = []
    seqs = [int(r["seq"]) for r in rows]
    disorder = next((a for a, b in zip(seqs, seqs[1:], strict=False) if b <= a), None)
    if disorder is not None:
        problems.append(t("verify.order", source=source, seq=disorder))
    merged = sorted([*rows, *links], key=lambda r: int(r["seq"]))
    present = [int(r["seq"]) for r in merged]
    twice = sorted({a for a, b in zip(present, present[1:], strict=False) if a == b})
    if twice:
        problems.append(t("verify.twice", source=source, seq=twice[0]))
    have = set(present)
    outside = sorted(s for s in have if not first <= s <= last)
    if outside:
        problems.append(t("verify.outside", source=source, seqs=seq_ranges(outside)))
    if last - first > 10 * len(present) + 1000:  # a forged range: do not walk a billion seqs
        problems.append(t("verify.range_absurd", source=source, first=first, last=last))
        return problems
    missing = [s for s in range(first, last + 1) if s not in have]
    if missing:
        problems.append(
            t("verify.missing", source=source, seqs=seq_ranges(missing), first=first, last=last)
        )
    if problems:
        return problems
    broken = first_break(merged, chain.get("hash_before"))
    if broken is not None:
        row = next((r for r in rows if int(r["seq"]) == broken.seq), None)
        when = f" ({shown_time(row.get('scheduled_at'))}, {row.get('title')})" if row else ""
        what = t(f"verify.break.{broken.problem}")
        return [t("verify.first_bad", source=source, seq=broken.seq, when=when, what=what)]
    if merged[-1]["row_hash"] != chain.get("hash_after"):
        return [t("verify.end_hash", source=source)]
    return []


# ---- station and month ------------------------------------------------------------------
def check_scope(
    rows: Sequence[Mapping[str, Any]],
    links: Sequence[Mapping[str, Any]],
    station_id: Any,
    month: Any,
    timezone: Any,
    source: str,
) -> list[str]:
    """Every row is the station's and falls in the month; no row of the month is a link."""
    problems = []
    wrong = [r["seq"] for r in rows if r.get("station_id") != station_id]
    if wrong:
        problems.append(t("verify.other_station", source=source, seq=wrong[0]))
    tz = zone(timezone)
    if parse_month(month) is None or tz is None:
        return [*problems, t("verify.bad_scope", source=source)]
    elsewhere = [
        r["seq"]
        for r in rows
        if moment(r["scheduled_at"], "").astimezone(tz).strftime("%Y-%m") != month
    ]
    if elsewhere:
        problems.append(t("verify.other_month", source=source, seq=elsewhere[0], month=month))
    hidden = [link["seq"] for link in links if link.get("month") == month]
    if hidden:
        problems.append(t("verify.hidden_row", source=source, seq=hidden[0], month=month))
    return problems


# ---- the summary ------------------------------------------------------------------------
def rules_of(plan: Any) -> list[SeriesRule]:
    if not isinstance(plan, Mapping) or not isinstance(plan.get("series"), list):
        raise Shape("plan")
    rules = []
    for index, item in enumerate(plan["series"]):
        where = f"plan.series[{index}]"
        if not isinstance(item, Mapping):
            raise Shape(where)
        if not (isinstance(item.get("id"), str) and isinstance(item.get("title"), str)):
            raise Shape(where)
        if item.get("period") not in PERIODS:
            raise Shape(f"{where}.period")
        new = _int(item.get("new_per_period"), f"{where}.new_per_period", 1)
        repeats = _int(item.get("repeats"), f"{where}.repeats", 0)
        if new > MAX_RULE_COUNT or repeats > MAX_RULE_COUNT:
            raise Shape(where)
        rules.append(SeriesRule(item["id"], item["title"], item["period"], new, repeats))
    return rules


def changes_of(plan: Mapping[str, Any]) -> ProgrammeChanges:
    """The operator's replacements and withdrawals the export says it scored with."""
    if "programmes" not in plan:
        return ProgrammeChanges()
    given = plan["programmes"]
    where = "plan.programmes"
    if not isinstance(given, Mapping) or set(given) - {"replaced", "withdrawn"}:
        raise Shape(where)
    replaced, withdrawn = given.get("replaced", []), given.get("withdrawn", [])
    if not isinstance(replaced, list) or not isinstance(withdrawn, list):
        raise Shape(where)
    pairs: dict[str, str] = {}
    for index, item in enumerate(replaced):
        if not (
            isinstance(item, Mapping)
            and set(item) == {"from", "to"}
            and is_hash(item["from"])
            and is_hash(item["to"])
            and item["from"] not in pairs
        ):
            raise Shape(f"{where}.replaced[{index}]")
        pairs[item["from"]] = item["to"]
    if not all(is_hash(sha) for sha in withdrawn):
        raise Shape(f"{where}.withdrawn")
    return ProgrammeChanges(pairs, frozenset(withdrawn))


def check_pending_shape(pending: Any) -> None:
    if not isinstance(pending, list):
        raise Shape("pending")
    for index, item in enumerate(pending):
        where = f"pending[{index}]"
        if not isinstance(item, Mapping):
            raise Shape(where)
        for name in ("series_id", "title", "file_name"):
            if not isinstance(item.get(name), str):
                raise Shape(f"{where}.{name}")
        if not is_hash(item.get("file_sha256")) or item.get("kind") not in tuple(Kind):
            raise Shape(where)
        moment(item.get("scheduled_at"), f"{where}.scheduled_at")


def month_bounds(month: str, tz: ZoneInfo) -> tuple[datetime, datetime]:
    parsed = parse_month(month)
    assert parsed is not None
    year, number = parsed
    start = datetime(year, number, 1, tzinfo=tz)
    end = datetime(year + number // 12, number % 12 + 1, 1, tzinfo=tz)
    return start, end


def recompute_summary(document: Mapping[str, Any]) -> dict[str, Any]:
    """The summary as the rows and rules give it (the document's shape already checked)."""
    tz = zone(document["station"]["timezone"])
    assert tz is not None
    start, end = month_bounds(document["month"], tz)
    last_day: date = (end - timedelta(days=1)).date()
    plan = document["plan"]
    return summarize(
        rules_of(plan),
        document["rows"],
        document["pending"],
        start.date(),
        last_day,
        changes_of(plan),
        rules_version=int(document["format_version"]),
    )


def first_difference(claimed: Any, actual: Any, where: str) -> tuple[str, Any, Any] | None:
    if isinstance(claimed, Mapping) and isinstance(actual, Mapping):
        for key in sorted(set(claimed) | set(actual), key=str):
            found = first_difference(claimed.get(key), actual.get(key), f"{where}.{key}")
            if found:
                return found
        return None
    if isinstance(claimed, list) and isinstance(actual, list):
        if len(claimed) != len(actual):
            return f"{where} (số mục)", len(claimed), len(actual)
        for index, (a, b) in enumerate(zip(claimed, actual, strict=True)):
            found = first_difference(a, b, f"{where}[{index}]")
            if found:
                return found
        return None
    same = claimed == actual and type(claimed) is type(actual)
    if not same and isinstance(claimed, int | float) and isinstance(actual, int | float):
        same = claimed == actual and not isinstance(claimed, bool)
    return None if same else (where, claimed, actual)


def check_summary(document: Mapping[str, Any], source: str) -> list[str]:
    problems = []
    tz = zone(document["station"]["timezone"])
    assert tz is not None
    _start, end = month_bounds(document["month"], tz)
    written = moment(document.get("generated_at"), "generated_at")
    if document.get("complete") is not (written >= end):
        problems.append(t("verify.complete_flag", source=source))
    pending = document["pending"]
    late = [
        p
        for p in pending
        if not written - timedelta(minutes=1) <= moment(p["scheduled_at"], "") < end
    ]
    if late:
        problems.append(t("verify.pending_outside", source=source))
    found = first_difference(document.get("summary"), recompute_summary(document), "summary")
    if found:
        where, claimed, actual = found
        problems.append(
            t(
                "verify.summary",
                source=source,
                where=where,
                claimed=_shown(claimed),
                actual=_shown(actual),
            )
        )
    return problems


def _shown(value: Any) -> str:
    """A summary value as a reader writes it: 604 or 4,5 (a decimal comma in Vietnamese),
    text in quotes, anything else short."""
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        digits = 0 if value == int(value) else 2
        return display.number(value, digits).rstrip("0").rstrip(",.") if digits else str(int(value))
    if isinstance(value, str):
        return f"“{value[:80]}”"
    text = repr(value)
    return text if len(text) <= 80 else text[:79] + "…"


# ---- the whole document ------------------------------------------------------------------
def check_document_shape(document: Mapping[str, Any]) -> None:
    station = document.get("station")
    if not isinstance(station, Mapping) or not isinstance(station.get("id"), str):
        raise Shape("station")
    for name in ("name", "timezone"):
        if not isinstance(station.get(name), str):
            raise Shape(f"station.{name}")
    if parse_month(document.get("month")) is None:
        raise Shape("month")
    if not isinstance(document.get("complete"), bool):
        raise Shape("complete")
    moment(document.get("generated_at"), "generated_at")
    rows = document.get("rows")
    if not isinstance(rows, list):
        raise Shape("rows")
    for index, row in enumerate(rows):
        check_row_shape(row, index)
    check_chain_fields_shape(document.get("chain"))
    check_pending_shape(document.get("pending"))
    rules_of(document.get("plan"))
    changes_of(document["plan"])
    head = document.get("head")
    if head is not None and not (
        isinstance(head, Mapping) and is_hash(head.get("hash")) and _int(head.get("seq"), "head", 1)
    ):
        raise Shape("head")
    if not isinstance(document.get("summary"), Mapping):
        raise Shape("summary")


def check_month_document(document: Mapping[str, Any], source: str) -> list[str]:
    """Every check of a (version 2 or 3) month document but its signature."""
    try:
        check_document_shape(document)
    except Shape as exc:
        return [t("verify.shape", source=source, where=str(exc))]
    station, rows, chain = document["station"], document["rows"], document["chain"]
    problems = check_chain(rows, chain, source)
    problems += check_scope(
        rows, chain["links"], station["id"], document["month"], station["timezone"], source
    )
    if zone(station["timezone"]) is None:
        return problems
    head = document.get("head")
    if rows and (head is None or int(head["seq"]) < int(chain["last_seq"])):
        problems.append(t("verify.head_behind", source=source))
    try:
        problems += check_summary(document, source)
    except (Shape, ValueError, TypeError, KeyError) as exc:
        problems.append(t("verify.shape", source=source, where=str(exc)))
    return problems
