"""Soak benchmark (issue #4; not in CI): an accelerated day with a slot every few seconds.

At least 500 short airings through the real daemon on a private null-sink rig, recorded
off air. Reports: the daemon's resident memory over time (least-squares slope, MB/hour,
after a warm-up), slots with no sound in the capture, and every airing accounted for in the
as-run log. Usage: python bench/soak.py [--airings 500] [--spacing 3]
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import psutil
from common import BENCH_RIG, export_rows, save, start_daemon, stop_daemon, write_station
from idle import least_squares_slope

from tests.rig import SoundRig, make_tone

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--airings", type=int, default=500)
    parser.add_argument("--spacing", type=float, default=3.0)
    args = parser.parse_args()
    rig = SoundRig.ensure(BENCH_RIG)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        tone = make_tone(root / "tone.mp3", 1.0)
        first = datetime.now(TZ).replace(microsecond=0) + timedelta(seconds=25)
        slots = [first + timedelta(seconds=round(i * args.spacing)) for i in range(args.airings)]
        if slots[-1].date() != first.date():
            raise SystemExit("the run would cross midnight (station time): start it later")
        slot_list = ",\n  ".join(f'{{ time = "{s.strftime("%H:%M:%S")}" }}' for s in slots)
        config = write_station(
            root,
            f"""
            id = "chuyen-doi-so"
            title = "Soak"
            folder = "chuyen-doi-so"
            period = "month"
            new_per_period = 1
            repeats = {args.airings - 1}
            repeat_gap = "0s"
            makeup = false
            slots = [
              {slot_list}
            ]
            """,
        )
        proc = start_daemon(config, rig, root / "daemon.log")
        rss: list[tuple[float, float]] = []
        done = threading.Event()

        def sample() -> None:
            process = psutil.Process(proc.pid)
            while not done.wait(5.0):
                try:
                    rss.append((time.monotonic(), process.memory_info().rss / 2**20))
                except psutil.Error:
                    return

        sampler = threading.Thread(target=sample, daemon=True)
        try:
            with rig.recorder() as recording:
                sampler.start()
                time.sleep(1.0)
                (root / "media" / "inbox").mkdir(parents=True, exist_ok=True)
                (root / "media" / "inbox" / "tone.mp3").write_bytes(tone.read_bytes())
                time.sleep(max(0.0, slots[-1].timestamp() - time.time()) + 4.0)
                alive = proc.poll() is None
        finally:
            done.set()
            stop_daemon(proc)
        rows = export_rows(config, first.strftime("%Y-%m"))
        spans = recording.sound_spans(bridge_s=0.2)

    heard, silent = 0, []
    for slot in slots:
        if any(slot.timestamp() - 0.5 <= a <= slot.timestamp() + 1.0 for a, _ in spans):
            heard += 1
        else:
            silent.append(slot.strftime("%H:%M:%S"))
    warm = [m for t, m in rss if t - rss[0][0] >= 120] if rss else []
    slope_per_s = least_squares_slope(warm) / 5.0 if len(warm) > 2 else 0.0
    statuses = [r["status"] for r in rows]
    figures = {
        "airings_planned": len(slots),
        "spacing_s": args.spacing,
        "daemon_alive_at_end": alive,
        "as_run_rows": len(rows),
        "as_run_aired": statuses.count("aired"),
        "as_run_other": {s: statuses.count(s) for s in set(statuses) if s != "aired"},
        "slots_heard": heard,
        "silent_slots": silent[:20],
        "silent_slot_count": len(silent),
        "rss_mb": {
            "first": round(rss[0][1], 1) if rss else None,
            "max": round(max(m for _, m in rss), 1) if rss else None,
            "last": round(rss[-1][1], 1) if rss else None,
            "slope_mb_per_hour_after_warmup": round(slope_per_s * 3600, 2),
        },
    }
    figures["met"] = bool(
        alive
        and not silent
        and len(rows) == len(slots)
        and statuses.count("aired") == len(slots)
        and abs(figures["rss_mb"]["slope_mb_per_hour_after_warmup"]) < 5
    )
    save("soak", figures)


if __name__ == "__main__":
    main()
