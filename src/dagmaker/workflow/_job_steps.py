"""Steps that run a SageMaker job: processing, training, transform, tuning, create-model.

Each takes ``step_args`` captured from a job method under a ``PipelineSession`` (see
``dagmaker.workflow.pipeline_context``), or, in the legacy form, the job object and its
inputs; the step then calls the job method itself inside ``capturing()``. Its
``Arguments`` are the job's Create* request without the job-name field. Public names are
re-exported by ``dagmaker.workflow.steps``.
"""

from __future__ import annotations

import re
import warnings
from typing import Any, ClassVar

from dagmaker.definition.step_types import STEP_TYPES
from dagmaker.errors import DefinitionError
from dagmaker.workflow._step_base import (
    ConfigurableRetryStep,
    StepTypeEnum,
    add_cache_config,
    checked_cache_config,
)
from dagmaker.workflow.entities import Join, is_pipeline_variable
from dagmaker.workflow.pipeline_context import (
    PRODUCERS,
    _JobStepArguments,
    capturing,
    current_context,
)
from dagmaker.workflow.properties import Properties, PropertyFile
from dagmaker.workflow.retry import RetryPolicy, SageMakerJobStepRetryPolicy

_TIMESTAMP = re.compile(r"^(.+)-(\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-\d{3}|\d{6}-\d{4})")
_TOP_K_LIMIT = 50


def base_from_name(name: str) -> str:
    """A job name without the timestamp suffix job classes add (``abc-2024-01-02-...``)."""
    match = _TIMESTAMP.match(name)
    return match.group(1) if match else name


class _JobStep(ConfigurableRetryStep):
    """A step whose arguments are a job's Create* request."""

    JOB_NAME_KEY: ClassVar[str] = ""
    CALLER: ClassVar[str] = ""
    JOB_LABEL: ClassVar[str] = ""

    def __init__(
        self,
        name: str,
        step_type: StepTypeEnum,
        step_args: Any,
        job: Any,
        *,
        display_name: str | None,
        description: str | None,
        depends_on: list[Any] | None,
        retry_policies: list[RetryPolicy] | None,
        cache_config: Any = None,
    ) -> None:
        super().__init__(name, step_type, display_name, description, depends_on, retry_policies)
        self._check_exclusive(step_args, job)
        if step_args is not None:
            self._check_step_args(step_args)
        else:
            warnings.warn(
                f"{type(self).__name__}({self.JOB_LABEL}=...) is deprecated; pass "
                f"step_args={PRODUCERS[self.CALLER]} under a PipelineSession instead",
                DeprecationWarning,
                stacklevel=3,
            )
        self.step_args = step_args
        self.cache_config = checked_cache_config(name, cache_config)
        self._properties = Properties(name, shape_name=STEP_TYPES[step_type.value].shape, step=self)

    def _check_exclusive(self, step_args: Any, job: Any) -> None:
        if (step_args is None) == (job is None):
            which = "both were given" if step_args is not None else "neither was given"
            raise ValueError(
                f"{type(self).__name__} {self.name!r} needs either step_args= or "
                f"{self.JOB_LABEL}=, and {which}. step_args come from "
                f"{PRODUCERS[self.CALLER]}, which returns them only when the job's "
                "sagemaker_session is a PipelineSession; with a plain Session it starts "
                "the job instead and returns None."
            )

    def _check_step_args(self, step_args: Any) -> None:
        message = (
            f"The step_args of {type(self).__name__} must be obtained from "
            f"{PRODUCERS[self.CALLER]} under a PipelineSession"
        )
        if not isinstance(step_args, _JobStepArguments):
            raise TypeError(f"{message}; got {type(step_args).__name__}")
        if step_args.caller_name != self.CALLER:
            got = PRODUCERS.get(step_args.caller_name, step_args.caller_name)
            raise ValueError(f"{message}; got the step arguments of {got}")

    @property
    def arguments(self) -> dict[str, Any]:
        """The job's Create* request, without the job-name field."""
        request = dict(self._captured_request())
        _trim_job_name(request, self.JOB_NAME_KEY, self.name)
        self._adjust(request)
        return request

    def _captured_request(self) -> dict[str, Any]:
        if self.step_args is not None:
            request: dict[str, Any] = self.step_args.request_dict
            return request
        with capturing():
            captured = self._legacy_call()
        if not isinstance(captured, _JobStepArguments):
            raise TypeError(
                f"{PRODUCERS[self.CALLER]} returned {captured!r} inside capturing(); job "
                "methods must return capture_or_run(...) (see dagmaker.workflow.pipeline_context)"
            )
        self._check_step_args(captured)
        return captured.request_dict

    def _legacy_call(self) -> Any:
        # Every concrete job step overrides this with its legacy form's job method call.
        raise TypeError(f"{type(self).__name__} {self.name!r} needs step_args=")

    def _adjust(self, request: dict[str, Any]) -> None:
        _trim_experiment_config(request)

    @property
    def properties(self) -> Properties:
        """The job's Describe* response as step properties."""
        return self._properties

    def to_request(self) -> dict[str, Any]:
        """The step request, with ``CacheConfig`` when set."""
        request = super().to_request()
        add_cache_config(request, self.cache_config)
        return request


