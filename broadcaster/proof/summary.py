"""Scoring a month's airings against the plan (pure): required versus done, per series and
per programme, with a verdict a supervisor can read at a glance.

Rules:
- a series needs `new_per_period` programmes in each of its periods that start in the
  month (a month series: one period; a weekly series: each week whose Monday is in it);
- each programme needs its new airing and `repeats` repeats aired (status `aired`; a
  `makeup` airing stands in for the kind it makes up, a `late` one for the new airing);
- a correction row (`corrects_uid`) replaces the row it corrects in the scoring;
- a test airing (kind `test`, *phát thử*) is listed with the rows but never scored: it is
  in no series, no total and no verdict (`verify` recomputes the same, so an export that
  counts one is caught);
- verdict: `met` when all that is done; `pending` when it is not done yet but airings still
  planned in the month could do it; otherwise `not_met`. Since export format 3 a series is
  `not_met` as soon as its programmes cannot do it any more (one that can no longer get its
  airings, and no other to stand in), even while other airings are still planned; format 2
  said `pending` then, and `verify` recomputes each export by its own format's rule;
- the operator's changes (issue #10, `programme replace` / `withdraw`), written into the
  export's signed `plan`: a replacement file carries on its predecessor's airings (the two
  are scored as one programme, under the file that stands now), and a withdrawn programme
  is listed with its airings but neither counts for its period nor judges it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any, Protocol

from broadcaster.core.vocab import Kind, Status

MET, NOT_MET, PENDING = "met", "not_met", "pending"
# The month export's format the scoring rule belongs to (see the module's docstring).
RULES_VERSION = 3
WITHDRAWN = "withdrawn"  # a programme's verdict once the operator withdrew it
PROBLEM_STATUSES = (Status.PARTIAL, Status.MISSED, Status.FAILED)


class Rule(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def period(self) -> str: ...
    @property
    def new_per_period(self) -> int: ...
    @property
    def repeats(self) -> int: ...


@dataclass(frozen=True)
class SeriesRule:
    """What scoring needs of a series. Written into every export (`plan`), so that `verify`
    recomputes the summary from the rows and these rules instead of trusting it."""

    id: str
    title: str
    period: str
    new_per_period: int
    repeats: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ProgrammeChanges:
    """What scoring needs of the operator's programme changes, by file SHA-256."""

    replaced: Mapping[str, str] = field(default_factory=dict)  # old file → the file after it
    withdrawn: frozenset[str] = frozenset()

    def current(self, sha: str) -> str:
        """The file standing now for `sha`, following replacements (a loop is not followed)."""
        seen = {sha}
        while sha in self.replaced and self.replaced[sha] not in seen:
            sha = self.replaced[sha]
            seen.add(sha)
        return sha

    def as_dict(self) -> dict[str, Any]:
        return {
            "replaced": [{"from": a, "to": b} for a, b in sorted(self.replaced.items())],
            "withdrawn": sorted(self.withdrawn),
        }

    def __bool__(self) -> bool:
        return bool(self.replaced or self.withdrawn)

    def about(self, files: set[str]) -> ProgrammeChanges:
        """Only what bears on these files: the replacements linking them, and those withdrawn."""
        wanted = set(files) | {self.current(sha) for sha in files}
        replaced = {a: b for a, b in self.replaced.items() if a in wanted or b in wanted}
        return ProgrammeChanges(replaced, frozenset(self.withdrawn & wanted))


def rule_of(series: Rule) -> SeriesRule:
    return SeriesRule(series.id, series.title, series.period, series.new_per_period, series.repeats)


def periods_starting_in(series: Rule, first_day: date, last_day: date) -> int:
    if series.period == "month":
        return 1
    day, count = first_day, 0
    while day <= last_day:
        if day.weekday() == 0:
            count += 1
        day += timedelta(days=1)
    return count


def summarize(
    series_list: Iterable[Rule],
    rows: Sequence[Mapping[str, Any]],
    pending: Sequence[Mapping[str, Any]],
    first_day: date,
    last_day: date,
    changes: ProgrammeChanges | None = None,
    rules_version: int = RULES_VERSION,
) -> dict[str, Any]:
    """`rows`: the month's as-run rows; `pending`: planned airings not yet recorded."""
    changes = changes or ProgrammeChanges()
    # A correction (a later row naming the one it corrects) stands in for that row.
    superseded = {r.get("corrects_uid") for r in rows if r.get("corrects_uid")}
    rows = [r for r in rows if r.get("uid") not in superseded and r.get("kind") != Kind.TEST]
    pending = [p for p in pending if p.get("kind") != Kind.TEST]
    known = {s.id: s for s in series_list}
    series_ids = list(known) + sorted({r["series_id"] for r in rows} - set(known))
    # Grouped once: `verify` recomputes this from documents of any size.
    rows_of, pending_of = _grouped(rows, "series_id"), _grouped(pending, "series_id")
    out_series = []
    for series_id in series_ids:
        rule = known.get(series_id)
        repeats = rule.repeats if rule else 0
        mine = rows_of.get(series_id, [])
        waiting = pending_of.get(series_id, [])
        programmes = _programmes(mine, waiting, repeats, changes)
        counted = [p for p in programmes if p["verdict"] != WITHDRAWN]
        required = (
            rule.new_per_period * periods_starting_in(rule, first_day, last_day)
            if rule
            else len(counted)
        )
        verdicts = [p["verdict"] for p in counted]
        if len(counted) >= required and all(v == MET for v in verdicts):
            verdict = MET
        elif any(v == PENDING for v in verdicts) or (waiting and len(counted) >= required):
            verdict = PENDING
            # Programmes still able to do it, and those not arrived yet, that could.
            able = sum(v in (MET, PENDING) for v in verdicts) + max(0, required - len(counted))
            if rules_version >= 3 and able < required:
                verdict = NOT_MET
        else:
            verdict = NOT_MET
        out_series.append(
            {
                "series_id": series_id,
                "title": rule.title if rule else series_id,
                "period": rule.period if rule else "",
                "programmes_required": required,
                "programmes_present": len(counted),
                "airings_required": required * (1 + repeats),
                "airings_done": sum(p["new_done"] + p["repeats_done"] for p in counted),
                "airtime_s": round(sum(p["airtime_s"] for p in programmes), 2),
                "verdict": verdict,
                "programmes": programmes,
            }
        )
    statuses = [r["status"] for r in rows]
    return {
        "series": out_series,
        "totals": {
            "rows": len(rows),
            "aired": statuses.count(Status.AIRED),
            "partial": statuses.count(Status.PARTIAL),
            "missed": statuses.count(Status.MISSED),
            "failed": statuses.count(Status.FAILED),
            "makeups": sum(
                1 for r in rows if r["kind"] == Kind.MAKEUP and r["status"] == Status.AIRED
            ),
            "airtime_s": round(sum(float(r["played_s"]) for r in rows), 2),
            # Bulletins (no series rule) are listed, but the plan's verdict is the series'.
            "verdict": _overall(s["verdict"] for s in out_series if s["series_id"] in known),
        },
    }


