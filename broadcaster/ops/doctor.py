"""`broadcaster doctor`: is this PC ready to air? One verdict line per check.

Each check is guarded: an exception inside one becomes a failing line for that check and
the others still run, so a damaged database never hides a missing sound device. Nothing
here changes station data: the database is only opened (never created) and the inbox
test file is removed at once.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import Engine

from broadcaster._lib import allocator
from broadcaster.clock import Clock, SystemClock
from broadcaster.config import Config
from broadcaster.i18n import carried, display, t
from broadcaster.proof import witnesses
from broadcaster.store.asrun import newest_recorded_at
from broadcaster.store.db import open_engine, quick_check
from broadcaster.store.models import utcnow
from broadcaster.store.state import get_state

# A clock earlier than this was never right: the software did not exist yet.
RELEASE_YEAR = 2026
# Disk: fail under 500 MB free or under 5 % free, whichever bites first.
MIN_FREE_BYTES = 500 * 1024 * 1024
MIN_FREE_RATIO = 0.05
# A record "from the future" by less than this is rounding or an NTP nudge, not a fault.
CLOCK_TOLERANCE = timedelta(minutes=2)
AUDIO_TIMEOUT_S = 45.0
AUDIO_TRIES = 2
TOOL_TIMEOUT_S = 15.0


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    line = text.splitlines()[0] if text else ""
    return f"{type(exc).__name__}: {line}" if line else type(exc).__name__


def _guarded(name: str, check: Callable[[], tuple[bool, str]]) -> Check:
    try:
        ok, detail = check()
    except Exception as exc:  # noqa: BLE001 - one broken check never stops the others
        return Check(name, False, t("doctor.crashed", detail=_first_line(exc)))
    return Check(name, ok, detail)


class _Database:
    """The station database, opened once and shared by the database and clock checks."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.where = config.paths.database_file or Path(config.paths.database)
        self.engine: Engine | None = None
        self.missing = False
        self.error: str | None = None

    def open(self) -> Engine | None:
        file = self.config.paths.database_file
        if file is not None and not file.exists():
            self.missing = True  # the daemon creates it; the doctor never does
            return None
        try:
            self.engine = open_engine(self.config.paths.database, file)
        except Exception as exc:  # noqa: BLE001 - a damaged file is a verdict, not a crash
            self.error = _first_line(exc)
        return self.engine

    def close(self) -> None:
        if self.engine is not None:
            self.engine.dispose()


# ---- the checks ---------------------------------------------------------------------------
def check_libvlc() -> tuple[bool, str]:
    # vlc_player stays the only module that imports `vlc`; its import result is reused here.
    from broadcaster.audio.player import vlc_player

    if vlc_player.vlc is None:
        reason = getattr(vlc_player, "_IMPORT_ERROR", None)
        return False, t("doctor.libvlc_missing", detail=_first_line(reason) if reason else "")
    raw = vlc_player.vlc.libvlc_get_version()
    version = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    return True, t("doctor.libvlc_ok", version=version)


