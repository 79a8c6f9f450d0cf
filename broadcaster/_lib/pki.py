"""The province's certificate authority: who may talk to the province service (#14).

Mutual TLS. The service trusts only certificates its own CA issued, and each station's
certificate names its station (subject CN = the station's id, as in `[station] id`): the
service lets a connection write that station's rows and no other's (`station_of`). A
certificate that leaked is revoked: the CA signs a new revocation list (CRL) that the
service checks on every handshake (`server_context`).

A CA is a folder:

- `ca.key`: the CA's private key (ECDSA P-256), mode 0600; it never leaves the province
  office. Written with O_EXCL and O_NOFOLLOW: an existing file or a link is never replaced.
- `ca.crt`: the CA's certificate, given to every station and to the service.
- `issued.json`: every certificate issued (serial, station, validity, revocation): the CRL
  is made from it, and it answers "which certificate does station X hold".
- `crl.pem`: the revocation list, rewritten (atomically) at every revocation.

Keys are ECDSA P-256: every TLS library a station or a proxy might run accepts it. The
cryptography is the `cryptography` library's; nothing here implements any of it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import json
import os
import secrets
import ssl
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from broadcaster.config.schema import identifier
from broadcaster.errors import Invalid, UserError
from broadcaster.i18n import t

CA_KEY = "ca.key"
CA_CERT = "ca.crt"
ISSUED = "issued.json"
CRL = "crl.pem"
CA_DAYS = 10 * 365
STATION_DAYS = 825  # a little over two years: renewed with the station's PC, not yearly
CRL_DAYS = 30  # the service refuses everyone if the CRL is older: re-signed at each change
MAX_FILE_BYTES = 1024 * 1024  # a CA's files are a few KB; bigger is not one of them


@dataclass(frozen=True)
class Issued:
    """A certificate the CA issued: where its three files went."""

    station: str
    serial: int
    key: Path
    cert: Path
    ca_cert: Path


def _refuse(key: str, **values: object) -> UserError:
    return UserError(t(key, **values), exit_code=2)


def _now(now: dt.datetime) -> dt.datetime:
    return now.astimezone(dt.UTC)


def _write_new(path: Path, data: bytes, mode: int) -> None:
    """A new file: never replaces one (nor follows a link planted at its name)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, mode)
    except FileExistsError:
        raise _refuse("central.pki.exists", path=path) from None
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def _replace(path: Path, data: bytes) -> None:
    """A file rewritten whole: a reader sees the old one or the new one, never half."""
    partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    _write_new(partial, data, 0o644)
    os.replace(partial, path)


def _read(path: Path, private: bool = False) -> bytes:
    """One of the CA's files: a regular file, not a link; a private key readable by its
    owner alone."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        raise _refuse("central.pki.missing", path=path) from None
    except OSError:
        raise _refuse("central.pki.not_a_file", path=path) from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
            raise _refuse("central.pki.not_a_file", path=path)
        if private and os.name == "posix" and info.st_mode & 0o077:
            raise _refuse("central.pki.key_open", path=path)
        return handle.read(MAX_FILE_BYTES + 1)


def read_checked(path: Path, private: bool = False) -> bytes:
    """One of the CA's or the service's files, read as the CA reads its own: a regular
    file, not a link; a private key readable by its owner alone. One line otherwise."""
    return _read(path, private)


def station_id(value: str) -> str:
    """The station's id as `[station] id` allows it; one line for anything else."""
    try:
        return identifier(value)
    except Invalid as bad:
        raise _refuse("central.pki.bad_station", detail=str(bad)) from None


