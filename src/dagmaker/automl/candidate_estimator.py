"""``CandidateEstimator``: one candidate of an AutoML job, its step jobs and their re-runs.

A candidate is the result of a few jobs (``CandidateSteps``): its training job, and for
some candidates processing or transform jobs. ``get_steps()`` describes them;
``fit(inputs)`` runs the candidate's training jobs again on other data, with the same
image, resources and hyperparameters.
"""

from __future__ import annotations

import time
from typing import Any

from dagmaker._sdk.job_names import name_from_base
from dagmaker.errors import JobFailure
from dagmaker.inputs import TrainingInput
from dagmaker.session import Session

__all__ = ["CandidateEstimator", "CandidateStep"]

TERMINAL = ("Completed", "Failed", "Stopped")
_STEP_TYPE_PREFIX = "AWS::SageMaker::"
_COPIED = (
    "RoleArn",
    "OutputDataConfig",
    "ResourceConfig",
    "EnableNetworkIsolation",
    "EnableManagedSpotTraining",
    "StoppingCondition",
    "HyperParameters",
    "VpcConfig",
)


class CandidateStep:
    """One job behind a candidate.

    Attributes:
        name: The job's name.
        inputs: Its input channels (training) or transform input.
        type: ``TrainingJob``, ``TransformJob`` or ``ProcessingJob``.
        description: The job's Describe* response.
    """

    def __init__(self, name: str, inputs: Any, step_type: str, description: dict[str, Any]):
        self.name = name
        self.inputs = inputs
        self.type = step_type
        self.description = description

    def __repr__(self) -> str:
        return f"CandidateStep(name={self.name!r}, type={self.type!r})"


class CandidateEstimator:
    """A candidate of an AutoML job (from ``list_candidates()`` or ``best_candidate()``).

    Attributes:
        name: The candidate's name.
        containers: Its inference containers.
        steps: ``{"name", "type"}`` of each job behind it.
        sagemaker_session: The session calls go through.
    """

    def __init__(self, candidate: dict[str, Any], sagemaker_session: Any = None) -> None:
        self.name: str = candidate["CandidateName"]
        self.containers: list[dict[str, Any]] = candidate["InferenceContainers"]
        self.steps = [
            {
                "name": step["CandidateStepName"],
                "type": str(step["CandidateStepType"]).removeprefix(_STEP_TYPE_PREFIX),
            }
            for step in candidate.get("CandidateSteps") or []
        ]
        self.sagemaker_session = sagemaker_session or Session()

    @property
    def _client(self) -> Any:
        return self.sagemaker_session.sagemaker_client

    def get_steps(self) -> list[CandidateStep]:
        """The candidate's training and transform jobs, described."""
        found = []
        for step in self.steps:
            if step["type"] == "TrainingJob":
                job = self._client.describe_training_job(TrainingJobName=step["name"])
                found.append(CandidateStep(step["name"], job["InputDataConfig"], step["type"], job))
            elif step["type"] == "TransformJob":
                job = self._client.describe_transform_job(TransformJobName=step["name"])
                found.append(CandidateStep(step["name"], job["TransformInput"], step["type"], job))
        return found

    def fit(
        self,
        inputs: Any,
        candidate_name: str | None = None,
        volume_kms_key: str | None = None,
        encrypt_inter_container_traffic: bool | None = None,
        vpc_config: dict[str, Any] | None = None,
        wait: bool = True,
        logs: bool = True,
    ) -> None:
        """Run the candidate's training jobs again with ``inputs`` as their data.

        Args:
            inputs: An S3 URI, or a local path (uploaded first), of data with the columns
                the candidate was trained on, target included.
            candidate_name: A new name for the candidate.
            volume_kms_key: KMS key of the jobs' storage volumes.
            encrypt_inter_container_traffic: Encrypt traffic between the jobs' instances.
            vpc_config: Network settings of the jobs.
            wait: Wait for every job to end.
            logs: Accepted for compatibility; only meaningful with ``wait``.

        Raises:
            ValueError: for inputs that are not a string, or ``logs`` without ``wait``.
            JobFailure: when a re-run job fails.
        """
        if logs and not wait:
            raise ValueError(
                "Logs can only be shown if wait is set to True. Please either set wait to "
                "True or set logs to False."
            )
        if not isinstance(inputs, str):
            raise ValueError(f"Cannot format input {inputs!r}. Expecting a string.")
        if not inputs.startswith("s3://"):
            inputs = self.sagemaker_session.upload_data(inputs, key_prefix="auto-ml-input-data")
        self.name = candidate_name or self.name
        started = []
        for step in self.steps:
            if step["type"] != "TrainingJob":
                continue
            previous = self._client.describe_training_job(TrainingJobName=step["name"])
            name = name_from_base("sagemaker-automl-training-rerun")
            request = _rerun_request(previous, name, inputs)
            _secure(request, volume_kms_key, encrypt_inter_container_traffic, vpc_config)
            self._client.create_training_job(**request)
            step["name"] = name
            started.append(name)
        if wait:
            for name in started:
                self._wait(name)

    def _wait(self, name: str) -> None:
        described = self._client.describe_training_job(TrainingJobName=name)
        while described["TrainingJobStatus"] not in TERMINAL:
            time.sleep(0.5)
            described = self._client.describe_training_job(TrainingJobName=name)
        if described["TrainingJobStatus"] == "Failed":
            raise JobFailure(
                f"candidate re-run {name!r} failed: {described.get('FailureReason', '')}",
                value=name,
            )

    def __repr__(self) -> str:
        return f"CandidateEstimator(name={self.name!r})"


def _rerun_request(previous: dict[str, Any], name: str, uri: str) -> dict[str, Any]:
    """A CreateTrainingJob request like ``previous`` with ``uri`` as its train channel."""
    algorithm = previous["AlgorithmSpecification"]
    channel = dict(TrainingInput(uri).config, ChannelName="train")
    request = {key: previous[key] for key in _COPIED if key in previous}
    request.update(
        {
            "TrainingJobName": name,
            "AlgorithmSpecification": {
                key: algorithm[key]
                for key in ("TrainingImage", "TrainingInputMode", "MetricDefinitions")
                if key in algorithm
            },
            "InputDataConfig": [channel],
        }
    )
    return request


def _secure(
    request: dict[str, Any], kms_key: str | None, encrypt: bool | None, vpc: dict[str, Any] | None
) -> None:
    if kms_key is not None:
        request.setdefault("ResourceConfig", {})["VolumeKmsKeyId"] = kms_key
    if encrypt is not None:
        request["EnableInterContainerTrafficEncryption"] = encrypt
    if vpc is not None and "VpcConfig" not in request:
        request["VpcConfig"] = vpc
