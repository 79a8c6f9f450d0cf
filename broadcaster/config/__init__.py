"""Station configuration (`config.toml`) and series rules (`schedules/*.toml`).

Defaults live in one readable table (`DEFAULTS`); `schema.py` checks every key, and
every error is collected (file, key path, message) so the operator sees them all at once,
before anything starts.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from broadcaster.audio.jingle import settings as signal_settings
from broadcaster.audio.vlc_args import problems as vlc_arg_problems
from broadcaster.config.schema import (
    DAYS,
    Checker,
    ConfigIssue,
    Shown,
    boolean,
    choice,
    duration,
    identifier,
    int_between,
    number_between,
    parse_time,
    period,
    read_toml,
    string,
    string_list,
    table,
    timezone,
    weekdays,
)
from broadcaster.core.loudness import Target
from broadcaster.core.rules import DEFAULT_DUE_BY, Series, Slot
from broadcaster.core.vocab import BULLETIN_FOLDER, BULLETIN_SERIES, INBOX_FOLDERS
from broadcaster.errors import ConfigError, Invalid
from broadcaster.i18n import LANGUAGES, t
from broadcaster.proof import office
from broadcaster.station.notify.settings import DEFAULTS as NOTIFY_DEFAULTS
from broadcaster.station.notify.settings import NotifySettings, load_notify

DEFAULTS: dict[str, dict[str, Any]] = {
    "station": {
        "timezone": "Asia/Ho_Chi_Minh",
        "language": "vi",
        "level": "commune",
        "reports_to": "",
        # Air the bundled sample once as a test airing (phát thử) at the very first start.
        "test_airing_on_first_start": True,
    },
    "paths": {
        "inbox": "media/inbox",
        "library": "media/library",
        "quarantine": "media/quarantine",
        "database": "var/broadcaster.store.db",
        "schedules": "schedules",
        "logs": "var/log",
        "archive": "var/archive",
        "renditions": "media/renditions",
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
    # The attention signal (nhạc hiệu) before and after a bulletin: broadcaster/audio/jingle.
    "bulletins": signal_settings.DEFAULTS,
    "notify": NOTIFY_DEFAULTS,  # checked in notify/settings.py
    # Who issues the documents (Nghị định 30/2020): broadcaster/proof/office.py.
    "document": office.DEFAULTS,
}

# ---- ranges --------------------------------------------------------------------------------
# Every number and duration has a range: wide enough that no real station meets its ends,
# narrow enough that a typo cannot peg a core (scan_interval = "0.001s"), hold the planner
# for minutes at gigabytes (repeats = 100000000) or overflow date arithmetic.
RANGES: dict[str, tuple[str, str]] = {
    # Opened this long before the slot; the plan freezes that far ahead. A file opens in
    # well under a second; a minute is plenty even from a slow USB disk.
    "preroll": ("1s", "1m"),
    # The inbox is read this often. Below a second is a busy loop; an emergency bulletin
    # dropped into khan-cap/ waits up to one interval, so not more than 10 minutes.
    "scan_interval": ("1s", "10m"),
    # A file must hold still this long before it is taken (0: at once).
    "settle": ("0s", "10m"),
    # Later than this a slot is recorded as missed. APScheduler's grace is whole seconds
    # (at least 1); an airing more than an hour late is no longer that slot's airing.
    "missed_grace": ("1s", "1h"),
    # The plan, the clock and the sound are checked this often.
    "reconcile_interval": ("1s", "10m"),
    # Longer than a month: no repeat could ever fit in its period.
    "repeat_gap": ("0s", "31d"),
    "min_repeat_gap": ("0s", "31d"),
    # Silence longer than this at either end is skipped (0: any).
    "trim_silence_over": ("0s", "10m"),
    # A weekly programme is late this long before its week's first slot; a week at most.
    "due_before": ("0s", "7d"),
}
# A monthly programme is late after this day of the month; every month has a 28th.
MAX_DUE_BY = 28
DEFAULT_DUE_BEFORE = "2d"
# Seq 100 and up mark make-ups in the plan (planner.MAKEUP_STEP): a 100th repeat would be
# taken for the make-up of the new airing. 99 is more than three airings a day for a month.
MAX_REPEATS = 99
# One new programme a day for a month (a station with more uses period = "week"). The plan's
# cost grows with new x repeats x slots: at 31 x 100 airings a month on 1,440 daily slots,
# all too long to fit, one plan took 1.5 s here; at 100 new programmes it took 6 s.
MAX_NEW_PER_PERIOD = 31
# All series together: one slot a minute, all day. The planner and the bulletin search build
# every slot of every series for up to three periods (1,440 x 31 x 3 = 134k times at most).
MAX_SLOTS = 1440
# Daily backups for a year; each is a full copy of the database.
MAX_BACKUPS = 365
# Never below 24 months: supervisors ask for last year's log well into this one. Ten years
# is longer than any archive rule asks of these logs.
MIN_RETENTION_MONTHS, MAX_RETENTION_MONTHS = 24, 120
# A series folder is a folder name on Linux and Windows alike.
MAX_FOLDER = 100
MAX_NAME_BYTES = 255  # one folder or file name, as ext4 and NTFS allow
_WINDOWS_FORBIDDEN = set('<>:"/\\|?*')
_WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{port}{n}" for port in ("COM", "LPT") for n in [*"0123456789", "¹", "²", "³"]
}


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
    signals: signal_settings.Signals = field(default_factory=signal_settings.Signals)
    notify: NotifySettings = field(default_factory=NotifySettings)
    document: office.Office = field(default_factory=office.Office)

    def series_by_id(self) -> dict[str, Series]:
        return {s.id: s for s in self.series}


def ranged(key: str) -> Any:
    """The duration converter for `key`, with its range from RANGES."""
    return duration(*RANGES[key])


def _resolve(base: Path, value: str) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else (base / path)


def path_in(base: Path) -> Any:
    """A path setting, relative to the config's folder, `~` expanded."""

    def convert(value: Any) -> Path:
        text = string(value)
        if not text.strip():
            raise Invalid(t("config.empty_path"))
        try:
            path = _resolve(base, text)
        except RuntimeError:  # "~someone" with no such user, or no HOME at all
            raise Invalid(t("config.home_unknown", got=Shown(text))) from None
        # File systems (ext4, NTFS) take at most 255 bytes a name: longer ones fail each call.
        if any(len(part.encode("utf-8")) > MAX_NAME_BYTES for part in path.parts):
            raise Invalid(t("config.name_too_long", maximum=MAX_NAME_BYTES))
        return path

    return convert


