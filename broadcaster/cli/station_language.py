"""The station's language, read from config.toml before anything else is.

click parses the command line, prints `--help` and reports usage errors before any command
reads its config, and a config.toml that is not valid TOML must still be explained in the
station's language. So the language is read here on its own, leniently: any problem (no
file, no such key, a broken file) leaves Vietnamese, the default.

It lives with the CLI, the one entry point that chooses the language (#12), and not in
i18n/, which sits below config/ in the wings and must not import it.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from broadcaster.config.schema import read_text
from broadcaster.errors import Invalid
from broadcaster.i18n import LANGUAGES

# For a file tomllib refuses: the first `language = "en"` line, as the [station] table has it.
_LANGUAGE_LINE = re.compile(r"""^\s*language\s*=\s*["']([a-z]+)["']""", re.MULTILINE)


def station_language(config_path: Path) -> str:
    """ "vi" or "en" as `[station] language` in `config_path` says; "vi" when unsure."""
    try:
        text = read_text(Path(config_path))
    except (Invalid, ValueError):  # ValueError: a NUL in the path
        return "vi"
    try:
        station = tomllib.loads(text).get("station")
        language = station.get("language") if isinstance(station, dict) else None
    except (tomllib.TOMLDecodeError, RecursionError):
        found = _LANGUAGE_LINE.search(text)
        language = found.group(1) if found else None
    return language if language in LANGUAGES else "vi"
