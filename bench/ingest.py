"""Cost of taking programmes in (issue #5).

1. A 60-minute stereo MP3 is taken in, side by side with the bare decode
   `ffmpeg -i FILE -f null -`, alternating, three times each; ratios are of the medians:
   - the take-in itself, as the daemon does it: `Ingester.scan()` in a process that is
     already running (SHA-256, ffprobe, the one streaming ffmpeg decode that also measures
     loudness, true peak and silence, the move into the library, the database rows). This
     is the figure the target (≤ 1.5×) is judged on: probe, decode, measure;
   - the whole `broadcaster ingest` command, start-up included (the interpreter and its
     imports, about half a second, which the daemon pays once at boot), and the re-plan
     after it: reported beside it, not hidden.
   Peak resident memory is sampled every 20 ms over each process tree (Python and its
   ffmpeg), with each process's own peak shown too (target ≤ 150 MB).
2. 1,000 short programmes dropped at once are taken in by one `broadcaster ingest`; every
   one must be in the library and the database exactly once. Throughput is files/s.
3. The cost of a normalised rendition (issue #10 §6): a 30-minute speech-like MP3 mastered
   quiet with sharp clicks (−31 LUFS, −10 dBTP: tests/support/speech.py, one minute looped), in a
   warm process, alternating, three times each, medians: the bare decode; the measurement
   (`check_audio`: probe, the one decode, the meter); the rendition as the daemon makes it
   (`renditions.make`: ffmpeg's gain and 192 kHz limiter into FLAC, then the rendition's own
   decode and measurement, and its SHA-256), and ffmpeg's render alone.

Usage: python -m bench.ingest [--minutes 60] [--files 1000] [--speech-minutes 30]
       [--only long|many|rendition]
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
from datetime import UTC, datetime
from pathlib import Path

import psutil

from bench.common import ROOT, save, write_station
from tests.support.rig import make_tone
from tests.support.station import series_toml

MEDIA = ROOT / "var" / "bench-media"
SERIES = series_toml(["06:10", "17:15"], repeats=3, gap="7d")


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


# The daemon's path, run in a child process so its memory is watched like the CLI's: load
# the station, warm every import, then time one scan of the inbox.
TAKE_IN = """
import sys, time
from broadcaster.clock import SystemClock
from broadcaster.config import load_config
from broadcaster.store.db import open_engine
from broadcaster.station.intake import station_ingester
import broadcaster.audio.meter, numpy  # the daemon has these loaded after its first programme
config = load_config(sys.argv[1])
engine = open_engine(config.paths.database, config.paths.database_file)
ingester = station_ingester(config, engine, SystemClock())
outcomes, waiting = ingester.scan()  # the first look notes each file's size and time
if waiting:
    time.sleep(config.ingest.settle.total_seconds() + 0.2)
began = time.perf_counter()
outcomes, _ = ingester.scan()
print(f"take-in seconds: {time.perf_counter() - began:.4f}")
"""


class Peaks:
    """Peak RSS of a process tree (summed) and of each process in it, sampled."""

    def __init__(self, pid: int) -> None:
        self.watched = psutil.Process(pid)
        self.tree = 0
        self.each: dict[str, int] = {}

    def sample(self) -> None:
        total = 0
        for member in [self.watched, *self.watched.children(recursive=True)]:
            try:
                rss = member.memory_info().rss
                name = member.name()
            except psutil.Error:
                continue
            total += rss
            self.each[name] = max(self.each.get(name, 0), rss)
        self.tree = max(self.tree, total)


def watched_run(command: list[str], cwd: Path) -> tuple[float, Peaks, str]:
    """Run a command, sampling memory; (seconds, peaks, output)."""
    # To a file, not a pipe: 1,000 result lines would fill a pipe nobody reads yet.
    log = cwd / "ingest.log"
    began = time.perf_counter()
    with log.open("wb") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=cwd)
    peaks = Peaks(proc.pid)
    while proc.poll() is None:
        with contextlib.suppress(psutil.Error):
            peaks.sample()
        time.sleep(0.02)
    elapsed = time.perf_counter() - began
    return elapsed, peaks, log.read_text(encoding="utf-8", errors="replace")


def cli_ingest(config: Path) -> tuple[float, Peaks, str]:
    """Run `broadcaster ingest` once: (seconds, memory peaks, output)."""
    command = [sys.executable, "-m", "broadcaster", "--config", str(config), "ingest"]
    return watched_run(command, config.parent)


def take_in(config: Path) -> tuple[float, Peaks, str]:
    """The daemon's take-in path in a warm process: (seconds of the scan, peaks, output)."""
    _, peaks, output = watched_run([sys.executable, "-c", TAKE_IN, str(config)], config.parent)
    for line in output.splitlines():
        if line.startswith("take-in seconds: "):
            return float(line.split(": ")[1]), peaks, output
    raise SystemExit(f"the take-in did not run: {output}")


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