def database_in(base: Path) -> Any:
    """(SQLAlchemy URL, file) for `[paths] database`: a SQLite file, nothing else.

    An in-memory database loses the as-run log at every stop, and other servers (MySQL,
    PostgreSQL) are not supported yet: the append-only triggers and backups are SQLite's.
    """

    def convert(value: Any) -> tuple[str, Path]:
        text = string(value)
        not_sqlite = Invalid(t("config.database_not_sqlite", got=Shown(text)))
        if "://" in text:
            scheme, _, rest = text.partition("://")
            if scheme.lower() != "sqlite":
                raise not_sqlite
            if not rest:  # "sqlite://" is SQLite in memory
                raise Invalid(t("config.database_memory"))
            if not rest.startswith("/"):  # "sqlite://host/...": not a file here
                raise not_sqlite
            text = rest[1:]  # "sqlite:///var/x.db" is "var/x.db"; four slashes: absolute
        # ":memory:" and "?mode=memory" keep the database in memory; the URL takes no other
        # options (a "?" would start them).
        if text.strip() == ":memory:" or "memory" in text.partition("?")[2]:
            raise Invalid(t("config.database_memory"))
        if "?" in text:
            raise not_sqlite
        file = path_in(base)(text)
        return "sqlite:///" + str(file), file

    return convert


