"""Helpers for the configuration and command-line findings: run the CLI, check the refusal.

A refusal is exit 2, a SystemExit (not an exception), no traceback, and the operator's text
in Vietnamese: one line for a command-line value or a file that cannot be read, and for
configuration values the header plus one line per issue, each with its file and key path.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from broadcaster.cli import main
from broadcaster.i18n import t
from tests.support.paths import REPO


def cli(station, *args: str) -> Result:
    return cli_at(station.config_path, *args)


def cli_at(config: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--config", str(config), *args])


def run_process(
    config: Path, *args: str, cwd: Path, timeout: float = 60.0
) -> subprocess.CompletedProcess[str]:
    """`python -m broadcaster` in a process of its own (for what only a process shows); a
    process that does not end within `timeout` is killed and the test fails."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    try:
        return subprocess.run(
            [sys.executable, "-m", "broadcaster", "--config", str(config), *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:  # subprocess.run has killed it
        pytest.fail(f"`broadcaster {' '.join(args)}` did not end within {timeout:g} s")


def assert_exit_2(result: Result) -> None:
    assert result.exit_code == 2, f"exit {result.exit_code}, {result.exception!r}: {result.output}"
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output


def assert_one_line(result: Result, key: str, **values: object) -> None:
    """Exit 2 and exactly the Vietnamese message `key` (with `values`) as the only line.

    The message is built after the exit code is checked: on code without the message key,
    the test fails on its assertion, not on a KeyError."""
    assert_exit_2(result)
    assert result.stderr.strip() == t(key, "vi", **values), result.output


Issue = tuple[Path, str, str, dict[str, Any]]  # file, key path, message key, its values


def assert_issues(result: Result, *issues: Issue) -> None:
    """Exit 2 and these configuration errors, in order, each on its own line in Vietnamese."""
    assert_exit_2(result)
    assert result.stderr.splitlines() == [
        t("config.errors_header", "vi", count=len(issues)),
        *(f"  - {file}: {path}: {t(key, 'vi', **values)}" for file, path, key, values in issues),
    ], result.output


def set_in_config(station, old: str, new: str) -> None:
    """Change one line of the station's config.toml (written by the `station` fixture)."""
    text = station.config_path.read_text(encoding="utf-8")
    assert old in text, old
    station.config_path.write_text(text.replace(old, new), encoding="utf-8")


def series_file(station, name: str = "chuyen-doi-so") -> Path:
    return station.root / "schedules" / f"{name}.toml"


def toml(value: Any) -> str:
    """A TOML value: JSON's strings, numbers and arrays are TOML; tables are written inline."""
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(toml(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)