def _pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def init_ca(folder: Path, name: str, now: dt.datetime) -> Path:
    """A new CA in `folder` (made, mode 0700). Refused if the folder already holds one."""
    name = " ".join(name.split())
    if not name or len(name) > 200:
        raise _refuse("central.pki.bad_name")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if folder.is_symlink() or not folder.is_dir():
        raise _refuse("central.pki.not_a_folder", path=folder)
    if (folder / CA_KEY).exists() or (folder / CA_KEY).is_symlink():
        raise _refuse("central.pki.exists", path=folder / CA_KEY)
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    start = _now(now) - dt.timedelta(minutes=5)  # a station's clock a little behind
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=CA_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .sign(key, hashes.SHA256())
    )
    _write_new(folder / CA_KEY, _pem(key), 0o600)
    _write_new(folder / CA_CERT, cert.public_bytes(serialization.Encoding.PEM), 0o644)
    _write_new(folder / ISSUED, b"[]\n", 0o644)
    _write_crl(folder, key, cert, [], now)
    return folder / CA_CERT


@dataclass
class _CA:
    folder: Path
    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate
    issued: list[dict[str, Any]]


def _load(folder: Path) -> _CA:
    try:
        key = serialization.load_pem_private_key(_read(folder / CA_KEY, private=True), None)
        cert = x509.load_pem_x509_certificate(_read(folder / CA_CERT))
        issued = json.loads(_read(folder / ISSUED))
    except (ValueError, TypeError):
        raise _refuse("central.pki.damaged", path=folder) from None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or not isinstance(issued, list):
        raise _refuse("central.pki.damaged", path=folder)
    if key.public_key().public_numbers() != cert.public_key().public_numbers():  # type: ignore[union-attr]
        raise _refuse("central.pki.damaged", path=folder)
    return _CA(folder, key, cert, issued)


def _leaf(
    ca: _CA,
    subject_cn: str,
    usage: x509.ObjectIdentifier,
    now: dt.datetime,
    days: int,
    names: list[x509.GeneralName] | None = None,
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    start = _now(now) - dt.timedelta(minutes=5)
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject_cn)]))
        .issuer_name(ca.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(min(start + dt.timedelta(days=days), ca.cert.not_valid_after_utc))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), False
        )
    )
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    return key, builder.sign(ca.key, hashes.SHA256())


def _deliver(
    ca: _CA, out: Path, stem: str, key: ec.EllipticCurvePrivateKey, cert: x509.Certificate
) -> tuple[Path, Path, Path]:
    """The key, the certificate and the CA's certificate, as three new files in `out`."""
    out.mkdir(parents=True, exist_ok=True, mode=0o700)
    if out.is_symlink() or not out.is_dir():
        raise _refuse("central.pki.not_a_folder", path=out)
    paths = (out / f"{stem}.key", out / f"{stem}.crt", out / CA_CERT)
    for path in paths:  # all three are new, or nothing is written
        if path.exists() or path.is_symlink():
            raise _refuse("central.pki.exists", path=path)
    _write_new(paths[0], _pem(key), 0o600)
    _write_new(paths[1], cert.public_bytes(serialization.Encoding.PEM), 0o644)
    _write_new(paths[2], ca.cert.public_bytes(serialization.Encoding.PEM), 0o644)
    return paths


def issue_station(
    folder: Path, station: str, out: Path, now: dt.datetime, days: int = STATION_DAYS
) -> Issued:
    """A station's client certificate, named by its id, into `out` (station.key,
    station.crt and the CA's ca.crt); recorded in issued.json."""
    station = station_id(station)
    ca = _load(folder)
    key, cert = _leaf(ca, station, ExtendedKeyUsageOID.CLIENT_AUTH, now, days)
    key_path, cert_path, ca_path = _deliver(ca, out, "station", key, cert)
    ca.issued.append(
        {
            "serial": str(cert.serial_number),
            "station": station,
            "not_before": cert.not_valid_before_utc.isoformat(),
            "not_after": cert.not_valid_after_utc.isoformat(),
            "revoked_at": None,
        }
    )
    _replace(folder / ISSUED, (json.dumps(ca.issued, indent=1) + "\n").encode())
    return Issued(station, cert.serial_number, key_path, cert_path, ca_path)


