"""``HyperparameterTuner``: search hyperparameters by running many training jobs.

``tuner.fit(inputs)`` builds a ``CreateHyperParameterTuningJob`` request from the
estimator, the ranges and the objective. Under a ``PipelineSession`` it returns step
arguments for ``TuningStep(step_args=...)``; with a plain ``Session`` it starts the job
and, with ``wait=True``, waits for it. ``best_training_job()`` names the best job.

The parameter ranges (``ContinuousParameter``, ``IntegerParameter``,
``CategoricalParameter``) live in :mod:`dagmaker.parameter` and are importable from here
too, as with SageMaker's SDK.
"""

from __future__ import annotations

import time
from typing import Any

from dagmaker._sdk.job_names import base_name_from_image
from dagmaker._sdk.tags import format_tags
from dagmaker._sdk.tuning_configs import (
    HyperbandStrategyConfig,
    InstanceConfig,
    StrategyConfig,
    TuningJobCompletionCriteriaConfig,
    WarmStartConfig,
    WarmStartTypes,
)
from dagmaker._sdk.tuning_definition import TuningDefinition, auto_parameters, objective
from dagmaker.errors import JobFailure
from dagmaker.estimator import EstimatorBase
from dagmaker.parameter import (
    CategoricalParameter,
    ContinuousParameter,
    IntegerParameter,
    ParameterRange,
)
from dagmaker.workflow.pipeline_context import capture_or_run

__all__ = [
    "CategoricalParameter",
    "ContinuousParameter",
    "HyperbandStrategyConfig",
    "HyperparameterTuner",
    "InstanceConfig",
    "IntegerParameter",
    "ParameterRange",
    "StrategyConfig",
    "TuningJobCompletionCriteriaConfig",
    "WarmStartConfig",
    "WarmStartTypes",
]

GRID_SEARCH = "Grid"
STRATEGIES = ("Bayesian", "Random", "Hyperband", "Grid")
OBJECTIVE_TYPES = ("Maximize", "Minimize")
TUNE = "create_tuning_job"


