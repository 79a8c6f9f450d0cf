"""#15 §3, playback: a file name is a name, never a URL, on the real libVLC and the rig.

The old code crashed the whole process (SIGSEGV in libVLC), so the airings run in a child
process and the test reads what it reports.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.support.paths import REPO as ROOT

COLON_NAME = "ban tin 17:15.mp3"
URL_LIKE_NAMES = ["a:b.mp3", "http:x.mp3", "so #3?.mp3", "100%20 tin.mp3"]

AIR_IN_A_CHILD = """
import json, shutil, sys, threading, time
from datetime import timedelta
from pathlib import Path

from broadcaster.core.judge import judge
from broadcaster.clock import SystemClock
from broadcaster.audio.player.vlc_player import VlcPlayer
from tests.support.station import StationDir
from tests.support.onair import air_once
from tests.support.rig import SoundRig, make_tone

station, colon_name, names = StationDir(Path(sys.argv[1])), sys.argv[2], json.loads(sys.argv[3])
root = station.root.parent
rig = SoundRig.ensure()
tone = make_tone(root / "tone.mp3", 2)
# The whole airing path: ingest, plan, the airing thread, libVLC, the as-run row.
_, rows, spans = air_once(station, rig, tone, colon_name)
print(json.dumps({"name": colon_name, "status": [r.status for r in rows],
                  "heard_s": [round(b - a, 2) for a, b in spans]}), flush=True)
# The rest of the class through the player itself.
clock, player = SystemClock(), VlcPlayer(("--aout=pulse",))
for name in names:
    path = root / "names" / name
    path.parent.mkdir(exist_ok=True)
    shutil.copyfile(tone, path)
    with rig.recorder() as recorder:
        report = player.play(path, clock.now() + timedelta(seconds=1), 2.0, threading.Event(), clock)
        time.sleep(0.3)
    print(json.dumps({"name": name, "status": [judge(report, 2.0).status],
                      "heard_s": [round(b - a, 2) for a, b in recorder.sound_spans()]}), flush=True)
player.close()
"""


@pytest.mark.rig
def test_colon_and_url_like_names_air(station, rig) -> None:
    """Finding: a library file whose name contains `:` (`ban tin 17:15.mp3`, `a:b.mp3`) made
    the daemon segfault at its airing (python-vlc's `media_new` read it as a URL); other
    URL-like names (`http:x.mp3`, `#`, `?`, `%20`) must play too."""
    done = subprocess.run(
        [sys.executable, "-c", AIR_IN_A_CHILD, str(station.root), COLON_NAME]
        + [json.dumps(URL_LIKE_NAMES)],
        cwd=ROOT,
        env={**os.environ, **rig.env()},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, f"exit {done.returncode}: {done.stderr[-2000:]}"
    airings = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert [a["name"] for a in airings] == [COLON_NAME, *URL_LIKE_NAMES]
    for airing in airings:
        assert airing["status"] == ["aired"], airing
        # Heard off air: one stretch of sound as long as the 2 s tone.
        assert len(airing["heard_s"]) == 1 and 1.7 <= airing["heard_s"][0] <= 2.4, airing