def fresh_station(source: Path) -> tuple[tempfile.TemporaryDirectory[str], Path]:
    folder = tempfile.TemporaryDirectory()
    root = Path(folder.name)
    config = station(root)
    inbox = root / "media" / "inbox"
    inbox.mkdir(parents=True)
    shutil.copy(source, inbox / source.name)
    return folder, config


def one_long_file(minutes: int) -> dict:
    source = long_programme(minutes)
    bare_decode(source)  # warm the page cache for all sides alike
    bare: list[float] = []
    runs: dict[str, list[tuple[float, Peaks]]] = {"take_in": [], "cli": []}
    for _ in range(3):
        bare.append(bare_decode(source))
        for kind, run in (("take_in", take_in), ("cli", cli_ingest)):
            folder, config = fresh_station(source)
            with folder:
                elapsed, peaks, output = run(config)
                taken = counts(Path(folder.name))
            if taken["programmes"] != 1 or taken["measured"] != 1:
                raise SystemExit(f"the long programme was not taken in ({kind}): {output}")
            runs[kind].append((elapsed, peaks))
    figures: dict = {
        "minutes": minutes,
        "file_mb": round(source.stat().st_size / 1e6, 1),
        "bare_decode_s": [round(x, 2) for x in bare],
    }
    for kind, results in runs.items():
        seconds = [elapsed for elapsed, _ in results]
        each: dict[str, int] = {}
        for _, peaks in results:
            for name, rss in peaks.each.items():
                each[name] = max(each.get(name, 0), rss)
        figures[kind] = {
            "seconds": [round(x, 2) for x in seconds],
            "ratio_of_medians": round(statistics.median(seconds) / statistics.median(bare), 2),
            "peak_rss_mb": round(max(p.tree for _, p in results) / 1e6, 1),
            "peak_rss_mb_each": {name: round(rss / 1e6, 1) for name, rss in each.items()},
        }
    figures["targets"] = {"ratio": 1.5, "peak_rss_mb": 150}
    figures["met"] = {
        kind: figures[kind]["ratio_of_medians"] <= 1.5 and figures[kind]["peak_rss_mb"] <= 150
        for kind in runs
    }
    return figures


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
        elapsed, peaks, output = cli_ingest(config)
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
        "peak_rss_mb": round(peaks.tree / 1e6, 1),
        **taken,
        "all_taken_once": ok,
    }


def quiet_peaky_speech(minutes: int) -> Path:
    """The §6 case, as an MP3 a department would send: cached."""
    from tests.support.rig import measure_loudness
    from tests.support.speech import make_speech

    path = MEDIA / f"speech-quiet-peaky-{minutes}min.mp3"
    if not path.exists():
        MEDIA.mkdir(parents=True, exist_ok=True)
        # The encoder's low-pass blunts the clicks: aim the WAV higher until the MP3 reads
        # −10 dBTP.
        minute, probe, peak = MEDIA / "speech-quiet-peaky-1min.wav", MEDIA / "probe.mp3", -10.0
        for _ in range(3):
            make_speech(minute, 60, -31.0, peak)
            subprocess.run(
                ["ffmpeg", "-v", "error", "-y", "-i", str(minute)]
                + ["-c:a", "libmp3lame", "-b:a", "128k", str(probe)],
                check=True,
            )
            peak += -10.0 - measure_loudness(probe)["true_peak"]
        probe.unlink()
        partial = path.with_suffix(".part.mp3")  # an interrupted run leaves no bad cache
        subprocess.run(
            ["ffmpeg", "-v", "error", "-y", "-stream_loop", str(minutes - 1), "-i", str(minute)]
            + ["-c:a", "libmp3lame", "-b:a", "128k", str(partial)],
            check=True,
        )
        partial.replace(path)
    return path


