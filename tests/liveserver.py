"""A real uvicorn server in a thread, for clients that speak HTTP themselves (SPARQLWrapper, rdflib, a browser)."""

import os
import socket
import threading
import time
from contextlib import contextmanager

import uvicorn

from api.app import create_app
from api.server import uvicorn_options
from ingest.settings import Settings


def free_port() -> int:
    """A free local port: one the system picks, or the first free one of RSKG_TEST_PORTS (e.g. 8770-8779) on a
    machine where each user keeps to a range of ports."""
    wanted = os.environ.get("RSKG_TEST_PORTS", "")
    first, _, last = wanted.partition("-")
    candidates = range(int(first), int(last or first) + 1) if first.isdigit() else [0]
    for port in candidates:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise RuntimeError(f"no free port in RSKG_TEST_PORTS={wanted}")


@contextmanager
def live_server(settings: Settings, port: int | None = None):
    """Serve the app for ``settings`` on ``port`` (a free local one by default); yields its base URL."""
    port = port or free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning", **uvicorn_options(settings))
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def served(data_dir, *options: str, port: int | None = None, env: dict | None = None, timeout: float = 300):
    """``rskg serve`` in its own process, as an operator runs it; yields (base URL, process) once /ready answers."""
    import os
    import subprocess
    import sys

    import httpx

    port = port or free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--data-dir", str(data_dir), "--port", str(port), *options],
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if httpx.get(f"{url}/ready", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"rskg serve did not become ready: {process.stderr.read().decode()[-2000:]}")
            time.sleep(0.3)
        yield url, process
    finally:
        process.terminate()
        process.wait(timeout=30)
