"""The HTTP side of a serving process: SageMaker's inference contract on a shared socket.

Routes: ``GET /ping``, ``POST /invocations`` (the container contract) and
``POST /endpoints/<name>/invocations`` (the runtime API's path, so boto3's
``sagemaker-runtime`` client can be pointed at the endpoint directly). HTTP/1.1 with
keep-alive, one thread per connection.

Draining (before the process exits, for an update or a delete): the server stops
accepting — the socket stays open in the other processes that share it — every
connection answers its next request with ``Connection: close``, and connections left
idle are closed after ``idle_close_seconds``.
"""

from __future__ import annotations

import logging
import re
import selectors
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from dagmaker.serving.invocation_app import Answer, InferenceApp, Request, validation_error

LOG = logging.getLogger("dagmaker.serving")
MAX_PAYLOAD_BYTES = 6 * 1024 * 1024
_RUNTIME_PATH = re.compile(r"^/endpoints/(?P<name>[^/]+)/invocations$")
_POLL_SECONDS = 0.25


class EndpointServer(ThreadingHTTPServer):
    """A threading HTTP server on an already listening socket.

    Args:
        listener: The endpoint's listening socket (bound, listening; shared or not).
        app: Answers invocations.
        keepalive_seconds: How long an idle keep-alive connection is kept.
        idle_close_seconds: While draining, how long a connection may stay idle.
    """

    daemon_threads = True
    block_on_close = False

    def __init__(
        self,
        listener: socket.socket,
        app: InferenceApp,
        keepalive_seconds: float = 60.0,
        idle_close_seconds: float = 1.0,
    ) -> None:
        super().__init__(listener.getsockname()[:2], _Handler, bind_and_activate=False)
        self.socket.close()
        # Shared with sibling processes: whoever loses the race for a connection must get
        # EAGAIN rather than block in accept (the flag is shared by every holder).
        listener.setblocking(False)
        self.socket = listener
        self.server_address = listener.getsockname()[:2]
        self.app = app
        self.keepalive_seconds = keepalive_seconds
        self.idle_close_seconds = idle_close_seconds
        self.draining = threading.Event()
        self._connections = 0
        self._lock = threading.Condition()

    def begin_drain(self) -> None:
        """Stop accepting; connections close after their next answer or a short idle."""
        self.draining.set()
        threading.Thread(target=self.shutdown, name="stop-accepting", daemon=True).start()

    def wait_idle(self, timeout: float) -> bool:
        """Wait until every connection has closed; False if some remain after ``timeout``."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while self._connections:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._lock.wait(remaining)
        return True

    def connection_opened(self) -> None:
        """Count a connection (called by its handler thread)."""
        with self._lock:
            self._connections += 1

    def connection_closed(self) -> None:
        """Forget a connection (called by its handler thread)."""
        with self._lock:
            self._connections -= 1
            self._lock.notify_all()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "dagmaker-endpoint"
    sys_version = ""
    server: EndpointServer

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in separate writes; without this, Nagle's algorithm and
        # the client's delayed ACK would hold the body back by up to 40 ms.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def handle(self) -> None:
        self.server.connection_opened()
        try:
            self.close_connection = False
            while not self.close_connection and self._request_arrives():
                self.handle_one_request()
        finally:
            self.server.connection_closed()

    def _request_arrives(self) -> bool:
        """Wait for the next request on a keep-alive connection; False to close it."""
        idle_since = time.monotonic()
        while True:
            if self._buffered() or self._readable(_POLL_SECONDS):
                return True
            idle = time.monotonic() - idle_since
            limit = self.server.keepalive_seconds
            if self.server.draining.is_set():
                limit = min(limit, self.server.idle_close_seconds)
            if idle >= limit:
                return False

    def _readable(self, timeout: float) -> bool:
        # A selector, not select(): a busy process may hold descriptors above 1024.
        with selectors.DefaultSelector() as selector:
            selector.register(self.connection, selectors.EVENT_READ)
            return bool(selector.select(timeout))

    def _buffered(self) -> bool:
        # Bytes of a pipelined request may already sit in the read buffer, where select
        # cannot see them; a non-blocking peek looks without waiting.
        self.connection.setblocking(False)
        try:
            return bool(self.rfile.peek(1))  # type: ignore[attr-defined]
        except OSError:
            return False
        finally:
            self.connection.setblocking(True)

    def do_GET(self) -> None:
        if self.path.split("?", 1)[0] == "/ping":
            self._send(Answer(200, b"", "text/plain"))
        else:
            self._send(Answer(404, b"Not found: use GET /ping or POST /invocations", "text/plain"))

    def do_POST(self) -> None:
        path = self.path.split("?", 1)[0]
        runtime = _RUNTIME_PATH.match(path)
        if path != "/invocations" and runtime is None:
            self._send(Answer(404, b"Not found: use POST /invocations", "text/plain"))
            return
        body = self._body()
        if body is None:
            return
        if runtime is not None and runtime["name"].lower() != self.server.app.endpoint.lower():
            name = runtime["name"]
            self._send(validation_error(f"Endpoint {name} of account 000000000000 not found."))
            return
        headers = self.headers
        request = Request(
            body=body,
            content_type=headers.get("Content-Type", ""),
            accept=headers.get("Accept", ""),
            runtime=runtime is not None,
            inference_id=headers.get("X-Amzn-SageMaker-Inference-Id", ""),
            target_variant=headers.get("X-Amzn-SageMaker-Target-Variant", ""),
            custom_attributes=headers.get("X-Amzn-SageMaker-Custom-Attributes", ""),
        )
        self._send(self.server.app.invoke(request))

    def _body(self) -> bytes | None:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._chunked()
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            self._reject(411, "a request body needs a Content-Length header")
            return None
        if int(length) > MAX_PAYLOAD_BYTES:
            self._reject(413, f"the request body is larger than {MAX_PAYLOAD_BYTES} bytes")
            return None
        return self.rfile.read(int(length))

    def _chunked(self) -> bytes | None:
        parts: list[bytes] = []
        size = 0
        while True:
            line = self.rfile.readline(1024).split(b";", 1)[0].strip()
            try:
                chunk = int(line, 16)
            except ValueError:
                self._reject(400, "malformed chunked request body")
                return None
            if chunk == 0:
                while self.rfile.readline(1024).strip():
                    pass
                return b"".join(parts)
            size += chunk
            if size > MAX_PAYLOAD_BYTES:
                self._reject(413, f"the request body is larger than {MAX_PAYLOAD_BYTES} bytes")
                return None
            parts.append(self.rfile.read(chunk))
            self.rfile.readline(8)

    def _reject(self, status: int, message: str) -> None:
        self.close_connection = True
        self._send(Answer(status, message.encode("utf-8"), "text/plain; charset=utf-8"))

    def _send(self, answer: Answer) -> None:
        if self.server.draining.is_set():
            self.close_connection = True
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type or "application/octet-stream")
        self.send_header("Content-Length", str(len(answer.body)))
        for name, value in answer.headers.items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(answer.body)

    def log_message(self, format: str, *args: Any) -> None:
        LOG.debug("%s %s", self.address_string(), format % args)
