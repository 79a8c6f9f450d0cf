"""The station's signing key: Ed25519 from the `cryptography` library, never home-made.

Each station makes its key once, at its first start, and keeps the private half in a file
beside its database (readable by the station user only); it is never exported. Exports and
the chain head carry signatures made with it and the public half, so that:

- anyone can check that a signed document was not changed after signing, and
- someone who holds the station's public key (from the station, through a channel they
  trust) can check that a document really comes from that station: an export regenerated
  by someone without the private key carries another key, or a signature that fails.

Signed content is canonical JSON (sorted keys, no spaces, UTF-8), so a document read back
from its file and dumped again gives the same bytes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from broadcaster.errors import KeyFileError

ALGORITHM = "ed25519"
SEAL = "seal"  # the key of the signature object inside a signed JSON document


def canonical_json(value: Any) -> bytes:
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode()


def fingerprint(public_raw: bytes) -> str:
    """What a person compares by eye: 128 bits of SHA-256 of the raw public key, in groups."""
    digest = hashlib.sha256(public_raw).hexdigest()[:32]
    return "ed25519:" + ":".join(digest[i : i + 4] for i in range(0, 32, 4))


@dataclass(frozen=True)
class PublicKey:
    raw: bytes

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.raw)

    @property
    def b64(self) -> str:
        return base64.b64encode(self.raw).decode()

    def pem(self) -> str:
        key = Ed25519PublicKey.from_public_bytes(self.raw)
        return key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode()

    def verifies(self, data: bytes, signature_b64: str) -> bool:
        try:
            signature = base64.b64decode(signature_b64, validate=True)
            Ed25519PublicKey.from_public_bytes(self.raw).verify(signature, data)
        except (InvalidSignature, binascii.Error, ValueError, TypeError):
            return False
        return True

    @classmethod
    def from_b64(cls, text: Any) -> PublicKey | None:
        try:
            raw = base64.b64decode(str(text), validate=True)
        except (binascii.Error, ValueError):
            return None
        return cls(raw) if len(raw) == 32 else None


class StationKey:
    """The private key, held in memory by the station process that signs."""

    def __init__(self, private: Ed25519PrivateKey) -> None:
        self._private = private
        self.public = PublicKey(
            private.public_key().public_bytes(
                serialization.Encoding.Raw, serialization.PublicFormat.Raw
            )
        )

    def sign(self, data: bytes) -> str:
        return base64.b64encode(self._private.sign(data)).decode()

    def seal(self, content: Mapping[str, Any]) -> dict[str, str]:
        """The signature object for a JSON document (the document without its seal)."""
        return {
            "algorithm": ALGORITHM,
            "public_key": self.public.b64,
            "fingerprint": self.public.fingerprint,
            "signature": self.sign(canonical_json(content)),
        }


def sealed(document: Mapping[str, Any], key: StationKey) -> dict[str, Any]:
    content = {k: v for k, v in document.items() if k != SEAL}
    return {**content, SEAL: key.seal(content)}


def check_seal(document: Mapping[str, Any]) -> tuple[PublicKey | None, bool]:
    """(the key the document says signed it, whether the signature holds for its content)."""
    seal = document.get(SEAL)
    if not isinstance(seal, Mapping) or seal.get("algorithm") != ALGORITHM:
        return None, False
    public = PublicKey.from_b64(seal.get("public_key"))
    signature = seal.get("signature")
    if public is None or not isinstance(signature, str):
        return None, False
    # The seal holds exactly what sealing writes: nothing in it goes unchecked.
    if set(seal) != {"algorithm", "public_key", "fingerprint", "signature"}:
        return public, False
    if seal.get("fingerprint") != public.fingerprint:
        return public, False
    content = {k: v for k, v in document.items() if k != SEAL}
    try:
        data = canonical_json(content)
    except (TypeError, ValueError):
        return public, False
    return public, public.verifies(data, signature)


# ---- key files -------------------------------------------------------------------------
def load_or_create(path: Path) -> tuple[StationKey, bool]:
    """The station's key from `path`, made there first if there is none: (key, made now)."""
    path = Path(path)
    if path.exists():
        return load(path), False
    path.parent.mkdir(parents=True, exist_ok=True)
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    partial = path.with_name(f".{path.name}.part")
    # Readable by the station user only, from the first byte written.
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(partial, path)  # never over a key another process made a moment ago
        except FileExistsError:
            return load(path), False
        except OSError:  # a file system without hard links
            os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return StationKey(private), True


def load(path: Path) -> StationKey:
    try:
        data = Path(path).read_bytes()
        private = serialization.load_pem_private_key(data, password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise KeyFileError(str(exc)) from None
    if not isinstance(private, Ed25519PrivateKey):
        raise KeyFileError(f"{path}: not an Ed25519 key")
    return StationKey(private)


def read_public_key(path: Path, max_bytes: int = 64 * 1024) -> PublicKey:
    """A station's public key as given to a supervisor: PEM, or the base64 of its 32 bytes."""
    try:
        with Path(path).open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise KeyFileError(str(exc)) from None
    if len(data) > max_bytes:
        raise KeyFileError(f"{path}: too big for a key")
    text = data.decode("utf-8", errors="replace").strip()
    if text.startswith("-----BEGIN"):
        try:
            key = serialization.load_pem_public_key(data)
        except (ValueError, TypeError) as exc:
            raise KeyFileError(str(exc)) from None
        if not isinstance(key, Ed25519PublicKey):
            raise KeyFileError(f"{path}: not an Ed25519 public key")
        return PublicKey(
            key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        )
    public = PublicKey.from_b64(text)
    if public is None:
        raise KeyFileError(f"{path}: not a public key")
    return public
