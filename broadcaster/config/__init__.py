"""Station configuration (`config.toml`) and series rules (`schedules/*.toml`).

Defaults live in one readable file (`defaults.toml`); `sections.py` declares each table's
keys once, and one loop checks them all. Every error is collected (file, key path,
message) so the operator sees them all at once, before anything starts. The result is
sectioned as the file is: `config.player.preroll`, `config.database.backup_at`, ...
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from broadcaster.config.bulletins import Signals
from broadcaster.config.document import Office
from broadcaster.config.limits import (
    MAX_NEW_PER_PERIOD,
    MAX_REPEATS,
    MAX_SLOTS,
    RANGES,
)
from broadcaster.config.notify import NotifySettings
from broadcaster.config.schema import (
    DAYS,
    Checker,
    ConfigIssue,
    read_toml,
)
from broadcaster.config.sections import DEFAULTS, read_section, read_sections
from broadcaster.config.series import SERIES_KEYS, load_series
from broadcaster.config.settings import (
    CentralSettings,
    ConsoleSettings,
    DaemonSettings,
    DatabaseSettings,
    IngestSettings,
    Paths,
    PlayerSettings,
    RetentionSettings,
    Station,
)
from broadcaster.core.loudness import Target
from broadcaster.core.rules import Series, Slot
from broadcaster.errors import ConfigError
from broadcaster.i18n import t

__all__ = [
    "DAYS",
    "DEFAULTS",
    "MAX_NEW_PER_PERIOD",
    "MAX_REPEATS",
    "MAX_SLOTS",
    "RANGES",
    "SERIES_KEYS",
    "Config",
    "ConfigError",
    "ConfigIssue",
    "Paths",
    "Series",
    "Slot",
    "Station",
    "load_config",
    "load_series",
    "read_office",
]


@dataclass(frozen=True)
class Config:
    source: Path
    station: Station
    paths: Paths
    player: PlayerSettings = field(default_factory=PlayerSettings)
    ingest: IngestSettings = field(default_factory=IngestSettings)
    daemon: DaemonSettings = field(default_factory=DaemonSettings)
    retention: RetentionSettings = field(default_factory=RetentionSettings)
    database: DatabaseSettings = field(default_factory=DatabaseSettings)
    console: ConsoleSettings = field(default_factory=ConsoleSettings)
    central: CentralSettings = field(default_factory=CentralSettings)
    loudness: Target = field(default_factory=Target)
    bulletins: Signals = field(default_factory=Signals)
    notify: NotifySettings = field(default_factory=NotifySettings)
    document: Office = field(default_factory=Office)
    series: tuple[Series, ...] = field(default_factory=tuple)

    def series_by_id(self) -> dict[str, Series]:
        return {s.id: s for s in self.series}


def load_config(path: Path) -> Config:
    """Read and validate the station config and every series file; raise ConfigError."""
    path = Path(path)
    issues: list[ConfigIssue] = []
    # Its messages are in the language the entry point chose (cli/__init__.py reads the
    # station's from this file first, even when it is not TOML at all): nothing set here.
    data = read_toml(path, issues)
    if data is None:
        raise ConfigError(issues)

    check = Checker(path, issues)
    settings, values = read_sections(check, data, path.parent.resolve())
    paths: Paths | None = settings["paths"]
    series: list[Series] = []
    if paths is not None:
        before = len(issues)
        series = load_series(paths.schedules, issues)
        default = values["station"]["default_series"]
        # A default series whose file has errors is reported there, not as missing too.
        series_ok = len(issues) == before
        if default and series and series_ok and default not in {s.id for s in series}:
            check.report("station.default_series", t("config.unknown_default_series", id=default))

    if issues:
        raise ConfigError(issues)
    return Config(source=path.resolve(), series=tuple(series), **settings)


def read_office(path: Path) -> Office:
    """The `[document]` table of a config file for `report`, run where there may be no
    station (the culture office): no file, no table; only this table is read and checked
    (a bad value is ConfigError, exit 2, like any setting)."""
    if not path.exists():
        return Office()
    issues: list[ConfigIssue] = []
    data = read_toml(path, issues)
    office = read_section(Checker(path, issues), data or {}, "document", path.parent)
    if issues:
        raise ConfigError(issues)
    assert isinstance(office, Office)
    return office
