"""`--help` and every click error in the station's language (#10 §5).

click's own words come from broadcaster/cli/click_catalogue.py, the commands' help from
`cli_help.*` messages; the language is read from config.toml before click parses.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from broadcaster.cli import main
from broadcaster.cli.click_catalogue import MESSAGES as CLICK_VI
from broadcaster.cli.click_catalogue import PLURALS
from broadcaster.cli.language import config_path_in
from broadcaster.i18n import has, t

CLICK_SOURCE = Path(click.__file__).parent
# click's messages no operator can meet: mistakes in a program's own declarations, shell
# completion scripts (not installed), a time format, and its internal repr.
DEVELOPER_ONLY = {
    "Could not determine name for option with declarations {decls!r}",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument"
    " instead? Did you mean to pass '--{name}'?",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.",
    "Name '{name}' defined twice",
    "Boolean option {decl!r} cannot use the same flag for true/false.",
    "Couldn't detect Bash version, shell completion is not supported.",
    "Shell completion is not supported for Bash versions older than 4.4.",
    "Unknown color {colour!r}",
    "Unknown standard stream '{name}'",
    "Choice({choices})",
    "d",
}
# What must never reach a Vietnamese operator: click's English, word for word.
ENGLISH = [
    "Usage:",
    "Options:",
    "Commands:",
    "Show this message and exit.",
    "Show the version and exit.",
    "[OPTIONS]",
    "COMMAND [ARGS]",
    "default:",
    "required",
    "Error:",
    "Try '",
    "for help",
    "No such option",
    "No such command",
    "Missing argument",
    "Missing option",
    "Invalid value for",
    "is not one of",
    "is not a valid",
    "is not in the range",
    "Got unexpected extra",
    "Did you mean",
    "does not exist",
    " TEXT",
    " INTEGER",
    " FLOAT",
    " PATH",
    " FILE",
    " DIRECTORY",
]
USAGE_ERRORS = {
    "unknown option": ["plan", "--bogus"],
    "unknown command": ["plann"],
    "missing argument": ["announce"],
    "missing option": ["purge"],
    "bad choice": ["correct", "1", "--status", "gone", "--reason", "x"],
    "bad number": ["verify", "--max-mb", "many"],
    "out of range": ["verify", "--max-mb", "0"],
    "extra argument": ["plan", "extra"],
    "missing file": ["announce", "no-such-file.mp3"],
    "option without value": ["plan", "--month"],
}


def english_station(station) -> Path:
    text = station.config_path.read_text(encoding="utf-8")
    station.config_path.write_text(
        text.replace('level = "commune"', 'level = "commune"\nlanguage = "en"'), encoding="utf-8"
    )
    return station.config_path


def invoke(config: Path, *args: str):
    return CliRunner().invoke(main, ["--config", str(config), *args])


def command_paths(group: click.Group = main, path: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        yield (*path, name)
        if isinstance(command, click.Group):
            yield from command_paths(command, (*path, name))


def english_in(text: str) -> list[str]:
    return [phrase for phrase in ENGLISH if phrase in text]


# --- the catalogue against click's source --------------------------------------------------


def click_message_ids() -> tuple[set[str], set[tuple[str, str]]]:
    singles: set[str] = set()
    plurals: set[tuple[str, str]] = set()
    for source in CLICK_SOURCE.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            texts = [a.value for a in node.args if isinstance(a, ast.Constant)]
            if node.func.id == "_" and len(texts) == 1:
                singles.add(texts[0])
            elif node.func.id == "ngettext" and len(texts) == 2:
                plurals.add((texts[0], texts[1]))
    return singles, plurals


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_click_message_an_operator_can_meet_is_translated():
    singles, plurals = click_message_ids()
    assert len(singles) > 50 and plurals, "the scan of click's source found too little"
    assert sorted(singles - set(CLICK_VI) - DEVELOPER_ONLY) == []
    assert sorted(plurals - set(PLURALS)) == []


def test_the_catalogue_has_no_message_click_no_longer_has():
    singles, plurals = click_message_ids()
    singles.add("required")  # passed as `_(extra["required"])`, not as a literal
    assert sorted(set(CLICK_VI) - singles) == []
    assert sorted(set(PLURALS) - plurals) == []


@pytest.mark.parametrize("english", sorted(CLICK_VI))
def test_a_translation_uses_only_the_values_click_gives(english):
    if "%(" in english:
        assert re.findall(r"%\((\w+)\)", CLICK_VI[english]) == ["prog", "version"]
    else:
        assert fields(CLICK_VI[english]) <= fields(english)


def test_every_command_and_option_has_help_in_both_languages():
    missing = []
    for path in [(), *command_paths()]:
        key = "cli_help." + ("_".join(path) or "main")
        command = main
        for name in path:
            command = command.commands[name]  # type: ignore[attr-defined]
        missing += [key] if not has(key) else []
        for param in command.params:
            if param.name != "version":
                missing += [f"{key}.{param.name}"] if not has(f"{key}.{param.name}") else []
    assert missing == []


# --- Vietnamese by default -----------------------------------------------------------------


@pytest.mark.parametrize("path", [(), *command_paths()], ids=lambda p: " ".join(p) or "main")
def test_help_is_vietnamese(station, path):
    result = invoke(station.config_path, *path, "--help")
    assert result.exit_code == 0, result.output
    assert english_in(result.output) == []
    assert "Cách dùng:" in result.output and "Tùy chọn:" in result.output
    first_words = t("cli_help." + ("_".join(path) or "main"), "vi").split()[:4]
    assert " ".join(first_words) in " ".join(result.output.split())


@pytest.mark.parametrize("args", USAGE_ERRORS.values(), ids=list(USAGE_ERRORS))
def test_usage_errors_are_vietnamese(station, args):
    result = invoke(station.config_path, *args)
    assert result.exit_code == 2, result.output
    assert english_in(result.output) == []
    assert "Lỗi: " in result.output


def test_the_messages_name_what_is_wrong(station):
    output = invoke(station.config_path, "plan", "--bogus").output
    assert "Lỗi: Không có tùy chọn '--bogus'." in output
    assert "Cách dùng: main plan [TÙY_CHỌN]" in output
    assert "Gõ 'main plan --help' để xem hướng dẫn." in output
    output = invoke(station.config_path, "announce").output
    assert "Lỗi: Thiếu đối số 'TỆP'." in output
    output = invoke(station.config_path, "correct", "1", "--status", "gone", "--reason", "x").output
    assert "'gone' không phải là một trong 'aired', 'partial', 'failed', 'missed'." in output
    assert "Lỗi: Không có lệnh 'plann'." in invoke(station.config_path, "plann").output


def test_version(station):
    assert invoke(station.config_path, "--version").output == "broadcaster, phiên bản 0.1.0\n"


def test_no_config_file_is_vietnamese_too(tmp_path):
    result = invoke(tmp_path / "nowhere.toml", "plan", "--bogus")
    assert "Lỗi: Không có tùy chọn '--bogus'." in result.output


# --- English for an English station, and back ----------------------------------------------


@pytest.mark.parametrize("path", [(), ("plan",), ("db", "restore")], ids=str)
def test_help_is_english_for_an_english_station(station, path):
    result = invoke(english_station(station), *path, "--help")
    assert result.exit_code == 0, result.output
    assert {"Usage:", "Options:", "Show this message and exit.", "[OPTIONS]"} <= set(
        english_in(result.output)
    )
    assert "Cách dùng" not in result.output and "Tùy chọn" not in result.output


@pytest.mark.parametrize("args", USAGE_ERRORS.values(), ids=list(USAGE_ERRORS))
def test_usage_errors_are_english_for_an_english_station(station, args):
    result = invoke(english_station(station), *args)
    assert result.exit_code == 2, result.output
    assert "Error: " in result.output  # what the Vietnamese test looks for is there
    assert english_in(result.output), "the list of English phrases sees nothing here"
    assert "Lỗi" not in result.output


def test_one_process_follows_each_station(station, tmp_path):
    english = english_station(station)
    vietnamese = tmp_path / "vi.toml"
    vietnamese.write_text(english.read_text(encoding="utf-8").replace('"en"', '"vi"'), "utf-8")
    for config, word in [(vietnamese, "Tùy chọn:"), (english, "Options:"), (vietnamese, "Lệnh:")]:
        assert word in invoke(config, "--help").output


# --- where the language is read from -------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        (["--config", "a.toml", "plan"], None, "a.toml"),
        (["--config=b.toml", "status"], None, "b.toml"),
        (["-v", "--config", "c.toml"], None, "c.toml"),
        (["plan", "--config", "d.toml"], None, "config.toml"),  # not the group's option
        (["plan"], "e.toml", "e.toml"),
        (["plan"], None, "config.toml"),
    ],
)
def test_the_config_is_found_as_click_will_find_it(monkeypatch, args, env, expected):
    if env:
        monkeypatch.setenv("BROADCASTER_CONFIG", env)
    else:
        monkeypatch.delenv("BROADCASTER_CONFIG", raising=False)
    assert config_path_in(args, main.commands) == Path(expected)


def test_a_config_that_is_not_toml_still_gives_its_language(station):
    english = english_station(station)
    english.write_text(english.read_text(encoding="utf-8") + "\ntime = 17:15\n", "utf-8")
    output = invoke(english, "plan", "--bogus").output
    assert "Error: No such option '--bogus'." in output
