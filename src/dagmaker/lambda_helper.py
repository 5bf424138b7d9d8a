"""``Lambda``: create, update, invoke and delete local Lambda functions (as in SageMaker's SDK).

A ``LambdaStep`` needs a function ARN. Give an existing one (``function_arn=``, any
region or account: the function is found by name in dagmaker's local registry), or let
dagmaker create the function from ``script`` (a Python file) or ``zipped_code_dir`` (a
zip) and ``handler``; ``create()``/``upsert()`` do that through the session's Lambda
client, which stores the code under ``DAGMAKER_HOME/lambdas/<name>``.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

from dagmaker.errors import InvalidRequest
from dagmaker.session import Session

DEFAULT_TIMEOUT = 120
MAX_TIMEOUT = 900


class Lambda:
    """A Lambda function, referenced by ARN or defined by code.

    Args:
        function_arn: ARN of an existing function.
        function_name: Name of the function to create or update.
        execution_role_arn: Accepted for compatibility (no IAM locally).
        zipped_code_dir: Path of a zip with the function's code.
        s3_bucket: Accepted for compatibility (the zip is stored locally).
        script: Path of a single-file function.
        handler: ``module.function``.
        session: A dagmaker ``Session`` (default: a new one).
        timeout: Seconds the function may run (default 120; max 900).
        memory_size: MiB, reported to the handler.
        runtime: Accepted for compatibility (the function runs with dagmaker's Python).
        environment: ``{"Variables": {...}}``.
    """

    def __init__(
        self,
        function_arn: str | None = None,
        function_name: str | None = None,
        execution_role_arn: str | None = None,
        zipped_code_dir: str | None = None,
        s3_bucket: str | None = None,
        script: str | None = None,
        handler: str | None = None,
        session: Any = None,
        timeout: int = DEFAULT_TIMEOUT,
        memory_size: int = 128,
        runtime: str = "python3.8",
        vpc_config: dict[str, Any] | None = None,
        environment: dict[str, Any] | None = None,
        layers: list[str] | None = None,
        architectures: list[str] | None = None,
    ) -> None:
        self.function_arn = function_arn
        self.function_name = function_name
        self.execution_role_arn = execution_role_arn
        self.zipped_code_dir = zipped_code_dir
        self.s3_bucket = s3_bucket
        self.script = script
        self.handler = handler
        self.session = session
        self.timeout = timeout
        self.memory_size = memory_size
        self.runtime = runtime
        self.vpc_config = vpc_config
        self.environment = environment
        self.layers = layers
        self.architectures = architectures
        self._check()

    def _check(self) -> None:
        if self.function_arn is None and self.function_name is None:
            raise InvalidRequest(
                "Lambda needs function_arn, or function_name with code", field="function_arn"
            )
        if self.function_arn is None and (self.script is None) == (self.zipped_code_dir is None):
            raise InvalidRequest(
                "to create a function give exactly one of script= and zipped_code_dir=",
                field="script",
            )
        if self.function_arn is None and not self.handler:
            raise InvalidRequest(
                "handler= is required to create a function (module.function)", field="handler"
            )
        if not 1 <= int(self.timeout) <= MAX_TIMEOUT:
            raise InvalidRequest(
                f"timeout must be 1..{MAX_TIMEOUT} seconds", field="timeout", value=self.timeout
            )

    @property
    def _client(self) -> Any:
        if self.session is None:
            self.session = Session()
        return self.session.lambda_client

    def _name(self) -> str:
        return self.function_name or str(self.function_arn).rsplit(":", 1)[-1]

    def _zip(self) -> bytes:
        if self.zipped_code_dir is not None:
            return Path(self.zipped_code_dir).read_bytes()
        script = Path(str(self.script))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(script, arcname=script.name)
        return buffer.getvalue()

    def _settings(self) -> dict[str, Any]:
        settings: dict[str, Any] = {"Timeout": int(self.timeout), "MemorySize": self.memory_size}
        if self.environment:
            settings["Environment"] = self.environment
        return settings

    def create(self) -> dict[str, Any]:
        """Create the function; returns the CreateFunction response (with FunctionArn)."""
        response: dict[str, Any] = self._client.create_function(
            FunctionName=self._name(),
            Runtime=self.runtime,
            Role=self.execution_role_arn or "",
            Handler=self.handler,
            Code={"ZipFile": self._zip()},
            **self._settings(),
        )
        self.function_arn = response["FunctionArn"]
        return response

    def update(self) -> dict[str, Any]:
        """Replace the function's code and settings."""
        self._client.update_function_configuration(
            FunctionName=self._name(), Handler=self.handler, **self._settings()
        )
        response: dict[str, Any] = self._client.update_function_code(
            FunctionName=self._name(), ZipFile=self._zip()
        )
        self.function_arn = response["FunctionArn"]
        return response

    def upsert(self) -> dict[str, Any]:
        """Create the function, or update it if it exists."""
        try:
            self._client.get_function(FunctionName=self._name())
        except Exception as exc:
            if getattr(exc, "code", "") != "ResourceNotFound":
                raise
            return self.create()
        return self.update()

    def invoke(self) -> dict[str, Any]:
        """Invoke the function synchronously with an empty event."""
        response: dict[str, Any] = self._client.invoke(
            FunctionName=self.function_arn or self._name(),
            InvocationType="RequestResponse",
            Payload=json.dumps({}).encode(),
        )
        return response

    def delete(self) -> dict[str, Any]:
        """Delete the function."""
        response: dict[str, Any] = self._client.delete_function(FunctionName=self._name())
        return response