def check_tool(tool: str) -> tuple[bool, str]:
    found = shutil.which(tool)
    if not found:
        return False, t("doctor.tool_missing", tool=tool)
    try:
        result = subprocess.run(
            [found, "-version"],
            capture_output=True,
            text=True,
            errors="replace",
            timeout=TOOL_TIMEOUT_S,
            # Windows only: no console window flashing on the station PC (0 elsewhere).
            creationflags=int(getattr(subprocess, "CREATE_NO_WINDOW", 0)),
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, t("doctor.tool_failed", tool=tool, detail=_first_line(exc))
    lines = result.stdout.strip().splitlines()
    if result.returncode != 0 or not lines:
        detail = (result.stderr.strip().splitlines() or [f"exit {result.returncode}"])[-1]
        return False, t("doctor.tool_failed", tool=tool, detail=detail)
    version = lines[0].split(" Copyright")[0]  # "ffmpeg version 5.1.6-0+deb12u1"
    number = version.split(" version ", 1)[-1]  # the tool's name is the line's label already
    return True, t("doctor.tool_ok", version=number, path=found)


@contextmanager
def _native_stderr_silenced() -> Iterator[None]:
    """ALSA and libVLC's plugins write English noise straight to file descriptor 2 (dozens
    of "ALSA lib ... Cannot get card index" lines); the verdict line already carries
    libVLC's own explanation, so keep the operator's screen to the verdicts."""
    if sys.stderr is not None:
        sys.stderr.flush()
    try:
        saved = os.dup(2)
    except OSError:  # no usable fd 2 (a windowed program): nothing to silence
        yield
        return
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def check_audio_output(config: Config, clock: Clock) -> tuple[bool, str]:
    """Play 1.5 s of silence through the configured output.

    libVLC must be used from one thread only, so the player is created, used and closed
    inside one worker thread; the wait is bounded so a hung sound server cannot hang us.
    """
    outcome: dict[str, object] = {}

    def probe() -> None:
        try:
            from broadcaster.audio.player.vlc_player import VlcPlayer

            player = VlcPlayer(config.player.vlc_args)
            try:
                # A second try before a verdict: while another program is already playing
                # into the same PulseAudio sink, libVLC's first stream in a process can
                # end early ("faster than real time") although the output works.
                for _ in range(AUDIO_TRIES):
                    outcome["problem"] = player.probe_output(clock)
                    if outcome["problem"] is None:
                        break
            finally:
                player.close()
        except Exception as exc:  # noqa: BLE001 - reported as the verdict below
            outcome["error"] = exc

    worker = threading.Thread(target=carried(probe), name="doctor-audio", daemon=True)
    with _native_stderr_silenced():
        worker.start()
        worker.join(AUDIO_TIMEOUT_S)
    args = "vlc_args = [" + ", ".join(f'"{a}"' for a in config.player.vlc_args) + "]"
    if worker.is_alive():
        return False, t("doctor.audio_timeout", seconds=int(AUDIO_TIMEOUT_S), args=args)
    error = outcome.get("error")
    if isinstance(error, BaseException):
        return False, t("doctor.audio_bad", detail=_first_line(error), args=args)
    problem = outcome.get("problem")
    if problem:
        return False, t("doctor.audio_bad", detail=str(problem), args=args)
    return True, t("doctor.audio_ok", args=args)


def _complaint(integrity: str) -> str:
    """SQLite's first complaint, and how many more (its "*** in database" headers dropped)."""
    lines = [line for line in integrity.splitlines() if line and not line.startswith("***")]
    if not lines:
        return integrity.strip() or "?"
    return lines[0] + (f" (+{len(lines) - 1})" if len(lines) > 1 else "")


def check_database(db: _Database) -> tuple[bool, str]:
    if db.missing:
        return True, t("doctor.db_missing", path=db.where)
    if db.engine is None:
        return False, t("doctor.db_damaged", path=db.where, detail=db.error or "?")
    try:
        integrity = quick_check(db.engine)
    except Exception as exc:  # noqa: BLE001
        return False, t("doctor.db_damaged", path=db.where, detail=_first_line(exc))
    if integrity != "ok":
        return False, t("doctor.db_damaged", path=db.where, detail=_complaint(integrity))
    config = db.config
    try:
        # The chain and the witnesses outside the database, as `verify --database` does.
        result = witnesses.check_database(
            db.engine,
            config.paths.database_file,
            config.database.backup_dir,
            config.retention.months,
            utcnow(),
        )
    except Exception as exc:  # noqa: BLE001 - unreadable rows are damage too
        return False, t("doctor.db_damaged", path=db.where, detail=_first_line(exc))
    if result.problems:
        return False, t("doctor.db_changed", path=db.where, problem=result.problems[0])
    return True, t("doctor.db_ok", path=db.where, count=result.rows)


def _existing(path: Path) -> Path:
    """The nearest folder that exists: free space is asked of a real place."""
    path = path.absolute()
    while not path.exists() and path.parent != path:
        path = path.parent
    return path


def _size(count: int) -> str:
    return display.size(count)


def check_disk(config: Config) -> tuple[bool, str]:
    places = [config.paths.library]
    if config.paths.database_file is not None:
        places.append(config.paths.database_file.parent)
    seen: set[int] = set()
    parts: list[str] = []
    ok = True
    for place in places:
        real = _existing(place)
        device = real.stat().st_dev
        if device in seen:
            continue  # the same disk: one figure is enough
        seen.add(device)
        usage = shutil.disk_usage(real)
        ratio = usage.free / usage.total if usage.total else 0.0
        low = usage.free < MIN_FREE_BYTES or ratio < MIN_FREE_RATIO
        ok = ok and not low
        parts.append(
            t(
                "doctor.disk_place",
                path=place,
                free=_size(usage.free),
                percent=display.percent(ratio),
            )
        )
    detail = "; ".join(parts)
    if not ok:
        detail += " — " + t(
            "doctor.disk_low",
            minimum=_size(MIN_FREE_BYTES),
            percent=display.percent(MIN_FREE_RATIO),
        )
    return ok, detail


def _latest_recorded(engine: Engine) -> list[tuple[datetime, str]]:
    marks: list[tuple[datetime, str]] = []
    newest = newest_recorded_at(engine)
    if isinstance(newest, datetime):
        newest = newest if newest.tzinfo else newest.replace(tzinfo=UTC)
        marks.append((newest, t("doctor.source_asrun")))
    heartbeat = get_state(engine, "daemon")
    if heartbeat is not None:
        marks.append((heartbeat[1], t("doctor.source_heartbeat")))
    return marks


def check_clock(config: Config, clock: Clock, db: _Database) -> tuple[bool, str]:
    now = clock.now()
    tz = config.station.tz

    def show(moment: datetime) -> str:
        # The offset stays: a wrong time zone is one of the things this check finds.
        local = moment.astimezone(tz)
        return f"{display.date_time(local, seconds=True)} (UTC{local.strftime('%z')})"

    if now < datetime(RELEASE_YEAR, 1, 1, tzinfo=tz):
        return False, t("doctor.clock_too_early", now=show(now), year=RELEASE_YEAR)
    if db.missing:
        return True, t("doctor.clock_ok", now=show(now), latest=t("doctor.clock_nothing"))
    if db.engine is None:
        return True, t("doctor.clock_ok", now=show(now), latest=t("doctor.clock_unreadable"))
    try:
        marks = _latest_recorded(db.engine)
    except Exception:  # noqa: BLE001 - the database line says what is wrong with it
        return True, t("doctor.clock_ok", now=show(now), latest=t("doctor.clock_unreadable"))
    if not marks:
        return True, t("doctor.clock_ok", now=show(now), latest=t("doctor.clock_nothing"))
    latest, source = max(marks, key=lambda mark: mark[0])
    latest_text = f"{show(latest)} ({source})"
    if now + CLOCK_TOLERANCE < latest:
        return False, t("doctor.clock_behind", now=show(now), latest=latest_text)
    return True, t("doctor.clock_ok", now=show(now), latest=latest_text)


def check_inbox(config: Config) -> tuple[bool, str]:
    inbox = config.paths.inbox
    if not inbox.is_dir():
        return False, t("doctor.inbox_missing", path=inbox)
    # A dot-name ending in .tmp: the ingester skips it even if it looked right now.
    try:
        handle, name = tempfile.mkstemp(prefix=".doctor-", suffix=".tmp", dir=inbox)
    except OSError as exc:
        return False, t("doctor.inbox_readonly", path=inbox, detail=_first_line(exc))
    os.close(handle)
    try:
        os.remove(name)
    except OSError as exc:
        return False, t("doctor.inbox_readonly", path=inbox, detail=_first_line(exc))
    return True, t("doctor.inbox_ok", path=inbox)


def check_allocator() -> tuple[bool, str]:
    """Whether `run` will have jemalloc (allocator.py): without it memory creeps on Linux."""
    if not allocator.wanted():
        if not sys.platform.startswith("linux"):
            return True, t("doctor.allocator_not_needed")
        return True, t("doctor.allocator_system", env=f"{allocator.ENV}={allocator.SYSTEM}")
    library = allocator.find_jemalloc()
    if library is None:
        return False, t("doctor.allocator_missing")
    return True, t("doctor.allocator_ok", path=library)


# ---- all of them --------------------------------------------------------------------------
def audio_check(config: Config, clock: Clock | None = None) -> Check:
    """The audio output check alone (it opens the sound device for 1,5 s of silence)."""
    return _guarded(t("health.audio"), lambda: check_audio_output(config, clock or SystemClock()))


def run_checks(config: Config, clock: Clock | None = None, audio: bool = True) -> list[Check]:
    """Every check; without `audio` the sound device is left alone (the console asks for
    that check on its own, only when nothing is on air)."""
    clock = clock or SystemClock()
    db = _Database(config)
    try:
        db.open()
        sound = [audio_check(config, clock)] if audio else []
        return [
            _guarded(t("doctor.libvlc"), check_libvlc),
            _guarded("ffmpeg", lambda: check_tool("ffmpeg")),
            _guarded("ffprobe", lambda: check_tool("ffprobe")),
            *sound,
            _guarded(t("health.database"), lambda: check_database(db)),
            _guarded(t("doctor.disk"), lambda: check_disk(config)),
            _guarded(t("doctor.clock"), lambda: check_clock(config, clock, db)),
            _guarded(t("health.inbox"), lambda: check_inbox(config)),
            _guarded(t("doctor.allocator"), check_allocator),
        ]
    finally:
        db.close()
