"""Model Monitor: baselines and monitoring schedules (``sagemaker.model_monitor.model_monitoring``).

``DefaultModelMonitor`` (data quality) and ``ModelQualityMonitor`` run SageMaker's
analyzer image, which dagmaker maps to its own analysis program; ``ModelMonitor`` runs
an image of your own. Schedules are created through the SageMaker client with boto3's
request shapes.
"""

from __future__ import annotations

from dagmaker.model_monitor._default_monitor import DefaultModelMonitor
from dagmaker.model_monitor._model_quality_monitor import ModelQualityMonitor
from dagmaker.model_monitor._monitor_base import ModelMonitor
from dagmaker.model_monitor._monitor_io import (
    BatchTransformInput,
    EndpointInput,
    MonitoringInput,
    MonitoringOutput,
)
from dagmaker.model_monitor._monitor_jobs import BaseliningJob, MonitoringExecution

__all__ = [
    "BaseliningJob",
    "BatchTransformInput",
    "DefaultModelMonitor",
    "EndpointInput",
    "ModelMonitor",
    "ModelQualityMonitor",
    "MonitoringExecution",
    "MonitoringInput",
    "MonitoringOutput",
]
