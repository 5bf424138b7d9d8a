"""The local ``sagemaker-runtime`` client: ``invoke_endpoint`` with boto3's names and shapes.

It finds the endpoint's port in the endpoints table and posts to the serving processes'
runtime route (``/endpoints/<name>/invocations``) over a kept-alive connection per
thread. Responses are boto3's: ``{"Body": <stream>, "ContentType": …,
"InvokedProductionVariant": …}``; a model's failure raises `ModelError`, a bad request
`InvalidRequest` (SageMaker's ``ValidationError``).
"""

from __future__ import annotations

import http.client
import io
import json
import threading
import time
import weakref
from collections.abc import Iterator
from typing import Any

from dagmaker.api.services import Services
from dagmaker.errors import InternalError, InvalidRequest, ModelError, NotFound
from dagmaker.records.endpoints import EndpointRecord, EndpointStatus

JSON = Any
_HEADERS = {
    "CustomAttributes": "X-Amzn-SageMaker-Custom-Attributes",
    "TargetModel": "X-Amzn-SageMaker-Target-Model",
    "TargetVariant": "X-Amzn-SageMaker-Target-Variant",
    "TargetContainerHostname": "X-Amzn-SageMaker-Target-Container-Hostname",
    "InferenceId": "X-Amzn-SageMaker-Inference-Id",
    "EnableExplanations": "X-Amzn-SageMaker-Enable-Explanations",
    "InferenceComponentName": "X-Amzn-SageMaker-Inference-Component",
    "SessionId": "X-Amzn-SageMaker-Session-Id",
}
# Errors of a kept-alive connection the server had already closed: the request was
# not processed, so it is sent again on a new connection.
_STALE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)
_UNREACHABLE_SECONDS = 5.0
_TIMEOUT_SECONDS = 60.0


class StreamingBody(io.BytesIO):
    """A response body with botocore ``StreamingBody``'s reading methods."""

    def iter_chunks(self, chunk_size: int = 1024) -> Iterator[bytes]:
        """The body in chunks."""
        while chunk := self.read(chunk_size):
            yield chunk

    def iter_lines(self, chunk_size: int = 1024, keepends: bool = False) -> Iterator[bytes]:
        """The body line by line."""
        yield from self.getvalue()[self.tell() :].splitlines(keepends)


