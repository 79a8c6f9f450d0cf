"""Which libVLC options a station may put in `[player] vlc_args`.

libVLC's command line does far more than choose a sound card: `--extraintf=luaintf` with
`--lua-config=...` runs Lua code (the hostile-input probe made `doctor` create a file as
root that way), `--sout` and `--logfile` write files, `--http-host` opens a port, and
`--aout=adummy` or `-A afile` "play" without a sound while libVLC reports every airing as
played. So only an allow-list of audio-output options is accepted, in each spelling
libVLC's parser takes: `--opt=value`, `--opt value` (two list items), `-A value`, `-Avalue`.
libVLC also takes unambiguous abbreviations (`--ao=...`); they are not on the list, so they
are refused too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from broadcaster.config.schema import Shown, has_control
from broadcaster.i18n import t

# Audio outputs of VLC 3 that reach a sound card or a sound server. `vlc --list` on Debian 12
# shows pulse and alsa (with adummy, amem, afile: silent); jack and oss are the other Linux
# ones; mmdevice (alias wasapi), directsound (alias directx) and waveout are Windows'.
REAL_OUTPUTS = (
    "pulse",
    "alsa",
    "jack",
    "oss",
    "mmdevice",
    "wasapi",
    "directsound",
    "directx",
    "waveout",
)
# Outputs (and VLC's aliases for them) that make no sound at all: refused with that reason.
SILENT_OUTPUTS = frozenset({"adummy", "dummy", "afile", "file", "audiofile", "amem", "none"})
# "alsa,none" means "ALSA or nothing": `none` may end a list so libVLC does not fall back to
# another output (in the end, to adummy) when the chosen one fails.
_LIST_END = "none"
# ALSA's `null` device swallows the sound; other device names are ALSA syntax.
_ALSA_DEVICE = re.compile(r"[A-Za-z0-9_:,.=-]+")
MAX_VALUE = 200  # a Windows device id is about 60 characters


def _outputs(spelled: str, value: str) -> str | None:
    names = [name.strip().lower() for name in value.split(",")]
    if len(names) > 1 and names[-1] == _LIST_END:
        names.pop()
    for name in names:
        if name in SILENT_OUTPUTS:
            return t("config.silent_output", arg=spelled)
        if name not in REAL_OUTPUTS:
            return t("config.vlc_unknown_output", name=name, allowed=", ".join(REAL_OUTPUTS))
    return None


def _alsa_device(spelled: str, value: str) -> str | None:
    if value.lower().split(":")[0] == "null":
        return t("config.silent_output", arg=spelled)
    if not _ALSA_DEVICE.fullmatch(value):
        return _bad(spelled, value)
    return None


def _windows_device(spelled: str, value: str) -> str | None:
    return None  # an endpoint id or a device name as Windows lists it: any printable text


def _stereo_mode(spelled: str, value: str) -> str | None:
    # 7 (mono) or 3/4 (left/right only) suit a single-channel amplifier or speaker line.
    if value.strip() not in {str(mode) for mode in range(8)}:
        return _bad(spelled, value)
    return None


# option (long and short spellings) -> (check of its value, an example of a good value)
ALLOWED: dict[str, tuple[Callable[[str, str], str | None], str]] = {
    "--aout": (_outputs, "pulse"),
    "-A": (_outputs, "pulse"),
    "--alsa-audio-device": (_alsa_device, "hw:1,0"),
    "--mmdevice-audio-device": (_windows_device, "{0.0.0.00000000}.{...}"),
    "--directx-audio-device": (_windows_device, "{...}"),
    "--waveout-audio-device": (_windows_device, "Speakers (...)"),
    "--stereo-mode": (_stereo_mode, "0-7 (7 = mono)"),
}
# The player adds --gain=4 after these arguments to undo its flat equalizer's 12 dB loss
# (player/vlc_player.py). libVLC keeps the last --gain, so the station's own would be
# ignored (checked here: --gain=1 --gain=4 plays at 4); were it last, every programme would
# air 12 dB off its loudness target. The level is set with [loudness] target instead.
GAIN = "--gain"


def _bad(spelled: str, value: str) -> str:
    name, _ = _split(spelled.split(" ")[0])
    return t("config.vlc_bad_value", got=Shown(value), option=name, expected=ALLOWED[name][1])


def _split(arg: str) -> tuple[str, str | None]:
    """("--aout", "pulse") from "--aout=pulse"; ("-A", "pulse") from "-Apulse"."""
    if arg.startswith("--"):
        name, equals, value = arg.partition("=")
        return name, value if equals else None
    if arg.startswith("-A") and len(arg) > 2:
        return "-A", arg[2:]
    return arg, None


def problems(args: tuple[str, ...]) -> Iterator[tuple[int, str]]:
    """(index, message) for each argument that is not allowed or has a bad value."""
    index = 0
    while index < len(args):
        at, arg = index, args[index]
        index += 1
        name, value = _split(arg)
        if name == GAIN:
            yield at, t("config.vlc_gain", arg=Shown(arg))
            continue
        if name not in ALLOWED:
            yield at, t("config.vlc_not_allowed", arg=Shown(arg), allowed=", ".join(ALLOWED))
            continue
        spelled = arg
        if value is None:  # "--aout pulse": the value is the next item of the list
            if index >= len(args):
                yield at, t("config.vlc_needs_value", arg=Shown(arg))
                continue
            value = args[index]
            spelled = f"{arg} {value}"
            index += 1
        # Empty, or with a control character, or a page long: no option's value.
        if not value.strip() or has_control(value) or len(value) > MAX_VALUE:
            yield at, _bad(spelled, value)
            continue
        message = ALLOWED[name][0](spelled, value)
        if message is not None:
            yield at, message