class HyperparameterTuner:
    """Tunes an estimator's hyperparameters toward an objective metric.

    Attributes:
        estimator: The estimator tuned (``None`` for a tuner made by :meth:`create`).
        objective_metric_name: The metric to optimize.
        metric_definitions: How to read metrics from the training jobs' logs.
        strategy: ``Bayesian``, ``Random``, ``Hyperband`` or ``Grid``.
        objective_type: ``Maximize`` or ``Minimize``.
        max_jobs: Training jobs in total (``None`` for ``Grid``: all combinations).
        max_parallel_jobs: Training jobs at once.
        early_stopping_type: ``Off`` or ``Auto``.
        warm_start_config: Earlier tuning jobs to start from.
        base_tuning_job_name: Prefix of generated tuning job names.
        latest_tuning_job: The job started last by ``fit``.
    """

    TUNING_JOB_NAME_MAX_LENGTH = 32

    def __init__(
        self,
        estimator: EstimatorBase,
        objective_metric_name: Any,
        hyperparameter_ranges: dict[Any, ParameterRange],
        metric_definitions: list[dict[str, Any]] | None = None,
        strategy: Any = "Bayesian",
        objective_type: Any = "Maximize",
        max_jobs: Any = None,
        max_parallel_jobs: Any = 1,
        max_runtime_in_seconds: Any = None,
        tags: Any = None,
        base_tuning_job_name: str | None = None,
        warm_start_config: WarmStartConfig | None = None,
        strategy_config: StrategyConfig | None = None,
        completion_criteria_config: TuningJobCompletionCriteriaConfig | None = None,
        early_stopping_type: Any = "Off",
        estimator_name: str | None = None,
        random_seed: int | None = None,
        autotune: bool = False,
        hyperparameters_to_keep_static: list[str] | None = None,
    ) -> None:
        _check_arguments(hyperparameter_ranges, autotune, hyperparameters_to_keep_static)
        _check_choice("strategy", strategy, STRATEGIES)
        _check_choice("objective_type", objective_type, OBJECTIVE_TYPES)
        _check_ranges(hyperparameter_ranges)
        definition = TuningDefinition(
            estimator,
            objective_metric_name,
            hyperparameter_ranges,
            metric_definitions,
            name=estimator_name,
            keep_static=hyperparameters_to_keep_static,
        )
        self._definitions = [definition]
        self.estimator = estimator if estimator_name is None else None
        self.objective_metric_name = objective_metric_name if estimator_name is None else None
        self.metric_definitions = metric_definitions if estimator_name is None else None
        self.strategy = strategy
        self.strategy_config = strategy_config
        self.completion_criteria_config = completion_criteria_config
        self.objective_type = objective_type
        # Grid search runs every combination: the service counts them.
        self.max_jobs = 1 if max_jobs is None and strategy != GRID_SEARCH else max_jobs
        self.max_parallel_jobs = max_parallel_jobs
        self.max_runtime_in_seconds = max_runtime_in_seconds
        self.tags = format_tags(tags)
        self.base_tuning_job_name = base_tuning_job_name
        self.warm_start_config = warm_start_config
        self.early_stopping_type = early_stopping_type
        self.random_seed = random_seed
        self.autotune = autotune
        self._current_job_name: str | None = None
        self.latest_tuning_job: _TuningJob | None = None

    # -- multi-algorithm tuning -----------------------------------------------------------

    @classmethod
    def create(
        cls,
        estimator_dict: dict[str, EstimatorBase],
        objective_metric_name_dict: dict[str, Any],
        hyperparameter_ranges_dict: dict[str, dict[Any, ParameterRange]],
        metric_definitions_dict: dict[str, list[dict[str, Any]]] | None = None,
        base_tuning_job_name: str | None = None,
        strategy: Any = "Bayesian",
        strategy_config: StrategyConfig | None = None,
        completion_criteria_config: TuningJobCompletionCriteriaConfig | None = None,
        objective_type: Any = "Maximize",
        max_jobs: Any = None,
        max_parallel_jobs: Any = 1,
        max_runtime_in_seconds: Any = None,
        tags: Any = None,
        warm_start_config: WarmStartConfig | None = None,
        early_stopping_type: Any = "Off",
        random_seed: int | None = None,
        autotune: bool = False,
        hyperparameters_to_keep_static_dict: dict[str, list[str]] | None = None,
    ) -> HyperparameterTuner:
        """A tuner over several estimators (``TrainingJobDefinitions``), keyed by name.

        Raises:
            ValueError: when the dictionaries do not share the estimators' names.
        """
        names = sorted(estimator_dict or {})
        if not names:
            raise ValueError("estimator_dict must name at least one estimator")
        _check_keys("objective_metric_name_dict", objective_metric_name_dict, names, exact=True)
        _check_keys("hyperparameter_ranges_dict", hyperparameter_ranges_dict, names, exact=True)
        _check_keys("metric_definitions_dict", metric_definitions_dict, names)
        _check_keys(
            "hyperparameters_to_keep_static_dict", hyperparameters_to_keep_static_dict, names
        )
        first = names[0]
        tuner = cls(
            estimator_dict[first],
            objective_metric_name_dict[first],
            hyperparameter_ranges_dict[first],
            (metric_definitions_dict or {}).get(first),
            strategy=strategy,
            objective_type=objective_type,
            max_jobs=max_jobs,
            max_parallel_jobs=max_parallel_jobs,
            max_runtime_in_seconds=max_runtime_in_seconds,
            tags=tags,
            base_tuning_job_name=base_tuning_job_name,
            warm_start_config=warm_start_config,
            strategy_config=strategy_config,
            completion_criteria_config=completion_criteria_config,
            early_stopping_type=early_stopping_type,
            estimator_name=first,
            random_seed=random_seed,
            autotune=autotune,
            hyperparameters_to_keep_static=(hyperparameters_to_keep_static_dict or {}).get(first),
        )
        for name in names[1:]:
            _check_ranges(hyperparameter_ranges_dict[name])
            tuner._definitions.append(
                TuningDefinition(
                    estimator_dict[name],
                    objective_metric_name_dict[name],
                    hyperparameter_ranges_dict[name],
                    (metric_definitions_dict or {}).get(name),
                    name=name,
                    keep_static=(hyperparameters_to_keep_static_dict or {}).get(name),
                )
            )
        return tuner

    @property
    def estimator_dict(self) -> dict[str, EstimatorBase] | None:
        """The estimators by name, for a tuner made by :meth:`create`."""
        if self.estimator is not None:
            return None
        return {str(d.name): d.estimator for d in self._definitions}

    def override_resource_config(self, instance_configs: Any) -> None:
        """Let the training jobs use any of several instance choices.

        Args:
            instance_configs: A list of :class:`InstanceConfig`, or (multi-algorithm) a dict
                of estimator name → list.
        """
        for definition in self._definitions:
            if isinstance(instance_configs, dict):
                definition.instance_configs = instance_configs.get(str(definition.name))
            else:
                definition.instance_configs = instance_configs

    def hyperparameter_ranges(self) -> dict[str, list[dict[str, Any]]] | None:
        """The ranges as the request carries them (single-estimator tuners)."""
        return self._definitions[0].parameter_ranges() if self.estimator is not None else None

    def hyperparameter_ranges_dict(self) -> dict[str, Any] | None:
        """The ranges of each estimator by name (tuners made by :meth:`create`)."""
        if self.estimator is not None:
            return None
        return {str(d.name): d.parameter_ranges() for d in self._sorted_definitions()}

    def _sorted_definitions(self) -> list[TuningDefinition]:
        return sorted(self._definitions, key=lambda d: str(d.name or ""))

    @property
    def sagemaker_session(self) -> Any:
        """The session of the (first) estimator."""
        return self._sorted_definitions()[0].estimator.sagemaker_session

    # -- fit ------------------------------------------------------------------------------

    def fit(
        self,
        inputs: Any = None,
        job_name: str | None = None,
        include_cls_metadata: bool | dict[str, bool] = False,
        estimator_kwargs: dict[str, dict[str, Any]] | None = None,
        wait: bool = True,
        **kwargs: Any,
    ) -> Any:
        """Tune (or, under a ``PipelineSession``, return the step arguments).

        Args:
            inputs: The training inputs, as ``estimator.fit`` takes them; for a tuner made
                by :meth:`create`, a dict of estimator name → inputs.
            job_name: The tuning job's name; generated when not given.
            include_cls_metadata: Add the estimator's class and module to the static
                hyperparameters (always done for framework estimators); a dict per
                estimator name for multi-algorithm tuners.
            estimator_kwargs: Accepted for compatibility (multi-algorithm tuners).
            wait: Wait for the tuning job to end.
            **kwargs: Accepted for compatibility with ``estimator.fit`` arguments.

        Returns:
            Step arguments under a ``PipelineSession``, else ``None``.
        """
        self._check_multi_inputs(inputs, include_cls_metadata, estimator_kwargs)

        def build() -> dict[str, Any]:
            self._prepare(inputs, job_name)
            return self._request(inputs, include_cls_metadata)

        def run_now(request: dict[str, Any]) -> None:
            self.sagemaker_session.sagemaker_client.create_hyper_parameter_tuning_job(**request)
            self.latest_tuning_job = _TuningJob(self.sagemaker_session, str(self._current_job_name))
            if wait:
                self.latest_tuning_job.wait()

        return capture_or_run(self.sagemaker_session, TUNE, build, run_now)

    def _check_multi_inputs(
        self, inputs: Any, include_cls_metadata: Any, estimator_kwargs: Any
    ) -> None:
        if self.estimator is not None:
            return
        names = [str(d.name) for d in self._definitions]
        for label, value in (
            ("inputs", inputs),
            ("include_cls_metadata", include_cls_metadata),
            ("estimator_kwargs", estimator_kwargs),
        ):
            if isinstance(value, dict):
                _check_keys(label, value, names)
            elif label == "inputs" and value is not None:
                raise ValueError(
                    "a tuner made by HyperparameterTuner.create() takes inputs as a dict of "
                    f"estimator name → inputs; names: {', '.join(sorted(names))}"
                )

    def _prepare(self, inputs: Any, job_name: str | None) -> None:
        for definition in self._definitions:
            # Tuning jobs upload code under "<job name>/source", as SageMaker's SDK does,
            # not under the pipeline's content-hashed code folder.
            definition.estimator._prepare_for_training(job_name=job_name, code_hash=None)
        self._current_job_name = job_name or _name_from_base(
            self._base_name(), self.TUNING_JOB_NAME_MAX_LENGTH
        )

    def _base_name(self) -> str:
        if self.base_tuning_job_name is not None:
            return self.base_tuning_job_name
        estimator = self._sorted_definitions()[0].estimator
        return base_name_from_image(estimator.training_image_uri(), EstimatorBase.JOB_CLASS_NAME)

    def _request(self, inputs: Any, include_cls_metadata: Any) -> dict[str, Any]:
        hyperparameters = [
            self._hyperparameters(d, include_cls_metadata) for d in self._sorted_definitions()
        ]
        request: dict[str, Any] = {
            "HyperParameterTuningJobName": self._current_job_name,
            "HyperParameterTuningJobConfig": self._tuning_job_config(hyperparameters[0][1]),
        }
        if self.autotune:
            request["Autotune"] = {"Mode": "Enabled"}
        definitions = [
            definition.training_job_definition(
                self._inputs_of(definition, inputs), static, auto, self.objective_type
            )
            for definition, (static, auto) in zip(
                self._sorted_definitions(), hyperparameters, strict=True
            )
        ]
        if self.estimator is not None:
            request["TrainingJobDefinition"] = definitions[0]
        else:
            request["TrainingJobDefinitions"] = definitions
        if self.warm_start_config is not None:
            request["WarmStartConfig"] = self.warm_start_config.to_input_req()
        tags = self._tags()
        if tags is not None:
            request["Tags"] = tags
        return request

    def _inputs_of(self, definition: TuningDefinition, inputs: Any) -> Any:
        return inputs if self.estimator is not None else (inputs or {}).get(definition.name)

    def _hyperparameters(
        self, definition: TuningDefinition, include_cls_metadata: Any
    ) -> tuple[dict[str, Any], dict[str, Any] | None]:
        """The static and (with Autotune) auto hyperparameters of one estimator."""
        if isinstance(include_cls_metadata, dict):
            include_cls_metadata = include_cls_metadata.get(str(definition.name), False)
        static = definition.static_hyperparameters(bool(include_cls_metadata))
        return definition.split_for_autotune(static, self.autotune)

    def _tuning_job_config(self, auto: dict[str, Any] | None) -> dict[str, Any]:
        config: dict[str, Any] = {
            "Strategy": self.strategy,
            "ResourceLimits": {
                "MaxNumberOfTrainingJobs": self.max_jobs,
                "MaxParallelTrainingJobs": self.max_parallel_jobs,
            },
            "TrainingJobEarlyStoppingType": self.early_stopping_type,
        }
        if self.max_runtime_in_seconds is not None:
            config["ResourceLimits"]["MaxRuntimeInSeconds"] = self.max_runtime_in_seconds
        if self.random_seed is not None:
            config["RandomSeed"] = self.random_seed
        if self.estimator is not None:
            self._add_single_estimator_search(config, auto)
        if self.strategy_config is not None:
            config["StrategyConfig"] = self.strategy_config.to_input_req()
        if self.completion_criteria_config is not None:
            config["TuningJobCompletionCriteria"] = self.completion_criteria_config.to_input_req()
        return config

    def _add_single_estimator_search(
        self, config: dict[str, Any], auto: dict[str, Any] | None
    ) -> None:
        found = objective(self.objective_type, self.objective_metric_name)
        if found is not None:
            config["HyperParameterTuningJobObjective"] = found
        ranges = self._definitions[0].parameter_ranges()
        if ranges is not None:
            config["ParameterRanges"] = ranges
        if auto is not None:
            config.setdefault("ParameterRanges", {})["AutoParameters"] = auto_parameters(auto)

    def _tags(self) -> list[dict[str, Any]] | None:
        tags = list(self.tags) if self.tags is not None else None
        estimator_tags = self._sorted_definitions()[0].estimator.tags or []
        if tags is None and estimator_tags:
            tags = []
        for tag in estimator_tags:
            if tags is not None and tag not in tags:
                tags.append(tag)
        return tags

    # -- the latest job -------------------------------------------------------------------

    def best_training_job(self) -> str:
        """The name of the best training job of the latest tuning job.

        Raises:
            ValueError: when no tuning job was started by this tuner.
            JobFailure: when the tuning job has no best training job (yet).
        """
        best = self.describe().get("BestTrainingJob")
        if not best:
            raise JobFailure(
                f"Best training job not available for tuning job: {self._ensure_job().name}; "
                "wait for it to finish with at least one successful training job"
            )
        name: str = best["TrainingJobName"]
        return name

    def describe(self) -> dict[str, Any]:
        """The latest tuning job's ``DescribeHyperParameterTuningJob`` response."""
        return self._ensure_job().describe()

    def wait(self) -> None:
        """Wait for the latest tuning job to end."""
        self._ensure_job().wait()

    def stop_tuning_job(self) -> None:
        """Stop the latest tuning job."""
        self._ensure_job().stop()

    def _ensure_job(self) -> _TuningJob:
        if self.latest_tuning_job is None:
            raise ValueError("No tuning job available: call fit() first")
        return self.latest_tuning_job

    def __repr__(self) -> str:
        return (
            f"HyperparameterTuner(objective_metric_name={self.objective_metric_name!r}, "
            f"strategy={self.strategy!r}, max_jobs={self.max_jobs!r})"
        )