def load_config(path: Path) -> Config:
    """Read and validate the station config and every series file; raise ConfigError."""
    path = Path(path)
    issues: list[ConfigIssue] = []
    # Messages should be in the station's language even while validating, and even when
    # the file is not TOML at all.
    from broadcaster.i18n import set_language
    from broadcaster.i18n.early_language import station_language

    set_language(station_language(path))
    data = read_toml(path, issues)
    if data is None:
        raise ConfigError(issues)

    check = Checker(path, issues)
    check.reject_unknown(data, set(DEFAULTS), "")
    base = path.parent.resolve()

    st = table(check, data, "station")
    check.reject_unknown(
        st,
        {
            "id",
            "name",
            "level",
            "reports_to",
            "timezone",
            "language",
            "default_series",
            "test_airing_on_first_start",
        },
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
        "test_airing_on_first_start": check.get(
            st, "station", "test_airing_on_first_start", boolean, d["test_airing_on_first_start"]
        ),
    }

    pa = table(check, data, "paths")
    d = DEFAULTS["paths"]
    check.reject_unknown(pa, set(d), "paths")
    raw_paths = {
        key: check.get(pa, "paths", key, path_in(base), d[key]) for key in d if key != "database"
    }
    database = check.get(pa, "paths", "database", database_in(base), d["database"])

    pl = table(check, data, "player")
    d = DEFAULTS["player"]
    check.reject_unknown(pl, set(d), "player")
    vlc_args = check.get(pl, "player", "vlc_args", string_list, d["vlc_args"])
    for index, message in vlc_arg_problems(vlc_args or ()):
        check.report(f"player.vlc_args[{index}]", message)
    preroll = check.get(pl, "player", "preroll", ranged("preroll"), d["preroll"])

    ing = table(check, data, "ingest")
    d = DEFAULTS["ingest"]
    check.reject_unknown(ing, set(d), "ingest")
    scan_interval = check.get(
        ing, "ingest", "scan_interval", ranged("scan_interval"), d["scan_interval"]
    )
    settle = check.get(ing, "ingest", "settle", ranged("settle"), d["settle"])

    dm = table(check, data, "daemon")
    d = DEFAULTS["daemon"]
    check.reject_unknown(dm, set(d), "daemon")
    missed_grace = check.get(
        dm, "daemon", "missed_grace", ranged("missed_grace"), d["missed_grace"]
    )
    reconcile = check.get(
        dm, "daemon", "reconcile_interval", ranged("reconcile_interval"), d["reconcile_interval"]
    )

    ret = table(check, data, "retention")
    d = DEFAULTS["retention"]
    check.reject_unknown(ret, set(d), "retention")
    months = int_between(MIN_RETENTION_MONTHS, MAX_RETENTION_MONTHS)
    retention_months = check.get(ret, "retention", "months", months, d["months"])

    dbt = table(check, data, "database")
    d = DEFAULTS["database"]
    check.reject_unknown(dbt, set(d), "database")
    backup_dir = check.get(dbt, "database", "backup_dir", path_in(base), d["backup_dir"])
    backup_at = check.get(dbt, "database", "backup_at", parse_time, d["backup_at"])
    backups_kept = check.get(
        dbt, "database", "backups_kept", int_between(1, MAX_BACKUPS), d["backups_kept"]
    )

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
            loud,
            "loudness",
            "trim_silence_over",
            ranged("trim_silence_over"),
            d["trim_silence_over"],
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

    signals = signal_settings.load(check, table(check, data, "bulletins"), base)
    notify = load_notify(check, data, base)
    document = office.load_office(check, data)

    paths = None
    if database is not None and all(v is not None for v in raw_paths.values()):
        url, db_file = database
        paths = Paths(database=url, database_file=db_file, **raw_paths)
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
        backup_dir=backup_dir,
        backup_at=backup_at,
        backups_kept=backups_kept,
        loudness=target,
        signals=signals,
        notify=notify,
        document=document,
    )


SERIES_KEYS = {
    "id",
    "title",
    "folder",
    "period",
    "new_per_period",
    "repeats",
    "repeat_gap",
    "min_repeat_gap",
    "slots",
    "makeup",
    "due_by",
    "due_before",
}


def load_series(folder: Path, issues: list[ConfigIssue]) -> list[Series]:
    try:
        files = sorted(folder.glob("*.toml")) if folder.is_dir() else []
    except OSError as exc:  # a folder that cannot be read
        detail = exc.strerror or type(exc).__name__
        issues.append(ConfigIssue(folder, "", t("config.unreadable", path=folder, detail=detail)))
        return []
    if not files:
        issues.append(ConfigIssue(folder, "", t("config.no_series", path=folder)))
        return []
    result: list[Series] = []
    seen_ids: dict[str, Path] = {}
    seen_folders: dict[str, str] = {}
    slot_count = 0
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
        # One folder on disk whatever its spelling: NFC as ingest compares names, and
        # caseless, since Windows (and macOS) treat "Tin-Xa" and "tin-xa" as one folder.
        folder_key = series.folder.casefold()
        if folder_key in seen_folders:
            check.report(
                "folder",
                t(
                    "config.duplicate_folder",
                    folder=series.folder,
                    other=seen_folders[folder_key],
                ),
            )
            continue
        slot_count += len(series.slots)
        if slot_count > MAX_SLOTS:
            check.report("slots", t("config.too_many_slots", count=slot_count, maximum=MAX_SLOTS))
            continue
        seen_ids[series.id] = file
        seen_folders[folder_key] = series.id
        result.append(series)
    return result


