"""Slot-to-sound latency of the real daemon on the null-sink rig.

A throw-away station gets one programme with a slot every few seconds; `broadcaster run`
airs it at each slot while the sink's monitor is recorded. For every slot the latency is
the first sound in the recording minus the slot time. Targets (issue #2): p95 ≤ 50 ms,
no silent slot.

With --while-ingesting N, N distinct hour-long programmes are dropped into the inbox of a
second series just before the first slot, so the daemon is decoding and measuring them
(ffmpeg on one core, the loudness meter on the other) while the slots air: the latency an
operator gets when a long file arrives at the wrong moment.

Usage: python -m bench.latency [--slots 24] [--spacing 3] [--while-ingesting 0]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.common import BENCH_RIG, save, write_station
from bench.ingest import long_programme
from tests.support.process import export_rows, start_daemon, stop_daemon
from tests.support.rig import SoundRig, make_tone

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def daemon_log_count(log: Path, text: str) -> int:
    return log.read_text(encoding="utf-8", errors="replace").count(text)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--slots", type=int, default=24)
    parser.add_argument("--spacing", type=float, default=3.0, help="seconds between slots")
    parser.add_argument("--while-ingesting", type=int, default=0, metavar="N")
    parser.add_argument("--debug", action="store_true")
    args = parser.parse_args()
    # A private PulseAudio server: nothing else (a test run, say) can play into its sink.
    rig = SoundRig.ensure(BENCH_RIG)

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        tone = make_tone(root / "tone.mp3", 1.5)
        first = datetime.now(TZ).replace(microsecond=0) + timedelta(seconds=15)
        slots = [first + timedelta(seconds=round(i * args.spacing)) for i in range(args.slots)]
        slot_list = ", ".join(f'{{ time = "{s.strftime("%H:%M:%S")}" }}' for s in slots)
        config = write_station(
            root,
            f"""
            id = "chuyen-doi-so"
            title = "Đo độ trễ"
            folder = "chuyen-doi-so"
            period = "month"
            new_per_period = 1
            repeats = {args.slots - 1}
            repeat_gap = "0s"
            slots = [{slot_list}]
            """,
        )
        # A second series for the long programmes, its one slot out of the way.
        (root / "schedules" / "tai-lieu.toml").write_text(
            'id = "tai-lieu"\ntitle = "Tài liệu dài"\nfolder = "tai-lieu"\n'
            'period = "month"\nslots = [{ time = "23:59" }]\n',
            encoding="utf-8",
        )
        load = root / "load"
        if args.while_ingesting:
            load.mkdir()
            source = long_programme(60).read_bytes()
            for n in range(args.while_ingesting):
                # The same sound with a distinct tail byte: distinct files, each decoded.
                (load / f"tai-lieu-{n}.mp3").write_bytes(source + bytes([n % 256]))
        log = root / "daemon.log"
        proc = start_daemon(config, rig, log)
        try:
            with rig.recorder() as recording:
                time.sleep(1.0)
                (root / "media" / "inbox").mkdir(parents=True, exist_ok=True)
                (root / "media" / "inbox" / "tone.mp3").write_bytes(tone.read_bytes())
                if args.while_ingesting:
                    # Just before the first slot, so the daemon is busy when it comes.
                    time.sleep(max(0.0, slots[0].timestamp() - time.time() - 2.5))
                    (root / "media" / "inbox" / "tai-lieu").mkdir(parents=True, exist_ok=True)
                    for path in sorted(load.iterdir()):
                        path.rename(root / "media" / "inbox" / "tai-lieu" / path.name)
                time.sleep(max(0.0, slots[-1].timestamp() - time.time()) + 3.0)
        finally:
            stop_daemon(proc)
        rows = [
            r
            for r in export_rows(config, slots[0].strftime("%Y-%m"))
            if r["series_id"] == "chuyen-doi-so"
        ]
        spans = recording.sound_spans()
        taken_during = daemon_log_count(log, "Đã nhận: tai-lieu")

    latencies_ms: list[float] = []
    silent: list[str] = []
    for slot in slots:
        onsets = [a for a, _ in spans if slot.timestamp() - 0.5 <= a <= slot.timestamp() + 1.0]
        if onsets:
            latencies_ms.append((onsets[0] - slot.timestamp()) * 1000)
        else:
            silent.append(slot.strftime("%H:%M:%S"))
    statuses = [r["status"] for r in rows]
    figures = {
        "slots": len(slots),
        "slots_heard": len(latencies_ms),
        "silent_slots": silent,
        "latency_ms": {
            "p50": round(statistics.median(latencies_ms), 1) if latencies_ms else None,
            "p95": round(percentile(latencies_ms, 95), 1) if latencies_ms else None,
            "max": round(max(latencies_ms), 1) if latencies_ms else None,
            "min": round(min(latencies_ms), 1) if latencies_ms else None,
        },
        "long_programmes_dropped": args.while_ingesting,
        "long_programmes_taken_in": taken_during,
        "as_run_rows": len(rows),
        "as_run_aired": statuses.count("aired"),
        "targets": {"p95_ms": 50, "silent_slots": 0},
    }
    figures["met"] = bool(
        latencies_ms
        and figures["latency_ms"]["p95"] <= 50
        and not silent
        and len(rows) == len(slots)
    )
    if args.debug:
        for r in rows:
            print(r["scheduled_at"], r["started_at"], r["ended_at"], r["played_s"], r["status"])
        for a, b in spans:
            print("span", datetime.fromtimestamp(a, TZ).isoformat(), round(b - a, 3))
        import wave

        with wave.open("/tmp/offair.wav", "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(48000)
            out.writeframes(recording.samples.tobytes())
        print("t0", datetime.fromtimestamp(recording.wall_time(0), TZ).isoformat())
    save("latency", figures)


if __name__ == "__main__":
    main()
