"""Our daemon against Liquidsoap 2.x and the rig's floor, side by side in one run.

Everything runs on the same machine, one after another on the private null-sink rig
(`var/rig-bench`), each system with its own off-air recording:

1. Slot-to-sound latency (first sound in the recording minus the slot time; p50, p95, max and
   silent slots) of a 1.5 s tone aired at N slots a few seconds apart by
   - the floor: `paplay FILE` launched by a Python timer exactly at each slot;
   - our daemon: `broadcaster run` with the tone dropped into its inbox, as latency.py does;
   - Liquidsoap, the way its documentation schedules a file at a time of day: a
     `request.queue()` pushed by `thread.when({HHhMMmSSs}, ...)` (time predicate), falling
     back to `blank()`, out through `output.pulseaudio`, all on its defaults (so the
     predicate is checked every 1 s);
   - Liquidsoap again with the same script but the predicate checked every 10 ms
     (`thread.when(every=0.01, ...)`), the best this idiom can do.
2. Idle cost: CPU (% of one core) and resident memory of our daemon and of Liquidsoap (the
   default script, its last slot past), both alive over the same 60 s with nothing scheduled,
   read from /proc/<pid>/stat and /proc/<pid>/status every second.

Liquidsoap is installed from Debian's packages if missing. Target (issue #5): ahead of
Liquidsoap on every row.
Usage: python -m bench.peers [--slots 12] [--spacing 4] [--idle 60] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.common import BENCH_RIG, save, write_station
from bench.latency import percentile
from tests.support.process import export_rows, start_daemon, stop_daemon
from tests.support.rig import SoundRig, make_tone

TZ_NAME = "Asia/Ho_Chi_Minh"  # the station's (and write_station's default) time zone
TZ = ZoneInfo(TZ_NAME)
LEAD_S = 15  # start-up and settle time before a system's first slot
TAIL_S = 3  # recording kept after the last slot
CLK_TCK = os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------- Liquidsoap


def ensure_liquidsoap() -> str | None:
    """None when `liquidsoap` is on PATH (installing Debian's package if need be), else the
    installer's error, after printing one line about it."""
    if shutil.which("liquidsoap"):
        return None
    print("peers: installing Liquidsoap from Debian's packages (a few minutes)...", flush=True)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = [*sudo, "apt-get", "install", "-y", "--no-install-recommends", "liquidsoap"]
    result = subprocess.run(install, env=env, capture_output=True, text=True)
    if result.returncode != 0:  # a fresh machine may have no package lists yet
        subprocess.run([*sudo, "apt-get", "update", "-qq"], env=env, capture_output=True)
        result = subprocess.run(install, env=env, capture_output=True, text=True)
    if result.returncode == 0 and shutil.which("liquidsoap"):
        return None
    lines = (result.stderr or result.stdout).strip().splitlines()
    error = lines[-1] if lines else f"apt-get exited {result.returncode}"
    print(f"peers: Liquidsoap could not be installed ({error}); measuring without it", flush=True)
    return error


def liquidsoap_version() -> str:
    out = subprocess.run(["liquidsoap", "--version"], capture_output=True, text=True)
    return (out.stdout or out.stderr).strip().splitlines()[0]


def liquidsoap_script(tone: Path, slots: list[datetime], every: float | None) -> str:
    """Play `tone` at each slot: a time predicate pushes it into a request queue."""
    check = "" if every is None else f"every={every}, "
    lines = []
    if os.geteuid() == 0:
        lines.append("settings.init.allow_root.set(true)")
    lines += [
        "settings.log.file.set(false)",
        "settings.log.stdout.set(true)",
        "q = request.queue()",
        f"def air() = ignore(q.push(request.create({json.dumps(str(tone))}))) end",
    ]
    for slot in slots:
        lines.append(f"thread.when({check}{{{slot.strftime('%Hh%Mm%Ss')}}}, air)")
    lines += [
        "radio = fallback(track_sensitive=false, [q, blank()])",
        "output.pulseaudio(radio)",
    ]
    return "\n".join(lines) + "\n"


def start_liquidsoap(script: Path, rig: SoundRig, log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        ["liquidsoap", str(script)],
        env={**os.environ, **rig.env(), "TZ": TZ_NAME},
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        cwd=script.parent,
    )


def stop_process(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def stream_latency_ms(rig: SoundRig, application: str) -> float | None:
    """PulseAudio's buffer + sink latency of a client's playback stream (pactl), if any."""
    out = subprocess.run(
        ["pactl", "list", "sink-inputs"],
        env={**os.environ, **rig.env()},
        capture_output=True,
        text=True,
    ).stdout
    for block in out.split("Sink Input #")[1:]:
        if f'application.name = "{application}"' in block:
            usec = [int(u) for u in re.findall(r"Latency: (\d+) usec", block)]
            return round(sum(usec) / 1000, 1) if usec else None
    return None


# ---------------------------------------------------------------- latency


def make_slots(count: int, spacing: int) -> list[datetime]:
    first = datetime.now(TZ).replace(microsecond=0) + timedelta(seconds=LEAD_S)
    return [first + timedelta(seconds=i * spacing) for i in range(count)]


def wait_until(when: float) -> None:
    """Sleep, then spin the last 20 ms, so the caller wakes within a few microseconds."""
    while (left := when - time.time()) > 0.02:
        time.sleep(left - 0.02)
    while time.time() < when:
        pass


def latency_figures(
    slots: list[datetime], spans: list[tuple[float, float]], spacing: int
) -> dict[str, object]:
    """Per slot, the first onset in [slot − 0.5 s, next slot − 0.5 s): a late system's sound
    is still credited to its own slot, and none is credited twice."""
    latencies: list[float] = []
    silent: list[str] = []
    for slot in slots:
        at = slot.timestamp()
        onsets = [a for a, _ in spans if at - 0.5 <= a < at + spacing - 0.5]
        if onsets:
            latencies.append((onsets[0] - at) * 1000)
        else:
            silent.append(slot.strftime("%H:%M:%S"))
    return {
        "slots": len(slots),
        "slots_heard": len(latencies),
        "silent_slots": silent,
        "latency_ms": {
            "p50": round(statistics.median(latencies), 1) if latencies else None,
            "p95": round(percentile(latencies, 95), 1) if latencies else None,
            "max": round(max(latencies), 1) if latencies else None,
            "min": round(min(latencies), 1) if latencies else None,
        },
    }


def measure_floor(tone: Path, rig: SoundRig, count: int, spacing: int) -> dict[str, object]:
    slots = make_slots(count, spacing)
    env = {**os.environ, **rig.env()}
    players: list[subprocess.Popen[bytes]] = []
    late_us: list[float] = []
    with rig.recorder() as recording:
        for slot in slots:
            wait_until(slot.timestamp())
            late_us.append((time.time() - slot.timestamp()) * 1e6)
            players.append(subprocess.Popen(["paplay", str(tone)], env=env))
        time.sleep(TAIL_S)
    for player in players:
        player.wait(10)
    figures = latency_figures(slots, recording.sound_spans(), spacing)
    figures["timer_late_us_max"] = round(max(late_us), 1)
    figures["paplay_failures"] = sum(p.returncode != 0 for p in players)
    return figures


def measure_ours(
    root: Path, tone: Path, rig: SoundRig, count: int, spacing: int
) -> tuple[dict[str, object], subprocess.Popen[bytes], Path]:
    """Airs the tone at each slot; the daemon is left running for the idle window."""
    slots = make_slots(count, spacing)
    slot_list = ", ".join(f'{{ time = "{s.strftime("%H:%M:%S")}" }}' for s in slots)
    config = write_station(
        root,
        f"""
        id = "chuyen-doi-so"
        title = "Đo so với Liquidsoap"
        folder = "chuyen-doi-so"
        period = "month"
        new_per_period = 1
        repeats = {count - 1}
        repeat_gap = "0s"
        slots = [{slot_list}]
        """,
    )
    proc = start_daemon(config, rig, root / "daemon.log")
    try:
        with rig.recorder() as recording:
            time.sleep(1.0)
            (root / "media" / "inbox").mkdir(parents=True, exist_ok=True)
            (root / "media" / "inbox" / "tone.mp3").write_bytes(tone.read_bytes())
            time.sleep(max(0.0, slots[-1].timestamp() - time.time()) + TAIL_S)
    except BaseException:
        stop_daemon(proc)
        raise
    return latency_figures(slots, recording.sound_spans(), spacing), proc, config


def measure_liquidsoap(
    root: Path, tone: Path, rig: SoundRig, count: int, spacing: int, every: float | None
) -> tuple[dict[str, object], subprocess.Popen[bytes], Path]:
    """Airs the tone at each slot; Liquidsoap is left running (the caller stops it)."""
    root.mkdir(parents=True, exist_ok=True)
    slots = make_slots(count, spacing)
    script = root / "peers.liq"
    script.write_text(liquidsoap_script(tone, slots, every), encoding="utf-8")
    log = root / "liquidsoap.log"
    proc = start_liquidsoap(script, rig, log)
    buffer_ms: float | None = None
    try:
        with rig.recorder() as recording:
            time.sleep(LEAD_S / 2)
            if proc.poll() is not None:
                tail = log.read_text(errors="replace").strip().splitlines()[-3:]
                raise RuntimeError(f"liquidsoap exited {proc.returncode}: {' | '.join(tail)}")
            buffer_ms = stream_latency_ms(rig, "liquidsoap")
            time.sleep(max(0.0, slots[-1].timestamp() - time.time()) + TAIL_S)
    except BaseException:
        stop_process(proc)
        raise
    figures = latency_figures(slots, recording.sound_spans(), spacing)
    figures["pulse_stream_latency_ms"] = buffer_ms
    figures["predicate_check_every_s"] = every if every is not None else 1.0
    return figures, proc, log


# ---------------------------------------------------------------- idle


def proc_sample(pid: int) -> tuple[int, float]:
    """(utime + stime in clock ticks, RSS in MB) of a process, from /proc."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()  # fields[0] is field 3 (state)
    ticks = int(fields[11]) + int(fields[12])  # utime (14), stime (15)
    status = Path(f"/proc/{pid}/status").read_text()
    found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
    return ticks, int(found.group(1)) / 1024 if found else 0.0


def measure_idle(pids: dict[str, int], seconds: int) -> dict[str, object]:
    first = {name: proc_sample(pid) for name, pid in pids.items()}
    began = time.monotonic()
    rss: dict[str, list[float]] = {name: [sample[1]] for name, sample in first.items()}
    last = first
    while time.monotonic() - began < seconds:
        time.sleep(1)
        last = {name: proc_sample(pid) for name, pid in pids.items()}
        for name, sample in last.items():
            rss[name].append(sample[1])
    elapsed = time.monotonic() - began
    figures: dict[str, object] = {"window_s": round(elapsed, 1)}
    for name in pids:
        cpu_s = (last[name][0] - first[name][0]) / CLK_TCK
        figures[name] = {
            "cpu_percent_of_one_core": round(cpu_s / elapsed * 100, 2),
            "rss_mb_max": round(max(rss[name]), 1),
            "rss_mb_mean": round(sum(rss[name]) / len(rss[name]), 1),
        }
    return figures


# ---------------------------------------------------------------- main


def ratio(ours: object, theirs: object) -> float | None:
    if not isinstance(ours, int | float) or not isinstance(theirs, int | float) or theirs <= 0:
        return None
    return round(ours / theirs, 3)


def compare(ours: dict, theirs: dict, idle: dict | None) -> tuple[dict, bool]:
    """Ratios ours/Liquidsoap and whether ours is ahead (lower) on every row."""
    rows: dict[str, float | None] = {}
    ahead = True
    for key in ("p50", "p95", "max"):
        a, b = ours["latency_ms"][key], theirs["latency_ms"][key]
        rows[f"latency_{key}"] = ratio(a, b)
        ahead &= a is not None and (b is None or a < b)
    ahead &= len(ours["silent_slots"]) <= len(theirs["silent_slots"])
    if idle is not None:
        for key in ("cpu_percent_of_one_core", "rss_mb_max"):
            a, b = idle["ours"][key], idle["liquidsoap"][key]
            rows[key] = ratio(a, b)
            ahead &= a < b
    return rows, bool(ahead)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--slots", type=int, default=12)
    parser.add_argument("--spacing", type=int, default=4, help="whole seconds between slots")
    parser.add_argument("--idle", type=int, default=60, help="seconds of the idle window")
    parser.add_argument("--keep", type=Path, help="copy the daemon's and Liquidsoap's logs here")
    args = parser.parse_args()
    liquidsoap_error = ensure_liquidsoap()
    # A private PulseAudio server: nothing else (a test run, say) can play into its sink.
    rig = SoundRig.ensure(BENCH_RIG)
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    figures: dict[str, object] = {
        "nproc": nproc,
        "uname_m": platform.machine(),
        "liquidsoap_version": None if liquidsoap_error else liquidsoap_version(),
        "liquidsoap_error": liquidsoap_error,
        "slots_per_system": args.slots,
        "spacing_s": args.spacing,
    }
    latency: dict[str, dict] = {}
    idle: dict | None = None

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        tone = make_tone(root / "tone.mp3", 1.5)
        print("peers: floor (paplay at each slot)...", flush=True)
        latency["floor_paplay"] = measure_floor(tone, rig, args.slots, args.spacing)
        print("peers: our daemon...", flush=True)
        latency["ours"], daemon, config = measure_ours(
            root / "ours", tone, rig, args.slots, args.spacing
        )
        liquidsoap: subprocess.Popen[bytes] | None = None
        try:
            if liquidsoap_error is None:
                try:
                    print("peers: Liquidsoap, predicate checked every 10 ms...", flush=True)
                    latency["liquidsoap_every_10ms"], tuned, _ = measure_liquidsoap(
                        root / "ls-10ms", tone, rig, args.slots, args.spacing, 0.01
                    )
                    stop_process(tuned)
                    print("peers: Liquidsoap on its defaults...", flush=True)
                    latency["liquidsoap"], liquidsoap, _ = measure_liquidsoap(
                        root / "ls", tone, rig, args.slots, args.spacing, None
                    )
                except RuntimeError as error:
                    figures["liquidsoap_error"] = str(error)
                    print(f"peers: Liquidsoap could not run ({error})", flush=True)
            print(f"peers: idle, {args.idle} s...", flush=True)
            time.sleep(5)  # let the last tone end and both settle
            pids = {"ours": daemon.pid}
            if liquidsoap is not None:
                pids["liquidsoap"] = liquidsoap.pid
            idle = measure_idle(pids, args.idle)
        finally:
            if liquidsoap is not None:
                stop_process(liquidsoap)
            stop_daemon(daemon)
        rows = export_rows(config, datetime.now(TZ).strftime("%Y-%m"))
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for log in root.glob("*/*.log"):
                shutil.copy(log, args.keep / f"{log.parent.name}-{log.name}")

    latency["ours"]["as_run_rows"] = len(rows)
    latency["ours"]["as_run_aired"] = [r["status"] for r in rows].count("aired")
    figures["latency"] = latency
    figures["idle"] = idle
    if "liquidsoap" in latency and idle is not None and "liquidsoap" in idle:
        figures["ours_over_liquidsoap"], ahead = compare(
            latency["ours"], latency["liquidsoap"], idle
        )
        figures["ours_over_liquidsoap_every_10ms"], ahead_tuned = compare(
            latency["ours"], latency["liquidsoap_every_10ms"], None
        )
        figures["target"] = "ahead of Liquidsoap on every row (#5)"
        figures["met"] = ahead and ahead_tuned
    else:
        figures["met"] = None
    save("peers", figures)


if __name__ == "__main__":
    main()
