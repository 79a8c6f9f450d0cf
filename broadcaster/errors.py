"""Every failure the station expects, as one tree under `BroadcasterError`.

Each error knows the line an operator reads (`line()`, in the station's language) and the
exit code a command ends with (`exit_code`): 1 the request failed, 2 a bad setting or
argument (nothing was done), 3 the daemon cannot start. `cli._Group.invoke` is the one
place that turns any of them into that line on stderr and that code, with no traceback.

Some are caught where they happen and never reach a command (Invalid, Shape, ToolLimit,
DeliveryError…): they are in the tree too, so one that escapes is still one line. A few
keep the built-in base an older caller catches them by (RuntimeError, ValueError).

Nothing here does I/O, and nothing of the package is imported until a line is asked for,
so every wing, the pure core included, may raise these.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol


def _t(key: str, /, **values: object) -> str:
    """The station's words for `key`: the catalogue is loaded only when a line is shown."""
    from broadcaster import i18n

    return i18n.t(key, **values)


class Issue(Protocol):
    """What a ConfigError lists (config.schema.ConfigIssue): a key and its message."""

    @property
    def key(self) -> str: ...

    @property
    def message(self) -> str: ...


EXIT_FAILED = 1  # the request was understood but did not succeed
EXIT_USAGE = 2  # a bad setting or argument: nothing was done
EXIT_NOT_STARTED = 3  # the daemon did not start (another runs, the database is damaged)


class BroadcasterError(Exception):
    """An expected failure: one line in the operator's words and an exit code."""

    exit_code: int = EXIT_FAILED

    def line(self) -> str:
        return str(self)


class UserError(BroadcasterError):
    """A command's own refusal, already worded (`i18n.t`), with its exit code."""

    def __init__(self, message: str, exit_code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.exit_code = exit_code


# ---- configuration ---------------------------------------------------------------------
class ConfigError(BroadcasterError):
    """Every issue of the configuration at once, each with its file and key."""

    exit_code = EXIT_USAGE

    def __init__(self, issues: Sequence[Issue]) -> None:
        super().__init__("\n".join(str(i) for i in issues))
        self.issues = issues

    def render(self) -> str:
        if len(self.issues) == 1 and not self.issues[0].key:
            return self.issues[0].message  # e.g. the file is missing: one line says it all
        lines = [_t("config.errors_header", count=len(self.issues))]
        lines += [f"  - {issue}" for issue in self.issues]
        return "\n".join(lines)

    def line(self) -> str:
        return self.render()


class Invalid(BroadcasterError):
    """A value a setting cannot take (the checker turns it into a ConfigIssue)."""

    exit_code = EXIT_USAGE


# ---- the station's own files and processes ---------------------------------------------
class AlreadyRunning(BroadcasterError):
    """Another process holds the station's lock."""

    exit_code = EXIT_NOT_STARTED

    def __init__(self, lock: str) -> None:
        super().__init__(lock)
        self.lock = lock

    def line(self) -> str:
        return _t("daemon.already_running", lock=self.lock)


class OutputRefused(BroadcasterError):
    """An operator-language message: nothing was written (a target it may not write)."""

    exit_code = EXIT_USAGE


class OutputFailed(BroadcasterError):
    """An operator-language message: writing failed (a full disk); the old file is whole."""


class DatabaseDamaged(BroadcasterError):
    """The database failed its check at the daemon's start (SQLite's words, one line)."""

    exit_code = EXIT_NOT_STARTED

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail

    def line(self) -> str:
        return _t("daemon.db_damaged", detail=(self.detail.splitlines() or [""])[0])


class SchemaError(BroadcasterError):
    """This code cannot open the database as it is (a newer release wrote it, or it needs
    `db upgrade` first): one line for the operator."""

    exit_code = EXIT_USAGE


class BackupError(BroadcasterError):
    """An operator-language message: the backup or restore did not happen."""


# ---- audio tools and the player --------------------------------------------------------
class ToolMissing(BroadcasterError, RuntimeError):
    """ffmpeg or ffprobe is not installed (the message names which)."""

    def line(self) -> str:
        return _t("error.ffmpeg_missing")


class ToolLimit(BroadcasterError):
    """ffprobe or ffmpeg hit its memory or time bound on this file."""

    def __init__(self, reason_key: str, values: dict[str, str]) -> None:
        super().__init__(reason_key)
        self.reason_key = reason_key
        self.values = values

    def line(self) -> str:
        return _t(self.reason_key, **self.values)


class ToolTooSlow(BroadcasterError):
    """An ffmpeg run went past the time it was given (the emergency's budget)."""


class ToolFailed(BroadcasterError):
    """An ffmpeg run failed (its last words, for the technician)."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class RenditionFailed(BroadcasterError):
    """ffmpeg could not make the rendition, or what it made does not play or measure."""


class PlayerUnavailable(BroadcasterError, RuntimeError):
    """The player cannot start at all (no libVLC)."""


# ---- the running station ---------------------------------------------------------------
class BulletinRejected(BroadcasterError):
    """A bulletin (or test airing) file that cannot be taken in, with its reason."""

    def __init__(self, reason_key: str, values: Mapping[str, str]) -> None:
        super().__init__(reason_key)
        self.reason_key = reason_key
        self.values = dict(values)

    def line(self) -> str:
        return _t(self.reason_key, **self.values)


class DeliveryError(BroadcasterError):
    """A notification was not delivered (one line; the notifier retries)."""


class BadCorrection(BroadcasterError, ValueError):
    """A correction that must not be written: `played_s` outside 0..`limit_s`."""

    exit_code = EXIT_USAGE

    def __init__(self, played_s: float, limit_s: float) -> None:
        super().__init__(played_s, limit_s)
        self.played_s = played_s
        self.limit_s = limit_s

    def line(self) -> str:
        return _t("correct.bad_played", got=f"{self.played_s:g}", limit=f"{self.limit_s:g}")


class ProgrammeRefused(BroadcasterError):
    """A change to a programme the library will not carry out (was `library.Refused`)."""

    exit_code = EXIT_USAGE

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def line(self) -> str:
        return _t(self.key, **self.values)


# ---- proof -----------------------------------------------------------------------------
class KeyFileError(BroadcasterError):
    """A key file that is not what it should be (operator-language message)."""


class InputRefused(BroadcasterError):
    """This input cannot be checked; the message says why (was `proof.inputs.Refused`)."""


class Shape(BroadcasterError):
    """A value that is not what the exporter writes (the message names where)."""


class RetentionError(BroadcasterError):
    """Rows asked to be purged that must still be kept, or whose export did not verify."""

    exit_code = EXIT_USAGE

    def __init__(self, detail: str, before: str, keep: str, months: int) -> None:
        super().__init__(detail)
        self.before, self.keep, self.months = before, keep, months

    def line(self) -> str:
        return _t("purge.too_recent", before=self.before, keep=self.keep, months=self.months)
