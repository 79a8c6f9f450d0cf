"""Each table of config.toml declared once: its keys, how each is checked, and what the
checked values become. One loop reads them all (mopidy's `ConfigSchema.deserialize` shape):
unknown keys get a "did you mean", a missing required key and every bad value are reported
with their key path, and the section's own rules between keys run after its keys.

A key's default is in defaults.toml; a declared key with no default there is required.
A new key is one line there and one line here.
"""

from __future__ import annotations

import ipaddress
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from broadcaster.config import bulletins, document, notify
from broadcaster.config.limits import (
    MAX_BACKUPS,
    MAX_RETENTION_MONTHS,
    MIN_RETENTION_MONTHS,
    RANGES,
    TARGET_RANGE,
    TRUE_PEAK_RANGE,
)
from broadcaster.config.paths import database_in, path_in
from broadcaster.config.schema import (
    Checker,
    Invalid,
    Shown,
    boolean,
    choice,
    duration,
    identifier,
    int_between,
    join,
    number_between,
    parse_time,
    string,
    string_list,
    table,
    timezone,
)
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
from broadcaster.config.vlc_args import problems as vlc_arg_problems
from broadcaster.core.loudness import Target
from broadcaster.i18n import LANGUAGES, t

Convert = Callable[[Any], Any]
DEFAULTS: dict[str, dict[str, Any]] = tomllib.loads(
    files("broadcaster.config").joinpath("defaults.toml").read_text(encoding="utf-8")
)


@dataclass
class Where:
    """What a converter may need besides the value: the station folder (relative paths are
    relative to it) and the signal files already decoded in this load."""

    folder: Path
    signals: dict[Path, Path] = field(default_factory=dict)


@dataclass(frozen=True)
class Key:
    """One key: its converter (`located` when it needs the station folder), further issues
    found in its value (`then`), how `broadcaster config` hides it (`secret`) and the range
    its help gives. Its help text is the message `config_help.<table>.<key>`."""

    name: str
    convert: Convert | None = None
    located: Callable[[Where], Convert] | None = None
    then: Callable[[Checker, str, Any], None] | None = None
    secret: Callable[[Any], Any] | None = None
    range: tuple[Any, Any] | None = None  # the ends the converter accepts, for the help

    def converter(self, where: Where) -> Convert:
        if self.located is not None:
            return self.located(where)
        assert self.convert is not None, self.name
        return self.convert


@dataclass(frozen=True)
class Section:
    """One table: its keys in the order they are checked, the rules between them, and what
    the checked values become (`build`, only when every key converted)."""

    name: str
    keys: tuple[Key, ...]
    build: Callable[[dict[str, Any], Where], Any]
    check: Callable[[Checker, dict[str, Any]], None] | None = None

    def default(self, key: str) -> Any:
        """The key's default, or `Invalid` (required) when defaults.toml has none."""
        return DEFAULTS.get(self.name, {}).get(key, Invalid)

    def help(self, key: Key) -> str:
        """What the key means, in the current language, with its range."""
        text = t(f"config_help.{self.name}.{key.name}")
        if key.range is None:
            return text
        low, high = (f"{end:g}" if isinstance(end, float) else str(end) for end in key.range)
        return f"{text} ({low} … {high})"


def _between(name: str, convert: Callable[[Any, Any], Convert], low: Any, high: Any) -> Key:
    """A key whose value must lie from `low` to `high`, its help saying so."""
    return Key(name, convert(low, high), range=(low, high))


def _ranged(name: str) -> Key:
    """A duration key with its range from limits.RANGES."""
    return _between(name, duration, *RANGES[name])


def _report_vlc_args(check: Checker, path: str, args: tuple[str, ...]) -> None:
    for index, message in vlc_arg_problems(args):
        check.report(f"{path}[{index}]", message)


def _listen_host(value: Any) -> str:
    """An address to listen on: an IP literal or "localhost", never a name to look up."""
    text = string(value)
    if text == "localhost":
        return text
    try:
        ipaddress.ip_address(text)
    except ValueError:
        raise Invalid(t("config.bad_host", got=text)) from None
    return text


