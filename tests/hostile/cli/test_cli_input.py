"""Issue #15, part 4: command-line values that ended in a traceback or were written for good.

Each test names its finding of the hostile-input probe of f1ef4d5 and runs the command line
in-process (click's CliRunner on `broadcaster.cli.main`).
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from broadcaster.core.vocab import Status
from broadcaster.i18n import t
from broadcaster.store.asrun import append
from broadcaster.store.db import open_engine, session
from broadcaster.store.models import AsRunRecord
from tests.support.config_checks import assert_exit_2, assert_one_line, cli, cli_at

YEARS = {"low": 2000, "high": 2100}


@pytest.fixture(autouse=True)
def _in_a_scratch_folder(tmp_path, monkeypatch) -> None:
    # Without -o, `report` writes into the working folder: keep it in tmp.
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def logged(station):
    """A station whose as-run log holds one aired 2 s programme (seq 1)."""
    config = station.config()
    engine = open_engine(config.paths.database, config.paths.database_file)
    at = datetime(2026, 3, 2, 23, 10, tzinfo=UTC)
    append(
        engine,
        AsRunRecord(
            station_id="xa-thu-nghiem",
            series_id="chuyen-doi-so",
            title="Chuyên mục Chuyển đổi số",
            file_name="chuyen-doi-so/ban-tin.mp3",
            file_sha256="0" * 64,
            kind="new",
            scheduled_at=at,
            started_at=at,
            ended_at=at + timedelta(seconds=2),
            duration_s=2.0,
            played_s=2.0,
            status=Status.AIRED,
            recorded_at=at + timedelta(seconds=3),
        ),
    )
    yield station, engine
    engine.dispose()


def _rows(engine) -> list[AsRunRecord]:
    with session(engine) as db:
        return list(db.exec(select(AsRunRecord).order_by(AsRunRecord.seq)).all())  # type: ignore[arg-type]


# ---- --month and --year ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["plan", "--month", "0000-01"],
        ["export", "--month", "0000-01", "--format", "json"],
        ["export", "--month", "9999-12", "--format", "json"],
        ["purge", "--before", "0000-01"],
        ["plan", "--month", "٢٠٢٦-03"],  # Arabic-Indic digits pass str.isdigit()
    ],
    ids=["plan", "export", "export-9999", "purge", "non-ascii-digits"],
)
def test_a_month_of_year_zero_is_one_line(station, args) -> None:
    """Finding: `--month 0000-01` (plan, export, and any command taking a month) ended in a
    traceback. One line with the accepted years, exit 2."""
    result = cli(station, *args)
    assert_one_line(result, "cli.bad_month", got=args[2], **YEARS)


def test_a_month_of_year_zero_is_one_line_in_report(tmp_path) -> None:
    """Finding: `report --month 0000-01` (report reads exports, not a station)."""
    export = tmp_path / "xa-2026-03.json"
    export.write_text("{}", encoding="utf-8")
    out = tmp_path / "r.xlsx"
    result = cli_at(
        tmp_path / "unused.toml", "report", str(export), "--month", "0000-01", "-o", str(out)
    )
    assert_one_line(result, "cli.bad_month", got="0000-01", **YEARS)
    assert not out.exists()


@pytest.mark.parametrize("year", ["0000", "9999", "٢٠٢٦"], ids=["zero", "9999", "non-ascii"])
@pytest.mark.parametrize("command", ["export", "report"])
def test_a_year_out_of_range_is_one_line(station, tmp_path, command, year) -> None:
    """Finding: `--year 0000` (export, report) was taken as a year."""
    if command == "export":
        result = cli(station, "export", "--year", year, "-o", str(tmp_path / "out"))
    else:
        export = tmp_path / "xa-2026-03.json"
        export.write_text("{}", encoding="utf-8")
        result = cli(station, "report", str(export), "--year", year, "-o", str(tmp_path / "r"))
    assert_one_line(result, "cli.bad_year", got=year, **YEARS)
    assert not (tmp_path / "out").exists() and not (tmp_path / "r").exists()


# ---- correct --------------------------------------------------------------------------------


@pytest.mark.parametrize("played", ["nan", "-5", "1e308", "inf", "99999999"])
def test_played_seconds_out_of_range_are_not_written(logged, played) -> None:
    """Finding: `correct --played-s nan` (and -5, 1e308, 99999999 on a 2 s programme) were
    written to the permanent log. Refused in one line; the log is unchanged."""
    station, engine = logged
    result = cli(
        station, "correct", "1", "--status", "aired", "--reason", "đo lại", "--played-s", played
    )
    assert_one_line(result, "correct.bad_played", got=f"{float(played):g}", limit="4")
    assert [row.seq for row in _rows(engine)] == [1]


@pytest.mark.parametrize("row", ["²", "9" * 30], ids=["superscript-two", "thirty-digits"])
def test_a_row_that_is_no_seq_is_one_line(logged, row) -> None:
    """Finding (same class): a row given as "²" passed str.isdigit() and crashed int(); 30
    digits overflowed SQLite's integer. Both are looked up as a uid: not found, exit 2."""
    station, engine = logged
    result = cli(station, "correct", row, "--status", "missed", "--reason", "kiểm tra lại")
    assert_one_line(result, "correct.not_found", row=row)
    assert len(_rows(engine)) == 1


