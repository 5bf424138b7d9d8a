"""``ClarifyCheckStep``: data bias, model bias or explainability, checked against a baseline.

The step runs a Clarify processing job. Its ``analysis.json`` is always the new baseline
(``CalculatedBaselineConstraints``); unless ``skip_check`` it is compared with the
previous baseline: the supplied file, else the drift-check baseline of the latest
approved package of ``model_package_group_name``. The step also stores the analysis
config a monitoring schedule would use (``monitoring_analysis_config_uri``), for
``DriftCheckBaselines``' config files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dagmaker._sdk.clarify_analysis import REPORT
from dagmaker._sdk.clarify_data import BiasConfig, DataConfig, put
from dagmaker._sdk.clarify_model import ModelConfig, ModelPredictedLabelConfig
from dagmaker._sdk.clarify_processor import clarify_job_io, upload_analysis_config
from dagmaker._sdk.job_names import name_from_base
from dagmaker._sdk.s3_upload import s3_path_join
from dagmaker.model_monitor.clarify_model_monitoring import (
    BiasAnalysisConfig,
    ExplainabilityAnalysisConfig,
    feature_headers,
)
from dagmaker.workflow._check_step import CheckStep
from dagmaker.workflow._step_base import StepTypeEnum
from dagmaker.workflow.check_job_config import CheckJobConfig
from dagmaker.workflow.entities import is_pipeline_variable

__all__ = [
    "ClarifyCheckConfig",
    "ClarifyCheckStep",
    "DataBiasCheckConfig",
    "ModelBiasCheckConfig",
    "ModelExplainabilityCheckConfig",
]

_BIAS_CONFIG_BASE = "bias-monitoring"
_EXPLAINABILITY_CONFIG_BASE = "model-explainability-monitoring"


@dataclass
class ClarifyCheckConfig:
    """What a Clarify check analyses.

    Attributes:
        data_config: The dataset and where results go.
        kms_key: KMS key for the uploaded analysis configs.
        monitoring_analysis_config_uri: Set by the step: the analysis config a
            monitoring schedule would use.
    """

    data_config: DataConfig
    kms_key: Any = field(default=None, kw_only=True)
    monitoring_analysis_config_uri: Any = field(default=None, kw_only=True)


@dataclass
class DataBiasCheckConfig(ClarifyCheckConfig):
    """Pre-training bias of the dataset's labels.

    Attributes:
        data_bias_config: Label values, facet and group.
        methods: ``"all"`` or a list of metric names.
    """

    data_bias_config: BiasConfig
    methods: Any = "all"


@dataclass
class ModelBiasCheckConfig(ClarifyCheckConfig):
    """Post-training bias of a model's predictions.

    Attributes:
        data_bias_config: Label values, facet and group.
        model_config: The model to query.
        model_predicted_label_config: How to read its answers.
        methods: ``"all"`` or a list of metric names.
    """

    data_bias_config: BiasConfig
    model_config: ModelConfig
    model_predicted_label_config: ModelPredictedLabelConfig
    methods: Any = "all"


@dataclass
class ModelExplainabilityCheckConfig(ClarifyCheckConfig):
    """SHAP feature attributions of a model.

    Attributes:
        model_config: The model to query.
        explainability_config: The ``SHAPConfig``.
        model_scores: Index or name of the score in the model's answer, or a
            ``ModelPredictedLabelConfig``.
    """

    model_config: ModelConfig
    explainability_config: Any
    model_scores: Any = None


_CHECK_TYPES = (
    (DataBiasCheckConfig, "DATA_BIAS"),
    (ModelBiasCheckConfig, "MODEL_BIAS"),
    (ModelExplainabilityCheckConfig, "MODEL_EXPLAINABILITY"),
)


class ClarifyCheckStep(CheckStep):
    """A data bias, model bias or explainability check (``Type: ClarifyCheck``).

    Attributes:
        clarify_check_config: What is checked.
        check_job_config: The check job's settings.
        supplied_baseline_constraints: An ``analysis.json`` to check against (S3 URI).
    """

    PROPERTY_NAMES = ("CalculatedBaselineConstraints", "BaselineUsedForDriftCheckConstraints")

    def __init__(
        self,
        name: str,
        clarify_check_config: ClarifyCheckConfig,
        check_job_config: CheckJobConfig,
        skip_check: Any = False,
        fail_on_violation: Any = True,
        register_new_baseline: Any = False,
        model_package_group_name: Any = None,
        supplied_baseline_constraints: Any = None,
        display_name: str | None = None,
        description: str | None = None,
        cache_config: Any = None,
        depends_on: list[Any] | None = None,
    ) -> None:
        _check_config(clarify_check_config)
        super().__init__(
            name,
            StepTypeEnum.CLARIFY_CHECK,
            skip_check,
            fail_on_violation,
            register_new_baseline,
            model_package_group_name,
            display_name,
            description,
            cache_config,
            depends_on,
        )
        self.clarify_check_config = clarify_check_config
        self.check_job_config = check_job_config
        self.supplied_baseline_constraints = supplied_baseline_constraints
        explain = isinstance(clarify_check_config, ModelExplainabilityCheckConfig)
        kind = "ModelExplainabilityMonitor" if explain else "ModelBiasMonitor"
        self._model_monitor = check_job_config._generate_model_monitor(kind)
        clarify_check_config.monitoring_analysis_config_uri = self._upload_monitoring_config()
        self._baselining_processor = self._model_monitor._create_baselining_processor()
        self._processing_params = self._job_io(self._analysis_config())

    def _analysis_config(self) -> dict[str, Any]:
        """The ``analysis_config.json`` of the check job."""
        config = self.clarify_check_config
        analysis = config.data_config.get_config()
        if isinstance(config, DataBiasCheckConfig):
            analysis.update(config.data_bias_config.get_config())
            analysis["methods"] = {"pre_training_bias": {"methods": config.methods}}
        elif isinstance(config, ModelBiasCheckConfig):
            analysis.update(config.data_bias_config.get_config())
            threshold, predictor = config.model_predicted_label_config.get_predictor_config()
            predictor.update(config.model_config.get_predictor_config())
            predictor.pop("model_name", None)
            analysis["methods"] = {"post_training_bias": {"methods": config.methods}}
            analysis["predictor"] = predictor
            put(threshold, "probability_threshold", analysis)
        else:
            assert isinstance(config, ModelExplainabilityCheckConfig)
            predictor = config.model_config.get_predictor_config()
            predictor.pop("model_name", None)
            if isinstance(config.model_scores, ModelPredictedLabelConfig):
                threshold, label_config = config.model_scores.get_predictor_config()
                put(threshold, "probability_threshold", analysis)
                predictor.update(label_config)
            else:
                put(config.model_scores, "label", predictor)
            analysis["methods"] = config.explainability_config.get_explainability_config()
            analysis["predictor"] = predictor
        analysis["methods"]["report"] = dict(REPORT)
        return analysis

    def _job_io(self, analysis: dict[str, Any]) -> dict[str, Any]:
        """Upload the analysis config now; the job's inputs and output."""
        data_config = self.clarify_check_config.data_config
        target = data_config.s3_analysis_config_output_path or data_config.s3_output_path
        session = self._baselining_processor.sagemaker_session
        uri = upload_analysis_config(analysis, target, session, self.clarify_check_config.kms_key)
        config_input, data_input, result_output = clarify_job_io(data_config, uri, analysis)
        return {
            "config_input": config_input,
            "data_input": data_input,
            "result_output": result_output,
        }

    def _upload_monitoring_config(self) -> str:
        """Upload the analysis config a monitoring schedule would run with; return its URI."""
        config = self.clarify_check_config
        if isinstance(config, ModelExplainabilityCheckConfig):
            analysis = ExplainabilityAnalysisConfig(
                config.explainability_config,
                config.model_config,
                headers=feature_headers(config.data_config),
            )._to_dict()
            analysis.get("predictor", {}).pop("model_name", None)
            base = _EXPLAINABILITY_CONFIG_BASE
        else:
            assert isinstance(config, (DataBiasCheckConfig, ModelBiasCheckConfig))
            analysis = BiasAnalysisConfig(
                config.data_bias_config,
                headers=config.data_config.headers,
                label=config.data_config.label,
            )._to_dict()
            base = _BIAS_CONFIG_BASE
        location = self._monitoring_config_location(f"{base}-configuration")
        job_definition_name = name_from_base(f"{base}-config")
        uri: str = self._model_monitor._upload_analysis_config(
            analysis, location, job_definition_name, config.kms_key
        )
        return uri

    def _monitoring_config_location(self, folder: str) -> str:
        explicit = self.clarify_check_config.data_config.s3_analysis_config_output_path
        if explicit:
            return s3_path_join(explicit, folder)
        location: str = self._model_monitor._s3_location("model-monitor", folder)
        return location

    @property
    def arguments(self) -> dict[str, Any]:
        """The ``CreateProcessingJob`` request of the check job."""
        params = self._processing_params
        return self._processing_request(
            self._baselining_processor,
            [params["config_input"], params["data_input"]],
            [params["result_output"]],
        )

    def to_request(self) -> dict[str, Any]:
        """The step request with the check settings (and ``ModelName`` for model checks)."""
        request = super().to_request()
        config = self.clarify_check_config
        request["CheckType"] = next(kind for cls, kind in _CHECK_TYPES if isinstance(config, cls))
        request.update(self._check_fields())
        request["SuppliedBaselineConstraints"] = self.supplied_baseline_constraints
        if isinstance(config, (ModelBiasCheckConfig, ModelExplainabilityCheckConfig)):
            request["ModelName"] = config.model_config.get_predictor_config().get("model_name")
        return request


def _check_config(config: Any) -> None:
    if not isinstance(
        config, (DataBiasCheckConfig, ModelBiasCheckConfig, ModelExplainabilityCheckConfig)
    ):
        raise TypeError(
            "The clarify_check_config can only be object of DataBiasCheckConfig, "
            f"ModelBiasCheckConfig or ModelExplainabilityCheckConfig, got {config!r}"
        )
    data_config = config.data_config
    if is_pipeline_variable(data_config.s3_analysis_config_output_path):
        raise ValueError(
            "s3_analysis_config_output_path cannot be a pipeline variable: the analysis "
            "config is uploaded when the step is created"
        )
    if not data_config.s3_analysis_config_output_path and is_pipeline_variable(
        data_config.s3_output_path
    ):
        raise ValueError(
            "`s3_output_path` cannot be a pipeline variable when "
            "`s3_analysis_config_output_path` is not given: the analysis config is uploaded "
            "next to the results when the step is created"
        )
