"""The province's certificate authority (#14): real TLS handshakes on loopback, with the
certificates it issues; a station is known by its certificate, a revoked or foreign one is
refused, and no file is ever overwritten or followed through a link."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import ssl
import threading
from pathlib import Path

import pytest

from broadcaster._lib import pki
from broadcaster.errors import UserError

NOW = dt.datetime(2026, 11, 29, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def ca(tmp_path: Path) -> Path:
    folder = tmp_path / "ca"
    pki.init_ca(folder, "Sở Thông tin và Truyền thông tỉnh Thử", NOW)
    return folder


@pytest.fixture
def service(ca: Path, tmp_path: Path) -> tuple[Path, Path]:
    return pki.issue_service(ca, "127.0.0.1", tmp_path / "service", NOW)


def handshake(
    ca: Path, service: tuple[Path, Path], client: ssl.SSLContext
) -> tuple[str | None, str | None]:
    """One TLS connection on loopback; what the service saw (the station, or why it
    refused) and what the client saw (None, or its error)."""
    key, cert = service
    server = pki.server_context(ca / pki.CA_CERT, ca / pki.CRL, cert, key)
    listening = socket.create_server(("127.0.0.1", 0))
    port = listening.getsockname()[1]
    seen: dict[str, str | None] = {}

    def serve() -> None:
        conn, _ = listening.accept()
        try:
            with server.wrap_socket(conn, server_side=True) as tls:
                seen["station"] = pki.station_of(tls.getpeercert())
                tls.sendall(b"ok")
        except (ssl.SSLError, OSError) as exc:
            seen["refused"] = type(exc).__name__ + ": " + str(exc)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    client_error = None
    try:
        with (
            socket.create_connection(("127.0.0.1", port), timeout=5) as raw,
            client.wrap_socket(raw, server_hostname="127.0.0.1") as tls,
        ):
            tls.recv(2)
    except (ssl.SSLError, OSError) as exc:
        client_error = str(exc)
    thread.join(5)
    listening.close()
    return seen.get("station") or seen.get("refused"), client_error


def client_of(issued: pki.Issued) -> ssl.SSLContext:
    return pki.client_context(issued.ca_cert, issued.cert, issued.key)


def test_a_station_is_known_by_its_certificate(
    ca: Path, service: tuple[Path, Path], tmp_path: Path
) -> None:
    issued = pki.issue_station(ca, "xa-an-binh", tmp_path / "xa-an-binh", NOW)
    assert (issued.key.stat().st_mode & 0o777) == 0o600
    assert (ca / pki.CA_KEY).stat().st_mode & 0o777 == 0o600
    seen, error = handshake(ca, service, client_of(issued))
    assert (seen, error) == ("xa-an-binh", None)
    [entry] = json.loads((ca / pki.ISSUED).read_text())
    assert (entry["station"], int(entry["serial"]), entry["revoked_at"]) == (
        "xa-an-binh",
        issued.serial,
        None,
    )


def test_a_revoked_certificate_is_refused_and_the_others_still_pass(
    ca: Path, service: tuple[Path, Path], tmp_path: Path
) -> None:
    leaked = pki.issue_station(ca, "xa-an-binh", tmp_path / "a", NOW)
    other = pki.issue_station(ca, "xa-binh-an", tmp_path / "b", NOW)
    assert handshake(ca, service, client_of(leaked))[0] == "xa-an-binh"  # before: it passes
    assert pki.revoke(ca, "xa-an-binh", NOW) == [leaked.serial]
    refused, _ = handshake(ca, service, client_of(leaked))
    assert refused is not None and "revoked" in refused
    assert handshake(ca, service, client_of(other))[0] == "xa-binh-an"
    with pytest.raises(UserError, match="không có chứng thư nào còn hiệu lực"):
        pki.revoke(ca, "xa-an-binh", NOW)  # nothing left to revoke: one line


def test_a_certificate_of_another_ca_is_refused(
    ca: Path, service: tuple[Path, Path], tmp_path: Path
) -> None:
    stranger = tmp_path / "stranger-ca"
    pki.init_ca(stranger, "Not the province", NOW)
    forged = pki.issue_station(stranger, "xa-an-binh", tmp_path / "forged", NOW)
    # The station trusts the province CA; it shows the stranger's certificate.
    client = pki.client_context(ca / pki.CA_CERT, forged.cert, forged.key)
    refused, _ = handshake(ca, service, client)
    assert refused is not None and refused != "xa-an-binh" and "SSL" in refused


def test_a_station_trusts_only_a_service_of_its_province(
    ca: Path, service: tuple[Path, Path], tmp_path: Path
) -> None:
    issued = pki.issue_station(ca, "xa-an-binh", tmp_path / "a", NOW)
    stranger = tmp_path / "stranger-ca"
    pki.init_ca(stranger, "Not the province", NOW)
    impostor = pki.issue_service(stranger, "127.0.0.1", tmp_path / "impostor", NOW)
    _seen, error = handshake(ca, impostor, client_of(issued))
    assert error is not None and "certificate verify failed" in error


@pytest.mark.parametrize(
    "name",
    ["", "../etc", "Xa-An-Binh", "a b", "a\x00b", "a,CN=b", "x" * 65, "xã-an-bình", "-a"],
)
def test_a_station_id_that_is_not_one_is_one_line(ca: Path, tmp_path: Path, name: str) -> None:
    with pytest.raises(UserError) as refused:
        pki.issue_station(ca, name, tmp_path / "out", NOW)
    assert refused.value.exit_code == 2 and "\n" not in str(refused.value)
    assert str(refused.value).startswith("Mã đài không hợp lệ")
    assert not (tmp_path / "out").exists()


def test_nothing_is_ever_overwritten(ca: Path, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="không ghi đè"):
        pki.init_ca(ca, "Again", NOW)
    out = tmp_path / "out"
    first = pki.issue_station(ca, "xa-an-binh", out, NOW)
    before = first.key.read_bytes()
    with pytest.raises(UserError, match="không ghi đè"):
        pki.issue_station(ca, "xa-an-binh", out, NOW)
    assert first.key.read_bytes() == before
    assert len(json.loads((ca / pki.ISSUED).read_text())) == 1  # the refused one not recorded


def test_a_link_planted_for_a_key_is_not_followed(ca: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("do not touch")
    out = tmp_path / "out"
    out.mkdir()
    (out / "station.key").symlink_to(victim)
    with pytest.raises(UserError, match="không ghi đè"):
        pki.issue_station(ca, "xa-an-binh", out, NOW)
    assert victim.read_text() == "do not touch"


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_ca_key_others_can_read_or_a_linked_one_is_refused(ca: Path, tmp_path: Path) -> None:
    (ca / pki.CA_KEY).chmod(0o644)
    with pytest.raises(UserError, match="chmod 600"):
        pki.issue_station(ca, "xa-an-binh", tmp_path / "a", NOW)
    (ca / pki.CA_KEY).chmod(0o600)
    moved = tmp_path / "elsewhere.key"
    (ca / pki.CA_KEY).rename(moved)
    (ca / pki.CA_KEY).symlink_to(moved)
    with pytest.raises(UserError, match="không phải là một tệp thường"):
        pki.issue_station(ca, "xa-an-binh", tmp_path / "b", NOW)


def test_a_damaged_or_mismatched_ca_is_one_line(ca: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    pki.init_ca(other, "Other", NOW)
    (ca / pki.CA_CERT).write_bytes((other / pki.CA_CERT).read_bytes())  # not its key's
    with pytest.raises(UserError, match="bị hỏng hoặc không khớp"):
        pki.issue_station(ca, "xa-an-binh", tmp_path / "a", NOW)
    (ca / pki.CA_CERT).write_bytes(b"-----BEGIN CERTIFICATE-----\nnot base64\n")
    with pytest.raises(UserError, match="bị hỏng hoặc không khớp"):
        pki.issue_station(ca, "xa-an-binh", tmp_path / "b", NOW)


def test_station_of_reads_exactly_one_station_name() -> None:
    assert pki.station_of(None) is None
    assert pki.station_of({}) is None
    assert pki.station_of({"subject": ((("commonName", "xa-an-binh"),),)}) == "xa-an-binh"
    two = {"subject": ((("commonName", "a"),), (("commonName", "b"),))}
    assert pki.station_of(two) is None
    assert pki.station_of({"subject": ((("commonName", "../x"),),)}) is None
    assert pki.station_of({"subject": ((("organizationName", "a"),),)}) is None


def test_a_bad_service_host_is_one_line(ca: Path, tmp_path: Path) -> None:
    for host in ("", "a b", "x" * 300, "a/b"):
        with pytest.raises(UserError, match="Tên máy hoặc địa chỉ"):
            pki.issue_service(ca, host, tmp_path / "s", NOW)


def test_a_station_without_a_certificate_is_refused(ca: Path, service: tuple[Path, Path]) -> None:
    bare = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    bare.load_verify_locations(cafile=str(ca / pki.CA_CERT))
    refused, _ = handshake(ca, service, bare)
    assert refused is not None and "certificate" in refused.lower()


def test_a_file_planted_between_the_check_and_the_write_is_not_touched(tmp_path: Path) -> None:
    # The checks before writing can lose a race; the write itself (O_EXCL, O_NOFOLLOW)
    # still never replaces a file nor writes through a link.
    victim = tmp_path / "victim.txt"
    victim.write_text("do not touch")
    (tmp_path / "planted.key").symlink_to(victim)
    (tmp_path / "existing.key").write_text("old")
    for name in ("planted.key", "existing.key"):
        with pytest.raises(UserError, match="không ghi đè"):
            pki._write_new(tmp_path / name, b"secret", 0o600)
    assert victim.read_text() == "do not touch"
    assert (tmp_path / "existing.key").read_text() == "old"
