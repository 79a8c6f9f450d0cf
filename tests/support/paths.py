"""Where things are, from the repository root, so a test file can move between folders
without counting parents."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TESTS = REPO / "tests"
GOLDEN = TESTS / "golden"
FIXTURES = TESTS / "fixtures"
