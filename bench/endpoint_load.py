"""A small asyncio load generator for one endpoint (run as its own process).

Usage::

    python bench/endpoint_load.py URL CONNECTIONS SECONDS PAYLOAD_FILE

Each connection is kept alive and sends ``POST /invocations`` (``text/csv``) back to
back for SECONDS; it prints one JSON document: the per-request latencies (seconds), the
number of failures and the wall time.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from urllib.parse import urlparse


async def _connection(host: str, port: int, payload: bytes, until: float, out: dict) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    request = (
        b"POST /invocations HTTP/1.1\r\nHost: endpoint\r\nContent-Type: text/csv\r\n"
        b"Accept: text/csv\r\nContent-Length: " + str(len(payload)).encode() + b"\r\n\r\n"
    ) + payload
    while time.perf_counter() < until:
        start = time.perf_counter()
        writer.write(request)
        status = await reader.readline()
        length = 0
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        await reader.readexactly(length)
        elapsed = time.perf_counter() - start
        if b" 200 " in status:
            out["latencies"].append(elapsed)
        else:
            out["failures"] += 1
    writer.close()
    await writer.wait_closed()


async def _run(url: str, connections: int, seconds: float, payload: bytes) -> dict:
    address = urlparse(url)
    out: dict = {"latencies": [], "failures": 0}
    begin = time.perf_counter()
    until = begin + seconds
    await asyncio.gather(
        *(
            _connection(str(address.hostname), int(address.port or 80), payload, until, out)
            for _ in range(connections)
        )
    )
    out["wall_seconds"] = time.perf_counter() - begin
    return out


def main() -> None:
    url, connections, seconds, payload_file = sys.argv[1:5]
    with open(payload_file, "rb") as handle:  # noqa: PTH123 - a plain script
        payload = handle.read()
    result = asyncio.run(_run(url, int(connections), float(seconds), payload))
    sys.stdout.write(json.dumps(result))


if __name__ == "__main__":
    main()
