"""The command line in the station's language: click's own words and every command's help.

click prints `--help` and usage errors while it parses the command line, before any
command reads config.toml. So the group reads the station's language first
(`station_language.station_language`, from `--config`, BROADCASTER_CONFIG or ./config.toml),
then puts every help text in that language and lets click speak it.

click asks `gettext.gettext` for its words (domain "messages"). That function picks its
catalogue from the LANGUAGE/LC_ALL/LANG environment variables, but the station's language
lives in config.toml, and setting LANGUAGE for the process would also translate libVLC's
log, which the player reads. So click's modules get their `_` and `ngettext` rebound to a
`gettext.NullTranslations` subclass backed by a Python dict (click_catalogue.py): no .mo
file to compile and ship, no environment change, and the language is read at each call
(`i18n.language()`, the one the group chose for this command line).
"""

from __future__ import annotations

import gettext
import os
import sys
from collections.abc import Iterable
from pathlib import Path

import click

from broadcaster import i18n
from broadcaster.cli.click_catalogue import MESSAGES, PLURALS
from broadcaster.cli.station_language import station_language

CONFIG_OPTION = "--config"
CONFIG_ENV = "BROADCASTER_CONFIG"
DEFAULT_CONFIG = "config.toml"


class ClickTranslations(gettext.NullTranslations):
    """click's catalogue in the current message language (English is click's own)."""

    def gettext(self, message: str) -> str:
        return MESSAGES.get(message, message) if i18n.language() == "vi" else message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        pair = PLURALS.get((msgid1, msgid2)) if i18n.language() == "vi" else None
        singular, plural = pair or (msgid1, msgid2)
        return singular if n == 1 else plural


TRANSLATIONS = ClickTranslations()


def show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """`--version`, in the station's language (click's own option words its line once, when
    the program starts, before the language is known)."""
    if not value or ctx.resilient_parsing:
        return
    from broadcaster import __version__

    line = TRANSLATIONS.gettext("%(prog)s, version %(version)s")
    click.echo(line % {"prog": "broadcaster", "version": __version__})
    ctx.exit()


def install_click_catalogue() -> None:
    """Rebind `_` and `ngettext` in every click module loaded so far (some, such as the
    editor and shell completion, load late: this runs again before each parse)."""
    for name, module in list(sys.modules.items()):
        if name != "click" and not name.startswith("click."):
            continue
        if getattr(module, "_", None) is gettext.gettext:
            module._ = TRANSLATIONS.gettext  # type: ignore[attr-defined]
        if getattr(module, "ngettext", None) is gettext.ngettext:
            module.ngettext = TRANSLATIONS.ngettext  # type: ignore[attr-defined]


def config_path_in(args: Iterable[str], commands: Iterable[str]) -> Path:
    """The config file this command line names, as the group's `--config` option will."""
    names = set(commands)
    words = list(args)
    for index, word in enumerate(words):
        if word in names:  # the group's options come before its command
            break
        if word == CONFIG_OPTION and index + 1 < len(words):
            return Path(words[index + 1])
        if word.startswith(CONFIG_OPTION + "="):
            return Path(word.partition("=")[2])
    return Path(os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG)


def early_language(group: click.Group, args: Iterable[str]) -> str:
    """The station's language for messages and help, before click parses `args`."""
    return station_language(config_path_in(list(args), group.commands))


def speak_click(group: click.Group) -> None:
    """click's words and every command's help in the current language (i18n.language())."""
    install_click_catalogue()
    localise(group)


def localise(command: click.Command, path: tuple[str, ...] = ()) -> None:
    """Put the help of `command`, its parameters and its sub-commands in the current
    language. A command or option without a `cli_help.*` message keeps its own text."""
    key = "cli_help." + ("_".join(path) or "main")
    if i18n.has(key):
        command.help = i18n.t(key)
    command.options_metavar = i18n.t("cli_help.usage_options")
    for param in command.params:
        _localise_param(param, f"{key}.{param.name}")
    own_help = getattr(command, "_help_option", None)  # click makes it once, then keeps it
    if isinstance(own_help, click.Option):
        _localise_click_param(own_help)
    if isinstance(command, click.Group):
        command.subcommand_metavar = i18n.t("cli_help.usage_command")
        for name, sub in command.commands.items():
            localise(sub, (*path, name))


def _localise_param(param: click.Parameter, key: str) -> None:
    if isinstance(param, click.Argument):
        if i18n.has(key):
            name = i18n.t(key)
            name = name if param.required else f"[{name}]"
            param.metavar = name if param.nargs == 1 else f"{name}..."
        return
    if not isinstance(param, click.Option):
        return
    if i18n.has(key):
        param.help = i18n.t(key)
    else:
        _localise_click_param(param)  # --version: click's own words
    if not param.is_flag and not isinstance(param.type, click.Choice):
        param.metavar = i18n.t(f"cli_help.metavar_{_metavar_kind(param)}")


def _localise_click_param(param: click.Option) -> None:
    """An option click made (`--help`, `--version`): its English help is a catalogue key.

    click words that help when it makes the option, so the first one may be made while
    Vietnamese is on: the English is found back from the catalogue and kept.
    """
    english = param.__dict__.get("_broadcaster_help_en")
    if english is None:
        english = _ENGLISH.get(param.help or "", param.help)
        param.__dict__["_broadcaster_help_en"] = english
    param.help = TRANSLATIONS.gettext(english) if english else english


_ENGLISH = {vietnamese: english for english, vietnamese in MESSAGES.items()}
_KIND_BY_NAME = {"month": "month", "before": "month", "year": "year", "at_text": "time"}


def _metavar_kind(param: click.Option) -> str:
    kind = _KIND_BY_NAME.get(param.name or "")
    if kind:
        return kind
    if isinstance(param.type, click.Path):
        if param.type.dir_okay and not param.type.file_okay:
            return "folder"
        return "file" if param.type.file_okay and not param.type.dir_okay else "path"
    if isinstance(param.type, click.types.IntParamType | click.types.FloatParamType):
        return "number"
    return "text"
