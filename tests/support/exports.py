"""A station's month made and exported through the real command line, in-process, and the
files read back: what the proof tests (hostile and integration) share."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from broadcaster.cli import main
from tests.support.history import make_history
from tests.support.station import SERIES_MONTHLY, StationDir

MONTH = "2026-03"


def cli(station: Any, *args: str) -> Result:
    """The real command line, in-process, on the station's config."""
    return CliRunner().invoke(main, ["--config", str(station.config_path), *map(str, args)])


def run(*args: str) -> Result:
    """A command that needs no station (verify, report)."""
    return CliRunner().invoke(main, [*map(str, args)])


def no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def write_json(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def export_once(root: Path, tone: Any) -> Path:
    """A station's March 2026 exported to `root/export`, for module-scoped fixtures."""
    station = StationDir(root / "station")
    station.root.mkdir()
    station.write_config()
    station.write_series("chuyen-doi-so", SERIES_MONTHLY)
    make_history(station, tone)
    folder = root / "export"
    result = cli(station, "export", "--month", MONTH, "-o", folder)
    assert result.exit_code == 0, result.output
    return folder


def month_json(folder: Path) -> Path:
    (path,) = [p for p in folder.glob("*.json") if p.name != "manifest.json"]
    return path


def month_csv(folder: Path) -> Path:
    (path,) = folder.glob("*.csv")
    return path
