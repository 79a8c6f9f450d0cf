"""The operator's programme changes in the proof (issue #10 §2).

A replacement file takes its predecessor's remaining airings, so the month is met by the
two files together: the month's summary scores them as one programme (under the file that
stands now) and says which file it replaced. A withdrawn programme is listed with its
airings but neither counts for its period nor judges it. The changes the scoring followed
are written into the export's signed `plan`, and `verify` recomputes with them: an export
edited to drop them, or to add one, no longer matches its rows.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from broadcaster.audio.player.fake import FakePlayer
from broadcaster.clock import FakeClock
from broadcaster.programmes.replace import replace
from broadcaster.programmes.withdraw import withdraw
from broadcaster.proof.checks import recompute_summary
from broadcaster.proof.month import build_month
from broadcaster.station.intake import station_ingester
from broadcaster.station.replan import replan
from broadcaster.store.db import open_engine, session
from broadcaster.store.models import PlannedAiring
from tests.support.exports import cli, month_json, read_json, run, write_json
from tests.support.history import _air
from tests.support.onair import drop

MONTH = "2026-03"


def _planned(engine) -> list[PlannedAiring]:
    with session(engine) as db:
        return list(db.exec(select(PlannedAiring).order_by(PlannedAiring.slot_at)).all())


@pytest.fixture
def replaced_month(station, tone, tmp_path) -> dict:
    """March 2026: the programme airs new + 1 repeat, is replaced by a corrected file, and
    the corrected file airs the last two repeats."""
    config = station.config()
    engine = open_engine(config.paths.database, config.paths.database_file)
    clock = FakeClock(datetime(2026, 3, 1, 1, 0, tzinfo=UTC))
    ingester = station_ingester(config, engine, clock)
    drop(tone(2), station.inbox, "Chuyển đổi số tháng 3.mp3", folder="chuyen-doi-so")
    for _ in range(2):
        ingester.scan()
    replan(engine, config, clock.now(), config.player.preroll)
    for item in _planned(engine)[:2]:
        _air(config, engine, clock, item, FakePlayer())
    corrected = drop(tone(3, 660), tmp_path, "Chuyển đổi số tháng 3 (bản sửa).mp3")
    replace(engine, config, clock, 1, corrected, "bản sửa lỗi âm thanh", "cán bộ kỹ thuật")
    replan(engine, config, clock.now(), config.player.preroll)
    left = [p for p in _planned(engine) if p.slot_at > clock.now()]
    assert [p.programme_id for p in left] == [2, 2]
    for item in left:
        _air(config, engine, clock, item, FakePlayer())
    clock.sleep_until(datetime(2026, 4, 2, tzinfo=UTC))
    return {"config": config, "engine": engine, "clock": clock, "station": station}


def test_a_replaced_programme_and_its_replacement_meet_the_month_together(replaced_month):
    m = replaced_month
    document = build_month(m["engine"], m["config"], MONTH, m["clock"].now())
    (series,) = [s for s in document["summary"]["series"] if s["series_id"] == "chuyen-doi-so"]
    (programme,) = series["programmes"]
    assert (programme["new_done"], programme["repeats_done"]) == (1, 3)
    assert programme["title"] == "Chuyển đổi số tháng 3 (bản sửa)"
    assert len(programme["replaces"]) == 1
    assert (series["programmes_present"], series["verdict"]) == (1, "met")
    assert document["plan"]["programmes"]["replaced"] == [
        {"from": programme["replaces"][0], "to": programme["file_sha256"]}
    ]
    # Without the change the two files are two programmes, neither complete: the old
    # scoring (and the check that the change is what makes the difference).
    bare = {**document, "plan": {"series": document["plan"]["series"]}}
    (alone,) = [s for s in recompute_summary(bare)["series"] if s["series_id"] == "chuyen-doi-so"]
    assert alone["verdict"] == "not_met" and alone["programmes_present"] == 2
    assert recompute_summary(document) == document["summary"]


def test_the_export_verifies_and_an_edited_change_list_is_caught(replaced_month, tmp_path):
    folder = tmp_path / "xuat"
    result = cli(replaced_month["station"], "export", "--month", MONTH, "-o", folder)
    assert result.exit_code == 0, result.output
    assert run("verify", str(folder)).exit_code == 0
    # Dropping the replacement from the document: recomputed without it, the rows give two
    # incomplete programmes, and the summary no longer matches them.
    path = month_json(folder)
    document = read_json(path)
    del document["plan"]["programmes"]
    write_json(path, document)
    checked = run("verify", str(path))
    assert checked.exit_code == 1, checked.output
    assert "bản tóm tắt không khớp các dòng nhật ký" in checked.output


def test_a_withdrawn_programme_is_listed_but_neither_counts_nor_judges(station, tone) -> None:
    config = station.config()
    engine = open_engine(config.paths.database, config.paths.database_file)
    clock = FakeClock(datetime(2026, 3, 1, 1, 0, tzinfo=UTC))
    ingester = station_ingester(config, engine, clock)
    drop(tone(2), station.inbox, "Tệp gửi nhầm.mp3", folder="chuyen-doi-so")
    for _ in range(2):
        ingester.scan()
    replan(engine, config, clock.now(), config.player.preroll)
    _air(config, engine, clock, _planned(engine)[0], FakePlayer())
    withdraw(engine, config, 1, "gửi nhầm tệp", "cán bộ", clock.now())
    document = build_month(engine, config, MONTH, clock.now())
    (series,) = [s for s in document["summary"]["series"] if s["series_id"] == "chuyen-doi-so"]
    (listed,) = series["programmes"]
    assert listed["verdict"] == "withdrawn" and listed["new_done"] == 1
    assert series["programmes_present"] == 0 and series["airings_done"] == 0
    assert series["verdict"] == "not_met"  # nothing else is planned for March yet
    assert document["plan"]["programmes"]["withdrawn"] == [listed["file_sha256"]]
    assert recompute_summary(document) == document["summary"]


@pytest.mark.parametrize(
    "bad",
    [
        "bỏ qua",
        {"replaced": "tất cả"},
        {"replaced": [{"from": "x" * 64, "to": "y" * 64}]},
        {"replaced": [{"from": "a" * 64}]},
        {"replaced": [{"from": "a" * 64, "to": "b" * 64}, {"from": "a" * 64, "to": "c" * 64}]},
        {"withdrawn": ["không phải mã băm"]},
        {"withdrawn": "a" * 64},
        {"giả": []},
    ],
    ids=["text", "not-a-list", "not-hashes", "half-a-pair", "twice", "bad-hash", "str", "key"],
)
def test_a_forged_change_list_is_a_shape_error_never_a_traceback(replaced_month, tmp_path, bad):
    """Hostile input (#10 review): `plan.programmes` edited into any shape is named, one
    verdict, no traceback; the genuine one is accepted (the check can tell them apart)."""
    from broadcaster.errors import Shape
    from broadcaster.proof.checks import changes_of

    m = replaced_month
    document = build_month(m["engine"], m["config"], MONTH, m["clock"].now())
    assert changes_of(document["plan"])  # the genuine list passes
    with pytest.raises(Shape):
        changes_of({**document["plan"], "programmes": bad})
    path = tmp_path / "thang.json"
    write_json(path, {**document, "plan": {**document["plan"], "programmes": bad}})
    checked = run("verify", str(path))
    assert checked.exit_code in (1, 2), checked.output
    assert "Traceback" not in checked.output and "plan.programmes" in checked.output
