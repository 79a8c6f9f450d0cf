"""Read a PDF back as a reader sees it: every word's box on every page (poppler's
`pdftotext -bbox`), and the pages rendered to PNG (`pdftoppm`) kept as artefacts.

`layout_problems()` names any two words drawn over each other and any word outside the
printable area; the tests of every PDF the project writes call `assert_clean_layout()`.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

# A word whose box reaches this close to the paper's edge would be cut by most printers.
PRINTABLE_MARGIN_PT = 5 * 72 / 25.4  # 5 mm
# Boxes touching by less than this (rounding, glyph bearings) do not overlap.
TOLERANCE_PT = 0.6
ARTEFACTS = Path(os.environ.get("BROADCASTER_ARTEFACTS", "var/artefacts"))

_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(
    r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)</word>',
    re.S,
)


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Word) -> bool:
        dx = min(self.x1, other.x1) - max(self.x0, other.x0)
        dy = min(self.y1, other.y1) - max(self.y0, other.y0)
        return dx > TOLERANCE_PT and dy > TOLERANCE_PT

    def __str__(self) -> str:
        return f"p{self.page} {self.text!r} ({self.x0:.0f},{self.y0:.0f})-({self.x1:.0f},{self.y1:.0f})"


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    words: tuple[Word, ...]

    @property
    def portrait(self) -> bool:
        return self.height > self.width


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} (from poppler-utils) is needed by these tests but is not on PATH")
    return found


def pages(pdf: Path) -> list[Page]:
    out = subprocess.run(
        [tool("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True, check=True, timeout=60
    ).stdout.decode("utf-8")
    result = []
    for number, (width, height, body) in enumerate(_PAGE.findall(out), start=1):
        words = tuple(
            Word(number, html.unescape(text), float(a), float(b), float(c), float(d))
            for a, b, c, d, text in _WORD.findall(body)
        )
        result.append(Page(number, float(width), float(height), words))
    return result


def layout_problems(pdf: Path) -> list[str]:
    """Every pair of overlapping words and every word outside the printable area."""
    problems = []
    for page in pages(pdf):
        margin = PRINTABLE_MARGIN_PT
        for word in page.words:
            if (
                word.x0 < margin
                or word.y0 < margin
                or word.x1 > page.width - margin
                or word.y1 > page.height - margin
            ):
                problems.append(f"outside the printable area: {word}")
        # Sorted by left edge: only words starting before this one ends can overlap it.
        ordered = sorted(page.words, key=lambda w: w.x0)
        for i, word in enumerate(ordered):
            for other in ordered[i + 1 :]:
                if other.x0 >= word.x1:
                    break
                if word.overlaps(other):
                    problems.append(f"overlap: {word} and {other}")
    return problems


def render(pdf: Path, name: str, dpi: int = 60) -> list[Path]:
    """Every page as PNG under the artefacts folder (kept after the run for a person to
    look at); returns the images."""
    folder = ARTEFACTS / "pdf"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(
        [tool("pdftoppm"), "-png", "-r", str(dpi), str(pdf), str(folder / name)],
        check=True,
        timeout=120,
    )
    images = sorted(folder.glob(f"{name}-*.png"))
    assert images and all(p.read_bytes().startswith(b"\x89PNG\r\n\x1a\n") for p in images)
    return images


def assert_clean_layout(pdf: Path, name: str) -> list[Page]:
    """Render the pages as artefacts, then fail on any overlap or word off the page."""
    render(pdf, name)
    problems = layout_problems(pdf)
    assert not problems, f"{len(problems)} layout problems in {pdf.name}:\n" + "\n".join(
        problems[:30]
    )
    return pages(pdf)
