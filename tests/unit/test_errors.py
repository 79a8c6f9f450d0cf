"""One error tree (broadcaster/errors.py): every expected failure is a BroadcasterError with
an exit code and one line in the operator's words, and `cli._Group.invoke` is the one place
that prints the line and exits with the code. The lines and codes below are those each
command printed itself before the tree existed (purge, run, correct, programme, db backup)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from broadcaster import errors
from broadcaster.cli import _Group
from broadcaster.config.schema import ConfigIssue
from broadcaster.console.programme_files import ProgrammeFileRefused
from broadcaster.errors import BroadcasterError
from broadcaster.i18n import t

CONFIG = Path("/etc/broadcaster/config.toml")

# One of each, with the line and exit code a command ends with.
SAMPLES: dict[type[BroadcasterError], tuple[BroadcasterError, str, int]] = {
    errors.UserError: (errors.UserError("không có tệp", exit_code=2), "không có tệp", 2),
    errors.ConfigError: (
        errors.ConfigError([ConfigIssue(CONFIG, "", "không đọc được tệp cấu hình")]),
        "không đọc được tệp cấu hình",
        2,
    ),
    errors.Invalid: (errors.Invalid("must be a number"), "must be a number", 2),
    errors.AlreadyRunning: (
        errors.AlreadyRunning("/var/lib/broadcaster/broadcaster.lock"),
        t("daemon.already_running", "vi", lock="/var/lib/broadcaster/broadcaster.lock"),
        3,
    ),
    errors.OutputRefused: (errors.OutputRefused("không ghi đè"), "không ghi đè", 2),
    errors.OutputFailed: (errors.OutputFailed("đĩa đầy"), "đĩa đầy", 1),
    errors.DatabaseDamaged: (
        errors.DatabaseDamaged("database disk image is malformed\nrow 3 missing"),
        t("daemon.db_damaged", "vi", detail="database disk image is malformed"),
        3,
    ),
    errors.SchemaError: (
        errors.SchemaError(t("migrate.too_new", "vi", path="var/station.db", names="0099_x")),
        t("migrate.too_new", "vi", path="var/station.db", names="0099_x"),
        2,
    ),
    errors.BackupError: (
        errors.BackupError(t("db.backup_failed", "vi", detail="disk I/O error")),
        t("db.backup_failed", "vi", detail="disk I/O error"),
        1,
    ),
    errors.ToolMissing: (errors.ToolMissing("ffprobe"), t("error.ffmpeg_missing", "vi"), 1),
    errors.ToolLimit: (
        errors.ToolLimit("reason.decode_error", {}),
        t("reason.decode_error", "vi"),
        1,
    ),
    errors.ToolTooSlow: (errors.ToolTooSlow("ffmpeg: 1.5 s"), "ffmpeg: 1.5 s", 1),
    errors.ToolFailed: (errors.ToolFailed("ffmpeg: exit 1"), "ffmpeg: exit 1", 1),
    errors.RenditionFailed: (errors.RenditionFailed("no audio"), "no audio", 1),
    errors.PlayerUnavailable: (errors.PlayerUnavailable("no libVLC"), "no libVLC", 1),
    # The console's refusal of an upload (#13): an HTTP status for the page, exit 1 if ever
    # raised under a command.
    ProgrammeFileRefused: (
        ProgrammeFileRefused("console.programmes.name_empty", status=400),
        t("console.programmes.name_empty", "vi"),
        1,
    ),
    errors.BulletinRejected: (
        errors.BulletinRejected("reason.not_regular", {}),
        t("reason.not_regular", "vi"),
        1,
    ),
    errors.DeliveryError: (errors.DeliveryError("HTTP 500"), "HTTP 500", 1),
    errors.BadCorrection: (
        errors.BadCorrection(700.0, 602.0),
        t("correct.bad_played", "vi", got="700", limit="602"),
        2,
    ),
    errors.ProgrammeRefused: (
        errors.ProgrammeRefused("programme.bad_id", got="x"),
        t("programme.bad_id", "vi", got="x"),
        2,
    ),
    errors.KeyFileError: (errors.KeyFileError("k: not an Ed25519 key"), "k: not an Ed25519 key", 1),
    errors.InputRefused: (errors.InputRefused("quá lớn"), "quá lớn", 1),
    errors.Shape: (errors.Shape("rows[3].status"), "rows[3].status", 1),
    errors.RetentionError: (
        errors.RetentionError("2026-05 > 2026-03", "2026-05", "2026-03", 24),
        t("purge.too_recent", "vi", before="2026-05", keep="2026-03", months=24),
        2,
    ),
}


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


@pytest.fixture(autouse=True)
def _no_station_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.chdir(tmp_path)  # no config.toml here: the early language is the default
    yield


def _run(exc: BaseException) -> click.testing.Result:
    group = _Group("broadcaster")

    @group.command("boom")
    def boom() -> None:
        raise exc

    return CliRunner().invoke(group, ["boom"])


def test_every_error_in_the_tree_has_a_sample() -> None:
    """A new error class must say here what it prints and how the command exits."""
    assert _subclasses(BroadcasterError) == set(SAMPLES)


@pytest.mark.parametrize("cls", list(SAMPLES), ids=lambda c: c.__name__)
def test_each_error_is_its_line_and_its_exit_code(cls: type[BroadcasterError]) -> None:
    exc, line, code = SAMPLES[cls]
    assert type(exc) is cls
    assert exc.exit_code == code and code in (errors.EXIT_FAILED, errors.EXIT_USAGE, 3)
    assert exc.line() == line and "\n" not in line
    result = _run(exc)
    assert result.exit_code == code
    assert result.stderr == line + "\n"
    assert result.stdout == ""
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


def test_a_config_error_lists_every_issue_under_one_header() -> None:
    issues = [
        ConfigIssue(CONFIG, "station.timezone", "không rõ múi giờ"),
        ConfigIssue(CONFIG, "player.preroll", "phải là một khoảng thời gian"),
    ]
    result = _run(errors.ConfigError(issues))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        t("config.errors_header", "vi", count=2),
        f"  - {CONFIG}: station.timezone: không rõ múi giờ",
        f"  - {CONFIG}: player.preroll: phải là một khoảng thời gian",
    ]


def test_the_built_in_bases_older_callers_catch_are_kept() -> None:
    assert isinstance(errors.ToolMissing("ffmpeg"), RuntimeError)
    assert isinstance(errors.PlayerUnavailable("x"), RuntimeError)
    assert isinstance(errors.BadCorrection(1.0, 0.5), ValueError)


@pytest.mark.parametrize(
    "exc", [RuntimeError("a bug"), KeyError("seq"), ValueError("x")], ids=lambda e: type(e).__name__
)
def test_an_unexpected_exception_is_not_swallowed(exc: Exception) -> None:
    """The check can fail: only the tree is turned into a line; a bug still surfaces."""
    result = _run(exc)
    assert result.exception is exc
    assert result.exit_code == 1
    assert result.stderr == ""
