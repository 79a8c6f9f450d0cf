"""Idle cost of the daemon with 500 programmes in the library.

500 distinct short programmes are taken in through the real ingest (ffmpeg decode, SHA-256)
with arrival dates spread over the past years, as a station's library grows; then
`broadcaster run` idles on the bundled intervals (scan 5 s, reconcile 30 s) while its CPU
time and resident memory are sampled over 60 s. Targets (issue #2): CPU ≤ 1 % of one core,
RSS ≤ 120 MB. Usage: python bench/idle.py [--programmes 500] [--seconds 60]
"""

from __future__ import annotations

import argparse
import dataclasses
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psutil
from loguru import logger

from bench.common import BENCH_RIG, least_squares, save, write_station
from broadcaster.clock import FakeClock
from broadcaster.config import load_config
from broadcaster.station.intake import station_ingester
from broadcaster.store.db import open_engine
from tests.support.process import start_daemon, stop_daemon
from tests.support.rig import SoundRig

SERIES = """
id = "chuyen-doi-so"
title = "Chuyên mục Chuyển đổi số"
folder = "chuyen-doi-so"
period = "week"
new_per_period = 1
repeats = 1
repeat_gap = "2d"
slots = [{ time = "06:10" }, { time = "17:15" }]
"""


def make_programme(path: Path, index: int) -> None:
    # Distinct content per file (frequency and length), so none is a duplicate.
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency={200 + index}:duration={1 + index % 5}",
            "-ac",
            "1",
            "-b:a",
            "32k",
            str(path),
        ],
        check=True,
    )


def profile_ticks(config, engine) -> None:
    from broadcaster.clock import SystemClock
    from broadcaster.station.replan import replan

    clock = SystemClock()
    ingester = station_ingester(config, engine, clock)
    for name, work in (
        ("replan", lambda: replan(engine, config, clock.now(), timedelta(seconds=5))),
        ("scan", ingester.scan),
    ):
        began = time.perf_counter()
        for _ in range(5):
            work()
        print(f"{name}: {(time.perf_counter() - began) / 5 * 1000:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--programmes", type=int, default=500)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--profile", action="store_true", help="time one replan and one scan")
    args = parser.parse_args()
    rig = SoundRig.ensure(BENCH_RIG)
    logger.remove()  # 500 "taken in" lines would bury the figures

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        config_path = write_station(root, SERIES, scan="5s", reconcile="30s")
        inbox = root / "media" / "inbox"
        inbox.mkdir(parents=True)
        sources = root / "sources"
        sources.mkdir()
        with ThreadPoolExecutor(4) as pool:
            list(
                pool.map(
                    lambda i: make_programme(sources / f"ct-{i:04d}.mp3", i), range(args.programmes)
                )
            )

        # Take them in one at a time, each "arriving" a week after the previous one.
        # Each file is complete before it lands, so the bench need not wait for it to settle.
        loaded = load_config(config_path)
        config = dataclasses.replace(
            loaded, ingest=dataclasses.replace(loaded.ingest, settle=timedelta(0))
        )
        engine = open_engine(config.paths.database, config.paths.database_file)
        start = datetime.now(UTC) - timedelta(weeks=args.programmes + 1)
        clock = FakeClock(start)
        ingester = station_ingester(config, engine, clock)
        ingest_started = time.perf_counter()
        taken = 0
        for i in range(args.programmes):
            clock.advance(timedelta(weeks=1))
            (sources / f"ct-{i:04d}.mp3").rename(inbox / f"ct-{i:04d}.mp3")
            for _ in range(2):  # the first scan notes the file, the second takes it
                outcomes, _ = ingester.scan()
                taken += sum(o.outcome == "accepted" for o in outcomes)
        ingest_s = time.perf_counter() - ingest_started
        if args.profile:
            profile_ticks(config, engine)
        engine.dispose()

        log = root / "daemon.log"
        proc = start_daemon(config_path, rig, log)
        try:
            process = psutil.Process(proc.pid)
            time.sleep(15)  # start-up: plan, audio probe, first ticks
            cpu_before = process.cpu_times()
            rss: list[float] = []
            began = time.monotonic()
            while time.monotonic() - began < args.seconds:
                rss.append(process.memory_info().rss / 2**20)
                time.sleep(1)
            cpu_after = process.cpu_times()
            elapsed = time.monotonic() - began
        finally:
            stop_daemon(proc)

    cpu_s = (cpu_after.user - cpu_before.user) + (cpu_after.system - cpu_before.system)
    slope = least_squares(list(enumerate(rss))) * 60  # samples are 1 s apart
    figures = {
        "programmes_in_library": taken,
        "ingest_seconds": round(ingest_s, 1),
        "window_s": round(elapsed, 1),
        "cpu_percent_of_one_core": round(cpu_s / elapsed * 100, 2),
        "rss_mb": {"max": round(max(rss), 1), "mean": round(sum(rss) / len(rss), 1)},
        "rss_slope_mb_per_min": round(slope, 2),
        "targets": {"cpu_percent": 1.0, "rss_mb": 120},
    }
    figures["met"] = figures["cpu_percent_of_one_core"] <= 1.0 and figures["rss_mb"]["max"] <= 120
    save("idle", figures)


if __name__ == "__main__":
    main()
