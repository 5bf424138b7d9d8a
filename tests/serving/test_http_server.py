"""The serving HTTP contract over a real socket, with a small model function."""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from dagmaker.errors import InvalidRequest
from dagmaker.serving.capture_config import parse_capture_config
from dagmaker.serving.capture_writer import CaptureWriter
from dagmaker.serving.handoff import bind_listener
from dagmaker.serving.http_server import EndpointServer
from dagmaker.serving.invocation_app import InferenceApp
from dagmaker.serving.router import VariantRouter


def row_sums(body: bytes, content_type: str, accept: str) -> tuple[bytes, str]:
    if content_type != "text/csv":
        raise InvalidRequest(f"content type {content_type!r} is not supported", field="ContentType")
    text = body.decode()
    if "crash" in text:
        raise RuntimeError("the model fell over")
    try:
        sums = [sum(float(v) for v in line.split(",")) for line in text.splitlines()]
    except ValueError as error:
        raise InvalidRequest(f"not numbers: {error}", field="Body") from None
    return "".join(f"{s}\n" for s in sums).encode(), "text/csv"


def doubled(body: bytes, content_type: str, accept: str) -> tuple[bytes, str]:
    result, kind = row_sums(body, content_type, accept)
    return b"".join(f"{2 * float(v)}\n".encode() for v in result.split()), kind


