"""The local Lambda API: a client whose methods are named like boto3's ``lambda`` client.

Functions are Python handlers kept under ``DAGMAKER_HOME/lambdas/<name>/``; ``invoke``
runs one in its own process exactly as a Lambda step does. Timeouts default to 120 s
(the SageMaker SDK's ``Lambda`` default, rather than the Lambda service's 3 s).
"""

from __future__ import annotations

import base64
import io
import json
import re
import sys
import threading
from datetime import UTC, datetime
from typing import Any

from dagmaker._lib import naming
from dagmaker.api import wiring
from dagmaker.api.services import Services
from dagmaker.definition import service_model
from dagmaker.definition.request_check import scalar_problem
from dagmaker.errors import InvalidRequest
from dagmaker.records.lambdas import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_SECONDS, LambdaFunction
from dagmaker.runners import lambda_invoke

JSON = Any
_LOG_TAIL_BYTES = 4096
# boto3 keyword → LambdaFunction field, for update_function_configuration.
_CONFIG_FIELDS = {
    "Handler": "handler",
    "Runtime": "runtime",
    "Role": "role",
    "Timeout": "timeout",
    "MemorySize": "memory_size",
    "Description": "description",
}


class LocalLambdaClient:
    """boto3-compatible Lambda API over the local function registry.

    Args:
        services: The home's repositories and stores.
    """

    def __init__(self, services: Services) -> None:
        self.services = services

    def create_function(
        self, FunctionName: str, Handler: str = "", Code: Any = None, **kwargs: Any
    ) -> dict[str, JSON]:
        """CreateFunction from ``Code={"ZipFile": bytes}`` or ``{"S3Bucket", "S3Key"}``.

        Raises:
            InvalidRequest: for a missing handler or code, a non-Python runtime, a bad
                name or timeout.
            Conflict: when the function exists.
        """
        _check_handler(Handler)
        _check_shapes(kwargs)
        function = LambdaFunction(
            name=FunctionName,
            arn="",
            handler=Handler,
            runtime=_runtime(kwargs.get("Runtime")),
            role=str(kwargs.get("Role") or ""),
            timeout=_given(kwargs.get("Timeout"), DEFAULT_TIMEOUT_SECONDS),
            memory_size=_given(kwargs.get("MemorySize"), DEFAULT_MEMORY_MB),
            environment=_variables(kwargs.get("Environment")),
            description=str(kwargs.get("Description") or ""),
        )
        created = self.services.lambdas.create(function, self._package(Code or {}))
        return configuration(created)

    def update_function_code(self, FunctionName: str, **kwargs: Any) -> dict[str, JSON]:
        """UpdateFunctionCode with ``ZipFile`` or ``S3Bucket``/``S3Key``."""
        package = self._package(kwargs)
        return configuration(self.services.lambdas.update_code(FunctionName, package))

    def update_function_configuration(self, FunctionName: str, **kwargs: Any) -> dict[str, JSON]:
        """UpdateFunctionConfiguration: Handler, Runtime, Role, Timeout, MemorySize, …."""
        _check_shapes(kwargs)
        changes = {field: kwargs[key] for key, field in _CONFIG_FIELDS.items() if key in kwargs}
        if "runtime" in changes:
            changes["runtime"] = _runtime(changes["runtime"])
        if "handler" in changes:
            _check_handler(str(changes["handler"]))
        if "Environment" in kwargs:
            changes["environment"] = _variables(kwargs["Environment"])
        updated = self.services.lambdas.update_config(FunctionName, **changes)
        return configuration(updated)

    def get_function(self, FunctionName: str, **_: Any) -> dict[str, JSON]:
        """GetFunction: configuration, and where the unpacked code is."""
        function = self.services.lambdas.get(FunctionName)
        location = self.services.lambdas.code_dir(function.name).as_uri()
        return {
            "Configuration": configuration(function),
            "Code": {"RepositoryType": "Local", "Location": location},
        }

    def get_function_configuration(self, FunctionName: str, **_: Any) -> dict[str, JSON]:
        """GetFunctionConfiguration."""
        return configuration(self.services.lambdas.get(FunctionName))

    def delete_function(self, FunctionName: str, **_: Any) -> dict[str, JSON]:
        """DeleteFunction: the configuration and the code."""
        self.services.lambdas.delete(FunctionName)
        return {}

    def list_functions(self, **_: Any) -> dict[str, JSON]:
        """ListFunctions, by name."""
        return {"Functions": [configuration(f) for f in self.services.lambdas.list()]}

    def invoke(
        self,
        FunctionName: str,
        Payload: Any = b"",
        InvocationType: str = "RequestResponse",
        LogType: str = "None",
        **_: Any,
    ) -> dict[str, JSON]:
        """Invoke: run the handler in its own process, as a Lambda step does.

        ``RequestResponse`` waits and returns the result as a file-like ``Payload``
        (with ``FunctionError`` when the handler failed or timed out); ``Event`` starts
        it in the background (202); ``DryRun`` only checks the function exists (204).

        Raises:
            NotFound: for an unknown function.
            InvalidRequest: when ``Payload`` is not JSON or the type is unknown.
        """
        function = self.services.lambdas.get(FunctionName)
        event = _event(Payload)
        if InvocationType == "DryRun":
            return {"StatusCode": 204}
        if InvocationType == "Event":
            threading.Thread(target=self._run, args=(function, event), daemon=True).start()
            return {"StatusCode": 202, "Payload": io.BytesIO(b"")}
        if InvocationType != "RequestResponse":
            raise InvalidRequest(
                "InvocationType must be RequestResponse, Event or DryRun",
                field="InvocationType",
                value=InvocationType,
            )
        return self._run(function, event, tail_log=LogType == "Tail")

    def _run(self, function: LambdaFunction, event: Any, tail_log: bool = False) -> dict[str, JSON]:
        ctx = wiring.runner_context(self.services)
        job_name = naming.job_name(f"lambda-{function.name}", datetime.now(UTC))
        invocation = lambda_invoke.launch(ctx, function, event, job_name)
        outcome = lambda_invoke.wait(ctx, invocation)
        response: dict[str, JSON] = {"StatusCode": 200, "ExecutedVersion": "$LATEST"}
        if outcome.timed_out:
            document: Any = {
                "errorType": "Sandbox.Timedout",
                "errorMessage": f"RequestId: {invocation.request_id} Error: Task timed out "
                f"after {outcome.limit:.2f} seconds",
            }
            response["FunctionError"] = "Unhandled"
        elif outcome.error is not None:
            document = outcome.error
            response["FunctionError"] = "Unhandled"
        else:
            document = outcome.result
        response["Payload"] = io.BytesIO(json.dumps(document).encode())
        if tail_log:
            response["LogResult"] = _log_result(invocation)
        return response

    def _package(self, code: dict[str, Any]) -> bytes:
        if code.get("ZipFile"):
            data = code["ZipFile"]
            return data if isinstance(data, bytes) else bytes(data)
        if code.get("S3Bucket") and code.get("S3Key"):
            uri = f"s3://{code['S3Bucket']}/{code['S3Key']}"
            return self.services.artifacts.read_bytes(uri)
        raise InvalidRequest(
            "the function's code is required: Code={'ZipFile': bytes} or "
            "{'S3Bucket': ..., 'S3Key': ...}",
            field="Code",
        )