def _trim_job_name(request: dict[str, Any], key: str, step_name: str) -> None:
    context = current_context()
    config = context.pipeline_definition_config if context else None
    if config is None or not config.use_custom_job_prefix:
        request.pop(key, None)
        return
    value = request.get(key)
    if not value:
        raise DefinitionError(
            f"use_custom_job_prefix is on, so the step's {key} becomes the prefix of the jobs "
            "it starts, but the step arguments have none; give the job a name (for example "
            "base_job_name=...) or turn use_custom_job_prefix off",
            step=step_name,
            field=f"Arguments.{key}",
        )
    if isinstance(value, str):
        request[key] = base_from_name(value)


def _trim_experiment_config(request: dict[str, Any]) -> None:
    config = request.get("ExperimentConfig") or {}
    display_name = config.get("TrialComponentDisplayName") if isinstance(config, dict) else None
    if display_name:
        request["ExperimentConfig"] = {"TrialComponentDisplayName": display_name}
    else:
        request.pop("ExperimentConfig", None)


def _given(**kwargs: Any) -> dict[str, Any]:
    return {key: value for key, value in kwargs.items() if value is not None}


class ProcessingStep(_JobStep):
    """Run a processing job (``CreateProcessingJob``).

    Attributes:
        property_files: JSON files the job writes that ``JsonGet`` can read.
    """

    JOB_NAME_KEY = "ProcessingJobName"
    CALLER = "process"
    JOB_LABEL = "processor"

    def __init__(
        self,
        name: str,
        step_args: _JobStepArguments | None = None,
        processor: Any = None,
        display_name: str | None = None,
        description: str | None = None,
        inputs: list[Any] | None = None,
        outputs: list[Any] | None = None,
        job_arguments: list[str] | None = None,
        code: str | None = None,
        property_files: list[PropertyFile] | None = None,
        cache_config: Any = None,
        depends_on: list[Any] | None = None,
        retry_policies: list[RetryPolicy] | None = None,
        kms_key: str | None = None,
    ) -> None:
        if code is not None and is_pipeline_variable(code):
            raise ValueError(
                f"ProcessingStep {name!r}: code must be an S3 URI or a local file path, "
                "not a pipeline variable: it is uploaded when the definition is built"
            )
        super().__init__(
            name,
            StepTypeEnum.PROCESSING,
            step_args,
            processor,
            display_name=display_name,
            description=description,
            depends_on=depends_on,
            retry_policies=retry_policies,
            cache_config=cache_config,
        )
        self.processor = processor
        self.inputs = inputs
        self.outputs = outputs
        self.job_arguments = job_arguments
        self.code = code
        self.kms_key = kms_key
        self.property_files = _checked_property_files(name, property_files)

    def _legacy_call(self) -> Any:
        kwargs = _given(code=self.code)
        return self.processor.run(
            inputs=self.inputs,
            outputs=self.outputs,
            arguments=self.job_arguments,
            kms_key=self.kms_key,
            **kwargs,
        )

    def to_request(self) -> dict[str, Any]:
        """The step request, with ``PropertyFiles`` when declared."""
        request = super().to_request()
        if self.property_files:
            request["PropertyFiles"] = [file.expr for file in self.property_files]
        return request