def _central_url(value: Any) -> str:
    """The province service's address: empty (none), or https://host[:port][/path]; a
    station's log never travels unencrypted, and no login rides in the address."""
    text = string(value)
    if text == "":
        return text
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise Invalid(t("config.central_url", got=Shown(text))) from None
    if (
        parts.scheme != "https"
        or not parts.hostname
        or parts.username is not None
        or parts.query
        or parts.fragment
        or any(c.isspace() for c in text)
        or (port is not None and not 1 <= port <= 65535)
    ):
        raise Invalid(t("config.central_url", got=Shown(text)))
    return text.rstrip("/")


def _paths(values: dict[str, Any], where: Where) -> Paths:
    url, file = values["database"]
    others = {key: value for key, value in values.items() if key != "database"}
    return Paths(database=url, database_file=file, **others)


def _loudness(values: dict[str, Any], where: Where) -> Target:
    return Target(
        lufs=values["target"],
        true_peak_dbtp=values["true_peak"],
        normalise=values["normalise"],
        trim_silence_over_s=values["trim_silence_over"].total_seconds(),
    )


def _of(kind: Callable[..., Any]) -> Callable[[dict[str, Any], Where], Any]:
    """The build of a section whose type takes its keys as they are."""
    return lambda values, where: kind(**values)


def _in_folder(convert: Callable[[Path], Convert]) -> Callable[[Where], Convert]:
    return lambda where: convert(where.folder)


def masked(value: Any) -> Any:
    """A password as `broadcaster config` shows it: whether it is set, never what it is."""
    return "********" if value else value


def masked_address(value: Any) -> Any:
    """A webhook address with its path, query and login hidden: tokens live there."""
    parts = urlsplit(value) if isinstance(value, str) else None
    if not parts or not parts.hostname:
        return masked(value)
    port = f":{parts.port}" if parts.port else ""
    hidden = parts.path.strip("/") or parts.query or parts.username
    return f"{parts.scheme}://{parts.hostname}{port}/" + ("********" if hidden else "")


_PATH = _in_folder(path_in)
SECTIONS: dict[str, Section] = {
    section.name: section
    for section in (
        Section(
            "station",
            (
                Key("id", identifier),
                Key("name", string),
                Key("level", string),
                Key("reports_to", string),
                Key("timezone", timezone),
                Key("language", choice(LANGUAGES)),
                Key("default_series", identifier),
                Key("test_airing_on_first_start", boolean),
            ),
            _of(Station),
        ),
        Section(
            "paths",
            (
                Key("inbox", located=_PATH),
                Key("library", located=_PATH),
                Key("quarantine", located=_PATH),
                Key("schedules", located=_PATH),
                Key("logs", located=_PATH),
                Key("archive", located=_PATH),
                Key("renditions", located=_PATH),
                Key("database", located=_in_folder(database_in)),
            ),
            _paths,
        ),
        Section(
            "player",
            (
                Key("vlc_args", string_list, then=_report_vlc_args),
                _ranged("preroll"),
            ),
            _of(PlayerSettings),
        ),
        Section(
            "ingest",
            (_ranged("scan_interval"), _ranged("settle")),
            _of(IngestSettings),
        ),
        Section(
            "daemon",
            (
                _ranged("missed_grace"),
                _ranged("reconcile_interval"),
            ),
            _of(DaemonSettings),
        ),
        Section(
            "retention",
            (_between("months", int_between, MIN_RETENTION_MONTHS, MAX_RETENTION_MONTHS),),
            _of(RetentionSettings),
        ),
        Section(
            "database",
            (
                Key("backup_dir", located=_PATH),
                Key("backup_at", parse_time),
                _between("backups_kept", int_between, 1, MAX_BACKUPS),
            ),
            _of(DatabaseSettings),
        ),
        Section(
            "console",
            (
                Key("enabled", boolean),
                Key("host", _listen_host),
                _between("port", int_between, 1024, 65535),
                _between("upload_max_mb", int_between, 1, 4096),
                _between("session_hours", int_between, 1, 720),
                Key("approval", boolean),
                Key("emergency_skips_approval", boolean),
                Key("secret_file", located=_PATH),
            ),
            _of(ConsoleSettings),
        ),
        Section(
            "central",
            (
                Key("url", _central_url),
                Key("cert", located=_PATH),
                Key("key", located=_PATH),
                Key("ca", located=_PATH),
                _between("batch_rows", int_between, 1, 5000),
                _between("interval", duration, "1s", "1h"),
            ),
            _of(CentralSettings),
        ),
        Section(
            "loudness",
            (
                Key("normalise", boolean),
                _between("target", number_between, *TARGET_RANGE),
                _between("true_peak", number_between, *TRUE_PEAK_RANGE),
                _ranged("trim_silence_over"),
            ),
            _loudness,
        ),
        Section(
            "bulletins",
            (
                *(
                    Key(
                        key,
                        located=lambda where: bulletins.signal_file(where.folder, where.signals),
                    )
                    for key in bulletins.PRIORITY_KEYS.values()
                ),
                Key("signal_after", boolean),
                _between("gap", duration, *bulletins.GAP_RANGE),
            ),
            lambda values, where: bulletins.build_signals(values, where.folder),
        ),
        Section(
            "notify",
            (
                Key("email_to", notify.addresses),
                Key("email_from", notify.optional_address),
                Key("smtp_host", notify.host_name),
                _between("smtp_port", int_between, 1, 65535),
                Key("smtp_user", string),
                Key("starttls", boolean),
                Key("webhook_url", notify.web_address, secret=masked_address),
                _between("timeout", duration, *notify.TIMEOUT_RANGE),
                _between("quiet_period", duration, *notify.QUIET_RANGE),
                _between("retries", int_between, 0, notify.MAX_RETRIES),
                _between("retry_backoff", duration, *notify.BACKOFF_RANGE),
                Key("smtp_password", notify.secret, secret=masked),
                Key("smtp_password_file", located=_in_folder(notify.password_file)),
            ),
            lambda values, where: notify.build_notify(values),
            check=notify.check_notify,
        ),
        Section(
            "document",
            (
                *(
                    Key(key, document.line)
                    for key in (
                        "parent_body",
                        "issuer",
                        "issuer_code",
                        "number",
                        "place",
                        "signer_title",
                        "signer_name",
                        "preparer_name",
                    )
                ),
                Key("recipients", document.lines),
            ),
            _of(document.Office),
        ),
    )
}


