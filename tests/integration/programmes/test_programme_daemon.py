"""A running daemon follows programme changes made by command in another session: a
replacement airs the new file in the old one's slot, a withdrawn programme's next
airing never airs."""

from __future__ import annotations

import threading
import time

from click.testing import CliRunner
from loguru import logger
from sqlmodel import select

from broadcaster.audio.decode import sha256_file
from broadcaster.audio.player.fake import FakePlayer
from broadcaster.cli import main
from broadcaster.station.daemon import Daemon
from broadcaster.store.db import session
from broadcaster.store.models import AsRunRecord, PlannedAiring
from tests.support.onair import drop, slot_in, wait_for
from tests.support.station import series_toml


def _as_run(engine) -> list[AsRunRecord]:
    with session(engine) as db:
        return list(db.exec(select(AsRunRecord).order_by(AsRunRecord.seq)).all())


def _planned(engine) -> list[PlannedAiring]:
    with session(engine) as db:
        return list(db.exec(select(PlannedAiring).order_by(PlannedAiring.slot_at)).all())


def _invoke(station, *args: str) -> str:
    result = CliRunner().invoke(main, ["--config", str(station.config_path), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_replace_airs_the_new_file_in_the_old_slot_and_withdraw_stops_the_next(
    station, tone, tmp_path, monkeypatch
) -> None:
    # The commands run in this process: they must not take the daemon's log sinks away.
    monkeypatch.setattr("broadcaster.cli.common.setup_logging", lambda *a, **k: None)
    first_text, first_at = slot_in(20)
    second_text, second_at = slot_in(40)
    station.write_series(
        "chuyen-doi-so", series_toml([first_text, second_text], repeats=1, gap="0s")
    )
    player = FakePlayer()
    daemon = Daemon(station.config(), player_factory=lambda: player)
    heard: list[str] = []
    sink = logger.add(lambda message: heard.append(str(message)), level="INFO")
    stop = threading.Event()
    thread = threading.Thread(target=daemon.run, args=(stop,), daemon=True)
    thread.start()
    try:
        drop(tone(2), station.inbox, "Bản cũ.mp3")
        assert wait_for(lambda: len(_planned(daemon.engine)) == 2)
        slots = [row.slot_at for row in _planned(daemon.engine)]
        assert slots == [first_at, second_at]

        new_file = drop(tone(3, 660), tmp_path, "Bản mới.mp3")
        _invoke(station, "programme", "replace", "1", str(new_file), "--reason", "bản sửa")
        # The daemon notices the change made in another session at its reconcile tick.
        assert wait_for(lambda: any("Có thay đổi chương trình" in line for line in heard), 10)

        assert wait_for(lambda: len(_as_run(daemon.engine)) == 1, 40)
        row = _as_run(daemon.engine)[0]
        assert row.scheduled_at == first_at  # the old programme's slot
        assert (row.programme_id, row.status) == (2, "aired")
        assert row.file_sha256 == sha256_file(new_file)
        assert [p.name for p in player.played] == ["Bản mới.mp3"]

        out = _invoke(station, "programme", "withdraw", "2", "--reason", "rút lại")
        assert "bỏ 1 buổi phát khỏi lịch" in out
        time.sleep(max(0.0, second_at.timestamp() - time.time()) + 6)
        assert len(_as_run(daemon.engine)) == 1  # the second slot never aired
        assert len(player.played) == 1
    finally:
        stop.set()
        thread.join(20)
        logger.remove(sink)
