"""What is on air now, as the daemon itself says it, for the console's overview.

The airing thread notes what it plays (`ON_AIR` in daemon_state: the airing's uid, when
it started, how long it has played) about once a second, and empties the note when the
airing's as-run row is written (station/onair.py). So an airing is on air now when:

- the note names an airing, and
- the note is fresh (written within `FRESH`: the thread writes it every second or so; an
  older note is the last word of a daemon that died mid-airing, which its next start
  records as `partial`), and
- that airing has no as-run row yet.

Nothing is guessed from the plan: an airing whose slot passed is not called "on air"
unless the daemon said it plays it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine

from broadcaster.config import Config
from broadcaster.station.records import load_airing
from broadcaster.station.views import local_iso, series_title
from broadcaster.store.asrun import has_record
from broadcaster.store.state import ON_AIR, get_state

# The note is written about once a second; ten missed notes and it is no longer believed.
FRESH = timedelta(seconds=10)


def on_air_data(engine: Engine, config: Config, now: datetime) -> dict[str, Any] | None:
    """The airing on air now (title, series, kind, start, elapsed and remaining), or None."""
    noted = get_state(engine, ON_AIR)
    if noted is None or not noted[0].get("uid"):
        return None
    value, at = noted
    if abs(now - at) > FRESH:
        return None
    uid = str(value["uid"])
    row = load_airing(engine, uid)
    if row is None or has_record(engine, uid):
        return None
    planned, programme = row
    try:
        started = datetime.fromisoformat(str(value.get("started_at")))
    except ValueError:
        started = planned.slot_at
    # Played as of the note, plus the time since it was written: moves between notes.
    played = float(value.get("played_s") or 0.0) + max(0.0, (now - at).total_seconds())
    duration = float(programme.duration_s or 0.0)
    played = min(played, duration) if duration else played
    series = config.series_by_id()
    return {
        "uid": uid,
        "title": programme.title,
        "series_id": planned.series_id,
        "series_title": series_title(planned.series_id, planned.kind, series),
        "kind": planned.kind,
        "seq": planned.seq,
        "priority": planned.priority,
        "slot_at": local_iso(planned.slot_at, config),
        "started_at": local_iso(started, config),
        "noted_at": local_iso(at, config),
        "duration_s": duration,
        "elapsed_s": round(played, 1),
        "remaining_s": round(max(0.0, duration - played), 1),
    }
