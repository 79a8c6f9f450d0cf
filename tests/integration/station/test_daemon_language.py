"""The station's language reaches every thread of the daemon (#12).

The language is chosen once by the entry point and held in a ContextVar, which a new thread
does not inherit: the ingest tick runs in APScheduler's worker threads and the airing in the
airing thread. An English station must hear English from both, as the CLI's `run` gives it.
"""

from __future__ import annotations

import threading

from loguru import logger

from broadcaster import i18n
from broadcaster.audio.player.fake import FakePlayer
from broadcaster.cli.station_language import station_language
from broadcaster.station.daemon import Daemon
from tests.support.onair import drop, series_toml, slot_in, wait_for


def test_an_english_station_hears_english_from_the_timers_and_the_airing_thread(
    station, tone
) -> None:
    text = station.config_path.read_text(encoding="utf-8")
    station.config_path.write_text(
        text.replace('level = "commune"', 'level = "commune"\nlanguage = "en"'), encoding="utf-8"
    )
    slot_text, _ = slot_in(12)
    station.write_series("chuyen-doi-so", series_toml([slot_text]))
    drop(tone(1), station.inbox)
    messages: list[str] = []
    sink = logger.add(lambda m: messages.append(m.record["message"]), level="INFO")
    stop = threading.Event()
    # As cli/run_cmd.py runs it: inside the language the CLI group chose.
    with i18n.speaking(station_language(station.config_path)):
        daemon = Daemon(station.config(), player_factory=FakePlayer)
        thread = threading.Thread(target=i18n.carried(daemon.run), args=(stop,), daemon=True)
    thread.start()
    try:
        taken_in = i18n.t("ingest.accepted", "en").partition(":")[0]  # "Taken in"
        done = i18n.t("daemon.airing_done", "en").partition(":")[0]  # "Done"
        aired = f"— {i18n.t('status.aired', 'en')} ("
        assert wait_for(lambda: any(m.startswith(taken_in) for m in messages), 30), messages
        assert wait_for(lambda: any(m.startswith(done) and aired in m for m in messages), 40)
    finally:
        stop.set()
        thread.join(15)
        logger.remove(sink)
    assert not thread.is_alive()
    vietnamese = [
        i18n.t(key, "vi").partition(":")[0] for key in ("ingest.accepted", "daemon.airing_done")
    ]
    assert [m for m in messages if any(word in m for word in vietnamese)] == []
