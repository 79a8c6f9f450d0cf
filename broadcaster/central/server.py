"""The province service served over mutual TLS (#14).

uvicorn (0.54) does not hand an application the client's certificate (the ASGI TLS
extension is not in it yet), so the service's HTTP protocol is uvicorn's own h11 one,
which, once the TLS handshake has verified the station's certificate, puts that
certificate (as `SSLSocket.getpeercert()` reads it) into every request's scope of the
connection: `scope["extensions"]["tls"]["client_cert_dict"]`, the key uvicorn's pending
implementation of the extension uses. The TLS context is pki.server_context: TLS 1.2+,
a certificate required, issued by the province CA and not revoked.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Mapping
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

from broadcaster._lib import pki

ASGIApp = Any


def _with_peer(app: ASGIApp, peer: dict[str, Any] | None) -> ASGIApp:
    async def bound(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] in ("http", "websocket"):
            extensions = dict(scope.get("extensions") or {})
            extensions["tls"] = {"client_cert_dict": peer}
            scope = {**scope, "extensions": extensions}
        await app(scope, receive, send)

    return bound


class MutualTLSProtocol(H11Protocol):
    """uvicorn's h11 protocol, telling the application whose certificate it talks to."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.app = _with_peer(self.app, transport.get_extra_info("peercert"))


def peer_of(scope: Mapping[str, Any]) -> dict[str, Any] | None:
    """The verified client certificate of the request's connection, or None."""
    tls = (scope.get("extensions") or {}).get("tls") or {}
    peer = tls.get("client_cert_dict")
    return peer if isinstance(peer, dict) else None


def make_server(
    app: ASGIApp, ca_cert: Any, crl: Any, cert: Any, key: Any, limit_concurrency: int = 256
) -> Any:
    """uvicorn serving `app` over mutual TLS with the province CA's files."""
    import uvicorn

    def context(_config: Any, _default: Any) -> Any:
        return pki.server_context(ca_cert, crl, cert, key)

    return uvicorn.Server(
        uvicorn.Config(
            app,
            http=MutualTLSProtocol,
            ssl_certfile=str(cert),  # marks the server as HTTPS; the context is ours
            ssl_context_factory=context,
            log_level="warning",
            access_log=False,
            server_header=False,
            proxy_headers=False,  # the station is its certificate, never a header
            timeout_keep_alive=30,
            limit_concurrency=limit_concurrency,
        )
    )


def bind(host: str, port: int) -> socket.socket:
    """The listening socket (TCP named, so asyncio turns Nagle off on each connection)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(512)
    return sock
