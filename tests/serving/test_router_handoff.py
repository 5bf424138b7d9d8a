"""Variant routing, and the listening socket handed between processes."""

from __future__ import annotations

import socket
import subprocess
import sys
import uuid

import pytest

from dagmaker.errors import InvalidRequest
from dagmaker.serving.handoff import SocketDonor, bind_listener, receive_listener
from dagmaker.serving.router import VariantRouter


def test_weights_split_traffic() -> None:
    draws = iter([0.0, 0.24, 0.25, 0.99])
    router = VariantRouter([("A", 1), ("B", 3)], rng=lambda: next(draws))
    assert [router.pick() for _ in range(4)] == ["A", "A", "B", "B"]


def test_zero_weight_variant_only_by_target() -> None:
    router = VariantRouter([("A", 1), ("Shadow", 0), ("C", 1)], rng=lambda: 0.5)
    assert router.pick() == "C"
    assert router.pick("Shadow") == "Shadow"


def test_unknown_target_and_all_zero_weights_are_refused() -> None:
    with pytest.raises(InvalidRequest, match="not a variant"):
        VariantRouter([("A", 1)]).pick("B")
    with pytest.raises(InvalidRequest, match="weight 0"):
        VariantRouter([("A", 0)]).pick()


TAKER = """
import socket, sys
from dagmaker.serving.handoff import receive_listener
listener = receive_listener([sys.argv[1]])
connection, _ = listener.accept()
connection.sendall(b"served by the taker")
connection.close()
"""


def test_another_process_takes_the_same_socket() -> None:
    listener = bind_listener("127.0.0.1", 0)
    port = listener.getsockname()[1]
    name = f"test-{uuid.uuid4().hex}"
    donor = SocketDonor(name, listener).start()
    try:
        taker = subprocess.Popen([sys.executable, "-c", TAKER, name])
        # The donor stops accepting; the connection still lands on the shared queue.
        with socket.create_connection(("127.0.0.1", port), timeout=30) as client:
            client.settimeout(30)
            assert client.recv(100) == b"served by the taker"
        assert taker.wait(timeout=30) == 0
    finally:
        donor.close()
        listener.close()


def test_no_sibling_means_none() -> None:
    assert receive_listener([f"missing-{uuid.uuid4().hex}"]) is None
