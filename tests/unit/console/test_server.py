"""The console's listening socket: replies leave at once on a kept-alive connection."""

from __future__ import annotations

import asyncio
import socket

from broadcaster.console import server


def _nodelay_of_accepted(listening: socket.socket) -> int:
    """TCP_NODELAY on the socket asyncio (hence uvicorn) accepts from `listening`."""

    async def run() -> int:
        seen: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        def accepted(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            sock = writer.get_extra_info("socket")
            seen.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        async with await asyncio.start_server(accepted, sock=listening):
            _reader, writer = await asyncio.open_connection(*listening.getsockname()[:2])
            value = await asyncio.wait_for(seen, 5)
            writer.close()
            return value

    return asyncio.run(run())


def test_accepted_connections_send_without_waiting_for_an_ack() -> None:
    # Nagle on a kept-alive connection held each reply's second write until the client's
    # delayed ACK: 44 ms a request, measured with curl and httpx before this fix.
    listening = server.bind("127.0.0.1", 0)
    assert listening.proto == socket.IPPROTO_TCP
    assert _nodelay_of_accepted(listening) != 0


def test_a_socket_made_without_its_protocol_would_wait() -> None:
    # The check can fail: a listening socket made as before (protocol 0) gives asyncio
    # accepted sockets it leaves with Nagle on.
    plain = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    plain.bind(("127.0.0.1", 0))
    plain.listen(8)
    assert _nodelay_of_accepted(plain) == 0
