"""Connections a public server must survive: idle, slow, half-sent and oversized requests, against `rskg serve` itself."""

import contextlib
import socket
import time

import httpx
import pytest

from tests.liveserver import served

TIMEOUTS = {"RSKG_HEADER_TIMEOUT": "1", "RSKG_BODY_TIMEOUT": "1", "RSKG_KEEPALIVE_TIMEOUT": "1"}


@pytest.fixture(scope="module")
def server(corpus_data_dir):
    with served(corpus_data_dir, env=TIMEOUTS) as (url, _):
        yield url


def _connect(url: str) -> socket.socket:
    host, port = url.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=10)


def _read_all(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def _read_response(sock: socket.socket) -> bytes:
    """One response on a kept-alive connection: its head, then as many body bytes as it says."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:"))
    while len(body) < length:
        body += sock.recv(65536)
    return head


def test_idle_connections_are_closed_and_the_server_keeps_answering(server):
    idle = [_connect(server) for _ in range(200)]
    started = time.monotonic()
    assert httpx.get(f"{server}/health", timeout=5).status_code == 200
    for sock in idle:
        assert _read_all(sock) == b""  # closed without a word: it never asked anything
    assert time.monotonic() - started < 5


def test_headers_sent_a_byte_at_a_time_get_408(server):
    sock = _connect(server)
    started = time.monotonic()
    for byte in b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ":
        try:
            sock.send(bytes([byte]))
        except OSError:
            break
        time.sleep(0.1)
        if time.monotonic() - started > 3:
            break
    answer = _read_all(sock)
    assert answer.startswith(b"HTTP/1.1 408") and b"headers did not arrive within 1 s" in answer
    assert time.monotonic() - started < 4


def test_a_body_that_never_finishes_gets_408(server):
    sock = _connect(server)
    sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\nASK")
    started = time.monotonic()
    answer = _read_all(sock)
    assert answer.startswith(b"HTTP/1.1 408") and b"body did not arrive" in answer
    assert time.monotonic() - started < 4


def test_a_kept_alive_connection_serves_requests_and_then_its_next_request_must_be_prompt(server):
    sock = _connect(server)
    for _ in range(2):
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        assert _read_response(sock).startswith(b"HTTP/1.1 200")
        time.sleep(0.5)  # within the keep-alive timeout
    sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")  # and no end of headers
    assert _read_all(sock).startswith(b"HTTP/1.1 408")


@pytest.mark.parametrize(
    "request_head,status",
    [
        (b"GET /sparql?query=" + b"A" * 2**20 + b" HTTP/1.1\r\nHost: x\r\n\r\n", b"414"),
        (b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"A" * 2**20 + b"\r\n\r\n", b"431"),
    ],
    ids=["request-line", "headers"],
)
def test_an_oversized_request_head_gets_its_status_not_a_reset(server, request_head, status):
    sock = _connect(server)
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # it may answer before reading it all; the answer is still there
        sock.sendall(request_head)
    answer = _read_all(sock)
    assert answer.startswith(b"HTTP/1.1 " + status), answer[:200]
    assert httpx.get(f"{server}/health", timeout=5).status_code == 200


def test_every_accepted_connection_sends_at_once_whatever_the_listening_socket(corpus_data_dir):
    """TCP_NODELAY on the accepted socket even when the listening socket was made with proto=0, as
    uvicorn's multi-process path makes it (without it, each response waited ~40 ms for a delayed ACK)."""
    import asyncio
    import threading

    import uvicorn

    from api.app import create_app
    from api.server import uvicorn_options
    from ingest.settings import Settings

    settings = Settings(data_dir=corpus_data_dir)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 0)  # what uvicorn's --workers path binds
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    config = uvicorn.Config(create_app(settings), log_level="warning", **uvicorn_options(settings))
    server = uvicorn.Server(config)
    thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[listener])), daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        client = socket.create_connection(("127.0.0.1", port), timeout=10)
        client.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        assert _read_response(client).startswith(b"HTTP/1.1 200")
        accepted = [c.transport.get_extra_info("socket") for c in server.server_state.connections]
        assert accepted and all(s.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) for s in accepted)
        client.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
