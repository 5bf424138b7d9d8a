"""One estimator of a tuning job and its ``TrainingJobDefinition``, as SageMaker builds it.

A tuner holds one definition (``TrainingJobDefinition``) or several, each named
(``TrainingJobDefinitions``, multi-algorithm tuning). The definition is taken from the
estimator's prepared ``CreateTrainingJob`` request: channels, role, output, stopping
condition, VPC; the instances become ``HyperParameterTuningResourceConfig`` and the
estimator's hyperparameters, minus the tuned ones, become ``StaticHyperParameters``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from dagmaker._sdk.training_request import training_request
from dagmaker.estimator import Framework
from dagmaker.parameter import CategoricalParameter, ParameterRange, to_string

ESTIMATOR_MODULE = "sagemaker_estimator_module"
ESTIMATOR_CLASS_NAME = "sagemaker_estimator_class_name"
RANGE_KINDS = ("Continuous", "Categorical", "Integer")


@dataclass
class TuningDefinition:
    """One estimator to tune.

    Attributes:
        estimator: The estimator whose training jobs are tuned.
        objective_metric_name: The metric to optimize.
        hyperparameter_ranges: Hyperparameter name → range.
        metric_definitions: ``{"Name", "Regex"}`` pairs for the training jobs.
        name: The definition's name (multi-algorithm tuning only).
        keep_static: Hyperparameters Autotune must not change.
        instance_configs: Alternative instance choices for the training jobs.
    """

    estimator: Any
    objective_metric_name: Any
    hyperparameter_ranges: dict[Any, ParameterRange] | None
    metric_definitions: list[dict[str, Any]] | None = None
    name: str | None = None
    keep_static: list[str] | None = None
    instance_configs: list[Any] | None = None

    def parameter_ranges(self) -> dict[str, list[dict[str, Any]]] | None:
        """``{"ContinuousParameterRanges": [...], "CategoricalParameterRanges": ..., ...}``."""
        if self.hyperparameter_ranges is None:
            return None
        json_values = isinstance(self.estimator, Framework)
        ranges: dict[str, list[dict[str, Any]]] = {}
        for kind in RANGE_KINDS:
            ranges[f"{kind}ParameterRanges"] = [
                _tuning_range(name, parameter, json_values)
                for name, parameter in self.hyperparameter_ranges.items()
                if parameter is not None and kind == parameter.RANGE_TYPE
            ]
        return ranges

    def static_hyperparameters(self, include_cls_metadata: bool) -> dict[str, Any]:
        """The estimator's hyperparameters that are not tuned, as strings."""
        static = {
            str(key): to_string(value) for key, value in self.estimator.hyperparameters().items()
        }
        for name in self.hyperparameter_ranges or {}:
            static.pop(name, None)
        if include_cls_metadata or isinstance(self.estimator, Framework):
            # Names the estimator class, so a tuner can be re-created from the job.
            static[ESTIMATOR_CLASS_NAME] = json.dumps(type(self.estimator).__name__)
            static[ESTIMATOR_MODULE] = json.dumps(type(self.estimator).__module__)
        return static

    def split_for_autotune(
        self, static: dict[str, Any], autotune: bool
    ) -> tuple[dict[str, Any], dict[str, Any] | None]:
        """With Autotune, the hyperparameters not kept static become auto parameters.

        Raises:
            ValueError: when a name to keep static is not a hyperparameter.
        """
        if not autotune:
            return static, None
        keep = list(self.keep_static or [])
        unknown = sorted(set(keep) - set(static))
        if unknown:
            raise ValueError(
                "Names in hyperparameters_to_keep_static must be members of estimator's "
                f"hyperparameters; not found: {', '.join(unknown)}"
            )
        kept = {k: v for k, v in static.items() if k in keep}
        auto = {k: v for k, v in static.items() if k not in keep}
        return kept, auto

    def training_job_definition(
        self,
        inputs: Any,
        static: dict[str, Any],
        auto: dict[str, Any] | None,
        objective_type: Any,
    ) -> dict[str, Any]:
        """The ``TrainingJobDefinition`` of a prepared estimator."""
        training = training_request(self.estimator, inputs, None)
        specification = training["AlgorithmSpecification"]
        algorithm: dict[str, Any] = {"TrainingInputMode": specification["TrainingInputMode"]}
        if self.metric_definitions is not None:
            algorithm["MetricDefinitions"] = self.metric_definitions
        algorithm["TrainingImage"] = specification["TrainingImage"]
        definition: dict[str, Any] = {
            "StaticHyperParameters": static,
            "RoleArn": training["RoleArn"],
            "OutputDataConfig": training["OutputDataConfig"],
            "StoppingCondition": training["StoppingCondition"],
            "HyperParameterTuningResourceConfig": self._resource_config(),
            "AlgorithmSpecification": algorithm,
        }
        for key in (
            "InputDataConfig",
            "VpcConfig",
            "EnableNetworkIsolation",
            "EnableInterContainerTrafficEncryption",
            "EnableManagedSpotTraining",
            "CheckpointConfig",
        ):
            if key in training:
                definition[key] = training[key]
        self._add_multi_algorithm_fields(definition, objective_type, auto)
        for key in ("RetryStrategy", "Environment"):
            if key in training:
                definition[key] = training[key]
        return definition

    def _add_multi_algorithm_fields(
        self, definition: dict[str, Any], objective_type: Any, auto: dict[str, Any] | None
    ) -> None:
        if self.name is None:
            return
        definition["DefinitionName"] = self.name
        definition["TuningObjective"] = objective(objective_type, self.objective_metric_name)
        ranges = self.parameter_ranges()
        if ranges is not None:
            definition["HyperParameterRanges"] = ranges
        if auto is not None:
            definition.setdefault("HyperParameterRanges", {})["AutoParameters"] = auto_parameters(
                auto
            )

    def _resource_config(self) -> dict[str, Any]:
        estimator = self.estimator
        config: dict[str, Any] = {}
        if estimator.volume_kms_key is not None:
            config["VolumeKmsKeyId"] = estimator.volume_kms_key
        if self.instance_configs is None:
            config["InstanceCount"] = estimator.instance_count
            config["InstanceType"] = estimator.instance_type
            config["VolumeSizeInGB"] = estimator.volume_size
        else:
            config["InstanceConfigs"] = [c.to_input_req() for c in self.instance_configs]
        return config


def _tuning_range(name: Any, parameter: ParameterRange, json_values: bool) -> dict[str, Any]:
    # Framework containers read hyperparameters as JSON, so categorical values are quoted.
    if json_values and isinstance(parameter, CategoricalParameter):
        return parameter.as_json_range(name)
    return parameter.as_tuning_range(name)


def objective(objective_type: Any, metric_name: Any) -> dict[str, Any] | None:
    """``{"Type", "MetricName"}`` with the parts that are set; ``None`` when neither is."""
    if objective_type is None and metric_name is None:
        return None
    found: dict[str, Any] = {}
    if objective_type is not None:
        found["Type"] = objective_type
    if metric_name is not None:
        found["MetricName"] = metric_name
    return found


def auto_parameters(auto: dict[str, Any]) -> list[dict[str, Any]]:
    """Autotune's ``AutoParameters``: each hyperparameter with its value as a hint."""
    return [{"Name": name, "ValueHint": value} for name, value in auto.items()]
