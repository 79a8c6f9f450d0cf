"""The whole station from a browser, heard off air (#13): the real daemon (`broadcaster run`,
libVLC into the rig's null sink) and the console serving its database; in Chromium an
operator uploads a programme and sees it planned, hears it air at its slot and sees its
row appear; then sends an emergency bulletin that cuts it, heard in the recording.

The programme is a 440 Hz tone and the bulletin a 990 Hz one: the recording's pitch says
which of the two was on air when (zero crossings over a fifth of a second).
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from broadcaster.store.db import open_engine
from tests.support.console import DESK, add_account, live_console, log_in_page, shot
from tests.support.onair import slot_in
from tests.support.process import export_rows, start_daemon, stop_daemon
from tests.support.rig import RATE, OffAirRecorder
from tests.support.station import StationDir, series_toml

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

PROGRAMME_HZ, BULLETIN_HZ = 440, 990


def pitch_at(recording: OffAirRecorder, moment: float, span: float = 0.2) -> float:
    """The tone's frequency around wall time `moment`, from its zero crossings (0: silence)."""
    start = int((moment - recording.wall_time(0)) * RATE)
    window = recording.samples[max(0, start) : max(0, start) + int(span * RATE)]
    if not window or max(abs(v) for v in window) < 800:
        return 0.0
    crossings = sum(1 for a, b in zip(window, window[1:], strict=False) if (a < 0) != (b < 0))
    return crossings / 2 / span


def _until(moment: datetime) -> None:
    time.sleep(max(0.0, moment.timestamp() - time.time()))


@pytest.fixture
def station_on_air(station: StationDir, rig: Any, tmp_path: Path) -> Iterator[tuple[Any, datetime]]:
    slot_text, slot_at = slot_in(40)
    station.write_series("chuyen-doi-so", series_toml([slot_text]))
    station.write_config(settle="1s", vlc_args='["--aout=pulse"]')
    config = station.config()
    engine = open_engine(config.paths.database, config.paths.database_file)
    add_account(engine, "ba", "operator")
    log = tmp_path / "daemon.log"
    proc = start_daemon(station, rig, log)
    try:
        with live_console(config, engine) as live:
            yield (live, config, proc, log), slot_at
    finally:
        code = stop_daemon(proc)
        engine.dispose()
        assert code == 0, log.read_text()


def test_upload_see_it_planned_hear_it_air_then_an_emergency_cuts_it(
    browser: Any,
    station_on_air: tuple[Any, datetime],
    station: StationDir,
    rig: Any,
    tone: Callable[..., Path],
) -> None:
    (live, config, proc, log), slot_at = station_on_air
    tz = config.station.tz
    page = browser.new_page(viewport=DESK)
    log_in_page(page, live.url)
    with rig.recorder() as recording:
        # Upload through the page: the file goes into the inbox, the daemon takes it in.
        page.goto(f"{live.url}/chuong-trinh")
        page.set_input_files("#upload-file", str(tone(20, PROGRAMME_HZ)))
        page.wait_for_selector("#pending li[data-state=taken]", timeout=30_000)
        shot(page, "on-air-uploaded-desk")
        # Planned: the overview's next airings name it at its slot.
        page.goto(f"{live.url}/")
        slot_words = slot_at.astimezone(tz).strftime("%H:%M:%S")
        page.wait_for_function(
            f"document.querySelector('main').innerText.includes('{slot_words}')", timeout=30_000
        )
        shot(page, "on-air-planned-desk")
        # On air at its slot: the overview shows it playing, live.
        _until(slot_at)
        page.wait_for_selector(".now-playing", timeout=15_000)
        assert page.inner_text(".now-title") == "Tone 20s 440"  # the title made from its name
        # What plays now is no longer among the next airings.
        assert "Tone 20s 440" not in page.inner_text("section[aria-labelledby=next-title]")
        shot(page, "on-air-playing-desk")
        # An emergency bulletin from the big red button, with its confirmation.
        time.sleep(4)
        page.goto(f"{live.url}/ban-tin")
        page.set_input_files("input[name=file]", str(tone(3, BULLETIN_HZ)))
        page.once("dialog", lambda dialog: dialog.accept())
        sent_at = time.time()
        page.click("button#emergency")
        page.wait_for_selector("#sent[data-state=aired]", timeout=30_000)
        shot(page, "on-air-emergency-desk")
        time.sleep(4)
    assert proc.poll() is None, log.read_text()

    rows = export_rows(station, slot_at.strftime("%Y-%m"))
    by_kind = {r["kind"]: r for r in rows}
    assert {"new", "bulletin"} <= set(by_kind), rows
    programme, bulletin = by_kind["new"], by_kind["bulletin"]
    assert bulletin["priority"] == "emergency" and bulletin["status"] == "aired", bulletin
    assert programme["status"] != "aired", programme  # cut: partial or interrupted
    started = datetime.fromisoformat(programme["started_at"]).timestamp()
    assert abs(started - slot_at.timestamp()) < 1.5, programme
    cut = datetime.fromisoformat(bulletin["started_at"]).timestamp()
    assert sent_at < cut < sent_at + 10

    # Heard: the programme's pitch from its slot, the bulletin's after the cut.
    assert abs(pitch_at(recording, started + 1.0) - PROGRAMME_HZ) < 30
    assert abs(pitch_at(recording, cut - 1.0) - PROGRAMME_HZ) < 30
    assert abs(pitch_at(recording, cut + 1.0) - BULLETIN_HZ) < 40

    # The rows appear in the page's log, in the operator's words.
    page.goto(f"{live.url}/nhat-ky?month={slot_at.strftime('%Y-%m')}")
    text = page.inner_text("main")
    assert "khẩn cấp" in text.lower()
    assert re.search(r"đã phát", text, re.IGNORECASE)
    shot(page, "on-air-log-desk")
    page.close()