def _parse_series(file: Path, data: dict[str, Any], issues: list[ConfigIssue]) -> Series | None:
    check = Checker(file, issues)
    check.reject_unknown(data, SERIES_KEYS, "")
    series_id = check.get(data, "", "id", series_identifier)
    title = check.get(data, "", "title", string)
    folder = check.get(data, "", "folder", folder_name, series_id or "")
    period_name = check.get(data, "", "period", period)
    new_per_period = check.get(data, "", "new_per_period", int_between(1, MAX_NEW_PER_PERIOD), 1)
    repeats = check.get(data, "", "repeats", int_between(0, MAX_REPEATS), 0)
    repeat_gap = check.get(data, "", "repeat_gap", ranged("repeat_gap"), "0s")
    min_repeat_gap = (
        check.get(data, "", "min_repeat_gap", ranged("min_repeat_gap"))
        if "min_repeat_gap" in data
        else None
    )
    if min_repeat_gap is not None and repeat_gap is not None and min_repeat_gap > repeat_gap:
        check.report("min_repeat_gap", t("config.min_gap_over_gap"))
    makeup = check.get(data, "", "makeup", boolean, True)
    due_by = check.get(data, "", "due_by", int_between(1, MAX_DUE_BY), DEFAULT_DUE_BY)
    due_before = check.get(data, "", "due_before", ranged("due_before"), DEFAULT_DUE_BEFORE)
    # Each key belongs to one kind of period: the other one would be silently ignored.
    if period_name == "week" and "due_by" in data:
        check.report("due_by", t("config.due_by_weekly"))
    if period_name == "month" and "due_before" in data:
        check.report("due_before", t("config.due_before_monthly"))
    slots = _parse_slots(check, data.get("slots"))
    if len(issues) > 0 and any(i.file == file for i in issues):
        return None
    return Series(
        id=series_id,
        title=title,
        folder=folder,
        period=period_name,
        new_per_period=new_per_period,
        repeats=repeats,
        repeat_gap=repeat_gap,
        slots=slots,
        makeup=makeup,
        due_by=due_by,
        due_before=due_before,
        source=file,
        min_repeat_gap=min_repeat_gap,
    )


def series_identifier(value: Any) -> str:

    text = identifier(value)
    if text == BULLETIN_SERIES:  # the pseudo-series every bulletin belongs to
        raise Invalid(t("config.reserved_id", id=text))
    return text


def folder_name(value: Any) -> str:
    """A series folder: one folder name, in NFC, usable on Linux and Windows, and not one of
    the folders that mean something else (the bulletin inbox folders and library folder).

    Ingest compares folder names in NFC, so a folder written in NFD (as a Mac types it)
    is stored in NFC, or it would never match the folder on disk.
    """
    from broadcaster.ingest.ingester import is_temporary  # imports this module

    folder = unicodedata.normalize("NFC", string(value))
    if folder in {"", ".", ".."}:
        raise Invalid(t("config.reserved_folder", folder=folder))
    bad = sorted({c for c in folder if c in _WINDOWS_FORBIDDEN})
    if bad:
        raise Invalid(t("config.folder_bad_character", folder=folder, chars=" ".join(bad)))
    if len(folder) > MAX_FOLDER:
        raise Invalid(t("config.too_long", maximum=MAX_FOLDER))
    if folder != folder.lstrip(" ") or folder != folder.rstrip(". "):
        raise Invalid(t("config.folder_edges", folder=folder))
    if is_temporary(folder):  # ".x", "~$x", "x.tmp": ingest skips such folders
        raise Invalid(t("config.folder_ignored", folder=folder))
    # Windows keeps these names for devices, with any extension: "nul.mp3" is NUL too.
    if folder.split(".")[0].strip().upper() in _WINDOWS_DEVICES:
        raise Invalid(t("config.folder_windows", folder=folder))
    reserved = [*INBOX_FOLDERS, BULLETIN_FOLDER]
    if folder.casefold() in {unicodedata.normalize("NFC", r).casefold() for r in reserved}:
        raise Invalid(t("config.folder_bulletins", folder=folder, reserved=", ".join(reserved)))
    return folder


def _parse_slots(check: Checker, raw: Any) -> tuple[Slot, ...]:
    if raw is None or raw == []:
        check.report("slots", t("config.no_slots"))
        return ()
    if not isinstance(raw, list):
        check.report(
            "slots", t("config.bad_type", expected='[{ time = "HH:MM" }, ...]', got=Shown(raw))
        )
        return ()
    if len(raw) > MAX_SLOTS:
        check.report("slots", t("config.too_many_slots", count=len(raw), maximum=MAX_SLOTS))
        return ()
    slots: list[Slot] = []
    days_at: dict[time, frozenset[int]] = {}  # the days already taken at each time
    for index, item in enumerate(raw):
        prefix = f"slots[{index}]"
        if not isinstance(item, dict):
            check.report(
                prefix, t("config.bad_type", expected='{ time = "HH:MM" }', got=Shown(item))
            )
            continue
        check.reject_unknown(item, {"time", "days"}, prefix)
        when = check.get(item, prefix, "time", parse_time)
        days = check.get(item, prefix, "days", weekdays, list(DAYS))
        if when is None or days is None:
            continue
        slot = Slot(when, days)
        if days_at.get(when, frozenset()) & days:
            check.report(prefix, t("config.duplicate_slot", time=slot.label()))
            continue
        days_at[when] = days_at.get(when, frozenset()) | days
        slots.append(slot)
    return tuple(slots)