def configuration(function: LambdaFunction) -> dict[str, JSON]:
    """The FunctionConfiguration document of a function."""
    modified = function.last_modified_at or datetime.now(UTC)
    return {
        "FunctionName": function.name,
        "FunctionArn": function.arn,
        "Runtime": function.runtime,
        "Role": function.role,
        "Handler": function.handler,
        "CodeSize": function.code_size,
        "Description": function.description,
        "Timeout": function.timeout,
        "MemorySize": function.memory_size,
        "LastModified": modified.strftime("%Y-%m-%dT%H:%M:%S.")
        + f"{modified.microsecond // 1000:03d}+0000",
        "CodeSha256": function.code_sha256,
        "Version": "$LATEST",
        "Environment": {"Variables": dict(function.environment)},
        "State": "Active",
        "LastUpdateStatus": "Successful",
        "PackageType": "Zip",
    }


# Request members whose limits come from Lambda's CreateFunction shapes in botocore's model.
_SHAPED = {"MemorySize": "MemorySize", "Description": "Description"}


def _check_shapes(request: dict[str, Any]) -> None:
    """Refuse a memory size, description or variable name Lambda itself would refuse.

    Raises:
        InvalidRequest: quoting the rule from the Lambda service model.
    """
    model = service_model.model("lambda")
    for member, shape in _SHAPED.items():
        if request.get(member) is not None:
            problem = scalar_problem(model.shape(shape), request[member])
            if problem:
                raise InvalidRequest(problem, field=member, value=request[member])
    variables = (request.get("Environment") or {}).get("Variables") or {}
    for key in variables:
        problem = scalar_problem(model.shape("EnvironmentVariableName"), key)
        if problem:
            raise InvalidRequest(
                f"invalid environment variable name: {problem}",
                field="Environment.Variables",
                value=key,
                hint="Names start with a letter and have at least 2 letters, digits or '_'.",
            )