def _name_from_base(base: str, max_length: int) -> str:
    """``base`` plus a short timestamp (``yymmdd-HHMM``), fitted into ``max_length``."""
    stamp = time.strftime("%y%m%d-%H%M", time.localtime(time.time()))
    return f"{base[: max_length - len(stamp) - 1]}-{stamp}"


def _check_arguments(ranges: Any, autotune: bool, keep_static: list[str] | None) -> None:
    if not ranges and not autotune:
        raise ValueError("Need to specify hyperparameter ranges or set autotune=True.")
    if not autotune and keep_static is not None:
        raise ValueError(
            "hyperparameters_to_keep_static parameter is set, however Autotune mode is not "
            "enabled. Either do not set value for hyperparameters_to_keep_static parameter, "
            "or enable Autotune mode by setting autotune=True."
        )
    if keep_static is not None and len(keep_static) != len(set(keep_static)):
        raise ValueError("Please remove duplicate names in hyperparameters_to_keep_static.")


def _check_choice(field: str, value: Any, choices: tuple[str, ...]) -> None:
    if isinstance(value, str) and value not in choices:
        raise ValueError(f"{field} must be one of {', '.join(choices)}, got {value!r}")


def _check_ranges(ranges: Any) -> None:
    for name, parameter in (ranges or {}).items():
        if parameter is not None and not isinstance(parameter, ParameterRange):
            raise TypeError(
                f"hyperparameter range {name!r} must be a ContinuousParameter, "
                f"IntegerParameter or CategoricalParameter, got {parameter!r}"
            )


