"""The console process stays small (#13: daemon + console ≤ 150 MB): starting it loads none of
the heavy libraries the daemon needs for sound and proof. A page that needs one imports it
inside the function that uses it."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = (
    "numpy",
    "pydub",
    "vlc",
    "fpdf",
    "xlsxwriter",
    "docx",
    "apscheduler",
    "cryptography",
    "broadcaster.audio",
    "broadcaster.ingest",
    "broadcaster.proof",
)


def loaded_by(module: str, argv: tuple[str, ...] = ("x",)) -> list[str]:
    """The HEAVY modules (or their submodules) a fresh interpreter has after `import module`
    (with `argv` as its command line)."""
    code = (
        f"import sys, json\nsys.argv = {list(argv)!r}\nimport {module}\n"
        f"heavy = {HEAVY!r}\n"
        "print(json.dumps(sorted({h for h in heavy for m in sys.modules"
        " if m == h or m.startswith(h + '.')})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_the_console_app_and_its_server_load_nothing_heavy() -> None:
    assert loaded_by("broadcaster.console.app") == []
    assert loaded_by("broadcaster.console.server") == []


def test_the_console_command_loads_only_itself() -> None:
    # What `broadcaster --config … console` imports before it serves (cli/__init__.py).
    argv = ("broadcaster", "--config", "config.toml", "console")
    modules = "broadcaster.cli, broadcaster.cli.console_cmd, broadcaster.console.server"
    assert loaded_by(modules, argv) == []
    # Any other command line registers every command, and those bring the heavy libraries.
    assert "cryptography" in loaded_by(modules, ("broadcaster", "status"))


def test_the_check_sees_a_heavy_import() -> None:
    assert "apscheduler" in loaded_by("broadcaster.station.daemon")
    assert "numpy" in loaded_by("broadcaster.audio.meter")
