"""What an endpoint does with one request: route, ask the model, capture, answer.

The model itself is a callable (``body, content type, accept → body, content type``)
supplied by the serving program, so this module knows nothing of frameworks. Two answer
shapes exist: the container contract (``POST /invocations``: the model's status and
message) and the runtime API (``POST /endpoints/<name>/invocations``: a model failure
becomes ``ModelError``, HTTP 424, as ``InvokeEndpoint`` reports it).
"""

from __future__ import annotations

import json
import logging
import random
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from dagmaker._lib import naming
from dagmaker.errors import DagmakerError, InternalError, InvalidRequest, UserCodeError
from dagmaker.serving import capture_record
from dagmaker.serving.capture_config import CaptureSettings
from dagmaker.serving.capture_writer import CaptureWriter
from dagmaker.serving.router import VariantRouter

LOG = logging.getLogger("dagmaker.serving")
ModelCall = Callable[[bytes, str, str], tuple[bytes, str]]
VARIANT_HEADER = "X-Amzn-Invoked-Production-Variant"


@dataclass(frozen=True)
class Request:
    """One invocation as received.

    Attributes:
        body: The payload.
        content_type: ``Content-Type`` ("" when absent).
        accept: ``Accept`` ("" when absent).
        runtime: Whether it came through the runtime API route (errors as ``ModelError``).
        inference_id: ``X-Amzn-SageMaker-Inference-Id``.
        target_variant: ``X-Amzn-SageMaker-Target-Variant``.
        custom_attributes: ``X-Amzn-SageMaker-Custom-Attributes``.
    """

    body: bytes
    content_type: str = ""
    accept: str = ""
    runtime: bool = False
    inference_id: str = ""
    target_variant: str = ""
    custom_attributes: str = ""


@dataclass
class Answer:
    """The HTTP response to send."""

    status: int
    body: bytes
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)


class InferenceApp:
    """Answers invocations for the variants this process hosts.

    Args:
        endpoint: The endpoint's name (runtime route, capture paths, messages).
        models: Each variant's model call.
        router: Picks the variant of a request.
        capture: The endpoint's capture settings (None: no capture).
        writer: Where capture records go (needed when capture is enabled).
        rng: Uniform random numbers for sampling (injected by tests).
    """

    def __init__(
        self,
        endpoint: str,
        models: dict[str, ModelCall],
        router: VariantRouter,
        capture: CaptureSettings | None = None,
        writer: CaptureWriter | None = None,
        rng: Callable[[], float] = random.random,
    ) -> None:
        self.endpoint = endpoint
        self.models = models
        self.router = router
        self.capture = capture if capture is not None and capture.enabled else None
        self.writer = writer
        self._rng = rng
        # One request at a time per model, as a SageMaker model-server worker serves them.
        self._locks = {name: threading.Lock() for name in models}

    def invoke(self, request: Request) -> Answer:
        """Answer one request (never raises for a bad request or a failing model)."""
        when = datetime.now(UTC)
        try:
            variant = self.router.pick(request.target_variant)
        except InvalidRequest as error:
            return validation_error(error.message)
        try:
            with self._locks[variant]:
                body, content_type = self.models[variant](
                    request.body, request.content_type, request.accept
                )
        except Exception as error:  # the model's code may raise anything
            return self._model_failure(error, request.runtime)
        self._capture(variant, when, request, body, content_type)
        return Answer(200, body, content_type, {VARIANT_HEADER: variant})

    def _capture(
        self, variant: str, when: datetime, request: Request, body: bytes, content_type: str
    ) -> None:
        settings, writer = self.capture, self.writer
        if settings is None or writer is None:
            return
        if self._rng() * 100 >= settings.sampling_percentage:
            return
        invocation = capture_record.Invocation(
            event_id=str(uuid.uuid4()),
            inference_id=request.inference_id,
            when=when,
            request=request.body,
            request_type=request.content_type,
            response=body,
            response_type=content_type,
            custom_attributes=request.custom_attributes,
        )
        try:
            writer.write(
                variant, when, capture_record.line(capture_record.record(invocation, settings))
            )
        except OSError as error:
            LOG.error("Could not write a capture record: %s", error)

    def _model_failure(self, error: BaseException, runtime: bool) -> Answer:
        status, message = classify(error)
        if status >= 500:
            LOG.error("The model failed on a request", exc_info=error)
        else:
            LOG.warning("Rejected a request (%d): %s", status, message)
        if not runtime:
            return Answer(status, message.encode("utf-8"), "text/plain; charset=utf-8")
        return model_error(self.endpoint, status, message)


def classify(error: BaseException) -> tuple[int, str]:
    """The status a model server gives a failure, and its message.

    A request the model's decoders reject is the client's fault (415 for an unsupported
    content type, 406 for an unsupported Accept, 400 otherwise); anything else the
    model's code raises is a server error (500), as in SageMaker's inference toolkit.
    """
    if isinstance(error, InvalidRequest):
        status = {"ContentType": 415, "Accept": 406}.get(error.field or "", 400)
        return status, error.message
    if isinstance(error, DagmakerError) and not isinstance(error, UserCodeError | InternalError):
        return 400, error.message.removeprefix("ClientError: ")
    return 500, f"{type(error).__name__}: {error}"


def model_error(endpoint: str, status: int, message: str) -> Answer:
    """``ModelError`` (HTTP 424) as ``InvokeEndpoint`` returns a model's failure."""
    kind = "client" if status < 500 else "server"
    log_stream = naming.arn(f"log-group:/aws/sagemaker/Endpoints/{endpoint}", service="logs")
    document = {
        "ErrorCode": f"{kind.upper()}_ERROR_FROM_MODEL",
        "LogStreamArn": log_stream,
        "Message": (
            f'Received {kind} error ({status}) from primary with message "{message}". '
            f"See the endpoint's log (dagmaker logs {endpoint}) for more information."
        ),
        "OriginalMessage": message,
        "OriginalStatusCode": status,
    }
    return _error_answer(424, "ModelError", document)


def validation_error(message: str) -> Answer:
    """``ValidationError`` (HTTP 400) of the runtime API."""
    return _error_answer(400, "ValidationError", {"Message": message})


def _error_answer(status: int, code: str, document: dict[str, object]) -> Answer:
    body = json.dumps(document).encode("utf-8")
    return Answer(status, body, "application/json", {"x-amzn-ErrorType": code})
