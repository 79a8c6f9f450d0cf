"""The console's pages one at a time: the CPU cost of each request, without the sound rig.

bench/console.py measures the pages under 8 concurrent clients beside a daemon airing on the
sound rig; this script isolates what one request costs. It seeds the same station-year
(`bench.console.seed_year`) into a temporary station, builds the console in-process
(`tests.support.console.console_client`, a logged-in operator) and fetches each HTML page and
each JSON GET route (no path parameter) `--runs` times in a row, after `--warm` unmeasured
fetches. It prints p50/p95 (ms) per path, and the slowest first.

Usage: python -m bench.console_pages [--runs 40] [--warm 3] [--months 12] [--only /nhat-ky] [--profile] [--dump DIR]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.common import write_station
from bench.console import NOT_LOADED, PAGES, YEAR_SERIES, seed_year
from bench.latency import percentile
from broadcaster.clock import FakeClock
from broadcaster.config import load_config
from broadcaster.store.db import open_engine
from tests.support.console import console_client


def profile_handlers(profiles: list[cProfile.Profile]) -> None:
    """Profile what FastAPI runs in its worker threads (the handlers and their dependencies):
    the profiler of the main thread would only see the test client waiting."""
    import fastapi.dependencies.utils
    import fastapi.routing
    from starlette.concurrency import run_in_threadpool

    async def profiled(func: Any, *args: Any, **kwargs: Any) -> Any:
        def run() -> Any:
            profile = cProfile.Profile()
            profile.enable()
            try:
                return func(*args, **kwargs)
            finally:
                profile.disable()
                profiles.append(profile)

        return await run_in_threadpool(run)

    fastapi.routing.run_in_threadpool = profiled  # type: ignore[assignment]
    fastapi.dependencies.utils.run_in_threadpool = profiled  # type: ignore[assignment]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--warm", type=int, default=3)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--only", action="append", default=[], help="a path (repeatable)")
    parser.add_argument("--no-json", action="store_true", help="the HTML pages only")
    parser.add_argument(
        "--dump", type=Path, help="save each path's last reply here (compare two trees' pages)"
    )
    parser.add_argument(
        "--profile", action="store_true", help="cProfile of the handlers over the measured runs"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="console-pages-") as tmp:
        config_path = write_station(Path(tmp), YEAR_SERIES)
        started = time.perf_counter()
        counts = seed_year(config_path, args.months)
        print(f"seeded {counts} in {time.perf_counter() - started:.1f} s")
        config = load_config(config_path)
        engine = open_engine(config.paths.database, config.paths.database_file)
        client = console_client(config, engine, clock=FakeClock(datetime.now(UTC)))
        paths = list(args.only) or list(PAGES)
        if not args.only and not args.no_json:
            spec = client.get("/api/openapi.json").json()
            paths += sorted(
                path
                for path, ops in spec.get("paths", {}).items()
                if path.startswith("/api/v1/") and "get" in ops and "{" not in path
                if path not in NOT_LOADED
            )
        profiles: list[cProfile.Profile] | None = [] if args.profile else None
        if profiles is not None:
            profile_handlers(profiles)
        rows = []
        for path in paths:
            for _ in range(args.warm):
                client.get(path)
            times = []
            for _ in range(args.runs):
                begin = time.perf_counter()
                reply = client.get(path)
                times.append((time.perf_counter() - begin) * 1000)
                if reply.status_code != 200:
                    raise SystemExit(f"{path}: {reply.status_code} {reply.text[:200]}")
            if args.dump:
                args.dump.mkdir(parents=True, exist_ok=True)
                name = path.strip("/").replace("/", "_") or "overview"
                (args.dump / name).write_bytes(reply.content)
            rows.append((path, statistics.median(times), percentile(times, 95), len(reply.content)))
        engine.dispose()
    if profiles:
        stats = pstats.Stats(profiles[0])
        for more in profiles[1:]:
            stats.add(more)
        stats.sort_stats("cumulative").print_stats(45)
    print(f"load average {os.getloadavg()[0]:.2f}; {args.runs} runs per path, single client")
    print(f"{'path':40} {'p50 ms':>8} {'p95 ms':>8} {'bytes':>9}")
    for path, p50, p95, size in rows:
        print(f"{path:40} {p50:8.1f} {p95:8.1f} {size:9d}")


if __name__ == "__main__":
    main()
