"""Shared pieces of the benchmarks: a throw-away station folder, the machine, the saved
figures. The daemon process and the rig come from tests/support/ (process.py, rig.py)."""

from __future__ import annotations

import json
import os
import platform
import textwrap
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RESULTS = ROOT / "bench" / "results"
# A private PulseAudio server for the benchmarks; BENCH_RIG names another folder, so two
# benchmarks can run at once without hearing each other.
BENCH_RIG = Path(os.environ.get("BENCH_RIG", ROOT / "var" / "rig-bench"))


def write_station(
    root: Path,
    series: str,
    scan: str = "1s",
    reconcile: str = "30s",
    console_port: int | None = None,
) -> Path:
    """A station folder; the console (#13) runs beside the daemon only with `console_port`,
    so the daemon-only benchmarks measure the daemon alone, as before."""
    (root / "schedules").mkdir(parents=True, exist_ok=True)
    (root / "schedules" / "series.toml").write_text(textwrap.dedent(series), encoding="utf-8")
    config = root / "config.toml"
    config.write_text(
        textwrap.dedent(
            f"""
            [station]
            id = "bench"
            name = "Đài đo kiểm"
            default_series = "chuyen-doi-so"
            test_airing_on_first_start = false
            [paths]
            database = "var/bench.db"
            [player]
            vlc_args = ["--aout=pulse"]
            preroll = "2s"
            [ingest]
            scan_interval = "{scan}"
            settle = "1s"
            [daemon]
            missed_grace = "30s"
            reconcile_interval = "{reconcile}"
            [console]
            enabled = {"false" if console_port is None else "true"}
            port = {console_port or 8470}
            """
        ),
        encoding="utf-8",
    )
    return config


def machine() -> str:
    return f"{platform.node()} · {platform.machine()} · {os.cpu_count()} cores · Python {platform.python_version()}"


def least_squares(points: list[tuple[float, float]]) -> float:
    """The least-squares slope of y on x (0 for fewer than two distinct x)."""
    if len(points) < 2:
        return 0.0
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    den = sum((x - mean_x) ** 2 for x, _ in points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / den if den else 0.0


def save(name: str, figures: dict) -> Path:
    """Keep every run's figures (bench/results/, not tracked) and print them."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    figures = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        **figures,
    }
    path = RESULTS / f"{name}-{int(time.time())}.json"
    path.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    return path
