"""APScheduler's timers for the planned airings (was `Daemon._sync_jobs`).

The database is the truth: the timers are rebuilt from the plan's rows on every re-plan,
and hold nothing the rows do not. One date job per airing still to play, named
`airing:<uid>`, fires `preroll` before the slot and hands the uid to the airing thread.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler

from broadcaster.config import Config
from broadcaster.station.bulletins import RANK
from broadcaster.store.models import PlannedAiring

AIRING_JOB = "airing:"
# A timer this close to where it should be is left alone: moving it would only churn.
MOVE_TOLERANCE = timedelta(seconds=1)

Cue = Callable[[str, int], None]  # (planned uid, rank): AiringRunner.cue


def make_scheduler(config: Config) -> BackgroundScheduler:
    """The daemon's scheduler: its timers' times are read in the station's zone."""
    return BackgroundScheduler(timezone=config.station.tz)


def sync_airings(
    scheduler: BaseScheduler,
    airings: Iterable[PlannedAiring],
    busy: set[str],
    now: datetime,
    preroll: timedelta,
    grace: timedelta,
    cue: Cue,
) -> None:
    """Make the scheduler's airing timers match `airings` (the rows not yet recorded).

    An airing the airing thread holds (`busy`: queued, on air, row not yet written) gets
    no timer and keeps the one it has; a timer whose airing left the plan or was recorded
    goes; a timer whose slot moved moves; a slot already inside the preroll fires now."""
    wanted: dict[str, datetime] = {}
    ranks: dict[str, int] = {}
    for row in airings:
        if row.uid not in busy:
            wanted[AIRING_JOB + row.uid] = max(row.slot_at - preroll, now)
            ranks[AIRING_JOB + row.uid] = RANK[row.priority]
    for job in scheduler.get_jobs():
        if not job.id.startswith(AIRING_JOB):
            continue
        run_at = wanted.pop(job.id, None)
        if run_at is None:
            if job.id[len(AIRING_JOB) :] not in busy:
                job.remove()
        elif job.next_run_time is not None and abs(job.next_run_time - run_at) > MOVE_TOLERANCE:
            job.reschedule("date", run_date=run_at)
    for job_id, run_at in wanted.items():
        scheduler.add_job(
            cue,
            "date",
            run_date=run_at,
            args=[job_id[len(AIRING_JOB) :], ranks[job_id]],
            id=job_id,
            replace_existing=True,
            misfire_grace_time=int(grace.total_seconds()),
        )