def issue_service(folder: Path, host: str, out: Path, now: dt.datetime) -> tuple[Path, Path]:
    """The service's own server certificate for `host` (a name or an IP address)."""
    try:
        name: x509.GeneralName = x509.IPAddress(ipaddress.ip_address(host))
    except ValueError:
        if not host or len(host) > 253 or not all(c.isalnum() or c in ".-" for c in host):
            raise _refuse("central.pki.bad_host", host=host[:80]) from None
        name = x509.DNSName(host)
    ca = _load(folder)
    key, cert = _leaf(ca, host, ExtendedKeyUsageOID.SERVER_AUTH, now, STATION_DAYS, [name])
    key_path, cert_path, _ca = _deliver(ca, out, "service", key, cert)
    return key_path, cert_path


def issued(folder: Path) -> list[dict[str, Any]]:
    """Every certificate the CA in `folder` issued, oldest first."""
    return list(_load(folder).issued)


def revoke(folder: Path, station: str, now: dt.datetime) -> list[int]:
    """Every certificate of `station` not yet revoked is, from `now`; the CRL is signed
    again. Returns their serials (none: refused in one line)."""
    station = station_id(station)
    ca = _load(folder)
    revoked = []
    for entry in ca.issued:
        if entry.get("station") == station and not entry.get("revoked_at"):
            entry["revoked_at"] = _now(now).isoformat()
            revoked.append(int(entry["serial"]))
    if not revoked:
        raise _refuse("central.pki.nothing_to_revoke", station=station)
    _replace(folder / ISSUED, (json.dumps(ca.issued, indent=1) + "\n").encode())
    _write_crl(folder, ca.key, ca.cert, ca.issued, now)
    return revoked


def _write_crl(
    folder: Path,
    key: ec.EllipticCurvePrivateKey,
    cert: x509.Certificate,
    issued: list[dict[str, Any]],
    now: dt.datetime,
) -> None:
    moment = _now(now)
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(cert.subject)
        .last_update(moment - dt.timedelta(minutes=5))
        .next_update(moment + dt.timedelta(days=CRL_DAYS))
    )
    for entry in issued:
        if entry.get("revoked_at"):
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder()
                .serial_number(int(entry["serial"]))
                .revocation_date(dt.datetime.fromisoformat(entry["revoked_at"]))
                .build()
            )
    crl = builder.sign(key, hashes.SHA256())
    data = crl.public_bytes(serialization.Encoding.PEM)
    if (folder / CRL).exists():
        _replace(folder / CRL, data)
    else:
        _write_new(folder / CRL, data, 0o644)


def server_context(ca_cert: Path, crl: Path, cert: Path, key: Path) -> ssl.SSLContext:
    """The service's side: TLS 1.2 or newer, a client certificate required, issued by the
    province CA and not on its revocation list."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.verify_mode = ssl.CERT_REQUIRED
    context.load_cert_chain(cert, key)
    context.load_verify_locations(cafile=str(ca_cert))
    context.load_verify_locations(cafile=str(crl))
    context.verify_flags |= ssl.VERIFY_CRL_CHECK_LEAF
    return context


def station_context(ca_cert: Path, cert: Path, key: Path) -> ssl.SSLContext:
    """client_context from a station's `[central]` files, checked first: regular files, not
    links, the key readable by its owner alone; one line for anything else."""
    for path, private in ((ca_cert, False), (cert, False), (key, True)):
        _read(path, private=private)
    try:
        return client_context(ca_cert, cert, key)
    except (ssl.SSLError, OSError, ValueError):
        raise _refuse("central.pki.unusable", cert=cert, private=key, ca=ca_cert) from None


def client_context(ca_cert: Path, cert: Path, key: Path) -> ssl.SSLContext:
    """A station's side: the service must show a certificate of the province CA for the
    host it is asked for; the station shows its own."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_verify_locations(cafile=str(ca_cert))
    context.load_cert_chain(cert, key)
    return context


def station_of(peer: dict[str, Any] | None) -> str | None:
    """The station a verified client certificate names (`SSLSocket.getpeercert()`), or
    None: no certificate, or not exactly one common name that is a station id."""
    if not peer:
        return None
    names = [value for rdn in peer.get("subject", ()) for key, value in rdn if key == "commonName"]
    if len(names) != 1:
        return None
    with contextlib.suppress(Invalid):
        return identifier(names[0])
    return None
