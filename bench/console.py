"""The console beside the daemon (#13): its pages under load, and what the load costs the airing.

One run, one station, in this order:

1. A station-year of rows: for each of the 12 months before this one, the month's programmes,
   two planned airings a day (06:10 and 17:15) each with its as-run row, and bulletins at all
   three levels with theirs; written through the store's functions (tests/support/factories.py),
   the as-run rows through the real chained append.
2. `broadcaster run` on the sound rig starts the console itself (a process of its own, real
   uvicorn). A short programme airs at 2 × `--slots` slots `--spacing` seconds apart; the
   first half airs with no request to the console (unloaded), the second half while
   `--clients` logged-in clients (one account each) fetch the pages in a closed loop: the HTML
   pages (/, /lich-phat, /chuong-trinh, /nhat-ky, /kiem-tra) and every JSON GET route the
   console's OpenAPI lists under /api/v1 without a path parameter. Each client waits
   `--think-ms` after each reply (0: as fast as the console answers, which measures the
   console saturated; 250: up to four requests a second each, some fifteen times what eight
   people clicking would ask). The load is bounded twice: it stops at the end of the loaded
   window, and each client makes at most `--max-requests`.
   Beside them, one more client downloads the month's proof pack (/api/v1/export) every
   `--download-every` seconds; it is reported on its own: a file made by `broadcaster
   export` in a process of its own (1–2 s when the month changed, a few ms when it did
   not), not a page, so it is not held to the page target.
   Slot-to-sound latency is measured as bench/latency.py does (the first sound in the
   off-air recording minus the slot time), unloaded and loaded side by side.
3. Then nobody asks anything: CPU time and RSS of the daemon and the console together over
   `--idle-seconds`, as bench/idle.py measures the daemon.

Targets (#13): page p95 ≤ 150 ms; latency p95 under load within 5 ms of the unloaded p95;
idle CPU ≤ 1 % of a core and RSS ≤ 150 MB for daemon + console together.
Usage: python -m bench.console [--quick] [--clients 8] [--think-ms 0] [--slots 12] [--idle-seconds 60]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import threading
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import cast
from zoneinfo import ZoneInfo

import httpx
import psutil
from loguru import logger

from bench.common import BENCH_RIG, save, write_station
from bench.latency import percentile
from broadcaster.config import load_config
from broadcaster.console import accounts as rules
from broadcaster.core.vocab import BULLETIN_SERIES, Priority
from broadcaster.store.db import open_engine
from tests.support import factories
from tests.support.console import add_account, free_port, http_logged_in
from tests.support.process import export_rows, start_daemon, stop_daemon
from tests.support.rig import SoundRig, make_tone
from tests.support.station import series_toml

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
PAGES = ["/", "/lich-phat", "/chuong-trinh", "/nhat-ky", "/kiem-tra"]
NOT_LOADED = {"/api/v1/session", "/api/v1/csrf"}  # the login itself, not a page
DOWNLOADS = {"/api/v1/export"}  # files, made by a child process: reported, not a page
YEAR_SERIES = series_toml(["06:10", "17:15"], repeats=3, gap="7d")
STATUSES = ["aired"] * 17 + ["partial", "missed", "failed"]
BULLETINS_PER_MONTH = 8
TARGETS = {"page_p95_ms": 150, "latency_p95_delta_ms": 5, "idle_cpu_percent": 1.0, "rss_mb": 150}


# ---- 1. a station-year ------------------------------------------------------------------
def month_starts(now: datetime, months: int) -> list[datetime]:
    """The first instant (station time) of each of the `months` months before `now`'s."""
    first = now.astimezone(TZ).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    starts = []
    for _ in range(months):
        first = (first - timedelta(days=1)).replace(day=1)
        starts.append(first)
    return sorted(starts)


