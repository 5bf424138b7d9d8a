"""The job settings of ``QualityCheckStep`` and ``ClarifyCheckStep`` (``CheckJobConfig``)."""

from __future__ import annotations

import logging
from typing import Any

from dagmaker._sdk.tags import format_tags
from dagmaker.model_monitor import (
    DefaultModelMonitor,
    ModelBiasMonitor,
    ModelExplainabilityMonitor,
    ModelMonitor,
    ModelQualityMonitor,
)
from dagmaker.session import Session

__all__ = ["CheckJobConfig"]

logger = logging.getLogger(__name__)

_MONITORS: dict[str, type[ModelMonitor]] = {
    "DefaultModelMonitor": DefaultModelMonitor,
    "ModelQualityMonitor": ModelQualityMonitor,
    "ModelBiasMonitor": ModelBiasMonitor,
    "ModelExplainabilityMonitor": ModelExplainabilityMonitor,
}


class CheckJobConfig:
    """Resources and settings of the processing job a check step runs.

    Attributes:
        role: The IAM role ARN (or name) of the job.
        instance_count: Instances of the job (default 1).
        instance_type: The instance type (default ``ml.m5.xlarge``).
        volume_size_in_gb: Storage per instance (default 30).
        volume_kms_key: KMS key of the volume.
        output_kms_key: KMS key of the outputs.
        max_runtime_in_seconds: Time limit of the job.
        base_job_name: Prefix of the job's name (and of its default output folder).
        sagemaker_session: The session (a ``PipelineSession`` in pipelines).
        env: Extra environment variables of the job.
        tags: Tags of the job.
        network_config: Network settings of the job.
    """

    def __init__(
        self,
        role: Any,
        instance_count: Any = 1,
        instance_type: Any = "ml.m5.xlarge",
        volume_size_in_gb: Any = 30,
        volume_kms_key: Any = None,
        output_kms_key: Any = None,
        max_runtime_in_seconds: Any = None,
        base_job_name: str | None = None,
        sagemaker_session: Any = None,
        env: dict[str, Any] | None = None,
        tags: Any = None,
        network_config: Any = None,
    ) -> None:
        self.role = role
        self.instance_count = instance_count
        self.instance_type = instance_type
        self.volume_size_in_gb = volume_size_in_gb
        self.volume_kms_key = volume_kms_key
        self.output_kms_key = output_kms_key
        self.max_runtime_in_seconds = max_runtime_in_seconds
        self.base_job_name = base_job_name
        self.sagemaker_session = sagemaker_session or Session()
        self.env = env
        self.tags = format_tags(tags)
        self.network_config = network_config

    def _generate_model_monitor(self, mm_type: str) -> Any:
        """A monitor of kind ``mm_type`` with these settings, or ``None`` for an unknown kind."""
        monitor_class = _MONITORS.get(mm_type)
        if monitor_class is None:
            logger.warning("Expected model monitor types: %s", ", ".join(_MONITORS))
            return None
        return monitor_class(
            role=self.role,
            instance_count=self.instance_count,
            instance_type=self.instance_type,
            volume_size_in_gb=self.volume_size_in_gb,
            volume_kms_key=self.volume_kms_key,
            output_kms_key=self.output_kms_key,
            max_runtime_in_seconds=self.max_runtime_in_seconds,
            base_job_name=self.base_job_name,
            sagemaker_session=self.sagemaker_session,
            env=self.env,
            tags=self.tags,
            network_config=self.network_config,
        )

    def __repr__(self) -> str:
        return (
            f"CheckJobConfig(instance_type={self.instance_type!r}, "
            f"instance_count={self.instance_count!r})"
        )
