"""config/ as a declared schema (#12): defaults.toml and sections.py agree, every key has
its help, and the README's defaults are the real ones. (Which wings config may import is
tests/unit/test_layers.py's business.)"""

from __future__ import annotations

import copy
import re
import tomllib
from pathlib import Path
from typing import Any

from broadcaster.config.sections import (
    DEFAULTS,
    SECTIONS,
    Key,
    Section,
    required_keys,
    undeclared_defaults,
)
from broadcaster.i18n import catalogue, t

ROOT = Path(__file__).resolve().parents[3]
README = ROOT / "README.md"


def test_every_default_is_declared_and_only_the_station_names_are_required():
    assert undeclared_defaults(DEFAULTS) == []
    assert required_keys(DEFAULTS) == ["station.id", "station.name", "station.default_series"]


def test_a_default_nobody_declares_or_a_missing_default_is_seen():
    doctored = copy.deepcopy(DEFAULTS)
    doctored["player"]["prerol"] = "3s"
    del doctored["ingest"]["settle"]
    assert undeclared_defaults(doctored) == ["player.prerol"]
    assert "ingest.settle" in required_keys(doctored)


def keys_without_help(sections) -> list[str]:
    return [
        f"{name}.{key.name}"
        for name, section in sections.items()
        for key in section.keys
        if any(f"config_help.{name}.{key.name}" not in catalogue(lang) for lang in ("vi", "en"))
    ]


def test_every_declared_key_has_its_help_in_both_languages():
    assert keys_without_help(SECTIONS) == []
    doctored = {"player": Section("player", (Key("prerol", str),), lambda v, w: None)}
    assert keys_without_help(doctored) == ["player.prerol"]


def test_the_help_gives_the_range_the_converter_takes():
    player = SECTIONS["player"]
    preroll = next(key for key in player.keys if key.name == "preroll")
    assert player.help(preroll) == t("config_help.player.preroll", "vi") + " (1s … 1m)"
    loudness = SECTIONS["loudness"]
    target = next(key for key in loudness.keys if key.name == "target")
    assert loudness.help(target).endswith("(-40 … -5)")


def readme_defaults(text: str) -> dict[tuple[str, str], Any]:
    """(table, key) -> the default the README's Configuration tables give as a TOML value
    (rows whose default is words, such as "required" or "the station's name", are skipped)."""
    part = text[text.index("## Configuration") : text.index("### Series files")]
    found: dict[tuple[str, str], Any] = {}
    table = None
    for line in part.splitlines():
        heading = re.fullmatch(r"### `\[(\w+)\]`", line)
        if heading:
            table = heading[1]
            continue
        row = re.match(r"\| `(\w+)` \| `([^`]+)` \|", line)
        if table and row:
            try:
                found[table, row[1]] = tomllib.loads(f"value = {row[2]}")["value"]
            except tomllib.TOMLDecodeError:
                continue  # a name (`smtp_user`), not a value
    return found


def test_the_readme_gives_the_defaults_of_defaults_toml():
    shown = readme_defaults(README.read_text(encoding="utf-8"))
    assert len(shown) > 40  # the tables were read
    wrong = {at: value for at, value in shown.items() if DEFAULTS[at[0]].get(at[1]) != value}
    assert wrong == {}


def test_a_readme_default_that_drifted_is_seen():
    text = README.read_text(encoding="utf-8").replace(
        '| `preroll` | `"3s"` |', '| `preroll` | `"5s"` |'
    )
    shown = readme_defaults(text)
    assert shown["player", "preroll"] == "5s" != DEFAULTS["player"]["preroll"]
