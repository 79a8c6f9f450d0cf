"""`[bulletins]` in config.toml: which signal precedes (and follows) each level of bulletin.

    [bulletins]
    signal_emergency = "media/signals/nhac-hieu.flac"   # "" = none
    signal_priority = "media/signals/nhac-hieu.flac"
    signal_normal = ""
    signal_after = true                                 # the signal again after the bulletin
    gap = "0.5s"                                        # silence between signal and bulletin

Its keys are declared in sections.py; here are the `Signals` the jingle uses and the
converter of a signal file. A signal must be a file inside the station folder (the folder
of config.toml, so a backup of that folder carries it), a regular readable file, audio
that ffmpeg decodes in full within the tools' memory and time bounds (decode.check_audio),
and at most `MAX_SIGNAL_S` long: it is held whole in memory, and a signal that lasts a
minute is a programme, not a signal.
"""

from __future__ import annotations

import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from broadcaster.config.schema import Shown, string
from broadcaster.core.durations import format_duration
from broadcaster.core.vocab import Priority
from broadcaster.errors import Invalid
from broadcaster.i18n import t

# Which key names the signal of each level of bulletin.
PRIORITY_KEYS: dict[str, str] = {
    Priority.EMERGENCY: "signal_emergency",
    Priority.PRIORITY: "signal_priority",
    Priority.NORMAL: "signal_normal",
}
MAX_SIGNAL_S = 60.0
# 60 s of 96 kHz 24-bit stereo WAV is 35 MB; anything bigger is not a signal.
MAX_SIGNAL_BYTES = 40 * 1024 * 1024
# A gap longer than a few seconds sounds like dead air on the loudspeakers.
GAP_RANGE = ("0s", "5s")


@dataclass(frozen=True)
class Signals:
    """The signal file of each level (None: that level airs bare), as checked at load."""

    folder: Path = Path(".")  # the station folder, to name a signal as the operator wrote it
    files: dict[str, Path | None] = field(default_factory=dict)
    after: bool = True
    gap_s: float = 0.5

    def for_priority(self, priority: str | None) -> Path | None:
        return self.files.get(priority or Priority.NORMAL)

    def shown(self, path: Path) -> str:
        try:
            return path.relative_to(self.folder).as_posix()
        except ValueError:
            return str(path)


def signal_file(base: Path, cache: dict[Path, Path]) -> Callable[[Any], Path | None]:
    """The converter of a `signal_*` key: "" is none; anything else must be a short audio
    file inside the station folder. `cache` spares decoding the same file twice in one load."""
    folder = base.resolve()

    def convert(value: Any) -> Path | None:
        text = string(value)
        if not text.strip():
            return None
        written = Path(text)
        # resolve() follows links: a link pointing out of the station folder is refused too.
        path = (written if written.is_absolute() else folder / written).resolve()
        if not path.is_relative_to(folder):
            raise Invalid(t("config.signal_outside", folder=folder, got=Shown(text)))
        if path in cache:
            return cache[path]
        shown = Shown(text)
        try:
            mode = path.stat()
        except FileNotFoundError:
            raise Invalid(t("config.signal_missing", got=shown)) from None
        except OSError as exc:
            detail = exc.strerror or type(exc).__name__
            raise Invalid(t("config.signal_unreadable", got=shown, detail=detail)) from None
        if not stat.S_ISREG(mode.st_mode):
            raise Invalid(t("config.signal_not_file", got=shown))
        if mode.st_size > MAX_SIGNAL_BYTES:
            size = f"{mode.st_size / 1048576:.0f} MB"
            raise Invalid(
                t(
                    "config.signal_too_big",
                    got=shown,
                    size=size,
                    maximum=f"{MAX_SIGNAL_BYTES // 1048576} MB",
                )
            )
        _check_audio(path, shown)
        cache[path] = path
        return path

    return convert


def _check_audio(path: Path, shown: Shown) -> None:
    """Decode it in full, bounded in memory and time, as ingest checks a programme.

    The one thing config borrows from a wing above it: a signal is only a signal if it
    decodes, and that is the audio wing's to say. Imported here, at the check, so config
    loads without audio and ffmpeg runs only when a signal is set.
    """
    from broadcaster.audio.decode import (  # ffmpeg only when a signal is set
        ToolMissing,
        check_audio,
    )

    try:
        with path.open("rb"):
            pass
        verdict = check_audio(path)
    except ToolMissing:
        raise Invalid(t("error.ffmpeg_missing")) from None
    except OSError as exc:
        detail = exc.strerror or type(exc).__name__
        raise Invalid(t("config.signal_unreadable", got=shown, detail=detail)) from None
    if not verdict.ok:
        reason = t(verdict.reason_key, **(verdict.reason_values or {}))
        raise Invalid(t("config.signal_bad_audio", got=shown, reason=reason))
    if verdict.duration_s > MAX_SIGNAL_S:
        raise Invalid(
            t(
                "config.signal_too_long",
                got=shown,
                duration=format_duration(verdict.duration_s),
                maximum=format_duration(MAX_SIGNAL_S),
            )
        )
    if verdict.loudness is None or verdict.loudness.integrated_lufs is None:
        raise Invalid(t("config.signal_silent", got=shown))


def build_signals(values: dict[str, Any], folder: Path) -> Signals:
    """The signals of checked `[bulletins]` values; `folder` is the station folder."""
    return Signals(
        folder=folder.resolve(),
        files={priority: values[key] for priority, key in PRIORITY_KEYS.items()},
        after=values["signal_after"],
        gap_s=values["gap"].total_seconds(),
    )
