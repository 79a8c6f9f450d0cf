"""Every command writes its Vietnamese whatever the console's code page (#10 §5).

Station PCs run Windows with output redirected under cp1258 (Vietnamese) or cp1252
(Western). `PYTHONIOENCODING` gives a real `python -m broadcaster` process those streams;
before the fix `status` and `plan` ended in a UnicodeEncodeError traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from broadcaster._lib.console import VIETNAMESE_LETTERS, render, shows_vietnamese, strip_marks
from tests.support.paths import REPO

COMMANDS = {
    "status": ["status"],
    "plan": ["plan"],
    "help": ["--help"],
    "plan-help": ["plan", "--help"],
    "verbose-status": ["-v", "status"],
    "usage-error": ["plan", "--no-such-option"],
}
BAD_SERIES = 'id = "x"\ntitle = "Tin xã"\nperiod = "năm"\nslots = [{ time = "6h10" }]\n'


def run(config: Path, args: list[str], encoding: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of the CLI with both streams in `encoding`, decoded from
    it and put in NFC (cp1258 carries tone marks as combining characters)."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": encoding}
    env.pop("PYTHONUTF8", None)
    done = subprocess.run(
        [sys.executable, "-m", "broadcaster", "--config", str(config), *args],
        cwd=config.parent,
        env=env,
        capture_output=True,
        timeout=60,
    )

    def text(raw: bytes) -> str:
        return unicodedata.normalize("NFC", raw.decode(encoding))

    return done.returncode, text(done.stdout), text(done.stderr)


@pytest.mark.parametrize("encoding", ["cp1258", "cp1252"])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_command_writes_vietnamese_under_a_legacy_code_page(station, encoding, command):
    args = COMMANDS[command]
    code, out, err = run(station.config_path, args, encoding)
    utf8_code, utf8_out, utf8_err = run(station.config_path, args, "utf-8")
    assert "Traceback" not in err and "UnicodeEncodeError" not in err, err
    assert code == utf8_code, err
    assert any(c in utf8_out + utf8_err for c in "ạảãáàđ"), "the reference has no Vietnamese"
    if command == "verbose-status":  # log lines carry their own time stamps
        out, utf8_out = "\n".join(out.splitlines()[-3:]), "\n".join(utf8_out.splitlines()[-3:])
        err = utf8_err = ""
    if encoding == "cp1258":  # everything, exactly, once put back in NFC
        assert (out, err) == (utf8_out, utf8_err)
    else:  # the letters without their marks: still Vietnamese, never "?"
        assert (out, err) == (strip_marks(utf8_out), strip_marks(utf8_err))


@pytest.mark.parametrize("encoding", ["cp1258", "cp1252"])
def test_a_config_error_is_one_vietnamese_message_under_a_legacy_code_page(station, encoding):
    station.write_series("chuyen-doi-so", BAD_SERIES)
    code, out, err = run(station.config_path, ["status"], encoding)
    assert code == 2 and "Traceback" not in err, err
    expected = 'chu kỳ không hợp lệ \'năm\' (phải là "tháng" hoặc "tuần")'
    assert (expected if encoding == "cp1258" else strip_marks(expected)) in err


@pytest.mark.parametrize("encoding", ["cp1258", "cp1252"])
def test_without_the_fix_the_same_check_sees_the_crash(station, encoding):
    # `main()` without `entry()`: the CLI as it was before console.make_streams_safe().
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": encoding}
    code = "from broadcaster.cli import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", code, "--config", str(station.config_path), "status"],
        cwd=station.root,
        env=env,
        capture_output=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert b"UnicodeEncodeError" in done.stderr


def test_cp1258_carries_every_vietnamese_letter_and_cp1252_none_of_the_toned_ones():
    assert shows_vietnamese("cp1258")
    assert not shows_vietnamese("cp1252") and not shows_vietnamese("cp437")
    for letter in VIETNAMESE_LETTERS:
        shown = render(letter, "cp1258")
        assert unicodedata.normalize("NFC", shown.encode("cp1258").decode("cp1258")) == letter
    assert render("ế", "cp1258") == "ê\u0301"  # the composed base, then the tone mark
    assert render("—", "cp437") == "-"
    assert render("ạ", "cp437") == "a"
    assert strip_marks("Đài truyền thanh") == "Dai truyen thanh"
