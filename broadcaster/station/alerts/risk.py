"""When can the month no longer be met (pure)? The month's verdict is the proof summary's
(`proof.summary.summarize`, the same rule the export scores with); this only asks, of a
series it scores `not_met` while the month is still running, whether that is final:

- a programme of the month can no longer get its airings (its own verdict is `not_met`:
  what aired plus what is still planned is short, e.g. the plan left repeats unplaced);
- or programmes are still missing and the series has fewer slots left in the month than
  their airings need, even if they arrived now.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from broadcaster.proof.summary import MET, NOT_MET


@dataclass(frozen=True)
class Risk:
    series_id: str
    title: str
    lost: tuple[str, ...]  # titles of programmes that cannot get their airings
    short: int  # programmes missing that could no longer fit


def at_risk(
    summary: Mapping[str, Any],
    repeats: Mapping[str, int],
    slots_left: Mapping[str, int],
) -> list[Risk]:
    """`repeats` and `slots_left` by series id, for the series of the station's config."""
    risks = []
    for series in summary["series"]:
        series_id = series["series_id"]
        if series_id not in repeats or series["verdict"] == MET:
            continue
        # The series' own verdict says "pending" while any airing is still planned, even for
        # a programme that can no longer get its 1 + 3 (aired plus still planned is short):
        # that programme's `not_met` is final, and known now.
        lost = tuple(p["title"] for p in series["programmes"] if p["verdict"] == NOT_MET)
        short = max(0, series["programmes_required"] - series["programmes_present"])
        cannot_fit = short > 0 and slots_left.get(series_id, 0) < short * (1 + repeats[series_id])
        if series["verdict"] != NOT_MET and not lost:
            continue
        if lost or cannot_fit:
            risks.append(Risk(series_id, series["title"], lost, short if cannot_fit else 0))
    return risks