def _checked_property_files(step_name: str, given: Any) -> list[PropertyFile]:
    files: list[PropertyFile] = list(given or [])
    for file in files:
        if not isinstance(file, PropertyFile):
            raise TypeError(
                f"ProcessingStep {step_name!r}: property_files must be PropertyFile objects, "
                f"got {file!r}"
            )
    names = [file.name for file in files]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ValueError(
            f"ProcessingStep {step_name!r} declares property file {repeated[0]!r} twice; "
            "property file names must be unique within a step"
        )
    return files


class TrainingStep(_JobStep):
    """Run a training job (``CreateTrainingJob``)."""

    JOB_NAME_KEY = "TrainingJobName"
    CALLER = "train"
    JOB_LABEL = "estimator"

    def __init__(
        self,
        name: str,
        step_args: _JobStepArguments | None = None,
        estimator: Any = None,
        display_name: str | None = None,
        description: str | None = None,
        inputs: Any = None,
        cache_config: Any = None,
        depends_on: list[Any] | None = None,
        retry_policies: list[RetryPolicy] | None = None,
    ) -> None:
        super().__init__(
            name,
            StepTypeEnum.TRAINING,
            step_args,
            estimator,
            display_name=display_name,
            description=description,
            depends_on=depends_on,
            retry_policies=retry_policies,
            cache_config=cache_config,
        )
        self.estimator = estimator
        self.inputs = inputs

    def _legacy_call(self) -> Any:
        return self.estimator.fit(self.inputs)

    def _adjust(self, request: dict[str, Any]) -> None:
        # The job name the estimator puts in its hyperparameters changes on every build
        # and would defeat step caching; the pipeline names jobs itself.
        hyperparameters = request.get("HyperParameters")
        if isinstance(hyperparameters, dict) and "sagemaker_job_name" in hyperparameters:
            request["HyperParameters"] = {
                k: v for k, v in hyperparameters.items() if k != "sagemaker_job_name"
            }
        _trim_experiment_config(request)


class TransformStep(_JobStep):
    """Run a batch transform job (``CreateTransformJob``)."""

    JOB_NAME_KEY = "TransformJobName"
    CALLER = "transform"
    JOB_LABEL = "transformer"
    _INPUT_FIELDS = (
        "data",
        "data_type",
        "content_type",
        "compression_type",
        "split_type",
        "input_filter",
        "output_filter",
        "join_source",
        "model_client_config",
        "batch_data_capture_config",
    )

    def __init__(
        self,
        name: str,
        step_args: _JobStepArguments | None = None,
        transformer: Any = None,
        inputs: Any = None,
        display_name: str | None = None,
        description: str | None = None,
        cache_config: Any = None,
        depends_on: list[Any] | None = None,
        retry_policies: list[RetryPolicy] | None = None,
    ) -> None:
        if transformer is not None and step_args is None and inputs is None:
            raise ValueError(
                f"TransformStep {name!r}: inputs= (a TransformInput) is required with transformer="
            )
        super().__init__(
            name,
            StepTypeEnum.TRANSFORM,
            step_args,
            transformer,
            display_name=display_name,
            description=description,
            depends_on=depends_on,
            retry_policies=retry_policies,
            cache_config=cache_config,
        )
        self.transformer = transformer
        self.inputs = inputs

    def _legacy_call(self) -> Any:
        fields = {f: getattr(self.inputs, f, None) for f in self._INPUT_FIELDS}
        return self.transformer.transform(**_given(**fields))


