"""Run the console under uvicorn: one process, one worker, on `[console] host:port`.

One worker is enough for a station (a handful of people) and keeps the memory small; the
page work runs in uvicorn's thread pool, the database is SQLite in WAL mode (readers never
wait for the daemon's writes; a write waits at most the busy timeout).
"""

from __future__ import annotations

import errno
import socket
from collections.abc import Callable
from typing import Any

from sqlalchemy.engine import Engine

from broadcaster import i18n
from broadcaster.clock import Clock
from broadcaster.config import Config
from broadcaster.errors import UserError


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, made here so a port in use is one clear line, not a traceback."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named, not left 0: asyncio sets TCP_NODELAY only on accepted sockets whose
    # protocol says TCP. Without it every reply on a kept-alive connection waited for the
    # client's delayed ACK (Nagle): 44 ms a request, whatever the page (#13's p95).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    if hasattr(socket, "SO_EXCLUSIVEADDRUSE"):
        # Windows: SO_REUSEADDR there would let us take a port another program listens
        # on (and it ours); exclusive use makes a port in use an error as on Linux.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
    else:
        # Linux: a restart right after a stop may bind at once (TIME_WAIT); a port
        # another program listens on is still refused (EADDRINUSE).
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        key = "console.port_in_use" if exc.errno == errno.EADDRINUSE else "console.cannot_listen"
        raise UserError(
            i18n.t(key, host=host, port=port, detail=exc.strerror), exit_code=2
        ) from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def make_server(app: Any) -> Any:
    """uvicorn as the console runs it (the tests serve through this too)."""
    import uvicorn

    return uvicorn.Server(
        uvicorn.Config(
            app,
            log_level="warning",
            access_log=False,
            proxy_headers=False,  # the client's address is the socket's: nobody proxies us
            server_header=False,
            timeout_keep_alive=5,
            limit_concurrency=64,  # beyond this, 503 at once: a flood cannot queue forever
        )
    )


def serve(
    config: Config,
    engine: Engine,
    clock: Clock | None = None,
    announce: Callable[[str], None] = print,
    sock: socket.socket | None = None,
) -> None:
    from broadcaster.console.app import create_app

    app = create_app(config, engine, clock)
    listening = sock or bind(config.console.host, config.console.port)
    host, port = listening.getsockname()[:2]
    announce(
        i18n.t(
            "console.listening",
            address=config.console.address.replace(f":{config.console.port}/", f":{port}/"),
        )
    )
    server = make_server(app)
    server.run(sockets=[listening])
