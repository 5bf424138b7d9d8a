"""What Clarify monitors keep and read: analysis configs, baselining jobs, executions.

Public through :mod:`dagmaker.model_monitor` (``BiasAnalysisConfig``,
``ExplainabilityAnalysisConfig``) and :mod:`dagmaker.model_monitor.clarify_model_monitoring`.
A Clarify baseline's "constraints" file is the baselining job's ``analysis.json``.
"""

from __future__ import annotations

from typing import Any

from dagmaker.model_monitor._monitor_jobs import BaseliningJob, MonitoringExecution
from dagmaker.model_monitor.monitoring_files import Constraints


class BiasAnalysisConfig:
    """The analysis config a bias monitoring job runs with.

    Attributes:
        analysis_config: ``label_values_or_threshold``, ``facet``, ``group_variable``,
            ``headers`` and ``label``.
    """

    def __init__(self, bias_config: Any, headers: list[str] | None = None, label: Any = None):
        self.analysis_config: dict[str, Any] = bias_config.get_config()
        if headers is not None:
            self.analysis_config["headers"] = headers
        if label is not None:
            self.analysis_config["label"] = label

    def _to_dict(self) -> dict[str, Any]:
        return self.analysis_config


class ExplainabilityAnalysisConfig:
    """The analysis config an explainability monitoring job runs with.

    Attributes:
        analysis_config: ``methods``, ``predictor`` and ``headers`` (the features only).
    """

    def __init__(
        self,
        explainability_config: Any,
        model_config: Any,
        headers: list[str] | None = None,
        label_headers: list[str] | None = None,
    ) -> None:
        predictor = model_config.get_predictor_config()
        self.analysis_config: dict[str, Any] = {
            "methods": explainability_config.get_explainability_config(),
            "predictor": predictor,
        }
        if headers is not None:
            self.analysis_config["headers"] = headers
        if label_headers is not None:
            predictor["label_headers"] = label_headers

    def _to_dict(self) -> dict[str, Any]:
        return self.analysis_config


class ClarifyBaseliningConfig:
    """What the latest Clarify baselining job tells a schedule created after it.

    Attributes:
        analysis_config: The monitoring analysis config.
        features_attribute: JMESPath of the features in captured records.
        inference_attribute: Where the prediction is in the model's answer.
        probability_attribute: Where the probability is.
        probability_threshold_attribute: Threshold turning probabilities into labels.
    """

    def __init__(
        self,
        analysis_config: Any,
        features_attribute: Any = None,
        inference_attribute: Any = None,
        probability_attribute: Any = None,
        probability_threshold_attribute: Any = None,
    ) -> None:
        self.analysis_config = analysis_config
        self.features_attribute = features_attribute
        self.inference_attribute = inference_attribute
        self.probability_attribute = probability_attribute
        self.probability_threshold_attribute = probability_threshold_attribute


class ClarifyBaseliningJob(BaseliningJob):
    """A Clarify baselining job: its constraints are its ``analysis.json``."""

    def __init__(self, processing_job: Any) -> None:
        super().__init__(
            processing_job.sagemaker_session,
            processing_job.job_name,
            processing_job.inputs,
            processing_job.outputs,
            processing_job.output_kms_key,
        )

    def baseline_statistics(self, file_name: str = "", kms_key: Any = None) -> Any:
        """Clarify baselines have no statistics.

        Raises:
            TypeError: always.
        """
        raise TypeError(f"{type(self).__name__} doesn't support statistics.")

    def suggested_constraints(
        self, file_name: str | None = None, kms_key: Any = None
    ) -> Constraints:
        """The job's ``analysis.json``, as the baseline constraints."""
        return super().suggested_constraints("analysis.json", kms_key)


class ClarifyMonitoringExecution(MonitoringExecution):
    """A run of a Clarify monitoring schedule (it writes no statistics)."""

    def statistics(self, file_name: str = "", kms_key: Any = None) -> Any:
        """Clarify executions have no statistics.

        Raises:
            TypeError: always.
        """
        raise TypeError(f"{type(self).__name__} doesn't support statistics.")
