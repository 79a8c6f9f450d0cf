"""The configuration in force, as `broadcaster config` prints it: for every declared key the
value the file gives, else its default from defaults.toml, secrets hidden.

Each key comes under its help (`config_help.<table>.<key>`, with its range), and values are
shown as written (durations stay "1m30s", paths stay relative to the config's folder), so
what is printed can be pasted back into config.toml as it is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import Any

from broadcaster.config.schema import ConfigIssue, read_toml
from broadcaster.config.sections import SECTIONS
from broadcaster.errors import ConfigError
from broadcaster.i18n import t


@dataclass(frozen=True)
class Setting:
    section: str
    key: str
    value: Any
    default: bool  # not in the file: defaults.toml's value
    help: str  # what it means, in the station's language, with its range


def settings_in(path: Path) -> list[Setting]:
    """Every declared key of the (already checked) config file at `path`, in declared order."""
    issues: list[ConfigIssue] = []
    data = read_toml(path, issues)
    if data is None:  # changed since it was checked: say so as load_config would
        raise ConfigError(issues)
    settings: list[Setting] = []
    for name, section in SECTIONS.items():
        written = data.get(name, {})
        for key in section.keys:
            given = key.name in written
            value = written[key.name] if given else section.default(key.name)
            if key.secret is not None:
                value = key.secret(value)
            help_text = section.help(key)
            settings.append(Setting(name, key.name, value, not given, help_text))
    return settings


def as_toml(settings: list[Setting], source: Path) -> str:
    """TOML that reads back as the same values, each key under a comment saying what it
    means, in the station's language."""
    lines = [
        "# " + t("config_cmd.header", path=source),
        "# " + t("config_cmd.relative", folder=source.parent),
    ]
    section = None
    for setting in settings:
        if setting.section != section:
            section = setting.section
            lines += ["", f"[{section}]"]
        lines.append(f"# {setting.help}")
        line = f"{setting.key} = {toml_value(setting.value)}"
        lines.append(f"{line}  # {t('config_cmd.default')}" if setting.default else line)
    return "\n".join(lines)


def as_json(settings: list[Setting]) -> str:
    tables: dict[str, dict[str, Any]] = {}
    for setting in settings:
        value = setting.value
        tables.setdefault(setting.section, {})[setting.key] = (
            value.isoformat() if isinstance(value, time) else value
        )
    return json.dumps(tables, ensure_ascii=False, indent=2)


def toml_value(value: Any) -> str:
    """A value TOML reads back unchanged: a JSON string is a TOML basic string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, time):  # a TOML local time, written without quotes
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    raise TypeError(f"no TOML for {value!r}")
