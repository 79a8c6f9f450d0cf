"""The checked settings of each table of config.toml, as the rest of the station reads them:
`config.player.preroll`, `config.daemon.missed_grace`, `config.database.backup_at`, ...

[loudness], [bulletins], [notify] and [document] have their own types, beside their
converters (core/loudness.py, bulletins.py, notify.py, document.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Station:
    id: str
    name: str
    level: str
    reports_to: str
    timezone: str
    language: str
    default_series: str
    test_airing_on_first_start: bool = True

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class Paths:
    inbox: Path
    library: Path
    quarantine: Path
    database: str  # SQLAlchemy URL
    database_file: Path | None
    schedules: Path
    logs: Path
    archive: Path
    renditions: Path  # normalised copies of quiet, peaky programmes (renditions.py)


@dataclass(frozen=True)
class PlayerSettings:
    vlc_args: tuple[str, ...] = ()
    preroll: timedelta = timedelta(seconds=3)


@dataclass(frozen=True)
class IngestSettings:
    scan_interval: timedelta = timedelta(seconds=5)
    settle: timedelta = timedelta(seconds=5)


@dataclass(frozen=True)
class DaemonSettings:
    missed_grace: timedelta = timedelta(minutes=2)
    reconcile_interval: timedelta = timedelta(seconds=30)


@dataclass(frozen=True)
class RetentionSettings:
    months: int = 24


@dataclass(frozen=True)
class DatabaseSettings:
    backup_dir: Path = Path("var/backups")  # load_config resolves it beside the config file
    backup_at: time = time(2, 30)  # station local time
    backups_kept: int = 7


@dataclass(frozen=True)
class CentralSettings:
    """The province service this station sends its as-run log to (#14); `url` empty: none,
    and nothing changes for the station."""

    url: str = ""
    cert: Path = Path("var/central/station.crt")  # load_config resolves them beside the config
    key: Path = Path("var/central/station.key")
    ca: Path = Path("var/central/ca.crt")
    batch_rows: int = 500
    interval: timedelta = timedelta(minutes=5)  # the daemon's passes (and heartbeats)

    @property
    def enabled(self) -> bool:
        return bool(self.url)


@dataclass(frozen=True)
class ConsoleSettings:
    enabled: bool = True
    host: str = "127.0.0.1"
    port: int = 8470
    upload_max_mb: int = 500
    session_hours: int = 12
    approval: bool = False
    emergency_skips_approval: bool = True
    secret_file: Path = Path("var/console.key")  # load_config resolves it beside the config

    @property
    def loopback(self) -> bool:
        """Whether only this machine can reach the console (no network listens)."""
        return self.host in ("127.0.0.1", "::1", "localhost")

    @property
    def address(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"
