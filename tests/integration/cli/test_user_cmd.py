"""`broadcaster user` and `broadcaster console` through the real command line: accounts
made with a password from stdin (CRLF or not), only argon2 hashes in the database file,
the exit codes user_cmd.py documents, a disabled account shut out; and the console's
address and key refused in one line."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from broadcaster.cli import main
from broadcaster.config.settings import ConsoleSettings
from broadcaster.console import accounts as rules
from broadcaster.store import accounts
from broadcaster.store.db import open_engine
from tests.support.console import console_client
from tests.support.station import StationDir

SECRET = "Mật-khẩu rất riêng 42"


def run(station: StationDir, *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, ["--config", str(station.config_path), *args], input=stdin)


def engine_of(station: StationDir):  # type: ignore[no-untyped-def]
    config = station.config()
    return open_engine(config.paths.database, config.paths.database_file)


def database_bytes(station: StationDir) -> bytes:
    folder = station.root / "var"
    return b"".join(p.read_bytes() for p in sorted(folder.glob("station.db*")))


def test_add_list_password_disable_through_the_command_line(station: StationDir) -> None:
    added = run(
        station, "user", "add", "Hòa", "--role", "viewer", "--password-stdin", stdin=SECRET + "\r\n"
    )
    assert added.exit_code == 0, added.output
    assert "Hòa" in added.output
    listed = run(station, "user", "list")
    assert listed.exit_code == 0 and "Hòa" in listed.output and "người xem" in listed.output
    engine = engine_of(station)
    (row,) = accounts.list_accounts(engine)
    assert row.password_hash.startswith("$argon2id$")
    assert rules.password_matches(row.password_hash, SECRET)
    assert not rules.password_matches(row.password_hash, SECRET + "\r")
    assert not rules.password_matches(row.password_hash, "Mật-khẩu rất riêng 43")
    # The password is nowhere in the database's bytes (the file, its journal, its WAL).
    everything = database_bytes(station)
    assert SECRET.encode() not in everything
    assert row.password_hash.encode() in everything  # the check can see what is stored
    # The console lets it in.
    config = station.config()
    client = console_client(config, engine, role=None)
    assert client.log_in("Hòa", SECRET).status_code == 200
    assert client.get("/").status_code == 200
    # A new password: the old one and its session end.
    changed = run(
        station, "user", "password", "Hòa", "--password-stdin", stdin="mot-mat-khau-moi\n"
    )
    assert changed.exit_code == 0, changed.output
    assert client.get("/").status_code == 303
    assert client.log_in("Hòa", SECRET).status_code == 401
    assert client.log_in("Hòa", "mot-mat-khau-moi").status_code == 200
    # Disabled: the open session is logged out at its next request, and no login.
    disabled = run(station, "user", "disable", "Hòa")
    assert disabled.exit_code == 0, disabled.output
    assert client.get("/").status_code == 303
    assert client.log_in("Hòa", "mot-mat-khau-moi").status_code == 401
    assert "Hòa" in run(station, "user", "list").output
    actions = [
        (r.action, r.target) for r in accounts.audit_rows(engine) if r.account.startswith("cli")
    ]
    assert actions == [
        ("account_disable", "Hòa"),
        ("account_password", "Hòa"),
        ("account_add", "Hòa"),
    ]


def test_a_password_line_ending_in_crlf_through_a_real_stdin(station: StationDir) -> None:
    """CliRunner's stdin turns CRLF into LF; a real one does not (a file saved on Windows,
    PowerShell's pipe): the CR must not become part of the password."""
    done = subprocess.run(
        [sys.executable, "-m", "broadcaster", "--config", str(station.config_path)]
        + ["user", "add", "ba", "--password-stdin"],
        input=SECRET.encode() + b"\r\n",
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    row = accounts.active_account(engine_of(station), "ba")
    assert row is not None and rules.password_matches(row.password_hash, SECRET)


def test_a_name_typed_with_a_combining_accent_is_the_same_account(station: StationDir) -> None:
    nfd = "Ho\u0300a"  # "Hòa" with the accent as its own character
    assert run(station, "user", "add", "H\u00f2a", "--password-stdin", stdin=SECRET).exit_code == 0
    taken = run(station, "user", "add", nfd, "--password-stdin", stdin=SECRET)
    assert taken.exit_code == 2
    client = console_client(station.config(), engine_of(station), role=None)
    assert client.log_in(nfd, SECRET).status_code == 200


@pytest.mark.parametrize(
    ("args", "stdin", "code"),
    [
        (["user", "add", "ba", "--password-stdin"], "ngan\n", 2),  # too short
        (["user", "add", "ba", "--password-stdin"], "", 2),  # nothing on stdin
        (["user", "add", "ba", "--password-stdin"], "x" * 5000 + "\n", 2),  # too long
        (["user", "add", " ba", "--password-stdin"], SECRET, 2),  # a space first
        (["user", "add", "b\x1b[31ma", "--password-stdin"], SECRET, 2),  # a terminal escape
        (["user", "add", "ba\u202eexe", "--password-stdin"], SECRET, 2),  # right-to-left
        (["user", "add", "ba\nroot", "--password-stdin"], SECRET, 2),  # a line break
        (["user", "add", "x" * 65, "--password-stdin"], SECRET, 2),  # too long a name
        (["user", "add", "ba", "--role", "admin", "--password-stdin"], SECRET, 2),
        (["user", "password", "khong-co", "--password-stdin"], SECRET, 1),
        (["user", "disable", "khong-co"], None, 1),
    ],
)
def test_refusals_are_one_line_with_the_documented_exit_code(
    station: StationDir, args: list[str], stdin: str | None, code: int
) -> None:
    result = run(station, *args, stdin=stdin)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    if "--role" in args:  # a usage error: click's usage line, then the one line of the error
        lines = [line for line in lines if "admin" in line]
    assert len(lines) == 1, result.output
    engine = engine_of(station)
    assert accounts.list_accounts(engine) == []


def test_a_taken_name_is_exit_2_and_a_disabled_one_is_no_longer_there(
    station: StationDir,
) -> None:
    assert run(station, "user", "add", "ba", "--password-stdin", stdin=SECRET).exit_code == 0
    taken = run(station, "user", "add", "ba", "--password-stdin", stdin=SECRET)
    assert taken.exit_code == 2 and "ba" in taken.output
    assert run(station, "user", "disable", "ba").exit_code == 0
    assert run(station, "user", "disable", "ba").exit_code == 1
    assert run(station, "user", "password", "ba", "--password-stdin", stdin=SECRET).exit_code == 1


def test_an_empty_list_says_how_to_add_one(station: StationDir) -> None:
    result = run(station, "user", "list")
    assert result.exit_code == 0 and "broadcaster user add" in result.output


# -- the console's address and key --------------------------------------------------------------


def test_the_console_listens_on_loopback_unless_told(station: StationDir) -> None:
    config = station.config()
    assert config.console.host == ConsoleSettings().host == "127.0.0.1"
    assert config.console.loopback


def test_the_console_refuses_a_port_in_use_in_one_line(station: StationDir) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = run(station, "console", "--port", str(port))
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and str(port) in lines[0], result.output


def test_a_bad_console_host_is_a_config_error_line(station: StationDir) -> None:
    station.write_config(extra='\n[console]\nhost = "bad host"\n')
    result = run(station, "console")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    (line,) = [line for line in result.output.splitlines() if "bad host" in line]
    assert "host" in line


def test_a_damaged_or_linked_key_stops_the_console_in_one_line(
    station: StationDir, tmp_path: Path
) -> None:
    key = station.root / "var" / "console.key"
    key.parent.mkdir(parents=True, exist_ok=True)
    key.write_text("not a key\n")
    key.chmod(0o600)
    result = run(station, "console", "--port", "1024")
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1, result.output
    key.unlink()
    key.symlink_to(tmp_path / "elsewhere.key")
    result = run(station, "console", "--port", "1024")
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1, result.output
    assert not (tmp_path / "elsewhere.key").exists()
