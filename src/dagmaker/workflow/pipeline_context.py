"""Pipeline sessions, and the contract between job classes and pipeline steps.

With a :class:`PipelineSession`, job methods such as ``processor.run()``,
``estimator.fit()``, ``transformer.transform()``, ``tuner.fit()`` and ``model.create()``
do not start a job: they return *step arguments* that a step (``ProcessingStep(step_args=
...)``) turns into its ``Arguments`` when the pipeline definition is compiled.
``LocalPipelineSession`` does the same, and its executions run to the end inside
``pipeline.start()``.

The contract with job classes
-----------------------------

A job method builds its SageMaker Create request body (boto3 shape, e.g. the
``CreateProcessingJob`` request) in a function ``build_request() -> dict`` and ends with::

    return capture_or_run(
        self.sagemaker_session, "process", build_request,
        run_now=lambda request: self.sagemaker_session.sagemaker_client
            .create_processing_job(**request),
    )

* Under a :class:`PipelineSession` (or inside :func:`capturing`) this returns
  ``_JobStepArguments(caller_name, build_request)`` and nothing runs yet; otherwise it
  calls ``run_now(build_request())`` and returns what that returns.
* ``caller_name`` says what produced the arguments; steps check it. The names are the
  SageMaker SDK's: ``"process"`` (processors), ``"train"`` (estimators), ``"transform"``
  (transformers), ``"create_tuning_job"`` (tuners), ``"create_model"`` (``model.create``),
  ``"create_model_package_from_containers"`` (``model.register``), ``"auto_ml"``.
* ``build_request`` is called when the step is compiled, inside a compile context:
  :func:`current_context` then gives the pipeline name, the step name, the session and
  the :class:`~dagmaker.workflow.pipeline_definition_config.PipelineDefinitionConfig`
  (for code-upload paths such as ``s3://<bucket>/<pipeline>/code/<hash>/<file>`` and
  default output locations). It may be called more than once and must return a fresh
  dict each time. When ``step.arguments`` is read outside ``Pipeline.definition()``,
  :func:`current_context` is ``None`` and builders fall back to non-pipeline defaults.
* The request may hold pipeline variables anywhere (parameters, properties, ``Join``);
  they are rendered to expressions by the pipeline. Include the job-name field
  (``ProcessingJobName``, ``TrainingJobName``, ``TransformJobName``,
  ``HyperParameterTuningJobName``, ``ModelName``): the step removes it, or keeps its base
  name when ``use_custom_job_prefix`` is set. Processing, training and transform steps
  reduce ``ExperimentConfig`` to its ``TrialComponentDisplayName``; training steps drop
  the ``sagemaker_job_name`` hyperparameter.
* Legacy step forms call the job method inside ``with capturing():`` (so a plain
  ``Session`` captures too) while the definition is compiled, with these arguments:
  ``processor.run(inputs=, outputs=, arguments=job_arguments, kms_key=[, code=])``,
  ``estimator.fit(inputs)``, ``tuner.fit(inputs)``, ``transformer.transform(data=, ...)``
  with the non-``None`` fields of the ``TransformInput`` (``data_type``, ``content_type``,
  ``compression_type``, ``split_type``, ``input_filter``, ``output_filter``,
  ``join_source``, ``model_client_config``, ``batch_data_capture_config``), and
  ``model.create(instance_type=, accelerator_type=)`` with the non-``None`` fields of the
  ``CreateModelInput``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from dagmaker.session import Session
from dagmaker.workflow.pipeline_definition_config import PipelineDefinitionConfig

PRODUCERS = {
    "process": "processor.run()",
    "train": "estimator.fit()",
    "transform": "transformer.transform()",
    "create_tuning_job": "tuner.fit()",
    "create_model": "model.create()",
    "create_model_package_from_containers": "model.register()",
    "auto_ml": "automl.fit()",
}


@dataclass
class StepCompileContext:
    """What a request builder may need while ``Pipeline.definition()`` runs.

    Attributes:
        pipeline_name: The pipeline being compiled.
        step_name: The step whose arguments are being built.
        sagemaker_session: The pipeline's session.
        pipeline_definition_config: The pipeline's definition options, if any.
    """

    pipeline_name: str
    step_name: str
    sagemaker_session: Session
    pipeline_definition_config: PipelineDefinitionConfig | None


_CONTEXT: ContextVar[StepCompileContext | None] = ContextVar("dagmaker_step_compile", default=None)
_CAPTURING: ContextVar[bool] = ContextVar("dagmaker_capturing", default=False)


def current_context() -> StepCompileContext | None:
    """The compile context of the step being compiled, or ``None`` outside compilation."""
    return _CONTEXT.get()


@contextmanager
def compile_context(context: StepCompileContext) -> Iterator[StepCompileContext]:
    """Make ``context`` current while one step is compiled (used by ``Pipeline.definition``)."""
    token = _CONTEXT.set(context)
    try:
        yield context
    finally:
        _CONTEXT.reset(token)


@contextmanager
def capturing() -> Iterator[None]:
    """Make job methods return step arguments even when their session is a plain ``Session``."""
    token = _CAPTURING.set(True)
    try:
        yield
    finally:
        _CAPTURING.reset(token)


class _JobStepArguments:
    """Step arguments captured from a job method (see the module docstring).

    Attributes:
        caller_name: What produced them: ``"process"``, ``"train"``, …
    """

    def __init__(self, caller_name: str, build_request: Callable[[], dict[str, Any]]) -> None:
        self.caller_name = caller_name
        self._build_request = build_request

    @property
    def request_dict(self) -> dict[str, Any]:
        """The Create* request body; built anew on every access."""
        request = self._build_request()
        if not isinstance(request, dict):
            raise TypeError(
                f"the request builder of {PRODUCERS.get(self.caller_name, self.caller_name)} "
                f"returned {type(request).__name__}, expected a dict"
            )
        return request

    def __repr__(self) -> str:
        return f"_JobStepArguments(caller_name={self.caller_name!r})"


def capture_or_run(
    session: Any,
    caller_name: str,
    build_request: Callable[[], dict[str, Any]],
    run_now: Callable[[dict[str, Any]], Any],
) -> Any:
    """Capture step arguments under a pipeline session, or run the job now otherwise."""
    if isinstance(session, PipelineSession) or _CAPTURING.get():
        return _JobStepArguments(caller_name, build_request)
    return run_now(build_request())


class PipelineSession(Session):
    """A session under which job methods return step arguments instead of starting jobs."""

    def __init__(
        self,
        boto_session: Any = None,
        sagemaker_client: Any = None,
        default_bucket: str | None = None,
        settings: Any = None,
        sagemaker_config: dict[str, Any] | None = None,
        default_bucket_prefix: str | None = None,
        **ignored: Any,
    ) -> None:
        super().__init__(
            boto_session=boto_session,
            sagemaker_client=sagemaker_client,
            default_bucket=default_bucket,
            default_bucket_prefix=default_bucket_prefix,
            **ignored,
        )


class LocalPipelineSession(PipelineSession):
    """A pipeline session whose executions run to the end inside ``pipeline.start()``."""

    local_mode = True

    def __init__(
        self,
        boto_session: Any = None,
        default_bucket: str | None = None,
        s3_endpoint_url: str | None = None,
        disable_local_code: bool = False,
        default_bucket_prefix: str | None = None,
        **ignored: Any,
    ) -> None:
        super().__init__(
            boto_session=boto_session,
            default_bucket=default_bucket,
            default_bucket_prefix=default_bucket_prefix,
            **ignored,
        )

    def _connect_options(self) -> dict[str, Any]:
        return {"inline": True}