def _overall(verdicts: Iterable[str]) -> str:
    values = list(verdicts)
    if all(v == MET for v in values):
        return MET
    return PENDING if all(v in (MET, PENDING) for v in values) else NOT_MET


def _programmes(
    rows: Sequence[Mapping[str, Any]],
    waiting: Sequence[Mapping[str, Any]],
    repeats: int,
    changes: ProgrammeChanges,
) -> list[dict[str, Any]]:
    # A programme is the file standing now with every file it replaced; its title and file
    # are the standing file's when it appears in the month (else the newest seen).
    keys: dict[str, dict[str, Any]] = {}
    for item in [*rows, *waiting]:
        sha = item["file_sha256"]
        key = changes.current(sha)
        entry = keys.setdefault(key, {"title": item["title"], "file_name": item["file_name"]})
        if sha == key or "standing" not in entry:
            entry.update(title=item["title"], file_name=item["file_name"], standing=sha == key)
        if sha != key:
            entry.setdefault("replaces", set()).add(sha)
    rows_of = _grouped([{**r, "_key": changes.current(r["file_sha256"])} for r in rows], "_key")
    waiting_of = _grouped(
        [{**w, "_key": changes.current(w["file_sha256"])} for w in waiting], "_key"
    )
    result = []
    for key, info in keys.items():
        mine = rows_of.get(key, [])
        later = waiting_of.get(key, [])
        aired = [r for r in mine if r["status"] == Status.AIRED]
        kinds = {str(r["uid"]): str(r["kind"]) for r in mine if r.get("uid")}
        new_done = min(1, sum(1 for r in aired if _stands_for(r, kinds) == Kind.NEW))
        repeats_done = min(repeats, sum(1 for r in aired if _stands_for(r, kinds) == Kind.REPEAT))
        done = new_done == 1 and repeats_done >= repeats
        still_possible = new_done + repeats_done + len(later) >= 1 + repeats
        verdict = MET if done else (PENDING if later and still_possible else NOT_MET)
        if key in changes.withdrawn:
            verdict = WITHDRAWN
        extra: dict[str, Any] = {}
        if info.get("replaces"):
            extra["replaces"] = sorted(info["replaces"])
        result.append(
            {
                "title": info["title"],
                "file_name": info["file_name"],
                "file_sha256": key,
                "new_required": 1,
                "new_done": new_done,
                "repeats_required": repeats,
                "repeats_done": repeats_done,
                "makeups": sum(1 for r in aired if r["kind"] == Kind.MAKEUP),
                "pending": len(later),
                "airtime_s": round(sum(float(r["played_s"]) for r in mine), 2),
                "problems": [
                    {
                        "scheduled_at": r["scheduled_at"],
                        "kind": r["kind"],
                        "status": r["status"],
                        "reason": r["reason"],
                    }
                    for r in mine
                    if r["status"] in PROBLEM_STATUSES
                ],
                "verdict": verdict,
                **extra,
            }
        )
    return result


def _grouped(items: Sequence[Mapping[str, Any]], field: str) -> dict[Any, list[Mapping[str, Any]]]:
    groups: dict[Any, list[Mapping[str, Any]]] = {}
    for item in items:
        groups.setdefault(item[field], []).append(item)
    return groups


def _stands_for(row: Mapping[str, Any], kinds: Mapping[str, str]) -> str:
    # A make-up airing counts as the kind of airing it made up (a repeat, if unknown).
    if row["kind"] in (Kind.BULLETIN, Kind.LATE):
        # A bulletin is asked to air once; a late airing is a weekly programme's new
        # airing, in the days after its week.
        return Kind.NEW
    if row["kind"] != Kind.MAKEUP:
        return str(row["kind"])
    replaced = kinds.get(str(row.get("makeup_of_uid")), Kind.REPEAT)
    return Kind.REPEAT if replaced == Kind.MAKEUP else replaced
