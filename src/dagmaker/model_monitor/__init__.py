"""Model Monitor and Clarify monitoring (mirrors ``sagemaker.model_monitor``).

Baselines (``suggest_baseline``), monitoring schedules and their executions, result
files (``Statistics``, ``Constraints``, ``ConstraintViolations``), data capture
settings and schedule expressions.
"""

from __future__ import annotations

from dagmaker.model_monitor.clarify_model_monitoring import (
    BiasAnalysisConfig,
    ExplainabilityAnalysisConfig,
    ModelBiasMonitor,
    ModelExplainabilityMonitor,
)
from dagmaker.model_monitor.cron_expression_generator import CronExpressionGenerator
from dagmaker.model_monitor.data_capture_config import DataCaptureConfig
from dagmaker.model_monitor.data_quality_monitoring_config import (
    DataQualityDistributionConstraints,
    DataQualityMonitoringConfig,
)
from dagmaker.model_monitor.dataset_format import DatasetFormat, MonitoringDatasetFormat
from dagmaker.model_monitor.model_monitoring import (
    BaseliningJob,
    BatchTransformInput,
    DefaultModelMonitor,
    EndpointInput,
    ModelMonitor,
    ModelQualityMonitor,
    MonitoringExecution,
    MonitoringOutput,
)
from dagmaker.model_monitor.monitoring_files import (
    Constraints,
    ConstraintViolations,
    Statistics,
)
from dagmaker.network import NetworkConfig

__all__ = [
    "BaseliningJob",
    "BatchTransformInput",
    "BiasAnalysisConfig",
    "ConstraintViolations",
    "Constraints",
    "CronExpressionGenerator",
    "DataCaptureConfig",
    "DataQualityDistributionConstraints",
    "DataQualityMonitoringConfig",
    "DatasetFormat",
    "DefaultModelMonitor",
    "EndpointInput",
    "ExplainabilityAnalysisConfig",
    "ModelBiasMonitor",
    "ModelExplainabilityMonitor",
    "ModelMonitor",
    "ModelQualityMonitor",
    "MonitoringDatasetFormat",
    "MonitoringExecution",
    "MonitoringOutput",
    "NetworkConfig",
    "Statistics",
]
