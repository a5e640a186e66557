"""The sandbox panel behind real HTTP: an httpx transport (in-process) and a small server.

Both read the POSTed form, ask `SandboxPanel.handle`, and honour the answer's
delay and "lost" flag: a lost answer is a request the panel acted on but never
answered, which the client sees as a read timeout.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

import httpx

from bot.panel.sandbox.panel import SandboxPanel

log = logging.getLogger(__name__)
SANDBOX_URL = "http://sandbox.panel/api/v2"


def _form(body: bytes) -> dict[str, str]:
    return dict(parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True))


class SandboxTransport(httpx.AsyncBaseTransport):
    """Lets a `PanelClient` talk to a `SandboxPanel` in the same process."""

    def __init__(self, panel: SandboxPanel) -> None:
        self.panel = panel

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        form = _form(await request.aread())
        if self.panel.hangs(form):  # as over a network, the client's read timeout ends the wait
            read_timeout = request.extensions.get("timeout", {}).get("read")
            deadline = None if read_timeout is None else time.monotonic() + read_timeout
            with self.panel.waiting():
                while self.panel.hangs(form):  # released from any thread: polled, not an asyncio.Event
                    if deadline is not None and time.monotonic() >= deadline:
                        raise httpx.ReadTimeout("the panel did not answer", request=request)
                    await asyncio.sleep(0.01)
        answer = self.panel.handle(form)
        if answer.delay:
            await asyncio.sleep(answer.delay)
        if answer.lost:
            raise httpx.ReadTimeout("the panel did not answer", request=request)
        return httpx.Response(answer.status, headers=answer.headers, content=answer.body)


class SandboxServer:
    """The sandbox on 127.0.0.1 in a background thread; `url` is its API v2 address."""

    def __init__(self, panel: SandboxPanel, host: str = "127.0.0.1", port: int = 0, lost_hold: float = 2.0) -> None:
        self.panel = panel
        handler = type("Handler", (_Handler,), {"panel": panel, "lost_hold": lost_hold})
        self.httpd = ThreadingHTTPServer((host, port), handler)
        self.httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        if isinstance(host, bytes | bytearray):
            host = host.decode("ascii")
        return f"http://{host}:{port}/api/v2"

    def start(self) -> SandboxServer:
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="sandbox-panel", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self.httpd.serve_forever()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _Handler(BaseHTTPRequestHandler):
    panel: SandboxPanel
    lost_hold: float
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        form = _form(self.rfile.read(length))
        if self.panel.hangs(form):
            with self.panel.waiting():
                while self.panel.hangs(form):
                    self.panel.wait_released(0.1)
        answer = self.panel.handle(form)
        if answer.delay:
            time.sleep(answer.delay)
        if answer.lost:
            time.sleep(self.lost_hold)
            self.close_connection = True
            return
        try:
            self.send_response(answer.status)
            for name, value in {**answer.headers, "Content-Length": str(len(answer.body))}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(answer.body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting (a hang, a timeout)
            self.close_connection = True

    def do_GET(self) -> None:
        body = b'{"error":"Incorrect request"}'
        self.send_response(405 if self.panel.dialect.has("strict-http") else 200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        log.debug("sandbox %s", format % args)
