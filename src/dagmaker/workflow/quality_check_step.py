"""``QualityCheckStep``: data or model quality of a dataset, checked against a baseline.

The step runs Model Monitor's analyzer on the dataset as a processing job. It always
computes a new baseline (``CalculatedBaselineStatistics`` / ``...Constraints``) and,
unless ``skip_check``, checks the dataset against the previous baseline: the supplied
files, else the drift-check baselines of the latest approved package of
``model_package_group_name``. ``register_new_baseline`` makes the new baseline the one
reported as ``BaselineUsedForDriftCheck*``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from dagmaker._sdk.processing_io import ProcessingInput
from dagmaker._sdk.processor import Processor
from dagmaker.model_monitor._monitor_paths import (
    BASELINE_DATASET_INPUT_NAME,
    POST_ANALYTICS_PROCESSOR_SCRIPT_INPUT_NAME,
    RECORD_PREPROCESSOR_SCRIPT_INPUT_NAME,
    generate_env_map,
    input_path,
)
from dagmaker.workflow._check_step import CheckStep
from dagmaker.workflow._step_base import StepTypeEnum
from dagmaker.workflow.check_job_config import CheckJobConfig
from dagmaker.workflow.entities import is_pipeline_variable
from dagmaker.workflow.parameters import Parameter, ParameterString

__all__ = [
    "DataQualityCheckConfig",
    "ModelQualityCheckConfig",
    "QualityCheckConfig",
    "QualityCheckStep",
]

logger = logging.getLogger(__name__)

_OUTPUT_NAME = "quality_check_output"
_OUTPUT_PATH = "/opt/ml/processing/output"


@dataclass
class QualityCheckConfig:
    """What a quality check analyses.

    Attributes:
        baseline_dataset: The dataset: an S3 URI, a local path (uploaded) or a pipeline
            variable.
        dataset_format: Its format, from ``DatasetFormat``.
        output_s3_uri: Where the results go (default
            ``s3://<bucket>/model-monitor/baselining/<job>/results``).
        post_analytics_processor_script: A script run after the analysis (S3 URI or local
            path; not a pipeline variable).
    """

    baseline_dataset: Any
    dataset_format: dict[str, Any]
    output_s3_uri: Any = field(default=None, kw_only=True)
    post_analytics_processor_script: str | None = field(default=None, kw_only=True)


@dataclass
class DataQualityCheckConfig(QualityCheckConfig):
    """A data quality check.

    Attributes:
        record_preprocessor_script: A script turning records into rows (S3 URI or local
            path; not a pipeline variable).
    """

    record_preprocessor_script: str | None = None


@dataclass
class ModelQualityCheckConfig(QualityCheckConfig):
    """A model quality check: the dataset holds predictions and labels.

    Attributes:
        problem_type: ``Regression``, ``BinaryClassification`` or
            ``MulticlassClassification``.
        inference_attribute: Column of the prediction.
        probability_attribute: Column of the probability.
        ground_truth_attribute: Column of the label.
        probability_threshold_attribute: Threshold turning probabilities into labels.
    """

    problem_type: Any
    inference_attribute: Any = None
    probability_attribute: Any = None
    ground_truth_attribute: Any = None
    probability_threshold_attribute: Any = None


class QualityCheckStep(CheckStep):
    """A data or model quality check (``Type: QualityCheck``).

    Attributes:
        quality_check_config: What is checked.
        check_job_config: The check job's settings.
        supplied_baseline_statistics: Statistics to check against (S3 URI).
        supplied_baseline_constraints: Constraints to check against (S3 URI).
    """

    PROPERTY_NAMES = (
        "CalculatedBaselineConstraints",
        "CalculatedBaselineStatistics",
        "BaselineUsedForDriftCheckStatistics",
        "BaselineUsedForDriftCheckConstraints",
    )

    def __init__(
        self,
        name: str,
        quality_check_config: QualityCheckConfig,
        check_job_config: CheckJobConfig,
        skip_check: Any = False,
        fail_on_violation: Any = True,
        register_new_baseline: Any = False,
        model_package_group_name: Any = None,
        supplied_baseline_statistics: Any = None,
        supplied_baseline_constraints: Any = None,
        display_name: str | None = None,
        description: str | None = None,
        cache_config: Any = None,
        depends_on: list[Any] | None = None,
    ) -> None:
        if not isinstance(quality_check_config, (DataQualityCheckConfig, ModelQualityCheckConfig)):
            raise TypeError(
                "The quality_check_config can only be object of DataQualityCheckConfig or "
                f"ModelQualityCheckConfig, got {quality_check_config!r}"
            )
        super().__init__(
            name,
            StepTypeEnum.QUALITY_CHECK,
            skip_check,
            fail_on_violation,
            register_new_baseline,
            model_package_group_name,
            display_name,
            description,
            cache_config,
            depends_on,
        )
        self.quality_check_config = quality_check_config
        self.check_job_config = check_job_config
        self.supplied_baseline_statistics = supplied_baseline_statistics
        self.supplied_baseline_constraints = supplied_baseline_constraints
        data_quality = isinstance(quality_check_config, DataQualityCheckConfig)
        kind = "DefaultModelMonitor" if data_quality else "ModelQualityMonitor"
        self._model_monitor = check_job_config._generate_model_monitor(kind)
        monitor = self._model_monitor
        monitor.latest_baselining_job_name = monitor._generate_baselining_job_name()
        self._baseline_job_inputs, paths = self._job_inputs()
        self._baseline_output = monitor._normalize_baseline_output(
            quality_check_config.output_s3_uri
        )
        self._baseline_output.output_name = _OUTPUT_NAME
        self._baselining_processor = self._processor(paths)

    def _job_inputs(self) -> tuple[list[ProcessingInput], dict[str, str | None]]:
        """The dataset and script inputs (uploaded now), and the scripts' container paths."""
        config = self.quality_check_config
        monitor = self._model_monitor
        destination = input_path(BASELINE_DATASET_INPUT_NAME)
        if is_pipeline_variable(config.baseline_dataset):
            dataset: Any = ProcessingInput(
                source=config.baseline_dataset,
                destination=destination,
                input_name=BASELINE_DATASET_INPUT_NAME,
            )
        else:
            dataset = monitor._upload_and_convert_to_processing_input(
                config.baseline_dataset, destination, BASELINE_DATASET_INPUT_NAME
            )
        post, post_path = monitor._script_input(
            config.post_analytics_processor_script, POST_ANALYTICS_PROCESSOR_SCRIPT_INPUT_NAME
        )
        record, record_path = None, None
        if isinstance(config, DataQualityCheckConfig):
            record, record_path = monitor._script_input(
                config.record_preprocessor_script, RECORD_PREPROCESSOR_SCRIPT_INPUT_NAME
            )
        inputs = [item for item in (dataset, post, record) if item is not None]
        return inputs, {"post": post_path, "record": record_path, "dataset": destination}

    def _processor(self, paths: dict[str, str | None]) -> Processor:
        config = self.quality_check_config
        common: dict[str, Any] = {
            "dataset_format": config.dataset_format,
            "output_path": str(PurePosixPath(_OUTPUT_PATH)),
            "enable_cloudwatch_metrics": False,
            "dataset_source_container_path": paths["dataset"],
            "post_processor_script_container_path": paths["post"],
        }
        if isinstance(config, DataQualityCheckConfig):
            extra: dict[str, Any] = {"record_preprocessor_script_container_path": paths["record"]}
        else:
            assert isinstance(config, ModelQualityCheckConfig)
            extra = _model_quality_env(config)
        env = generate_env_map(self._model_monitor.env, **common, **extra)
        processor: Processor = self._model_monitor._baselining_processor(env)
        return processor

    @property
    def arguments(self) -> dict[str, Any]:
        """The ``CreateProcessingJob`` request of the check job."""
        return self._processing_request(
            self._baselining_processor, self._baseline_job_inputs, [self._baseline_output]
        )

    def to_request(self) -> dict[str, Any]:
        """The step request with the check settings."""
        request = super().to_request()
        data_quality = isinstance(self.quality_check_config, DataQualityCheckConfig)
        request["CheckType"] = "DATA_QUALITY" if data_quality else "MODEL_QUALITY"
        request.update(self._check_fields())
        request["SuppliedBaselineStatistics"] = self.supplied_baseline_statistics
        request["SuppliedBaselineConstraints"] = self.supplied_baseline_constraints
        return request


def _model_quality_env(config: ModelQualityCheckConfig) -> dict[str, Any]:
    return {
        "analysis_type": "MODEL_QUALITY",
        "problem_type": config.problem_type,
        "inference_attribute": _env_value(config.inference_attribute, "inference_attribute"),
        "probability_attribute": _env_value(config.probability_attribute, "probability_attribute"),
        "ground_truth_attribute": _env_value(
            config.ground_truth_attribute, "ground_truth_attribute"
        ),
        "probability_threshold_attribute": _env_value(
            config.probability_threshold_attribute, "probability_threshold_attribute"
        ),
    }


def _env_value(value: Any, name: str) -> Any:
    """An environment variable value: text, or a string parameter (checked at run time)."""
    if value is None:
        return None
    if is_pipeline_variable(value):
        if isinstance(value, Parameter) and not isinstance(value, ParameterString):
            raise ValueError(f"{name} cannot be Parameter types other than ParameterString.")
        logger.warning("%s's runtime value must be the string type.", name)
        return value
    return str(value)