def _given(value: Any, default: int) -> Any:
    return default if value is None else value


def _runtime(value: Any) -> str:
    if not value:
        return f"python{sys.version_info.major}.{sys.version_info.minor}"
    if not str(value).startswith("python"):
        raise InvalidRequest(
            "dagmaker runs Python functions only; use a python3.x runtime",
            field="Runtime",
            value=value,
        )
    return str(value)


def _variables(environment: Any) -> dict[str, str]:
    variables = (environment or {}).get("Variables") or {}
    return {str(k): str(v) for k, v in variables.items()}


def _event(payload: Any) -> Any:
    if hasattr(payload, "read"):
        payload = payload.read()
    if isinstance(payload, (bytes, bytearray)):
        payload = payload.decode("utf-8")
    if not payload:
        return {}
    try:
        event = json.loads(payload, parse_constant=_not_json)
    except (json.JSONDecodeError, ValueError) as exc:
        raise InvalidRequest(
            f"Payload must be JSON: {exc}", field="Payload", value=str(payload)[:200]
        ) from exc
    if _has_infinity(event):
        raise InvalidRequest(
            "Payload must be JSON: a number is too large to represent",
            field="Payload",
            value=str(payload)[:200],
        )
    return event


def _not_json(constant: str) -> Any:
    # Python reads NaN and Infinity, which JSON (and so Lambda) does not have.
    raise ValueError(f"{constant} is not a JSON value")


def _has_infinity(value: Any) -> bool:
    """Whether a number in the event overflowed to infinity (e.g. ``1e999``)."""
    if isinstance(value, float):
        return value in (float("inf"), float("-inf"))
    if isinstance(value, dict):
        return any(_has_infinity(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_infinity(v) for v in value)
    return False


def _log_result(invocation: lambda_invoke.Invocation) -> str:
    logs = invocation.dirs.logs
    data = b"".join(
        (logs / name).read_bytes()
        for name in ("stdout.log", "stderr.log")
        if (logs / name).is_file()
    )
    return base64.b64encode(data[-_LOG_TAIL_BYTES:]).decode("ascii")


_HANDLER = re.compile(r"^[A-Za-z_][\w./-]*\.[A-Za-z_]\w*$")


def _check_handler(handler: str) -> None:
    """Lambda's rule for Python: ``module.function`` (the module may be in a folder).

    Raises:
        InvalidRequest: quoting the rule.
    """
    if not _HANDLER.match(handler or ""):
        raise InvalidRequest(
            "Handler must be module.function (e.g. lambda_function.handler)",
            field="Handler",
            value=handler,
        )
