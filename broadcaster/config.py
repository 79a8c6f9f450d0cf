"""Station configuration (`config.toml`) and series rules (`schedules/*.toml`).

Defaults live in one readable table (`DEFAULTS`); `schema.py` checks every key, and
every error is collected (file, key path, message) so the operator sees them all at once,
before anything starts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from broadcaster.i18n import LANGUAGES, t
from broadcaster.loudness import Target
from broadcaster.schema import (  # noqa: F401  (ConfigError/ConfigIssue/DAYS are re-exported)
    DAYS,
    Checker,
    ConfigError,
    ConfigIssue,
    Invalid,
    boolean,
    choice,
    duration,
    identifier,
    int_at_least,
    number_between,
    parse_time,
    read_toml,
    string,
    string_list,
    table,
    timezone,
    weekdays,
)

DEFAULTS: dict[str, dict[str, Any]] = {
    "station": {
        "timezone": "Asia/Ho_Chi_Minh",
        "language": "vi",
        "level": "commune",
        "reports_to": "",
    },
    "paths": {
        "inbox": "media/inbox",
        "library": "media/library",
        "quarantine": "media/quarantine",
        "database": "var/broadcaster.db",
        "schedules": "schedules",
        "logs": "var/log",
        "archive": "var/archive",
    },
    "player": {"vlc_args": [], "preroll": "3s"},
    "ingest": {"scan_interval": "5s", "settle": "5s"},
    "daemon": {"missed_grace": "2m", "reconcile_interval": "30s"},
    "retention": {"months": 24},
    "database": {"backup_dir": "var/backups", "backup_at": "02:30", "backups_kept": 7},
    # −16 LUFS as Liquidsoap and AzuraCast; set target = -23 for EBU R128.
    "loudness": {
        "normalise": True,
        "target": -16.0,
        "true_peak": -1.0,
        "trim_silence_over": "2s",
    },
}

PERIODS = ("month", "week")
SILENT_OUTPUTS = {f"--aout={name}" for name in ("adummy", "afile", "amem", "dummy")}


@dataclass(frozen=True)
class Slot:
    time: time
    days: frozenset[int]  # 0 = Monday

    def label(self) -> str:
        return self.time.strftime("%H:%M:%S" if self.time.second else "%H:%M")


@dataclass(frozen=True)
class Series:
    id: str
    title: str
    folder: str
    period: str
    new_per_period: int
    repeats: int
    repeat_gap: timedelta
    slots: tuple[Slot, ...]
    source: Path | None = None
    makeup: bool = True  # a missed, failed or partial airing is made up in the same period


@dataclass(frozen=True)
class Station:
    id: str
    name: str
    level: str
    reports_to: str
    timezone: str
    language: str
    default_series: str

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


@dataclass(frozen=True)
class Config:
    source: Path
    station: Station
    paths: Paths
    vlc_args: tuple[str, ...]
    preroll: timedelta
    scan_interval: timedelta
    settle: timedelta
    missed_grace: timedelta
    reconcile_interval: timedelta
    retention_months: int = 24
    series: tuple[Series, ...] = field(default_factory=tuple)
    backup_dir: Path = Path("var/backups")  # load_config resolves it beside the config file
    backup_at: time = time(2, 30)  # station local time
    backups_kept: int = 7
    loudness: Target = field(default_factory=Target)

    def series_by_id(self) -> dict[str, Series]:
        return {s.id: s for s in self.series}


def _resolve(base: Path, value: str) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else (base / path)


def _database_url(base: Path, value: str) -> tuple[str, Path | None]:
    if "://" in value:
        prefix = "sqlite:///"
        if value.startswith(prefix) and value != "sqlite://" and ":memory:" not in value:
            file = _resolve(base, value[len(prefix) :])
            return prefix + str(file), file
        return value, None
    file = _resolve(base, value)
    return "sqlite:///" + str(file), file


def load_config(path: Path) -> Config:
    """Read and validate the station config and every series file; raise ConfigError."""
    path = Path(path)
    issues: list[ConfigIssue] = []
    data = read_toml(path, issues)
    if data is None:
        raise ConfigError(issues)
    # Messages should be in the station's language even while validating.
    from broadcaster.i18n import set_language

    lang = (
        data.get("station", {}).get("language", "vi")
        if isinstance(data.get("station"), dict)
        else "vi"
    )
    set_language(lang if lang in LANGUAGES else "vi")

    check = Checker(path, issues)
    check.reject_unknown(data, set(DEFAULTS), "")
    base = path.parent.resolve()

    st = table(check, data, "station")
    check.reject_unknown(
        st,
        {"id", "name", "level", "reports_to", "timezone", "language", "default_series"},
        "station",
    )
    d = DEFAULTS["station"]
    station_values = {
        "id": check.get(st, "station", "id", identifier),
        "name": check.get(st, "station", "name", string),
        "level": check.get(st, "station", "level", string, d["level"]),
        "reports_to": check.get(st, "station", "reports_to", string, d["reports_to"]),
        "timezone": check.get(st, "station", "timezone", timezone, d["timezone"]),
        "language": check.get(st, "station", "language", choice(LANGUAGES), d["language"]),
        "default_series": check.get(st, "station", "default_series", identifier),
    }

    pa = table(check, data, "paths")
    d = DEFAULTS["paths"]
    check.reject_unknown(pa, set(d), "paths")
    raw_paths = {key: check.get(pa, "paths", key, string, d[key]) for key in d}

    pl = table(check, data, "player")
    d = DEFAULTS["player"]
    check.reject_unknown(pl, set(d), "player")
    vlc_args = check.get(pl, "player", "vlc_args", string_list, d["vlc_args"])
    for arg in vlc_args or ():
        # These "outputs" play no sound yet let libVLC report every airing as played.
        if arg.replace(" ", "").lower() in SILENT_OUTPUTS:
            check.report("player.vlc_args", t("config.silent_output", arg=arg))
    preroll = check.get(pl, "player", "preroll", duration(), d["preroll"])

    ing = table(check, data, "ingest")
    d = DEFAULTS["ingest"]
    check.reject_unknown(ing, set(d), "ingest")
    scan_interval = check.get(ing, "ingest", "scan_interval", duration(), d["scan_interval"])
    settle = check.get(ing, "ingest", "settle", duration(positive=False), d["settle"])

    dm = table(check, data, "daemon")
    d = DEFAULTS["daemon"]
    check.reject_unknown(dm, set(d), "daemon")
    missed_grace = check.get(dm, "daemon", "missed_grace", duration(), d["missed_grace"])
    reconcile = check.get(dm, "daemon", "reconcile_interval", duration(), d["reconcile_interval"])

    ret = table(check, data, "retention")
    d = DEFAULTS["retention"]
    check.reject_unknown(ret, set(d), "retention")
    # Never below 24 months: supervisors ask for last year's log well into this one.
    retention_months = check.get(ret, "retention", "months", int_at_least(24), d["months"])

    dbt = table(check, data, "database")
    d = DEFAULTS["database"]
    check.reject_unknown(dbt, set(d), "database")
    backup_dir = check.get(dbt, "database", "backup_dir", string, d["backup_dir"])
    backup_at = check.get(dbt, "database", "backup_at", parse_time, d["backup_at"])
    backups_kept = check.get(dbt, "database", "backups_kept", int_at_least(1), d["backups_kept"])

    loud = table(check, data, "loudness")
    d = DEFAULTS["loudness"]
    check.reject_unknown(loud, set(d), "loudness")
    # None only when the key is wrong, and then load_config raises before Target is used.
    values = {
        "normalise": check.get(loud, "loudness", "normalise", boolean, d["normalise"]),
        "lufs": check.get(loud, "loudness", "target", number_between(-40, -5), d["target"]),
        "true_peak_dbtp": check.get(
            loud, "loudness", "true_peak", number_between(-10, 0), d["true_peak"]
        ),
        "trim": check.get(
            loud, "loudness", "trim_silence_over", duration(positive=False), d["trim_silence_over"]
        ),
    }
    target = Target()
    if None not in values.values():
        target = Target(
            lufs=values["lufs"],
            true_peak_dbtp=values["true_peak_dbtp"],
            normalise=values["normalise"],
            trim_silence_over_s=values["trim"].total_seconds(),
        )

    paths = None
    if all(v is not None for v in raw_paths.values()):
        url, db_file = _database_url(base, raw_paths["database"])
        paths = Paths(
            inbox=_resolve(base, raw_paths["inbox"]),
            library=_resolve(base, raw_paths["library"]),
            quarantine=_resolve(base, raw_paths["quarantine"]),
            database=url,
            database_file=db_file,
            schedules=_resolve(base, raw_paths["schedules"]),
            logs=_resolve(base, raw_paths["logs"]),
            archive=_resolve(base, raw_paths["archive"]),
        )
        before = len(issues)
        series = load_series(paths.schedules, issues)
        default = station_values["default_series"]
        # A default series whose file has errors is reported there, not as missing too.
        series_ok = len(issues) == before
        if default and series and series_ok and default not in {s.id for s in series}:
            check.report("station.default_series", t("config.unknown_default_series", id=default))
    else:
        series = []

    if issues:
        raise ConfigError(issues)
    assert paths is not None
    return Config(
        source=path.resolve(),
        station=Station(**station_values),
        paths=paths,
        vlc_args=vlc_args,
        preroll=preroll,
        scan_interval=scan_interval,
        settle=settle,
        missed_grace=missed_grace,
        reconcile_interval=reconcile,
        retention_months=retention_months,
        series=tuple(series),
        backup_dir=_resolve(base, backup_dir),
        backup_at=backup_at,
        backups_kept=backups_kept,
        loudness=target,
    )


SERIES_KEYS = {
    "id",
    "title",
    "folder",
    "period",
    "new_per_period",
    "repeats",
    "repeat_gap",
    "slots",
    "makeup",
}


def load_series(folder: Path, issues: list[ConfigIssue]) -> list[Series]:
    files = sorted(folder.glob("*.toml")) if folder.is_dir() else []
    if not files:
        issues.append(ConfigIssue(folder, "", t("config.no_series", path=folder)))
        return []
    result: list[Series] = []
    seen_ids: dict[str, Path] = {}
    seen_folders: dict[str, str] = {}
    for file in files:
        before = len(issues)
        data = read_toml(file, issues)
        if data is None:
            continue
        series = _parse_series(file, data, issues)
        if series is None or len(issues) > before:
            continue
        check = Checker(file, issues)
        if series.id in seen_ids:
            check.report(
                "id", t("config.duplicate_series", id=series.id, other=seen_ids[series.id].name)
            )
            continue
        if series.folder in seen_folders:
            check.report(
                "folder",
                t(
                    "config.duplicate_folder",
                    folder=series.folder,
                    other=seen_folders[series.folder],
                ),
            )
            continue
        seen_ids[series.id] = file
        seen_folders[series.folder] = series.id
        result.append(series)
    return result


def _parse_series(file: Path, data: dict[str, Any], issues: list[ConfigIssue]) -> Series | None:
    check = Checker(file, issues)
    check.reject_unknown(data, SERIES_KEYS, "")
    series_id = check.get(data, "", "id", identifier)
    title = check.get(data, "", "title", string)
    folder = check.get(data, "", "folder", string, series_id or "")
    if folder is not None and (
        not folder or folder in {".", ".."} or "/" in folder or "\\" in folder
    ):
        check.report("folder", t("config.reserved_folder", folder=folder))
    period = check.get(data, "", "period", choice(PERIODS))
    new_per_period = check.get(data, "", "new_per_period", int_at_least(1), 1)
    repeats = check.get(data, "", "repeats", int_at_least(0), 0)
    repeat_gap = check.get(data, "", "repeat_gap", duration(positive=False), "0s")
    makeup = check.get(data, "", "makeup", boolean, True)
    slots = _parse_slots(check, data.get("slots"))
    if len(issues) > 0 and any(i.file == file for i in issues):
        return None
    return Series(
        id=series_id,
        title=title,
        folder=folder,
        period=period,
        new_per_period=new_per_period,
        repeats=repeats,
        repeat_gap=repeat_gap,
        slots=slots,
        makeup=makeup,
        source=file,
    )


def _parse_slots(check: Checker, raw: Any) -> tuple[Slot, ...]:
    if raw is None or raw == []:
        check.report("slots", t("config.no_slots"))
        return ()
    if not isinstance(raw, list):
        check.report("slots", t("config.bad_type", expected='[{ time = "HH:MM" }, ...]', got=raw))
        return ()
    slots: list[Slot] = []
    for index, item in enumerate(raw):
        prefix = f"slots[{index}]"
        if not isinstance(item, dict):
            check.report(prefix, t("config.bad_type", expected='{ time = "HH:MM" }', got=item))
            continue
        check.reject_unknown(item, {"time", "days"}, prefix)
        when = check.get(item, prefix, "time", parse_time)
        days = check.get(item, prefix, "days", weekdays, list(DAYS))
        if when is None or days is None:
            continue
        slot = Slot(when, days)
        if any(s.time == slot.time and s.days & slot.days for s in slots):
            check.report(prefix, t("config.duplicate_slot", time=slot.label()))
            continue
        slots.append(slot)
    return tuple(slots)
