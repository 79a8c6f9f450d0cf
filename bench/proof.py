"""Proof-of-broadcast speed, from the command line (issue #3).

1. A station-year of about 1,500 as-run rows: `broadcaster export --year` writes all
   twelve months in all four formats plus manifests. Target ≤ 2 s.
2. `broadcaster report` over 200 station-months of JSON exports (17 stations × 12 months,
   minus four gaps), each verified. Target ≤ 5 s.
Each figure is the wall time of the whole command (Python start-up included), best of 3.
Usage: python -m bench.proof
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.common import save, write_station
from broadcaster.config import load_config
from broadcaster.proof.export import base_name, signed_month
from broadcaster.proof.json_out import write_json
from broadcaster.store.asrun import append
from broadcaster.store.db import open_engine
from broadcaster.store.models import AsRunRecord
from tests.support.station import series_toml

SERIES = series_toml(["06:10", "17:15"], repeats=3, gap="7d")
STATUSES = ["aired"] * 17 + ["partial", "missed", "failed"]


def fill_year(config_path: Path, rows: int, year: int, seed: int) -> None:
    """`rows` as-run rows spread over the year, written through the real chained append."""
    config = load_config(config_path)
    engine = open_engine(config.paths.database, config.paths.database_file)
    engine.dispose()
    # A year's rows are written in one go here; synchronous=OFF only for this set-up.
    from sqlalchemy import create_engine

    fast = create_engine(config.paths.database)
    with fast.begin() as conn:
        conn.exec_driver_sql("PRAGMA journal_mode=WAL")
    rng = random.Random(seed)
    start = datetime(year, 1, 1, tzinfo=UTC) - timedelta(hours=7)
    step = timedelta(days=365) / rows
    for i in range(rows):
        slot = start + step * i
        status = rng.choice(STATUSES)
        played = 0.0 if status in ("missed", "failed") else (600.0 if status == "aired" else 312.5)
        append(
            fast,
            AsRunRecord(
                station_id=config.station.id,
                series_id="chuyen-doi-so",
                title=f"Chuyên mục Chuyển đổi số tháng {slot.month} – số {i % 4 + 1}",
                file_name=f"chuyen-doi-so/cds-{slot.month:02d}.mp3",
                file_sha256=f"{slot.month:064x}",
                kind="new" if i % 4 == 0 else "repeat",
                scheduled_at=slot,
                started_at=None if played == 0 else slot,
                ended_at=None if played == 0 else slot + timedelta(seconds=played),
                duration_s=600.0,
                played_s=played,
                status=status,
                reason="" if status == "aired" else "phần mềm không chạy vào giờ phát",
                recorded_at=slot,
            ),
        )
    fast.dispose()


def best_of(command: list[str], runs: int = 3, cwd: Path | None = None) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=cwd)
        times.append(time.perf_counter() - began)
    return min(times)


def main() -> None:
    broadcaster = [sys.executable, "-m", "broadcaster"]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        config_path = write_station(root / "station", SERIES)
        fill_year(config_path, 1500, 2025, seed=1)
        out = root / "year"
        export_s = best_of(
            [
                *broadcaster,
                "--config",
                str(config_path),
                "export",
                "--year",
                "2025",
                "-o",
                str(out),
                "--force",  # best_of runs it again over the same folders
            ]
        )
        written = sorted(p.name for p in out.iterdir())
        verify_ok = all(
            subprocess.run(
                [*broadcaster, "verify", str(out / name)], capture_output=True
            ).returncode
            == 0
            for name in written[:2]
        )

        # 200 station-months: 17 stations' years, written from real station databases.
        exports = root / "exports"
        exports.mkdir()
        count = 0
        for n in range(17):
            station_root = root / f"s{n}"
            path = write_station(station_root, SERIES)
            text = path.read_text(encoding="utf-8").replace('id = "bench"', f'id = "xa-{n:02d}"')
            path.write_text(text, encoding="utf-8")
            fill_year(path, 125, 2025, seed=n)
            config = load_config(path)
            engine = open_engine(config.paths.database, config.paths.database_file)
            for month in range(1, 13):
                if count >= 200:
                    break
                key = f"2025-{month:02d}"
                doc = signed_month(engine, config, key, datetime(2026, 1, 15, tzinfo=UTC))
                write_json(doc, exports / f"{base_name(config, key)}.json")
                count += 1
            engine.dispose()
        report_s = best_of(
            [
                *broadcaster,
                "report",
                str(exports),
                "--year",
                "2025",
                "--format",
                "xlsx",
                "-o",
                str(root / "r.xlsx"),
                "--force",
            ]
        )
        shutil.rmtree(out, ignore_errors=True)

    figures = {
        "station_year": {
            "rows": 1500,
            "months": 12,
            "formats": 4,
            "seconds": round(export_s, 2),
            "target_s": 2.0,
            "folders_written": len(written),
            "verify_ok": verify_ok,
        },
        "report": {"station_months": count, "seconds": round(report_s, 2), "target_s": 5.0},
    }
    figures["met"] = export_s <= 2.0 and report_s <= 5.0
    save("proof", figures)


if __name__ == "__main__":
    main()
