"""Model steps (CreateModel → DescribeModel)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from dagmaker._lib import naming
from dagmaker.engine.ports import StepResult, StepWork
from dagmaker.errors import InvalidRequest, JobFailure
from dagmaker.runners.context import RunnerContext

_REQUEST_FIELDS = (
    "PrimaryContainer",
    "Containers",
    "ExecutionRoleArn",
    "VpcConfig",
    "EnableNetworkIsolation",
    "InferenceExecutionConfig",
    "Tags",
)


class ModelRunner:
    """Records a model: its containers, model data and environment."""

    def __init__(self, context: RunnerContext) -> None:
        self.ctx = context

    def run(self, work: StepWork) -> StepResult:
        """Check the model data exists and store the DescribeModel document."""
        if self.ctx.models is None:
            raise InvalidRequest("this dagmaker has no model store configured")
        request: dict[str, Any] = work.arguments
        containers = _containers(request)
        for i, container in enumerate(containers):
            self._check_model_data(container, i)
        name = str(request.get("ModelName") or work.job_name)
        arn = naming.arn(f"model/{name.lower()}")
        document = {
            "ModelName": name,
            "ModelArn": arn,
            "CreationTime": datetime.now(UTC).isoformat(),
            **{k: request[k] for k in _REQUEST_FIELDS if k in request},
        }
        stored = self.ctx.models.create(name, arn, document, work.execution.arn)
        return StepResult(stored, {"Model": {"Arn": arn}})

    def _check_model_data(self, container: dict[str, Any], index: int) -> None:
        url = container.get("ModelDataUrl")
        if isinstance(url, str) and url.startswith("s3://") and not self.ctx.artifacts.exists(url):
            raise JobFailure(
                f"ValidationException: model data {url} (container {index}) does not exist; "
                "the training or repack step that should produce it did not write it there",
            )


def _containers(request: dict[str, Any]) -> list[dict[str, Any]]:
    if isinstance(request.get("PrimaryContainer"), dict):
        return [request["PrimaryContainer"]]
    containers = request.get("Containers")
    if isinstance(containers, list) and containers:
        return [c for c in containers if isinstance(c, dict)]
    raise JobFailure("ValidationException: CreateModel needs PrimaryContainer or Containers")
