"""The monitoring modules export what SageMaker's SDK users import from them.

The import paths themselves are checked against the real SDK by the goldens: their
sources run unchanged under ``sagemaker`` (``tools/make_check_goldens.py``).
"""

from __future__ import annotations

import importlib
import inspect

import pytest

EXPECTED = {
    "dagmaker.model_monitor": {
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
    },
    "dagmaker.model_monitor.model_monitoring": {
        "BaseliningJob",
        "BatchTransformInput",
        "DefaultModelMonitor",
        "EndpointInput",
        "ModelMonitor",
        "ModelQualityMonitor",
        "MonitoringExecution",
        "MonitoringInput",
        "MonitoringOutput",
    },
    "dagmaker.model_monitor.clarify_model_monitoring": {
        "BiasAnalysisConfig",
        "ClarifyBaseliningConfig",
        "ClarifyBaseliningJob",
        "ClarifyModelMonitor",
        "ClarifyMonitoringExecution",
        "ExplainabilityAnalysisConfig",
        "ModelBiasMonitor",
        "ModelExplainabilityMonitor",
    },
    "dagmaker.model_monitor.monitoring_files": {
        "ConstraintViolations",
        "Constraints",
        "ModelMonitoringFile",
        "Statistics",
    },
    "dagmaker.model_monitor.dataset_format": {"DatasetFormat", "MonitoringDatasetFormat"},
    "dagmaker.model_monitor.data_capture_config": {"DataCaptureConfig"},
    "dagmaker.model_monitor.cron_expression_generator": {"CronExpressionGenerator"},
    "dagmaker.model_monitor.data_quality_monitoring_config": {
        "DataQualityDistributionConstraints",
        "DataQualityMonitoringConfig",
    },
    "dagmaker.clarify": {
        "BiasConfig",
        "DataConfig",
        "ExplainabilityConfig",
        "ModelConfig",
        "ModelPredictedLabelConfig",
        "PDPConfig",
        "SHAPConfig",
        "SageMakerClarifyProcessor",
    },
    "dagmaker.workflow.check_job_config": {"CheckJobConfig"},
    "dagmaker.workflow.quality_check_step": {
        "DataQualityCheckConfig",
        "ModelQualityCheckConfig",
        "QualityCheckConfig",
        "QualityCheckStep",
    },
    "dagmaker.workflow.clarify_check_step": {
        "ClarifyCheckConfig",
        "ClarifyCheckStep",
        "DataBiasCheckConfig",
        "ModelBiasCheckConfig",
        "ModelExplainabilityCheckConfig",
    },
    "dagmaker.workflow.monitor_batch_transform_step": {"MonitorBatchTransformStep"},
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_all_is_sorted_and_complete(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__all__ == sorted(module.__all__)
    assert set(module.__all__) == EXPECTED[name]
    defined = {
        attribute
        for attribute, value in vars(module).items()
        if inspect.isclass(value) and value.__module__ == name and not attribute.startswith("_")
    }
    assert defined <= set(module.__all__)


def test_monitoring_modules_load_no_heavy_dependency() -> None:
    import subprocess
    import sys

    code = (
        "import sys, dagmaker.model_monitor, dagmaker.clarify, "
        "dagmaker.workflow.monitor_batch_transform_step\n"
        "print([m for m in ('numpy', 'pandas', 'sqlalchemy', 'boto3') if m in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