def rendition_cost(minutes: int) -> dict:
    from broadcaster import i18n
    from broadcaster.audio import renditions
    from broadcaster.audio.decode import check_audio, sha256_file
    from broadcaster.config import load_config
    from broadcaster.core.loudness import held_back_db, wanted_gain_db
    from broadcaster.store.models import Programme

    source = quiet_peaky_speech(minutes)
    bare_decode(source)  # warm the page cache for all sides alike
    with tempfile.TemporaryDirectory() as folder, i18n.speaking("en"):
        root = Path(folder)
        config = load_config(station(root))
        library = config.paths.library / "chuyen-doi-so"
        library.mkdir(parents=True)
        shutil.copy(source, library / source.name)
        verdict = check_audio(library / source.name)
        assert verdict.ok and verdict.loudness is not None, verdict
        measured = verdict.loudness
        programme = Programme(
            series_id="chuyen-doi-so",
            title=source.stem,
            file_name=f"chuyen-doi-so/{source.name}",
            original_name=source.name,
            sha256=sha256_file(source),
            size_bytes=source.stat().st_size,
            duration_s=verdict.duration_s,
            arrived_at=datetime.now(UTC),
        )
        render_only = root / "render-only.flac"
        chain = renditions.filters(
            wanted_gain_db(measured, config.loudness), config.loudness, 44100
        )
        render_command = ["ffmpeg", "-v", "error", "-y", "-i", str(source), "-ac", "2"]
        render_command += ["-af", chain, "-c:a", "flac", "-sample_fmt", "s16", str(render_only)]
        times: dict[str, list[float]] = {"bare": [], "measure": [], "rendition": [], "render": []}
        made = None
        for _ in range(3):
            times["bare"].append(bare_decode(source))
            began = time.perf_counter()
            check_audio(source)
            times["measure"].append(time.perf_counter() - began)
            began = time.perf_counter()
            made = renditions.make(config, programme, measured)
            times["rendition"].append(time.perf_counter() - began)
            began = time.perf_counter()
            subprocess.run(render_command, check=True)
            times["render"].append(time.perf_counter() - began)
        assert made is not None
        size_mb = made.path.stat().st_size / 1e6
        after = made.loudness
    bare = statistics.median(times["bare"])
    return {
        "minutes": minutes,
        "file_mb": round(source.stat().st_size / 1e6, 1),
        "mastered": {"lufs": measured.integrated_lufs, "true_peak": measured.true_peak_dbtp},
        "held_back_db": held_back_db(measured, config.loudness),
        "seconds": {kind: [round(x, 2) for x in values] for kind, values in times.items()},
        "ratio_of_medians_to_bare": {
            kind: round(statistics.median(values) / bare, 2) for kind, values in times.items()
        },
        "rendition": {
            "lufs": after.integrated_lufs,
            "true_peak": after.true_peak_dbtp,
            "flac_mb": round(size_mb, 1),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=int, default=60)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--speech-minutes", type=int, default=30)
    parser.add_argument("--only", choices=["long", "many", "rendition"])
    args = parser.parse_args()
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    figures: dict = {}
    if args.only in (None, "long"):
        figures["long_programme"] = one_long_file(args.minutes)
    if args.only in (None, "many"):
        figures["many_files"] = many_files(args.files)
    if args.only in (None, "rendition"):
        figures["rendition"] = rendition_cost(args.speech_minutes)
    save("ingest", figures)


if __name__ == "__main__":
    main()