class LocalSageMakerRuntimeClient:
    """boto3-compatible ``sagemaker-runtime`` client for local endpoints.

    Args:
        services: The home's repositories (to find endpoints).
    """

    def __init__(self, services: Services) -> None:
        self.services = services
        self._local = threading.local()
        self._lock = threading.Lock()
        self._open: set[http.client.HTTPConnection] = set()
        # A weakref callback runs before the garbage collector finalizes the sockets, so
        # connections are closed even when the client is collected as part of a cycle.
        self._closer = weakref.finalize(self, _close_all, self._open, self._lock)

    def close(self) -> None:
        """Close the kept-alive connections of every thread."""
        _close_all(self._open, self._lock)

    def invoke_endpoint(
        self,
        EndpointName: str,
        Body: Any,
        ContentType: str = "application/octet-stream",
        Accept: str | None = None,
        **options: Any,
    ) -> dict[str, JSON]:
        """InvokeEndpoint.

        Raises:
            InvalidRequest: when the endpoint does not exist or is not InService, or the
                request is refused (``ValidationError``).
            ModelError: when the model answered with an error.
            InternalError: when the endpoint's processes cannot be reached.
        """
        body = _bytes(Body)
        headers = {"Content-Type": ContentType or "application/octet-stream"}
        if Accept:
            headers["Accept"] = Accept
        for key, header in _HEADERS.items():
            if options.get(key) is not None:
                headers[header] = str(options[key])
        status, response_headers, data = self._post(EndpointName, body, headers)
        if status != 200:
            raise _error(status, data, response_headers)
        result: dict[str, JSON] = {
            "Body": StreamingBody(data),
            "ContentType": response_headers.get("content-type", "application/octet-stream"),
            "InvokedProductionVariant": response_headers.get(
                "x-amzn-invoked-production-variant", ""
            ),
            "ResponseMetadata": {"HTTPStatusCode": 200, "HTTPHeaders": response_headers},
        }
        if "x-amzn-sagemaker-custom-attributes" in response_headers:
            result["CustomAttributes"] = response_headers["x-amzn-sagemaker-custom-attributes"]
        return result

    def _post(
        self, name: str, body: bytes, headers: dict[str, str]
    ) -> tuple[int, dict[str, str], bytes]:
        deadline = time.monotonic() + _UNREACHABLE_SECONDS
        while True:
            record = self._endpoint(name)
            try:
                return self._send(record, body, headers)
            except OSError as error:
                # A restarting endpoint (its process died) listens again in a moment.
                if time.monotonic() > deadline:
                    raise InternalError(
                        f"endpoint {record.name!r} does not answer on port {record.port} "
                        f"({error}); see `dagmaker logs {record.name}`"
                    ) from None
                time.sleep(0.1)

    def _send(
        self, record: EndpointRecord, body: bytes, headers: dict[str, str]
    ) -> tuple[int, dict[str, str], bytes]:
        path = f"/endpoints/{record.name}/invocations"
        for attempt in (1, 2):
            connection, reused = self._connection(int(record.port or 0))
            try:
                connection.request("POST", path, body=body, headers=headers)
                response = connection.getresponse()
                data = response.read()
            except _STALE:
                connection.close()
                self._local.connections.pop(record.port, None)
                if reused and attempt == 1:
                    continue
                raise
            except OSError:
                connection.close()
                self._local.connections.pop(record.port, None)
                raise
            except http.client.HTTPException as error:
                # The answer broke off (its process died while answering): the request
                # may have run, so it is not sent again.
                connection.close()
                self._local.connections.pop(record.port, None)
                raise InternalError(
                    f"endpoint {record.name!r} broke off its answer ({error!r}); see "
                    f"`dagmaker logs {record.name}`"
                ) from None
            if response.will_close:
                connection.close()
                self._local.connections.pop(record.port, None)
            return response.status, {k.lower(): v for k, v in response.getheaders()}, data
        raise AssertionError("unreachable")

    def _connection(self, port: int) -> tuple[http.client.HTTPConnection, bool]:
        connections = getattr(self._local, "connections", None)
        if connections is None:
            connections = self._local.connections = {}
        if port in connections:
            return connections[port], True
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=_TIMEOUT_SECONDS)
        connections[port] = connection
        with self._lock:
            self._open.add(connection)
        return connection, False

    def _endpoint(self, name: str) -> EndpointRecord:
        endpoints = self.services.endpoints
        if endpoints is None:
            raise InternalError("this dagmaker has no endpoint store")
        try:
            record = endpoints.get(name)
        except NotFound:
            raise InvalidRequest(
                f"Endpoint {name} of account 000000000000 not found.", field="EndpointName"
            ) from None
        serving = record.status in (EndpointStatus.IN_SERVICE, EndpointStatus.UPDATING)
        if not serving or not record.port:
            raise InvalidRequest(
                f"Endpoint {name} is not in service (it is {record.status.value}); wait for "
                "InService before invoking it",
                field="EndpointName",
                value=name,
            )
        return record


def _close_all(connections: set[http.client.HTTPConnection], lock: threading.Lock) -> None:
    with lock:
        for connection in connections:
            connection.close()
        connections.clear()


def _bytes(body: Any) -> bytes:
    if isinstance(body, str):
        return body.encode("utf-8")
    if isinstance(body, bytes | bytearray | memoryview):
        return bytes(body)
    if hasattr(body, "read"):
        data = body.read()
        return data.encode("utf-8") if isinstance(data, str) else bytes(data)
    raise InvalidRequest(
        "Body must be bytes, a string or a readable file object", field="Body", value=type(body)
    )


def _error(status: int, data: bytes, headers: dict[str, str]) -> Exception:
    try:
        document = json.loads(data)
    except ValueError:
        document = {"Message": data.decode("utf-8", "replace")}
    message = str(document.get("Message") or document.get("message") or "")
    if headers.get("x-amzn-errortype") == "ModelError":
        return ModelError(
            message,
            original_status_code=int(document.get("OriginalStatusCode") or 500),
            original_message=str(document.get("OriginalMessage") or ""),
            log_stream_arn=str(document.get("LogStreamArn") or ""),
        )
    if 400 <= status < 500:
        return InvalidRequest(message or f"the endpoint refused the request ({status})")
    return InternalError(f"the endpoint failed ({status}): {message}")
