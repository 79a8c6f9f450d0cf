"""Soak benchmark (issue #4; not in CI): an accelerated day with a slot every few seconds.

At least 500 short airings through the real daemon on a private null-sink rig, recorded
off air. Reports: the daemon's resident memory against the number of airings played (least
squares slope in KB per airing after a warm-up, and over the second half alone, so a
creep cannot hide behind an early plateau), slots with no sound in the capture, and every
airing accounted for in the as-run log. The samples are kept in the results file.
Usage: python -m bench.soak [--airings 500] [--spacing 3] [--warmup 100]
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from statistics import median
from zoneinfo import ZoneInfo

import psutil

from bench.common import BENCH_RIG, least_squares, save, write_station
from broadcaster._lib.allocator import in_use
from broadcaster.config import MAX_NEW_PER_PERIOD, MAX_REPEATS, MAX_SLOTS
from tests.support.process import export_rows, start_daemon, stop_daemon
from tests.support.rig import SoundRig, make_tone

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--airings", type=int, default=500)
    parser.add_argument("--spacing", type=float, default=3.0)
    parser.add_argument("--warmup", type=int, default=100, help="airings before the slope")
    args = parser.parse_args()
    if args.airings < 2 * args.warmup:
        raise SystemExit("--airings must be at least twice --warmup")
    # A programme airs at most MAX_REPEATS + 1 times a period (seq 100 and up are make-ups),
    # so the airings are shared by several programmes: tones of different pitch, so that
    # none is taken as a duplicate of another.
    per_programme = MAX_REPEATS + 1
    programmes = -(-args.airings // per_programme)
    if args.airings > MAX_SLOTS or programmes > MAX_NEW_PER_PERIOD:
        raise SystemExit(f"at most {MAX_SLOTS} airings: one slot each (config.MAX_SLOTS)")
    rig = SoundRig.ensure(BENCH_RIG)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        tones = [
            make_tone(root / f"tone-{n:02d}.mp3", 1.0, 440 + 20 * n) for n in range(programmes)
        ]
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
            new_per_period = {programmes}
            repeats = {per_programme - 1}
            repeat_gap = "0s"
            makeup = false
            slots = [
              {slot_list}
            ]
            """,
        )
        proc = start_daemon(config, rig, root / "daemon.log")
        samples: list[dict[str, float]] = []
        done = threading.Event()
        start = time.monotonic()

        def sample() -> None:
            while not done.wait(5.0):
                try:
                    memory = resident_kb(proc.pid)
                except (OSError, psutil.Error):
                    return
                now = time.time()
                played = sum(1 for s in slots if s.timestamp() + 1.5 < now)
                samples.append({"t": round(time.monotonic() - start, 1), "aired": played, **memory})

        sampler = threading.Thread(target=sample, daemon=True)
        time.sleep(2.0)
        allocator = in_use(proc.pid)
        try:
            with rig.recorder() as recording:
                sampler.start()
                time.sleep(1.0)
                (root / "media" / "inbox").mkdir(parents=True, exist_ok=True)
                for tone in tones:
                    (root / "media" / "inbox" / tone.name).write_bytes(tone.read_bytes())
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
        "allocator": allocator,
        "warmup_airings": args.warmup,
        "rss": growth(samples, "rss_kb", args.warmup, args.airings, args.spacing),
        "anonymous": growth(samples, "anon_kb", args.warmup, args.airings, args.spacing),
    }
    figures["met"] = bool(
        alive
        and not silent
        and len(rows) == len(slots)
        and statuses.count("aired") == len(slots)
        and figures["rss"]["kb_per_airing_after_warmup"] <= FLAT_KB_PER_AIRING
        and figures["rss"]["kb_per_airing_second_half"] <= FLAT_KB_PER_AIRING
    )
    figures["samples"] = samples
    save("soak", figures)


# "Does not grow": at most 0.1 KB per airing, under 1 MB in 10,000 airings (years of a
# commune's schedule). Falling memory passes: the allocator giving back start-up memory.
FLAT_KB_PER_AIRING = 0.1


def resident_kb(pid: int) -> dict[str, float]:
    """Resident and anonymous (heap, stacks) memory of a process, in KB."""
    status = Path(f"/proc/{pid}/status")
    if status.exists():
        fields = dict(line.split(":", 1) for line in status.read_text().splitlines())
        return {
            "rss_kb": int(fields["VmRSS"].split()[0]),
            "anon_kb": int(fields["RssAnon"].split()[0]),
        }
    rss = psutil.Process(pid).memory_info().rss // 1024
    return {"rss_kb": rss, "anon_kb": rss}


def growth(
    samples: list[dict[str, float]], key: str, warmup: int, airings: int, spacing_s: float
) -> dict[str, float | None]:
    """Memory against airings played, after the warm-up. The steady samples are cut into ten
    blocks of airings and each block is summed up by its median: jemalloc gives pages back
    on a timer, so single samples jitter by half a megabyte either way. The slopes are
    least squares through the block medians, over all ten blocks and over the last five."""
    steady = [(s["aired"], s[key]) for s in samples if warmup <= s["aired"] < airings]
    width = (airings - warmup) / BLOCKS
    blocks = []
    for i in range(BLOCKS):
        inside = [p for p in steady if warmup + i * width <= p[0] < warmup + (i + 1) * width]
        if inside:
            blocks.append((median(a for a, _ in inside), median(kb for _, kb in inside)))
    after = least_squares(blocks)
    return {
        "first_mb": round(samples[0][key] / 1024, 1) if samples else None,
        "max_mb": round(max(s[key] for s in samples) / 1024, 1) if samples else None,
        "last_mb": round(samples[-1][key] / 1024, 1) if samples else None,
        "block_medians_mb": [round(kb / 1024, 2) for _, kb in blocks],
        "kb_per_airing_after_warmup": round(after, 3),
        "kb_per_airing_second_half": round(least_squares(blocks[BLOCKS // 2 :]), 3),
        "mb_per_hour_at_this_rate": round(after * 3600 / spacing_s / 1024, 2),
    }


BLOCKS = 10


if __name__ == "__main__":
    main()
