"""The airing timers against APScheduler's own scheduler, started paused so nothing fires:
plan rows become timers, and the timers follow the plan as it changes (#12)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from apscheduler.schedulers.background import BackgroundScheduler

from broadcaster.core.vocab import RANK, Priority
from broadcaster.station.timers import AIRING_JOB, sync_airings
from broadcaster.store.models import PlannedAiring

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
PREROLL = timedelta(seconds=10)
GRACE = timedelta(minutes=5)


def cue(uid: str, rank: int) -> None:  # never called: the scheduler is paused
    raise AssertionError("a paused scheduler fired a timer")


def airing(uid: str, slot_at: datetime, priority: str | None = None) -> PlannedAiring:
    kind = "bulletin" if priority else "new"
    return PlannedAiring(
        uid=uid,
        programme_id=1,
        series_id="chuyen-doi-so",
        seq=1,
        kind=kind,
        slot_at=slot_at,
        duration_s=60.0,
        priority=priority,
    )


@pytest.fixture
def scheduler() -> Iterator[BackgroundScheduler]:
    made = BackgroundScheduler(timezone=ZoneInfo("Asia/Ho_Chi_Minh"))
    made.start(paused=True)
    yield made
    made.shutdown(wait=False)


def sync(scheduler: BackgroundScheduler, rows: list[PlannedAiring], busy: frozenset = frozenset()):  # type: ignore[no-untyped-def]
    sync_airings(scheduler, rows, set(busy), NOW, PREROLL, GRACE, cue)
    return {job.id: job for job in scheduler.get_jobs()}


def test_each_row_becomes_one_timer_a_preroll_before_its_slot(scheduler) -> None:
    at = NOW + timedelta(hours=2)
    jobs = sync(scheduler, [airing("a", at), airing("b", at + timedelta(days=7))])
    assert set(jobs) == {AIRING_JOB + "a", AIRING_JOB + "b"}
    job = jobs[AIRING_JOB + "a"]
    assert job.next_run_time == at - PREROLL
    assert job.args == ("a", RANK[None]) and job.func is cue
    assert job.misfire_grace_time == GRACE.total_seconds()
    assert jobs[AIRING_JOB + "b"].next_run_time == at + timedelta(days=7) - PREROLL


def test_a_slot_inside_the_preroll_fires_now(scheduler) -> None:
    jobs = sync(scheduler, [airing("a", NOW + timedelta(seconds=3))])
    assert jobs[AIRING_JOB + "a"].next_run_time == NOW


def test_a_bulletin_is_cued_at_its_rank(scheduler) -> None:
    jobs = sync(scheduler, [airing("b", NOW + timedelta(hours=1), Priority.EMERGENCY)])
    assert jobs[AIRING_JOB + "b"].args == ("b", RANK[Priority.EMERGENCY])
    assert RANK[Priority.EMERGENCY] != RANK[None]  # else the check above proves nothing


def test_a_recorded_or_withdrawn_airing_loses_its_timer(scheduler) -> None:
    at = NOW + timedelta(hours=2)
    sync(scheduler, [airing("a", at), airing("b", at + timedelta(hours=1))])
    jobs = sync(scheduler, [airing("b", at + timedelta(hours=1))])  # "a" was recorded
    assert set(jobs) == {AIRING_JOB + "b"}


def test_an_airing_the_thread_holds_keeps_its_timer_and_gets_no_second(scheduler) -> None:
    at = NOW + timedelta(hours=2)
    sync(scheduler, [airing("a", at)])
    # Cued and queued: gone from the rows to time, but its timer is not the plan's to drop.
    jobs = sync(scheduler, [], busy=frozenset({"a"}))
    assert set(jobs) == {AIRING_JOB + "a"}
    # Held and still unrecorded: no timer is added for it either.
    scheduler.remove_all_jobs()
    assert sync(scheduler, [airing("a", at)], busy=frozenset({"a"})) == {}


def test_a_moved_airing_moves_its_timer(scheduler) -> None:
    at = NOW + timedelta(hours=2)
    sync(scheduler, [airing("a", at)])
    jobs = sync(scheduler, [airing("a", at + timedelta(minutes=30))])
    assert list(jobs) == [AIRING_JOB + "a"]
    assert jobs[AIRING_JOB + "a"].next_run_time == at + timedelta(minutes=30) - PREROLL


def test_a_timer_within_a_second_of_its_slot_is_left_alone(scheduler) -> None:
    at = NOW + timedelta(hours=2)
    sync(scheduler, [airing("a", at)])
    jobs = sync(scheduler, [airing("a", at + timedelta(milliseconds=500))])
    assert jobs[AIRING_JOB + "a"].next_run_time == at - PREROLL


def test_syncing_again_makes_no_duplicate_and_leaves_other_jobs(scheduler) -> None:
    scheduler.add_job(print, "interval", id="reconcile", seconds=30)
    rows = [airing("a", NOW + timedelta(hours=2)), airing("b", NOW + timedelta(hours=3))]
    first = sync(scheduler, rows)
    again = sync(scheduler, rows)
    assert sorted(again) == sorted(first) == [AIRING_JOB + "a", AIRING_JOB + "b", "reconcile"]
    assert len(scheduler.get_jobs()) == 3
    assert sync(scheduler, []).keys() == {"reconcile"}  # only airing timers are the plan's
