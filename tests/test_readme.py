"""The README is the operator's and the newcomer's manual: every command must be in it."""

from __future__ import annotations

from pathlib import Path

import click

from broadcaster.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "broadcaster") -> list[str]:
    found = []
    for name, command in group.commands.items():
        found.append(f"{prefix} {name}")
        if isinstance(command, click.Group):
            found += _commands(command, f"{prefix} {name}")
    return found


def test_every_cli_command_is_documented_in_the_readme() -> None:
    missing = [c for c in _commands(main) if f"`{c}" not in README]
    assert not missing, f"commands missing from README.md: {missing}"


def _options(group: click.Group, prefix: str = "") -> list[tuple[str, str]]:
    """(command, --option) of every command, sub-commands of a group included
    (`user add --role`)."""
    found = []
    for name, command in group.commands.items():
        for param in command.params:
            found += [(f"{prefix}{name}", opt) for opt in getattr(param, "opts", [])]
        if isinstance(command, click.Group):
            found += _options(command, f"{prefix}{name} ")
    return found


def test_every_option_of_every_command_is_documented() -> None:
    missing = [
        f"{name} {opt}"
        for name, opt in _options(main)
        if opt.startswith("--") and opt not in README
    ]
    assert not missing, f"options missing from README.md: {missing}"


def test_sub_commands_options_are_looked_at() -> None:
    assert ("user add", "--role") in _options(main)
    assert ("user password", "--password-stdin") in _options(main)


def test_readme_links_the_vietnamese_operator_guide() -> None:
    guide = ROOT / "docs" / "huong-dan-van-hanh.md"
    assert guide.is_file()
    assert "docs/huong-dan-van-hanh.md" in README
    assert "Hướng dẫn vận hành" in guide.read_text(encoding="utf-8")


def test_readme_sections_come_in_the_agreed_order() -> None:
    # What it is, the two commands, operator use, every command, config keys, Windows.
    marks = [
        "## What it is",
        "## Two commands",
        "## How an operator uses it",
        "## Commands",
        "## Configuration",
        "## Installing on Windows",
    ]
    positions = [README.find(m) for m in marks]
    assert all(p >= 0 for p in positions), dict(zip(marks, positions, strict=True))
    assert positions == sorted(positions)


GUIDE = (ROOT / "docs" / "huong-dan-van-hanh.md").read_text(encoding="utf-8")


def test_the_operator_guide_names_every_command_and_every_series_key() -> None:
    """Issue #10 §5: the Vietnamese guide is the operator's manual; a command or a series
    key it does not mention is one the operator cannot find."""
    from broadcaster.config import SERIES_KEYS

    # Sub-commands are looked for by their own name after the group's ("db restore").
    names = [c.removeprefix("broadcaster ") for c in _commands(main)]
    missing = [name for name in names if name not in GUIDE]
    assert not missing, f"commands missing from docs/huong-dan-van-hanh.md: {missing}"
    keys = [key for key in sorted(SERIES_KEYS) if f"`{key}" not in GUIDE]
    assert not keys, f"series keys missing from docs/huong-dan-van-hanh.md: {keys}"


def test_the_operator_guide_covers_what_an_operator_does() -> None:
    for topic in (
        "Đổi khung giờ phát",  # changing a slot
        "announce",
        "Phát thử",  # the test airing
        "Chương trình đến muộn",  # what to do with a late file
    ):
        assert topic in GUIDE, topic
