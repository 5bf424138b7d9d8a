"""Stand-ins for what lies outside the SDK: the SageMaker API, S3, and a job class.

``RecordingClient`` answers the boto3-named calls the SDK makes from an in-memory table;
``MemoryS3`` keeps objects in a dict; ``RequestJob`` is a job class following the
``pipeline_context`` contract with a request builder given by the test.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dagmaker.errors import Conflict, NotFound
from dagmaker.workflow.pipeline_context import capture_or_run


class RecordingClient:
    """Records every call; keeps pipelines and executions like the service would."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.pipelines: dict[str, dict[str, Any]] = {}
        self.executions: list[dict[str, Any]] = []
        self.execution_statuses: dict[str, list[str]] = {}
        self.responses: dict[str, list[dict[str, Any]]] = {}

    def _record(self, name: str, kwargs: dict[str, Any]) -> None:
        self.calls.append((name, kwargs))

    def create_pipeline(self, **kwargs: Any) -> dict[str, Any]:
        self._record("create_pipeline", kwargs)
        name = kwargs["PipelineName"]
        if name in self.pipelines:
            raise Conflict(f"Pipeline {name} already exists")
        self.pipelines[name] = kwargs
        return {"PipelineArn": f"arn:aws:sagemaker:local:000000000000:pipeline/{name.lower()}"}

    def update_pipeline(self, **kwargs: Any) -> dict[str, Any]:
        self._record("update_pipeline", kwargs)
        self.pipelines[kwargs["PipelineName"]] = kwargs
        return {"PipelineArn": f"arn:pipeline/{kwargs['PipelineName'].lower()}"}

    def add_tags(self, **kwargs: Any) -> dict[str, Any]:
        self._record("add_tags", kwargs)
        return {"Tags": kwargs["Tags"]}

    def describe_pipeline(self, **kwargs: Any) -> dict[str, Any]:
        self._record("describe_pipeline", kwargs)
        if kwargs["PipelineName"] not in self.pipelines:
            raise NotFound(f"pipeline {kwargs['PipelineName']} does not exist")
        return {"PipelineName": kwargs["PipelineName"]}

    def delete_pipeline(self, **kwargs: Any) -> dict[str, Any]:
        self._record("delete_pipeline", kwargs)
        self.pipelines.pop(kwargs["PipelineName"], None)
        return {"PipelineArn": "arn"}

    def start_pipeline_execution(self, **kwargs: Any) -> dict[str, Any]:
        self._record("start_pipeline_execution", kwargs)
        arn = f"arn:aws:sagemaker:local:000000000000:pipeline/p/execution/{len(self.executions)}"
        self.executions.append({"PipelineExecutionArn": arn, **kwargs})
        return {"PipelineExecutionArn": arn}

    def list_pipeline_executions(self, **kwargs: Any) -> dict[str, Any]:
        self._record("list_pipeline_executions", kwargs)
        summaries = [{"PipelineExecutionArn": e["PipelineExecutionArn"]} for e in self.executions]
        if kwargs.get("SortOrder") == "Descending":
            summaries.reverse()
        limit = kwargs.get("MaxResults")
        return {"PipelineExecutionSummaries": summaries[:limit], "ResponseMetadata": {}}

    def list_pipeline_execution_steps(self, **kwargs: Any) -> dict[str, Any]:
        self._record("list_pipeline_execution_steps", kwargs)
        return {
            "PipelineExecutionSteps": [
                {
                    "StepName": "Train",
                    "Metadata": {"TrainingJob": {"Arn": kwargs["PipelineExecutionArn"] + "/job"}},
                }
            ]
        }

    def describe_pipeline_execution(self, **kwargs: Any) -> dict[str, Any]:
        self._record("describe_pipeline_execution", kwargs)
        statuses = self.execution_statuses.get(kwargs["PipelineExecutionArn"], ["Succeeded"])
        status = statuses.pop(0) if len(statuses) > 1 else statuses[0]
        response = {"PipelineExecutionArn": kwargs["PipelineExecutionArn"]}
        response["PipelineExecutionStatus"] = status
        if status == "Failed":
            response["FailureReason"] = "Step Train failed: out of memory"
        return response

    def stop_pipeline_execution(self, **kwargs: Any) -> dict[str, Any]:
        self._record("stop_pipeline_execution", kwargs)
        return {"PipelineExecutionArn": kwargs["PipelineExecutionArn"]}

    def list_pipeline_parameters_for_execution(self, **kwargs: Any) -> dict[str, Any]:
        self._record("list_pipeline_parameters_for_execution", kwargs)
        return {"PipelineParameters": [{"Name": "A", "Value": "1"}]}

    def __getattr__(self, name: str) -> Callable[..., Any]:
        # Job calls (create_processing_job, describe_training_job, ...) are recorded and
        # answered from ``responses`` when the test set one.
        if name.startswith("_"):
            raise AttributeError(name)

        def call(**kwargs: Any) -> Any:
            self._record(name, kwargs)
            answers = self.responses.get(name, [{}])
            return answers.pop(0) if len(answers) > 1 else answers[0]

        return call


class MemoryS3:
    """An S3 client with the handful of boto3 methods the session uses."""

    def __init__(self) -> None:
        self.objects: dict[tuple[str, str], bytes] = {}

    def put_object(self, Bucket: str, Key: str, Body: bytes) -> dict[str, Any]:
        self.objects[(Bucket, Key)] = Body
        return {}

    def get_object(self, Bucket: str, Key: str) -> dict[str, Any]:
        return {"Body": io.BytesIO(self.objects[(Bucket, Key)])}

    def upload_file(self, Filename: str, Bucket: str, Key: str) -> None:
        self.objects[(Bucket, Key)] = Path(Filename).read_bytes()

    def download_file(self, Bucket: str, Key: str, Filename: str) -> None:
        Path(Filename).write_bytes(self.objects[(Bucket, Key)])

    def list_objects_v2(self, Bucket: str, Prefix: str) -> dict[str, Any]:
        keys = sorted(k for b, k in self.objects if b == Bucket and k.startswith(Prefix))
        contents = [{"Key": k, "Size": len(self.objects[(Bucket, k)])} for k in keys]
        return {"Contents": contents, "KeyCount": len(contents)} if contents else {"KeyCount": 0}


class RequestJob:
    """A job class whose every job method returns ``capture_or_run`` of a fixed request."""

    def __init__(
        self, caller: str, build_request: Callable[[], dict[str, Any]], sagemaker_session: Any
    ) -> None:
        self.caller = caller
        self.build_request = build_request
        self.sagemaker_session = sagemaker_session
        self.calls: list[dict[str, Any]] = []

    def _capture(self, **kwargs: Any) -> Any:
        self.calls.append(kwargs)
        client = self.sagemaker_session.sagemaker_client
        return capture_or_run(
            self.sagemaker_session,
            self.caller,
            self.build_request,
            lambda request: client.create_job(**request),
        )

    def run(self, **kwargs: Any) -> Any:
        return self._capture(**kwargs)

    def fit(self, inputs: Any = None, **kwargs: Any) -> Any:
        return self._capture(inputs=inputs, **kwargs)

    def transform(self, **kwargs: Any) -> Any:
        return self._capture(**kwargs)

    def create(self, **kwargs: Any) -> Any:
        return self._capture(**kwargs)
