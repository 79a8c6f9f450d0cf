"""Cost of taking programmes in (issue #5).

1. A 60-minute stereo MP3 is taken in by the real CLI (`broadcaster ingest`: ffprobe, one
   streaming ffmpeg decode that also measures loudness, true peak and silence, SHA-256,
   the move into the library and the database rows), side by side with the bare decode
   `ffmpeg -i FILE -f null -`, alternating, three times each; the ratio of the medians is
   the figure (target ≤ 1.5×). The peak resident memory of the whole process tree (Python
   and its ffmpeg) is sampled every 20 ms (target ≤ 150 MB).
2. 1,000 short programmes dropped at once are taken in by one `broadcaster ingest`; every
   one must be in the library and the database exactly once. Throughput is files/s.

Usage: python bench/ingest.py [--minutes 60] [--files 1000]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
from common import ROOT, save, write_station

from tests.rig import make_tone

MEDIA = ROOT / "var" / "bench-media"
SERIES = """
id = "chuyen-doi-so"
title = "Chuyên mục Chuyển đổi số"
folder = "chuyen-doi-so"
period = "month"
new_per_period = 1
repeats = 3
repeat_gap = "7d"
slots = [{ time = "06:10" }, { time = "17:15" }]
"""


def long_programme(minutes: int) -> Path:
    """Pink noise and a tone, stereo, 128 kb/s: cached, it takes a minute to encode."""
    path = MEDIA / f"programme-{minutes}min.mp3"
    if not path.exists():
        MEDIA.mkdir(parents=True, exist_ok=True)
        seconds = minutes * 60
        subprocess.run(
            ["ffmpeg", "-v", "error", "-y", "-f", "lavfi"]
            + ["-i", f"anoisesrc=color=pink:duration={seconds}:sample_rate=44100:amplitude=0.2"]
            + ["-f", "lavfi", "-i", f"sine=f=300:d={seconds}:r=44100", "-filter_complex"]
            + ["[0][1]amix=inputs=2,aformat=channel_layouts=stereo"]
            + ["-c:a", "libmp3lame", "-b:a", "128k", str(path)],
            check=True,
        )
    return path


def bare_decode(path: Path) -> float:
    began = time.perf_counter()
    subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-f", "null", "-"], check=True)
    return time.perf_counter() - began


def tree_rss(proc: psutil.Process) -> int:
    total = 0
    for member in [proc, *proc.children(recursive=True)]:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            continue
    return total


def cli_ingest(config: Path) -> tuple[float, float, str]:
    """Run `broadcaster ingest` once; (seconds, peak RSS of the process tree in MB, output)."""
    # To a file, not a pipe: 1,000 result lines would fill a pipe nobody reads yet.
    log = config.parent / "ingest.log"
    began = time.perf_counter()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "broadcaster", "--config", str(config), "ingest"],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=config.parent,
        )
    watched = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        with contextlib.suppress(psutil.Error):
            peak = max(peak, tree_rss(watched))
        time.sleep(0.02)
    elapsed = time.perf_counter() - began
    output = log.read_text(encoding="utf-8", errors="replace")
    return elapsed, peak / 1e6, output


def station(root: Path) -> Path:
    config = write_station(root, SERIES)
    text = config.read_text(encoding="utf-8").replace('settle = "1s"', 'settle = "0s"')
    config.write_text(text, encoding="utf-8")
    return config


def counts(root: Path) -> dict[str, int]:
    with sqlite3.connect(root / "var" / "bench.db") as db:
        programmes = db.execute("SELECT count(*), count(DISTINCT sha256) FROM programme").fetchone()
        accepted = db.execute(
            "SELECT count(*) FROM ingest_event WHERE outcome = 'accepted'"
        ).fetchone()[0]
        measured = db.execute("SELECT count(*) FROM programme_loudness").fetchone()[0]
    library = sum(1 for p in (root / "media" / "library").rglob("*") if p.is_file())
    inbox = sum(1 for p in (root / "media" / "inbox").rglob("*") if p.is_file())
    return {
        "programmes": programmes[0],
        "distinct_programmes": programmes[1],
        "accepted_events": accepted,
        "measured": measured,
        "library_files": library,
        "left_in_inbox": inbox,
    }


def one_long_file(minutes: int) -> dict:
    source = long_programme(minutes)
    bare_decode(source)  # warm the page cache for both sides alike
    ours, bare, peaks = [], [], []
    for _ in range(3):
        bare.append(bare_decode(source))
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            config = station(root)
            inbox = root / "media" / "inbox"
            inbox.mkdir(parents=True)
            shutil.copy(source, inbox / source.name)
            elapsed, peak, output = cli_ingest(config)
            taken = counts(root)
            if taken["programmes"] != 1 or taken["measured"] != 1:
                raise SystemExit(f"the long programme was not taken in: {output}")
        ours.append(elapsed)
        peaks.append(peak)
    ratio = statistics.median(ours) / statistics.median(bare)
    return {
        "minutes": minutes,
        "file_mb": round(source.stat().st_size / 1e6, 1),
        "bare_decode_s": [round(x, 2) for x in bare],
        "ingest_s": [round(x, 2) for x in ours],
        "ratio_of_medians": round(ratio, 2),
        "peak_rss_mb": round(max(peaks), 1),
        "targets": {"ratio": 1.5, "peak_rss_mb": 150},
        "met": ratio <= 1.5 and max(peaks) <= 150,
    }


def many_files(count: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        config = station(root)
        inbox = root / "media" / "inbox"
        inbox.mkdir(parents=True)
        tone = make_tone(root / "tone.mp3", 3).read_bytes()
        for n in range(count):
            # The same sound with a distinct ID3v1 tag: distinct files, as an operator's
            # folder of short spots would be.
            tag = b"TAG" + f"Bản tin {n:04d}".encode()[:30].ljust(30) + b"\0" * 94 + b"\xff"
            (inbox / f"ban-tin-{n:04d}.mp3").write_bytes(tone + tag)
        elapsed, peak, output = cli_ingest(config)
        taken = counts(root)
    ok = (
        taken["programmes"] == count
        and taken["distinct_programmes"] == count
        and taken["accepted_events"] == count
        and taken["library_files"] == count
        and taken["left_in_inbox"] == 0
    )
    return {
        "files": count,
        "seconds": round(elapsed, 1),
        "files_per_s": round(count / elapsed, 1),
        "peak_rss_mb": round(peak, 1),
        **taken,
        "all_taken_once": ok,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=int, default=60)
    parser.add_argument("--files", type=int, default=1000)
    args = parser.parse_args()
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    figures = {"long_programme": one_long_file(args.minutes), "many_files": many_files(args.files)}
    save("ingest", figures)


if __name__ == "__main__":
    main()
