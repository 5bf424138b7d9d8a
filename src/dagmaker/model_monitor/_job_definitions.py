"""Monitoring job definitions (``Create{DataQuality,ModelQuality,ModelBias,...}JobDefinition``).

A definition is built from scratch for a new schedule, or from the definition a schedule
already runs when it is updated: :class:`DefinitionDraft` starts from either and takes
the changes; every type shares the resources, output, network and stopping parts and
adds its own app specification and input.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dagmaker._sdk.session_facts import expand_role
from dagmaker._sdk.tags import format_tags


@dataclass
class JobResources:
    """Settings every monitoring job definition carries (``None``: keep / leave out)."""

    role: Any = None
    instance_count: Any = None
    instance_type: Any = None
    volume_size_in_gb: Any = None
    volume_kms_key: Any = None
    output_kms_key: Any = None
    max_runtime_in_seconds: Any = None
    env: dict[str, Any] | None = None
    network_config: Any = None
    enable_cloudwatch_metrics: Any = None


def resources_of(monitor: Any, enable_cloudwatch_metrics: Any) -> JobResources:
    """The resources a monitor was configured with (for a new definition)."""
    return JobResources(
        role=monitor.role,
        instance_count=monitor.instance_count,
        instance_type=monitor.instance_type,
        volume_size_in_gb=monitor.volume_size_in_gb,
        volume_kms_key=monitor.volume_kms_key,
        output_kms_key=monitor.output_kms_key,
        max_runtime_in_seconds=monitor.max_runtime_in_seconds,
        env=monitor.env,
        network_config=monitor.network_config,
        enable_cloudwatch_metrics=enable_cloudwatch_metrics,
    )


class DefinitionDraft:
    """The parts of one job definition request, before it is assembled.

    Attributes:
        monitoring_type: ``DataQuality``, ``ModelQuality``, ``ModelBias`` or
            ``ModelExplainability``; it prefixes the type's own keys.
        app: ``<type>AppSpecification``.
        baseline: ``<type>BaselineConfig`` (left out when empty).
        job_input: ``<type>JobInput``.
        job_output: ``<type>JobOutputConfig``.
    """

    def __init__(self, monitoring_type: str, existing: dict[str, Any] | None = None) -> None:
        kind = monitoring_type
        found = existing or {}
        self.monitoring_type = kind
        self.app: dict[str, Any] = dict(found.get(f"{kind}AppSpecification") or {})
        self.baseline: dict[str, Any] = dict(found.get(f"{kind}BaselineConfig") or {})
        self.job_input: dict[str, Any] = dict(found.get(f"{kind}JobInput") or {})
        self.job_output: dict[str, Any] = dict(found.get(f"{kind}JobOutputConfig") or {})
        self._cluster: dict[str, Any] = dict(
            (found.get("JobResources") or {}).get("ClusterConfig") or {}
        )
        self._role = found.get("RoleArn")
        self._network = found.get("NetworkConfig")
        self._stop: dict[str, Any] = dict(found.get("StoppingCondition") or {})

    def set_output(self, output: Any, kms_key: Any) -> None:
        """Set the monitoring output (a ``MonitoringOutput``) and its KMS key."""
        if output is not None:
            self.job_output["MonitoringOutputs"] = [output._to_request_dict()]
        if kms_key is not None:
            self.job_output["KmsKeyId"] = kms_key

    def set_resources(self, resources: JobResources) -> None:
        """Apply role, cluster, network and time limit settings that are given."""
        if resources.role is not None:
            self._role = resources.role
        cluster = (
            ("InstanceCount", resources.instance_count),
            ("InstanceType", resources.instance_type),
            ("VolumeSizeInGB", resources.volume_size_in_gb),
            ("VolumeKmsKeyId", resources.volume_kms_key),
        )
        for key, value in cluster:
            if value is not None:
                self._cluster[key] = value
        if resources.max_runtime_in_seconds is not None:
            self._stop["MaxRuntimeInSeconds"] = resources.max_runtime_in_seconds
        if resources.network_config is not None:
            self._network = resources.network_config._to_request_dict()

    def request(self, job_definition_name: str, session: Any, tags: Any) -> dict[str, Any]:
        """The assembled ``Create<type>JobDefinition`` request."""
        kind = self.monitoring_type
        request: dict[str, Any] = {
            "JobDefinitionName": job_definition_name,
            f"{kind}AppSpecification": self.app,
            f"{kind}JobInput": self.job_input,
            f"{kind}JobOutputConfig": self.job_output,
            "JobResources": {"ClusterConfig": self._cluster},
            "RoleArn": expand_role(session, self._role),
        }
        if self.baseline:
            request[f"{kind}BaselineConfig"] = self.baseline
        if self._network is not None:
            request["NetworkConfig"] = self._network
        if self._stop:
            request["StoppingCondition"] = self._stop
        if tags is not None:
            request["Tags"] = format_tags(tags)
        return request


def set_monitoring_input(
    draft: DefinitionDraft, monitor: Any, endpoint_input: Any, batch_transform_input: Any
) -> Any:
    """Put the endpoint or batch transform input into the draft; return the input object."""
    if endpoint_input is not None:
        normalized = monitor._normalize_endpoint_input(endpoint_input)
        draft.job_input = normalized._to_request_dict()
        return normalized
    if batch_transform_input is not None:
        draft.job_input = batch_transform_input._to_request_dict()
        return batch_transform_input
    return None


def check_one_input(endpoint_input: Any, batch_transform_input: Any, creating: bool) -> None:
    """A schedule monitors one endpoint or one batch transform capture.

    Raises:
        ValueError: when both are given, or (``creating``) neither.
    """
    if endpoint_input is not None and batch_transform_input is not None:
        raise ValueError(
            "give either endpoint_input or batch_transform_input, not both: a monitoring "
            "schedule monitors one endpoint or one batch transform capture"
        )
    if creating and endpoint_input is None and batch_transform_input is None:
        raise ValueError(
            "Need to have either batch_transform_input or endpoint_input to create an "
            "Amazon Model Monitoring Schedule"
        )