def _check_keys(label: str, value: Any, names: list[str], exact: bool = False) -> None:
    if value is None or not isinstance(value, dict):
        if exact:
            raise ValueError(f"{label} must be a dict keyed by estimator name ({names})")
        return
    unknown = sorted(set(value) - set(names))
    missing = sorted(set(names) - set(value)) if exact else []
    if unknown or missing:
        raise ValueError(
            f"{label} must be keyed by the estimator names {sorted(names)}; unknown: "
            f"{unknown}, missing: {missing}"
        )


class _TuningJob:
    """A started tuning job.

    Attributes:
        sagemaker_session: The session the job was started through.
        name: The job's name.
    """

    def __init__(self, sagemaker_session: Any, name: str) -> None:
        self.sagemaker_session = sagemaker_session
        self.name = name

    def describe(self) -> dict[str, Any]:
        """The ``DescribeHyperParameterTuningJob`` response."""
        response: dict[str, Any] = self.sagemaker_session.describe_tuning_job(self.name)
        return response

    def wait(self, poll: float = 5) -> dict[str, Any]:
        """Wait for the job to end; raises ``JobFailure`` if it failed."""
        description = self.describe()
        while description["HyperParameterTuningJobStatus"] in ("InProgress", "Stopping"):
            time.sleep(poll)
            description = self.describe()
        if description["HyperParameterTuningJobStatus"] == "Failed":
            reason = description.get("FailureReason", "(no failure reason recorded)")
            raise JobFailure(f"tuning job {self.name!r} failed: {reason}")
        return description

    def stop(self) -> None:
        """Ask the job to stop."""
        self.sagemaker_session.sagemaker_client.stop_hyper_parameter_tuning_job(
            HyperParameterTuningJobName=self.name
        )
