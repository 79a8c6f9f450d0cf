"""The hostile-input suite (issue #15): one test per finding of the probe of f1ef4d5.

Every test here failed on that commit; each names the finding it covers in its docstring.
The shared fixtures (`station`, `tone`, `rig`) come from tests/conftest.py; the ones below
give a station with a month of history (March 2026: aired, partial, failed, missed rows)
and its exports, made through the real command line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.exports import MONTH, cli
from tests.support.history import make_history


@pytest.fixture
def history(station, tone) -> dict:
    """A station with March 2026 on record (7 rows, two series)."""
    made = make_history(station, tone)
    made["station"] = station
    return made


@pytest.fixture
def export_folder(history, tmp_path) -> Path:
    """March 2026 exported in all four formats with its manifest, by `broadcaster export`."""
    folder = tmp_path / "xuat" / f"xa-thu-nghiem-{MONTH}"
    result = cli(history["station"], "export", "--month", MONTH, "-o", folder)
    assert result.exit_code == 0, result.output
    return folder