RUNTIME_PATH = "/endpoints/my-endpoint/invocations"
CAPTURE = {
    "EnableCapture": True,
    "InitialSamplingPercentage": 100,
    "DestinationS3Uri": "s3://b/capture",
    "CaptureOptions": [{"CaptureMode": "InputAndOutput"}],
    "CaptureContentTypeHeader": {"CsvContentTypes": ["text/csv"]},
}


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[EndpointServer, CaptureWriter]]:
    writer = CaptureWriter(tmp_path / "spool", roll_seconds=3600)
    app = InferenceApp(
        "my-endpoint",
        {"A": row_sums, "B": doubled},
        VariantRouter([("A", 1), ("B", 0)]),
        parse_capture_config(CAPTURE),
        writer,
    )
    server = EndpointServer(bind_listener("127.0.0.1", 0), app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, writer
    server.shutdown()
    server.server_close()
    thread.join()


def _request(
    server: EndpointServer, method: str, path: str, body: bytes = b"", **headers: str
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(*server.server_address, timeout=30)
    try:
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def _records(writer: CaptureWriter) -> list[dict[str, object]]:
    writer.close()
    return [
        json.loads(line)
        for path in sorted(writer.spool.rglob("*.jsonl"))
        for line in path.read_text().splitlines()
    ]


def test_ping(served: tuple[EndpointServer, CaptureWriter]) -> None:
    server, _ = served
    assert _request(server, "GET", "/ping")[0] == 200


def test_container_route_answers_and_captures(served: tuple[EndpointServer, CaptureWriter]) -> None:
    server, writer = served
    status, headers, body = _request(
        server, "POST", "/invocations", b"1,2\n3,4", **{"Content-Type": "text/csv"}
    )
    assert (status, body) == (200, b"3.0\n7.0\n")
    assert headers["Content-Type"] == "text/csv"
    assert headers["X-Amzn-Invoked-Production-Variant"] == "A"
    [record] = _records(writer)
    assert record["captureData"] == {
        "endpointInput": {
            "observedContentType": "text/csv",
            "mode": "INPUT",
            "data": "1,2\n3,4",
            "encoding": "CSV",
        },
        "endpointOutput": {
            "observedContentType": "text/csv",
            "mode": "OUTPUT",
            "data": "3.0\n7.0\n",
            "encoding": "CSV",
        },
    }


def test_runtime_route_with_inference_id_and_target(
    served: tuple[EndpointServer, CaptureWriter],
) -> None:
    server, writer = served
    status, headers, body = _request(
        server,
        "POST",
        "/endpoints/my-endpoint/invocations",
        b"1,2",
        **{
            "Content-Type": "text/csv",
            "X-Amzn-SageMaker-Inference-Id": "req-42",
            "X-Amzn-SageMaker-Target-Variant": "B",
        },
    )
    assert (status, body) == (200, b"6.0\n")
    assert headers["X-Amzn-Invoked-Production-Variant"] == "B"
    [record] = _records(writer)
    assert record["eventMetadata"]["inferenceId"] == "req-42"  # type: ignore[index]
    assert next(writer.spool.rglob("*.jsonl")).relative_to(writer.spool).parts[0] == "B"


def test_bad_payload_is_a_client_error(served: tuple[EndpointServer, CaptureWriter]) -> None:
    server, writer = served
    ctype = {"Content-Type": "text/csv"}
    status, _, body = _request(server, "POST", "/invocations", b"a,b", **ctype)
    assert status == 400 and b"not numbers" in body
    status, headers, body = _request(server, "POST", RUNTIME_PATH, b"a,b", **ctype)
    assert status == 424
    assert headers["x-amzn-ErrorType"] == "ModelError"
    error = json.loads(body)
    assert error["ErrorCode"] == "CLIENT_ERROR_FROM_MODEL"
    assert error["OriginalStatusCode"] == 400
    assert error["Message"].startswith("Received client error (400) from primary with message")
    assert "not numbers" in error["OriginalMessage"]
    assert _records(writer) == []


def test_unsupported_type_and_model_crash(served: tuple[EndpointServer, CaptureWriter]) -> None:
    server, _ = served
    status, _, _ = _request(server, "POST", "/invocations", b"{}", **{"Content-Type": "text/x"})
    assert status == 415
    status, _, body = _request(
        server, "POST", RUNTIME_PATH, b"crash", **{"Content-Type": "text/csv"}
    )
    assert status == 424
    error = json.loads(body)
    assert error["ErrorCode"] == "SERVER_ERROR_FROM_MODEL"
    assert error["OriginalMessage"] == "RuntimeError: the model fell over"


def test_wrong_endpoint_and_unknown_variant(served: tuple[EndpointServer, CaptureWriter]) -> None:
    server, _ = served
    status, headers, body = _request(server, "POST", "/endpoints/other/invocations", b"1")
    assert status == 400 and headers["x-amzn-ErrorType"] == "ValidationError"
    assert json.loads(body)["Message"] == "Endpoint other of account 000000000000 not found."
    status, _, body = _request(
        server,
        "POST",
        "/invocations",
        b"1",
        **{"Content-Type": "text/csv", "X-Amzn-SageMaker-Target-Variant": "Z"},
    )
    assert status == 400 and b"not a variant" in body


def test_missing_length_and_chunked_body(served: tuple[EndpointServer, CaptureWriter]) -> None:
    server, _ = served
    connection = http.client.HTTPConnection(*server.server_address, timeout=30)
    connection.putrequest("POST", "/invocations")
    connection.putheader("Content-Type", "text/csv")
    connection.putheader("Transfer-Encoding", "chunked")
    connection.endheaders()
    connection.send(b"3\r\n1,2\r\n2\r\n,3\r\n0\r\n\r\n")
    response = connection.getresponse()
    assert (response.status, response.read()) == (200, b"6.0\n")
    connection.close()


def test_draining_closes_keepalive_connections(
    served: tuple[EndpointServer, CaptureWriter],
) -> None:
    server, _ = served
    connection = http.client.HTTPConnection(*server.server_address, timeout=30)
    connection.request("POST", "/invocations", body=b"1", headers={"Content-Type": "text/csv"})
    first = connection.getresponse()
    assert first.getheader("Connection") is None
    first.read()
    server.draining.set()
    connection.request("POST", "/invocations", body=b"2", headers={"Content-Type": "text/csv"})
    second = connection.getresponse()
    assert second.getheader("Connection") == "close"
    assert second.read() == b"2.0\n"
    connection.close()
    assert server.wait_idle(5)
