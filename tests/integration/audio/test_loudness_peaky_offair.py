"""Issue #10 §6 off air: a quiet speech recording with sharp consonants (−30.7 LUFS, true
peak −10 dBTP), dropped into the inbox of the real daemon (ingest, background rendition,
timers, airing thread, libVLC) and aired into the rig's null sink. The stereo capture of
the sink's monitor must sit within ±1 LU of −16 LUFS with its true peak at or under
−1 dBTP; a loud recording must stay on target as before. Run against the code before
renditions (51a1cd4), the quiet one aired at −21.6 LUFS, 5.6 LU short (its gain stopped at
the peak ceiling), and this test failed; with them, −16.2 LUFS and −1.4 dBTP."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from loguru import logger
from sqlmodel import select

from broadcaster import i18n
from broadcaster.core.vocab import Status
from broadcaster.station.daemon import Daemon
from broadcaster.store.db import session
from broadcaster.store.models import AsRunRecord
from tests.support.onair import drop, slot_in
from tests.support.rig import measure_loudness
from tests.support.speech import make_speech
from tests.support.station import series_toml

pytestmark = pytest.mark.rig

SECONDS = 15.0
LEAD_S = 14.0  # time for ingest and the rendition (about 3 s here) before the slot


@pytest.fixture(scope="module")
def recordings(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("recorded")
    return {
        "quiet-peaky": make_speech(folder / "Họp dân xã.wav", SECONDS, -30.7, -10.0),
        # Its own syllables peak near 0 dBTP: loud and peaky, but the gain is downwards.
        "loud": make_speech(folder / "Bản tin thu to.wav", SECONDS, -12.0, -0.5),
    }


def _rows(daemon: Daemon) -> list[AsRunRecord]:
    with session(daemon.engine) as db:
        return list(db.exec(select(AsRunRecord)).all())


def _air_through_the_daemon(station, rig, source: Path, capture: Path):
    slot_text, _ = slot_in(LEAD_S)
    station.write_series("chuyen-doi-so", series_toml([slot_text]))
    station.write_config(vlc_args='["--aout=pulse"]')
    daemon = Daemon(station.config())  # the real libVLC player
    messages: list[str] = []
    sink = logger.add(messages.append, level="INFO")
    stop = threading.Event()
    thread = threading.Thread(target=daemon.run, args=(stop,), daemon=True)
    thread.start()
    try:
        with rig.stereo_capture(capture):
            drop(source, station.inbox)
            deadline = time.monotonic() + LEAD_S + SECONDS + 20
            while not _rows(daemon) and time.monotonic() < deadline:
                time.sleep(0.2)
            time.sleep(0.5)
    finally:
        stop.set()
        thread.join(15)
        logger.remove(sink)
    return _rows(daemon), messages


@pytest.mark.parametrize("which", ["quiet-peaky", "loud"])
def test_speech_airs_on_target_with_its_peaks_under_the_ceiling(
    station, rig, recordings, tmp_path, which
) -> None:
    mastered = measure_loudness(recordings[which])
    expected = (-30.7, -10.0) if which == "quiet-peaky" else (-12.0, None)
    assert abs(mastered["lufs"] - expected[0]) <= 0.3, mastered
    if expected[1] is not None:
        assert abs(mastered["true_peak"] - expected[1]) <= 0.3, mastered
    rows, messages = _air_through_the_daemon(
        station, rig, recordings[which], tmp_path / "off-air.wav"
    )
    assert [r.status for r in rows] == [Status.AIRED], [(r.status, r.reason) for r in rows]
    heard = measure_loudness(tmp_path / "off-air.wav")
    print(f"{which}: mastered {mastered}, off air {heard}")  # the figures, with -s
    assert abs(heard["lufs"] - (-16.0)) <= 1.0, heard
    assert heard["true_peak"] <= -1.0, heard
    # The row names the programme as supplied, whichever file went on air.
    (row,) = rows
    assert row.file_name.endswith(recordings[which].name)
    if which == "quiet-peaky":
        # …from its rendition, and the log says so.
        assert any(i18n.t("rendition.on_air") in m for m in messages), messages
    else:
        assert not any(i18n.t("rendition.on_air") in m for m in messages), messages