@pytest.mark.parametrize("reason", ["dòng một\x00", "x" * 5000], ids=["nul", "five-thousand"])
def test_a_reason_with_control_characters_or_too_long_is_not_written(logged, reason) -> None:
    """Finding (same class): any reason was written to the permanent log, a NUL or five
    thousand characters included."""
    station, engine = logged
    result = cli(station, "correct", "1", "--status", "missed", "--reason", reason)
    assert_one_line(result, "correct.bad_reason", maximum=500)
    assert len(_rows(engine)) == 1


# ---- announce --at --------------------------------------------------------------------------


def _announce(station, tone, at: str):
    return cli(station, "announce", str(tone(1)), "--priority", "normal", "--at", at)


def test_announce_at_a_time_in_the_past_is_refused(station, tone) -> None:
    """Finding: `announce --at` with a time in the past was accepted."""
    past = (datetime.now(UTC) - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    result = _announce(station, tone, past)
    _assert_at_refused(result, station, "announce.time_out_of_range", past)
    assert not station.library.exists() or not any(station.library.rglob("*.mp3"))


@pytest.mark.parametrize(
    "at",
    ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00", "2300-01-01T06:00"],
    ids=["year-9999", "year-1", "centuries-ahead"],
)
def test_announce_at_the_ends_of_the_calendar_is_one_line(station, tone, at) -> None:
    """Finding (same class): `--at` with nonsense: times at the ends of the calendar, or
    centuries ahead, were taken (or overflowed)."""
    result = _announce(station, tone, at)
    _assert_at_refused(result, station, "announce.time_out_of_range", at)


def _assert_at_refused(result, station, key: str, at: str) -> None:
    """One line, exit 2; the message may name the last accepted minute (a year ahead), which
    can have turned over while the command ran."""
    assert_exit_2(result)
    tz = station.config().station.tz
    ahead = datetime.now(UTC) + timedelta(days=366)
    messages = {
        t(key, "vi", got=at, latest=moment.astimezone(tz).strftime("%d/%m/%Y %H:%M"))
        for moment in (ahead - timedelta(minutes=1), ahead)
    }
    assert result.stderr.strip() in messages, result.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_announce_of_a_fifo_is_one_line_not_a_hang(station, tmp_path) -> None:
    """Finding (#10 review): `announce` given a FIFO hashed it, blocking for ever."""
    pipe = tmp_path / "Bản tin.mp3"
    os.mkfifo(pipe)
    started = time.monotonic()
    result = cli(station, "announce", str(pipe), "--priority", "emergency")
    assert time.monotonic() - started < 30
    reason = t("reason.not_regular", "vi")
    assert result.exit_code == 1, result.output
    assert result.stderr.strip() == t("announce.rejected", "vi", name=pipe.name, reason=reason)
