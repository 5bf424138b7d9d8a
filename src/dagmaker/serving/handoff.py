"""One listening socket per endpoint, shared by its serving processes.

The first process binds the endpoint's port. Every process then offers the socket on a
Unix control socket (Linux abstract namespace, so no path length limit and nothing to
clean up), and a process started later — another instance, a restart, the next model
generation of an update — receives the same socket from any living sibling
(``SCM_RIGHTS``) instead of binding. All of them accept from one queue: a connection is
never refused or reset while any process holds the socket, which is how an update
swaps models without dropping a request. Only processes of the same user may take it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import struct
import threading
from collections.abc import Iterable

LOG = logging.getLogger("dagmaker.serving")
BACKLOG = 1024
_TOKEN = b"L"
_CONNECT_TIMEOUT = 2.0
_PEERCRED = struct.Struct("3i")


def control_address(name: str) -> str:
    """The abstract-namespace address of a process's control socket."""
    return "\0dagmaker-endpoint-" + name


def bind_listener(host: str, port: int) -> socket.socket:
    """A new listening TCP socket on ``host:port`` (port 0: any free port)."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host, port))
    except OSError:
        listener.close()
        raise
    listener.listen(BACKLOG)
    return listener


def receive_listener(names: Iterable[str]) -> socket.socket | None:
    """Take the listening socket from the first sibling that answers; None if none does."""
    for name in names:
        try:
            return _receive(control_address(name))
        except OSError as error:
            LOG.info("No listening socket from %s (%s)", name, error)
    return None


def _receive(address: str) -> socket.socket:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as channel:
        channel.settimeout(_CONNECT_TIMEOUT)
        channel.connect(address)
        message, fds, _, _ = socket.recv_fds(channel, 1, 1)
    if message != _TOKEN or not fds:
        for fd in fds:
            os.close(fd)
        raise ConnectionError("the sibling answered without a socket")
    return socket.socket(fileno=fds[0])


class SocketDonor:
    """Offers a listening socket to sibling processes on a control socket.

    Args:
        name: This process's control name (see `control_address`).
        listener: The socket to give.
    """

    def __init__(self, name: str, listener: socket.socket) -> None:
        self.listener = listener
        self._control = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._control.bind(control_address(name))
        self._control.listen(16)
        self._thread = threading.Thread(target=self._serve, name="socket-donor", daemon=True)

    def start(self) -> SocketDonor:
        """Answer siblings from a background thread."""
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop offering the socket (siblings then ask someone else)."""
        with contextlib.suppress(OSError):
            self._control.shutdown(socket.SHUT_RDWR)
        self._control.close()

    def _serve(self) -> None:
        while True:
            try:
                channel, _ = self._control.accept()
            except OSError:
                return
            with channel:
                self._give(channel)

    def _give(self, channel: socket.socket) -> None:
        credentials = channel.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, _PEERCRED.size)
        _, uid, _ = _PEERCRED.unpack(credentials)
        if uid != os.getuid():
            LOG.warning("Refused the endpoint's socket to a process of user %d", uid)
            return
        with contextlib.suppress(OSError):
            socket.send_fds(channel, [_TOKEN], [self.listener.fileno()])
