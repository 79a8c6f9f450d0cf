"""sd_notify without a dependency, the watchdog interval, and the unit file as installed."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from broadcaster._lib import systemd
from tests.support.paths import REPO as ROOT

UNIT = ROOT / "deploy" / "broadcaster.service"
posix_only = pytest.mark.skipif(
    sys.platform == "win32" or not hasattr(socket, "AF_UNIX"), reason="unix sockets"
)


@pytest.fixture
def listener(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[socket.socket]:
    """A real unix datagram socket standing in for systemd's, named by $NOTIFY_SOCKET."""
    path = tmp_path / "notify.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.settimeout(5)
    monkeypatch.setenv("NOTIFY_SOCKET", str(path))
    yield sock
    sock.close()


@posix_only
@pytest.mark.parametrize("message", ["READY=1", "WATCHDOG=1", "STOPPING=1", "STATUS=Đang phát"])
def test_notify_sends_the_exact_datagram(listener: socket.socket, message: str) -> None:
    assert systemd.notify(message) is True
    assert listener.recv(4096) == message.encode("utf-8")


@posix_only
def test_notify_sends_one_datagram_per_call(listener: socket.socket) -> None:
    assert systemd.notify("READY=1\nSTATUS=started")
    assert systemd.notify("WATCHDOG=1")
    assert listener.recv(4096) == b"READY=1\nSTATUS=started"
    assert listener.recv(4096) == b"WATCHDOG=1"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="abstract namespace is Linux")
def test_notify_reaches_an_abstract_socket(monkeypatch: pytest.MonkeyPatch) -> None:
    name = f"broadcaster-test-{os.getpid()}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind("\0" + name)
        sock.settimeout(5)
        monkeypatch.setenv("NOTIFY_SOCKET", "@" + name)
        assert systemd.notify("READY=1")
        assert sock.recv(4096) == b"READY=1"


def test_notify_without_systemd_returns_false(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    assert systemd.notify("READY=1") is False
    monkeypatch.setenv("NOTIFY_SOCKET", "")
    assert systemd.notify("READY=1") is False


@posix_only
def test_notify_to_a_socket_gone_away_returns_false(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NOTIFY_SOCKET", str(tmp_path / "nobody-listens.sock"))
    assert systemd.notify("WATCHDOG=1") is False


def test_notify_ignores_an_address_it_does_not_speak(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NOTIFY_SOCKET", "vsock:2:1234")
    assert systemd.notify("READY=1") is False


@pytest.mark.parametrize(
    ("usec", "expected"),
    [("60000000", 30.0), ("1000000", 0.5), ("20", 0.00001)],
)
def test_watchdog_interval_is_half_of_watchdog_usec(
    monkeypatch: pytest.MonkeyPatch, usec: str, expected: float
) -> None:
    monkeypatch.setenv("WATCHDOG_USEC", usec)
    monkeypatch.delenv("WATCHDOG_PID", raising=False)
    assert systemd.watchdog_interval() == pytest.approx(expected)


@pytest.mark.parametrize("usec", [None, "", "0", "-5", "sixty", "1.5"])
def test_no_watchdog_interval_without_a_usable_value(
    monkeypatch: pytest.MonkeyPatch, usec: str | None
) -> None:
    monkeypatch.delenv("WATCHDOG_PID", raising=False)
    if usec is None:
        monkeypatch.delenv("WATCHDOG_USEC", raising=False)
    else:
        monkeypatch.setenv("WATCHDOG_USEC", usec)
    assert systemd.watchdog_interval() is None


def test_watchdog_meant_for_another_process_is_not_ours(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WATCHDOG_USEC", "60000000")
    monkeypatch.setenv("WATCHDOG_PID", str(os.getpid() + 1))
    assert systemd.watchdog_interval() is None
    monkeypatch.setenv("WATCHDOG_PID", str(os.getpid()))
    assert systemd.watchdog_interval() == 30.0


# ---- the unit file --------------------------------------------------------------------------
def _render_with_the_makefile(user: str, uid: str) -> str:
    """Run the Makefile's own SERVICE_SED on the unit, as install-service does."""
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    result = subprocess.run(
        [
            make,
            "-s",
            "--no-print-directory",
            "--eval",
            f"render-for-test: ; @user={user}; uid={uid}; $(SERVICE_SED) deploy/broadcaster.service",
            "render-for-test",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return result.stdout


def _settings(unit: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in unit.splitlines():
        if line and not line.startswith(("#", "[")) and "=" in line:
            key, value = line.split("=", 1)
            found.setdefault(key, []).append(value)
    return found


def test_the_makefile_renders_every_placeholder() -> None:
    unit = _render_with_the_makefile("nguoi-van-hanh", "1001")
    assert re.findall(r"@[A-Z_]+@", unit) == []
    settings = _settings(unit)
    assert settings["User"] == ["nguoi-van-hanh"]
    assert settings["WorkingDirectory"] == [str(ROOT)]
    assert settings["ExecStart"] == [
        f"{ROOT}/.venv/bin/broadcaster --config {ROOT}/config.toml run"
    ]
    assert "XDG_RUNTIME_DIR=/run/user/1001" in settings["Environment"]
    assert "user@1001.service" in settings["After"]


def test_the_unit_asks_for_what_an_unattended_station_needs() -> None:
    settings = _settings(UNIT.read_text(encoding="utf-8"))
    expected = {
        "Type": "notify",
        "NotifyAccess": "main",
        "WatchdogSec": "60",
        "Restart": "always",
        "RestartSec": "5",
        "KillSignal": "SIGTERM",
        "TimeoutStopSec": "20",
        "WantedBy": "multi-user.target",
    }
    assert {key: settings[key] for key in expected} == {k: [v] for k, v in expected.items()}
    assert "sound.target" in settings["After"][0] and "network.target" in settings["After"][0]
