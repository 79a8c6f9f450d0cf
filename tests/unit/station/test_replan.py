"""`replan`: the planner's rows follow the plan, operators' rows (bulletins, test airings)
never move, rows already due never move. Built on tests/support/factories.py: no ffmpeg."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine

from broadcaster.config import Config
from broadcaster.station.replan import replan
from broadcaster.store.models import PlannedAiring
from broadcaster.store.plan import PlanSnapshot, PlanUpdate, rewrite_plan, slots_before
from tests.support import factories

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=TZ)  # a Monday
FREEZE = timedelta(minutes=10)
FAR = NOW + timedelta(days=60)


def at(day: int, hour: int, minute: int) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=TZ)


def rows(engine: Engine) -> list[tuple[datetime, float]]:
    return sorted((slot.astimezone(TZ), length) for slot, length in slots_before(engine, FAR))


def plan_of(engine: Engine) -> dict[tuple[int, int], tuple[str, datetime]]:
    """(programme, seq) → (kind, local slot) of every stored row, read through the store."""
    seen: dict[tuple[int, int], tuple[str, datetime]] = {}

    def look(snapshot: PlanSnapshot) -> PlanUpdate:
        for r in snapshot.rows:
            seen[(r.programme_id, r.seq)] = (r.kind, r.slot_at.astimezone(TZ))
        return PlanUpdate([])

    assert rewrite_plan(engine, look) == (0, 0, 0)  # nothing placed, nothing movable
    return seen


def test_a_new_programme_gets_its_airings_and_a_second_replan_changes_nothing(
    config: Config, engine: Engine
) -> None:
    made = factories.programme(engine, NOW - timedelta(hours=20))
    first = replan(engine, config, NOW, FREEZE)
    assert (first.inserted, first.moved, first.removed) == (4, 0, 0)
    plan = plan_of(engine)
    assert plan[(made.id, 0)] == ("new", at(2, 17, 15))
    assert [plan[(made.id, seq)][0] for seq in (1, 2, 3)] == ["repeat"] * 3
    again = replan(engine, config, NOW, FREEZE)
    assert not again.changed


def test_bulletins_and_test_airings_stay_and_the_planner_rows_move_around_them(
    config: Config, engine: Engine
) -> None:
    made = factories.programme(engine, NOW - timedelta(hours=20))
    replan(engine, config, NOW, FREEZE)
    bulletin = factories.programme(engine, NOW, "bulletin", duration_s=60)
    test = factories.programme(engine, NOW, "test", duration_s=60)
    # On the very slots the planner chose for the new airing and its first repeat.
    factories.planned(
        engine, bulletin, at(2, 17, 15), kind="bulletin", series_id="bulletin", priority="normal"
    )
    factories.planned(engine, test, at(9, 17, 15), seq=1_000_000, kind="test")

    result = replan(engine, config, NOW, FREEZE)

    plan = plan_of(engine)
    assert plan[(bulletin.id, 0)] == ("bulletin", at(2, 17, 15))
    assert plan[(test.id, 1_000_000)] == ("test", at(9, 17, 15))
    assert result.moved == 4 and result.inserted == result.removed == 0
    assert plan[(made.id, 0)] == ("new", at(3, 6, 10))
    assert plan[(made.id, 1)] == ("repeat", at(10, 6, 10))
    busy = [slot for slot, _ in rows(engine)]
    assert len(busy) == len(set(busy)) == 6  # nothing shares a slot


def test_rows_the_plan_no_longer_wants_go_but_an_operators_row_never_does(
    config: Config, engine: Engine
) -> None:
    made = factories.programme(engine, NOW - timedelta(hours=20))
    replan(engine, config, NOW, FREEZE)
    # A repeat the rules do not give (seq 7), and a bulletin of a programme of no series.
    factories.planned(engine, made, at(30, 6, 10), seq=7, kind="repeat")
    lone = factories.programme(engine, NOW, "bulletin", duration_s=60)
    factories.planned(
        engine, lone, at(30, 17, 15), kind="bulletin", series_id="bulletin", priority="normal"
    )

    result = replan(engine, config, NOW, FREEZE)

    plan = plan_of(engine)
    assert result.removed == 1 and (made.id, 7) not in plan
    assert plan[(lone.id, 0)] == ("bulletin", at(30, 17, 15))


@pytest.mark.parametrize(
    ("now", "stays"),
    [(NOW, True), (NOW - timedelta(hours=1), False)],
    ids=["due within the freeze: stays", "an hour earlier: moves"],
)
def test_a_row_already_due_never_moves(
    config: Config, engine: Engine, now: datetime, stays: bool
) -> None:
    made = factories.programme(engine, NOW - timedelta(hours=20))
    # Placed by an earlier plan at 08:05, a time the rules do not give (their slot: 17:15).
    due = at(2, 8, 5)
    factories.planned(engine, made, due, seq=0, kind="new")
    replan(engine, config, now, FREEZE)
    kind, slot = plan_of(engine)[(made.id, 0)]
    assert kind == "new" and slot == (due if stays else at(2, 17, 15))


def test_planned_rows_are_kept_as_stored(engine: Engine) -> None:
    """The factory's rows are what the replanner reads (a guard on the factory itself)."""
    made = factories.programme(engine, NOW)
    row = factories.planned(engine, made, at(5, 6, 10), seq=2, kind="repeat")
    assert isinstance(row, PlannedAiring) and row.id is not None
    assert plan_of(engine) == {(made.id, 2): ("repeat", at(5, 6, 10))}