def seed_year(config_path: Path, months: int, seed: int = 13) -> dict[str, int]:
    config = load_config(config_path)
    engine = open_engine(config.paths.database, config.paths.database_file)
    rng = random.Random(seed)
    counts = {"programmes": 0, "planned": 0, "as_run": 0, "bulletins": 0}
    for start in month_starts(datetime.now(UTC), months):
        end = (start + timedelta(days=32)).replace(day=1)
        made = [
            factories.programme(
                engine, start.astimezone(UTC), title=f"Chuyển đổi số {start:%m/%Y} – số {n}"
            )
            for n in range(1, 5)
        ]
        counts["programmes"] += len(made)
        day = start
        seq = 0
        while day < end:
            for hour, minute in ((6, 10), (17, 15)):
                slot = day.replace(hour=hour, minute=minute).astimezone(UTC)
                of = made[min(len(made) - 1, (day.day - 1) // 8)]
                airing = factories.planned(
                    engine, of, slot, seq=seq, kind="new" if seq % 4 == 0 else "repeat"
                )
                status = rng.choice(STATUSES)
                played = {"aired": None, "partial": 312.5}.get(status, 0.0)
                reason = "" if status == "aired" else "phần mềm không chạy vào giờ phát"
                factories.as_run(
                    engine, config.station.id, airing, of, status, played_s=played, reason=reason
                )
                seq += 1
                counts["planned"] += 1
                counts["as_run"] += 1
            day += timedelta(days=1)
        for n in range(BULLETINS_PER_MONTH):
            when = start + timedelta(days=rng.randrange(28), hours=rng.randrange(6, 20))
            bulletin = factories.programme(
                engine,
                when.astimezone(UTC) - timedelta(minutes=5),
                BULLETIN_SERIES,
                title=f"Bản tin {when:%d/%m/%Y} số {n + 1}",
                duration_s=90.0,
            )
            priority = rng.choice(list(Priority))
            airing = factories.planned(
                engine, bulletin, when.astimezone(UTC), kind="bulletin", priority=priority
            )
            factories.as_run(engine, config.station.id, airing, bulletin)
            counts["programmes"] += 1
            counts["bulletins"] += 1
            counts["as_run"] += 1
    engine.dispose()
    return counts


def make_accounts(config_path: Path, clients: int) -> list[str]:
    config = load_config(config_path)
    engine = open_engine(config.paths.database, config.paths.database_file)
    names = [f"do-kiem-{n}" for n in range(1, clients + 1)]
    for name in names:
        add_account(engine, name, rules.OPERATOR)
    engine.dispose()
    return names


# ---- 2. the console and its load ---------------------------------------------------------
def console_child(daemon_pid: int, seconds: float = 60.0) -> psutil.Process:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for child in psutil.Process(daemon_pid).children():
            try:
                if "console" in child.cmdline():
                    return child
            except psutil.Error:
                continue
        time.sleep(0.2)
    raise SystemExit("the daemon did not start its console (see the daemon's log)")


def tail(log: Path, lines: int = 30) -> str:
    return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def wait_answering(base: str, log: Path, seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{base}/dang-nhap", timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit(f"the console does not answer at {base}; the daemon's log:\n{tail(log)}")


def log_in(base: str, name: str) -> httpx.Client:
    try:
        return cast(httpx.Client, http_logged_in(base, name))
    except RuntimeError as refused:
        raise SystemExit(str(refused)) from None


def json_routes(client: httpx.Client) -> list[str]:
    """Every JSON GET route of the console with no path parameter (the pages' data)."""
    spec = client.get("/api/openapi.json").json()
    return sorted(
        path
        for path, ops in spec.get("paths", {}).items()
        if path.startswith("/api/v1/") and "get" in ops and "{" not in path
        if path not in NOT_LOADED
    )


class Load:
    """`clients` closed-loop clients over `paths`, from `start` to `until` (wall clock)."""

    def __init__(
        self, clients: list[httpx.Client], paths: list[str], max_requests: int, think_s: float
    ) -> None:
        self.clients = clients
        self.paths = paths
        self.max_requests = max_requests
        self.think_s = think_s
        self.times: dict[str, list[float]] = defaultdict(list)
        self.failures: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.capped = 0
        self._lock = threading.Lock()

    def run(self, start: float, until: float) -> None:
        threads = [
            threading.Thread(target=self._client, args=(c, n, start, until), daemon=True)
            for n, c in enumerate(self.clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(until - time.time() + 30)

    def _client(self, client: httpx.Client, n: int, start: float, until: float) -> None:
        time.sleep(max(0.0, start - time.time()))
        order = self.paths[n % len(self.paths) :] + self.paths[: n % len(self.paths)]
        for i in range(self.max_requests):
            if time.time() >= until:
                return
            path = order[i % len(order)]
            began = time.perf_counter()
            try:
                code = str(client.get(path).status_code)
            except httpx.HTTPError as exc:
                code = type(exc).__name__
            elapsed_ms = (time.perf_counter() - began) * 1000
            with self._lock:
                if code == "200":
                    self.times[path].append(elapsed_ms)
                else:
                    self.failures[path][code] += 1
            if self.think_s:
                time.sleep(self.think_s)
        with self._lock:
            self.capped += 1  # this client stopped on its count before the window ended

    def figures(self) -> dict:
        pages = {}
        for path in self.paths:
            times = self.times.get(path, [])
            pages[path] = {
                "requests_200": len(times),
                "p50_ms": round(statistics.median(times), 1) if times else None,
                "p95_ms": round(percentile(times, 95), 1) if times else None,
                "max_ms": round(max(times), 1) if times else None,
                "other_answers": dict(self.failures.get(path, {})),
            }
        return pages


def latency_figures(slots: list[datetime], spans: list[tuple[float, float]]) -> dict:
    latencies: list[float] = []
    silent: list[str] = []
    for slot in slots:
        onsets = [a for a, _ in spans if slot.timestamp() - 0.5 <= a <= slot.timestamp() + 1.0]
        if onsets:
            latencies.append((onsets[0] - slot.timestamp()) * 1000)
        else:
            silent.append(slot.strftime("%H:%M:%S"))
    return {
        "slots": len(slots),
        "heard": len(latencies),
        "silent": silent,
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(percentile(latencies, 95), 1) if latencies else None,
        "max_ms": round(max(latencies), 1) if latencies else None,
    }


# ---- 3. idle -----------------------------------------------------------------------------
def idle(processes: dict[str, psutil.Process], seconds: float) -> dict:
    def cpu(p: psutil.Process) -> float:
        times = p.cpu_times()
        return times.user + times.system

    before = {name: cpu(p) for name, p in processes.items()}
    rss: dict[str, list[float]] = {name: [] for name in processes}
    total: list[float] = []
    pss_total: list[float] = []
    began = time.monotonic()
    while time.monotonic() - began < seconds:
        sample = {name: p.memory_info().rss / 2**20 for name, p in processes.items()}
        for name, value in sample.items():
            rss[name].append(value)
        total.append(sum(sample.values()))
        # PSS counts a page the two processes share (libraries, Python's own code) half in
        # each: the memory the station takes from the machine, beside the RSS sum.
        pss_total.append(sum(p.memory_full_info().pss / 2**20 for p in processes.values()))
        time.sleep(1.0)
    elapsed = time.monotonic() - began
    used = {name: cpu(p) - before[name] for name, p in processes.items()}
    return {
        "window_s": round(elapsed, 1),
        "cpu_percent_of_one_core": {
            **{name: round(u / elapsed * 100, 2) for name, u in used.items()},
            "total": round(sum(used.values()) / elapsed * 100, 2),
        },
        "rss_mb_max": {
            **{name: round(max(v), 1) for name, v in rss.items()},
            "total": round(max(total), 1),
        },
        "pss_mb_max_total": round(max(pss_total), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="4 clients, 6+6 slots, 20 s idle")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--slots", type=int, default=12, help="slots in each half")
    parser.add_argument("--spacing", type=float, default=3.0, help="seconds between slots")
    parser.add_argument("--max-requests", type=int, default=5000, help="per client")
    parser.add_argument(
        "--think-ms", type=float, default=0.0, help="each client's pause after a reply"
    )
    parser.add_argument(
        "--download-every",
        type=float,
        default=5.0,
        help="seconds between the proof-pack downloads of one more client, beside the load",
    )
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--idle-seconds", type=float, default=60.0)
    parser.add_argument("--lead", type=float, default=45.0, help="seconds to the first slot")
    args = parser.parse_args()
    if args.quick:
        args.clients, args.slots, args.idle_seconds = 4, 6, 20.0
    rig = SoundRig.ensure(BENCH_RIG)
    logger.remove()

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        # The bundled intervals (scan 5 s, reconcile 30 s), as bench/idle.py runs the daemon.
        config = write_station(root, YEAR_SERIES, scan="5s", reconcile="30s", console_port=port)
        seeding = time.perf_counter()
        rows = seed_year(config, args.months)
        seed_s = time.perf_counter() - seeding
        names = make_accounts(config, args.clients + 1)  # the last one downloads

        # The slots: the first half unloaded, a gap in which the load starts, the second half.
        tone = make_tone(root / "tone.mp3", 1.5)
        # Time for the daemon and the console to start (the console at nice +10 starts
        # slowly on a busy machine) and for the clients to log in, before the first slot.
        first = datetime.now(TZ).replace(microsecond=0) + timedelta(seconds=args.lead)
        unloaded = [first + timedelta(seconds=round(i * args.spacing)) for i in range(args.slots)]
        gap_at = unloaded[-1] + timedelta(seconds=round(args.spacing + 4))
        loaded = [gap_at + timedelta(seconds=round(i * args.spacing)) for i in range(args.slots)]
        slots = unloaded + loaded
        slot_list = ", ".join(f'{{ time = "{s.strftime("%H:%M:%S")}" }}' for s in slots)
        (root / "schedules" / "do-tre.toml").write_text(
            f'id = "do-tre"\ntitle = "Đo độ trễ"\nfolder = "do-tre"\nperiod = "month"\n'
            f'new_per_period = 1\nrepeats = {len(slots) - 1}\nrepeat_gap = "0s"\n'
            f"slots = [{slot_list}]\n",
            encoding="utf-8",
        )
        # In the inbox before the start: the daemon takes it in at its first scan.
        inbox = root / "media" / "inbox" / "do-tre"
        inbox.mkdir(parents=True, exist_ok=True)
        (inbox / "tone.mp3").write_bytes(tone.read_bytes())
        log = root / "daemon.log"
        proc = start_daemon(config, rig, log)
        clients: list[httpx.Client] = []
        try:
            daemon = psutil.Process(proc.pid)
            console = console_child(proc.pid)
            wait_answering(base, log)
            clients = [log_in(base, name) for name in names]  # argon2: before any slot
            ready_before_first_slot = time.time() < unloaded[0].timestamp() - 2.0
            downloader, clients = clients[-1], clients[:-1]
            paths = [p for p in PAGES + json_routes(clients[0]) if p not in DOWNLOADS]
            downloads = Load(
                [downloader], sorted(DOWNLOADS), args.max_requests, args.download_every
            )
            load = Load(clients, paths, args.max_requests, args.think_ms / 1000)
            load_from = gap_at.timestamp() - 3.0
            load_until = loaded[-1].timestamp() + 2.0
            with rig.recorder() as recording:
                time.sleep(max(0.0, unloaded[0].timestamp() - time.time() - 2.0))
                fetching = threading.Thread(
                    target=downloads.run, args=(load_from, load_until), daemon=True
                )
                fetching.start()
                load.run(load_from, load_until)
                fetching.join(timeout=60)
                time.sleep(max(0.0, loaded[-1].timestamp() - time.time() + 3.0))
            requests = sum(len(v) for v in load.times.values())
            requests += sum(sum(f.values()) for f in load.failures.values())
            fetched = sum(len(v) for v in downloads.times.values())
            fetched += sum(sum(f.values()) for f in downloads.failures.values())
            for client in (*clients, downloader):
                client.close()
            time.sleep(5.0)  # the last airing's bookkeeping, the sockets closed
            quiet = idle({"daemon": daemon, "console": console}, args.idle_seconds)
            console_alive = console.is_running() and proc.poll() is None
        finally:
            stop_daemon(proc)
        aired = [
            r for r in export_rows(config, slots[0].strftime("%Y-%m")) if r["series_id"] == "do-tre"
        ]
        spans = recording.sound_spans()

    pages = {**load.figures(), **downloads.figures()}
    held = paths  # the pages, held to the target (the downloads are not in `paths`)
    html_p95 = [pages[p]["p95_ms"] for p in held if pages[p]["p95_ms"] is not None]
    without = latency_figures(unloaded, spans)
    under = latency_figures(loaded, spans)
    delta = (
        round(under["p95_ms"] - without["p95_ms"], 1)
        if under["p95_ms"] is not None and without["p95_ms"] is not None
        else None
    )
    figures = {
        "station_year": {**rows, "seed_s": round(seed_s, 1)},
        "load": {
            "clients": args.clients,
            "think_ms": args.think_ms,
            "window_s": round(load_until - load_from, 1),
            "requests": requests,
            "requests_per_s": round(requests / (load_until - load_from), 1),
            "clients_stopped_by_count": load.capped,
            "paths": len(paths),
            "downloads": fetched,
            "download_every_s": args.download_every,
        },
        "pages": {p: v for p, v in pages.items() if p not in DOWNLOADS},
        "downloads": {p: v for p, v in pages.items() if p in DOWNLOADS},
        "pages_over_target": sorted(
            p for p in held if (pages[p]["p95_ms"] or 0) > TARGETS["page_p95_ms"]
        ),
        "slot_to_sound": {"unloaded": without, "under_load": under, "p95_delta_ms": delta},
        "as_run_do_tre": {"rows": len(aired), "aired": sum(r["status"] == "aired" for r in aired)},
        "idle": quiet,
        "console_survived": console_alive,
        "ready_before_first_slot": ready_before_first_slot,
        "load_average": [round(x, 2) for x in psutil.getloadavg()],
        "targets": TARGETS,
    }
    figures["met"] = bool(
        ready_before_first_slot
        and html_p95
        and len(html_p95) == len(held)
        and max(html_p95) <= TARGETS["page_p95_ms"]
        and not any(pages[p]["other_answers"] for p in (*paths, *DOWNLOADS))
        and delta is not None
        and delta <= TARGETS["latency_p95_delta_ms"]
        and not without["silent"]
        and not under["silent"]
        and quiet["cpu_percent_of_one_core"]["total"] <= TARGETS["idle_cpu_percent"]
        and quiet["rss_mb_max"]["total"] <= TARGETS["rss_mb"]
    )
    save("console", figures)


if __name__ == "__main__":
    main()