class TuningStep(_JobStep):
    """Run a hyperparameter tuning job (``CreateHyperParameterTuningJob``)."""

    JOB_NAME_KEY = "HyperParameterTuningJobName"
    CALLER = "create_tuning_job"
    JOB_LABEL = "tuner"

    def __init__(
        self,
        name: str,
        step_args: _JobStepArguments | None = None,
        tuner: Any = None,
        display_name: str | None = None,
        description: str | None = None,
        inputs: Any = None,
        job_arguments: list[str] | None = None,
        cache_config: Any = None,
        depends_on: list[Any] | None = None,
        retry_policies: list[RetryPolicy] | None = None,
    ) -> None:
        super().__init__(
            name,
            StepTypeEnum.TUNING,
            step_args,
            tuner,
            display_name=display_name,
            description=description,
            depends_on=depends_on,
            retry_policies=retry_policies,
            cache_config=cache_config,
        )
        self.tuner = tuner
        self.inputs = inputs
        self.job_arguments = job_arguments

    def _legacy_call(self) -> Any:
        return self.tuner.fit(self.inputs)

    def _adjust(self, request: dict[str, Any]) -> None:
        # Tuning requests keep their ExperimentConfig, as SageMaker's SDK does.
        return

    def get_top_model_s3_uri(self, top_k: int, s3_bucket: str, prefix: str = "") -> Join:
        """The model artifact URI of the ``top_k``-th best training job (0 is the best).

        Args:
            top_k: Rank of the training job, 0–49.
            s3_bucket: The bucket the training jobs wrote their output to.
            prefix: The key prefix of their output, if any.
        """
        if isinstance(top_k, bool) or not isinstance(top_k, int) or not 0 <= top_k < _TOP_K_LIMIT:
            raise ValueError(
                f"top_k must be an integer from 0 (best) to {_TOP_K_LIMIT - 1}, got {top_k!r}"
            )
        values: list[Any] = ["s3:/", s3_bucket]
        if prefix:
            values.append(prefix)
        summary = self.properties.TrainingJobSummaries[top_k]
        return Join(on="/", values=[*values, summary.TrainingJobName, "output/model.tar.gz"])


class CreateModelStep(_JobStep):
    """Create a SageMaker model (``CreateModel``).

    ``step_args`` come from ``model.create()`` under a pipeline session, or are a
    ``CreateModel`` request dict.
    """

    JOB_NAME_KEY = "ModelName"
    CALLER = "create_model"
    JOB_LABEL = "model"

    def __init__(
        self,
        name: str,
        step_args: _JobStepArguments | dict[str, Any] | None = None,
        model: Any = None,
        inputs: Any = None,
        depends_on: list[Any] | None = None,
        retry_policies: list[RetryPolicy] | None = None,
        display_name: str | None = None,
        description: str | None = None,
    ) -> None:
        for policy in retry_policies or []:
            if isinstance(policy, SageMakerJobStepRetryPolicy):
                raise ValueError(
                    f"CreateModelStep {name!r}: SageMakerJobStepRetryPolicy is not allowed for "
                    "a create-model step (it starts no job); use StepRetryPolicy"
                )
        super().__init__(
            name,
            StepTypeEnum.CREATE_MODEL,
            step_args,
            model,
            display_name=display_name,
            description=description,
            depends_on=depends_on,
            retry_policies=retry_policies,
        )
        self.model = model
        self.inputs = inputs

    def _check_step_args(self, step_args: Any) -> None:
        if not isinstance(step_args, dict):
            super()._check_step_args(step_args)

    def _captured_request(self) -> dict[str, Any]:
        if isinstance(self.step_args, dict):
            return self.step_args
        return super()._captured_request()

    def _legacy_call(self) -> Any:
        kwargs = _given(
            instance_type=getattr(self.inputs, "instance_type", None),
            accelerator_type=getattr(self.inputs, "accelerator_type", None),
        )
        return self.model.create(**kwargs)

    def _adjust(self, request: dict[str, Any]) -> None:
        return
