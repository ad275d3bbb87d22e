"""The HTTP connection layer: uvicorn's h11 protocol with the deadlines and limits a public server needs.

uvicorn closes a kept-alive connection that stays idle, but sets no deadline on a request in
flight: a client that connects and sends nothing, or sends its headers a byte at a time, or
never finishes its body, holds a connection (and its memory) for ever, and a few hundred such
clients exhaust the server. Here every request must deliver its headers within
``header_timeout`` seconds of its first byte (or of the connection opening) and its body within
``body_timeout``; past that the client gets 408 and the connection is closed.

Every accepted connection gets TCP_NODELAY, whatever the number of worker processes.

A request line or header block larger than h11's buffer was answered with a bare 400 and a
closed socket, which the client, still sending, sees as a connection reset. Here it gets 414
(request line) or 431 (headers), and the server reads and discards what is still coming for a
moment before closing ("lingering close"), so the client can read the answer.
"""

import asyncio
import contextlib
import socket
from functools import partial

from uvicorn.protocols.http import h11_impl
from uvicorn.protocols.http.h11_impl import H11Protocol

from ingest.settings import Settings

LINGER_SECONDS = 2.0  # how long a refused client may go on sending before the connection is closed
LINGER_BYTES = 8 * 2**20


def protocol(settings: Settings):
    """The protocol class (a picklable partial) uvicorn's ``http`` option takes, with ``settings``' deadlines."""
    return partial(GuardedH11Protocol, header_timeout=settings.header_timeout, body_timeout=settings.body_timeout)


def uvicorn_options(settings: Settings) -> dict:
    """What uvicorn needs beyond host and port: the guarded protocol, its buffer limit and the keep-alive timeout."""
    return {
        "http": protocol(settings),
        "h11_max_incomplete_event_size": max_head_bytes(settings),
        "timeout_keep_alive": settings.keepalive_timeout,
    }


def max_head_bytes(settings: Settings) -> int:
    """Room for a request line and headers: the largest query sent by GET, percent-encoded (3 bytes a byte), and 16 KiB of headers."""
    return max(64, 3 * settings.sparql_max_query_kb + 16) * 1024


def no_delay(transport) -> None:
    """Send small writes at once (TCP_NODELAY). asyncio sets it only on sockets it knows to be TCP;
    uvicorn's multi-process path creates its listening socket with proto=0, so with --workers 2
    every response waited for the peer's delayed ACK, about 40 ms (uvicorn issue 3149)."""
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class GuardedH11Protocol(H11Protocol):
    def __init__(self, *args, header_timeout: float, body_timeout: float, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.header_timeout = header_timeout
        self.body_timeout = body_timeout
        self.max_head_bytes = self.config.h11_max_incomplete_event_size or h11_impl.DEFAULT_MAX_INCOMPLETE_EVENT_SIZE
        self._deadline: asyncio.TimerHandle | None = None
        self._deadline_for = ""  # "headers" or "body"
        self._request = None  # the cycle whose headers have arrived
        self._received = False  # any byte of the current request
        self._lingering = -1  # bytes discarded after a refusal; -1 before one

    def connection_made(self, transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        no_delay(transport)
        self._arm("headers")

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._lingering >= 0:
            self._lingering += len(data)
            if self._lingering > LINGER_BYTES:
                self.transport.close()
            return
        if self._deadline is None and self._between_requests():
            self._arm("headers")  # a kept-alive connection starts its next request
        self._received = True
        super().data_received(data)

    def handle_events(self) -> None:
        super().handle_events()
        if self.cycle is not None and self.cycle is not self._request:  # a request's headers arrived
            self._request = self.cycle
            self._disarm()
            if self.cycle.more_body:
                self._arm("body")
        elif self._deadline is not None and self._deadline_for == "body" and not self._request.more_body:
            self._disarm()  # the body is complete

    def on_response_complete(self) -> None:
        self._disarm()
        self._received = False
        super().on_response_complete()

    def send_400_response(self, msg: str) -> None:
        """h11 refused what came in: say precisely why, then linger so the client reads it."""
        buffered, _ = self.conn.trailing_data
        if len(buffered) > self.max_head_bytes:
            if b"\r\n" not in buffered:
                self._refuse(414, "URI Too Long", "the request line is too long; send a long SPARQL query by POST")
            else:
                self._refuse(431, "Request Header Fields Too Large", "the request headers are too large")
        else:
            self._refuse(400, "Bad Request", "invalid HTTP request")

    # --- deadlines ---------------------------------------------------------------------------

    def _between_requests(self) -> bool:
        return self.cycle is None or self.cycle.response_complete

    def _arm(self, part: str) -> None:
        self._disarm()
        self._deadline_for = part
        if part == "headers":
            self._deadline = self.loop.call_later(self.header_timeout, self._headers_late)
        else:
            self._deadline = self.loop.call_later(self.body_timeout, self._body_late)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _headers_late(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        if self._received:
            self._refuse(408, "Request Timeout", f"the request headers did not arrive within {self.header_timeout:g} s")
        else:
            self.transport.close()  # connected and said nothing: nothing to answer

    def _body_late(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        if self.cycle is not None and not self.cycle.response_started:
            self._refuse(408, "Request Timeout", f"the request body did not arrive within {self.body_timeout:g} s")
        else:
            self.transport.close()

    def _refuse(self, status: int, reason: str, message: str) -> None:
        """Write a complete error response by hand (h11 may be in an error state) and close after lingering."""
        body = f"{message}\n".encode()
        head = (
            f"HTTP/1.1 {status} {reason}\r\ncontent-type: text/plain; charset=utf-8\r\n"
            f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
        )
        self.logger.warning("refused a request from %s: %s %s", self.client, status, message)
        self.transport.write(head.encode() + body)
        self._lingering = 0
        if self.cycle is not None:
            self.cycle.disconnected = True  # the app, if it is waiting for the body, stops waiting
            self.cycle.message_event.set()
        with contextlib.suppress(NotImplementedError, OSError, RuntimeError):
            self.transport.write_eof()
        self.loop.call_later(LINGER_SECONDS, self.transport.close)