def read_sections(
    check: Checker, data: dict[str, Any], folder: Path
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """Every section of `data`, by name: its settings (None when one of its keys is bad,
    reported to `check` with every other issue of the file), and its converted values by
    key (None where bad)."""
    check.reject_unknown(data, set(SECTIONS), "")
    where = Where(folder)
    settings: dict[str, Any] = {}
    values: dict[str, dict[str, Any]] = {}
    for name, section in SECTIONS.items():
        settings[name], values[name] = _read(check, data, section, where)
    return settings, values


def read_section(check: Checker, data: dict[str, Any], name: str, folder: Path) -> Any:
    """One section of `data` alone (`report` reads only [document])."""
    return _read(check, data, SECTIONS[name], Where(folder))[0]


def _read(
    check: Checker, data: dict[str, Any], section: Section, where: Where
) -> tuple[Any, dict[str, Any]]:
    raw = table(check, data, section.name)
    check.reject_unknown(raw, {key.name for key in section.keys}, section.name)
    values: dict[str, Any] = {}
    converted = True
    for key in section.keys:
        before = len(check.issues)
        convert = key.converter(where)
        value = check.get(raw, section.name, key.name, convert, section.default(key.name))
        if len(check.issues) > before:
            converted = False
        elif key.then is not None:
            key.then(check, join(section.name, key.name), value)
        values[key.name] = value
    if section.check is not None:
        section.check(check, values)
    return (section.build(values, where) if converted else None), values


def undeclared_defaults(defaults: dict[str, dict[str, Any]]) -> list[str]:
    """`section.key` of each default no section declares: a default nothing would read."""
    declared = {(name, key.name) for name, section in SECTIONS.items() for key in section.keys}
    return [
        f"{name}.{key}"
        for name, table in defaults.items()
        for key in table
        if (name, key) not in declared
    ]


def required_keys(defaults: dict[str, dict[str, Any]]) -> list[str]:
    """`section.key` of each declared key without a default: the operator must write it."""
    return [
        f"{name}.{key.name}"
        for name, section in SECTIONS.items()
        for key in section.keys
        if key.name not in defaults.get(name, {})
    ]
