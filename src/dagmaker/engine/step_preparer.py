"""Turn a step of the definition into the resolved work a runner gets.

Starting a step and resuming one after a crash prepare it the same way, here: every
expression in ``Arguments`` and in the step's other keys is resolved against the
execution's parameters, variables and the properties of finished steps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dagmaker.definition import step_types
from dagmaker.definition.model import PipelineDefinition, StepDef
from dagmaker.engine import cache as caching
from dagmaker.engine.ports import Clock, ExecutionInfo
from dagmaker.engine.resolver import ResolutionContext, resolve

JSON = Any
# Execution variables that name the step's own job, by step type.
_JOB_NAME_VARIABLES = {"Training": "TrainingJobName", "Processing": "ProcessingJobName"}


@dataclass(frozen=True)
class PreparedStep:
    """A step with every expression resolved.

    Attributes:
        arguments: The resolved ``Arguments``.
        extra: The step's other top-level keys (``FunctionArn``, ``OutputParameters``,
            ``SkipCheck``, …), resolved.
        cache_payload: What the step's cache key is computed from.
    """

    arguments: JSON
    extra: dict[str, JSON]
    cache_payload: JSON


class StepPreparer:
    """Resolves steps of one execution.

    Args:
        definition: The execution's definition.
        info: The execution.
        parameters: Its typed parameter values.
        properties: Step name → properties of finished steps (kept current by the loop).
        read_json: Reads the JSON object at an ``s3://`` URI (JsonGet).
        clock: Time source (``CurrentDateTime``).
    """

    def __init__(
        self,
        definition: PipelineDefinition,
        info: ExecutionInfo,
        parameters: dict[str, JSON],
        properties: dict[str, dict[str, JSON]],
        read_json: Callable[[str], JSON],
        clock: Clock,
    ) -> None:
        self.definition = definition
        self.info = info
        self.parameters = parameters
        self.properties = properties
        self.read_json = read_json
        self.clock = clock
        self._experiment: dict[str, JSON] | None = None

    def prepare(self, step: StepDef, job_name: str) -> PreparedStep:
        """Resolve the step for an attempt whose job is called ``job_name``.

        Raises:
            DagmakerError: a reference that cannot be resolved, naming step and path.
        """
        ctx = self.context(step, job_name)
        arguments = _resolve_arguments(step, ctx)
        extra = {k: resolve(v, ctx, k) for k, v in step.raw.items() if k not in step_types.ENVELOPE}
        return PreparedStep(arguments, extra, caching.cache_payload(step.type, arguments, extra))

    def context(self, step: StepDef, job_name: str) -> ResolutionContext:
        """What expressions in ``step`` can refer to."""
        variables: dict[str, JSON] = {
            "PipelineName": self.info.pipeline_name,
            "PipelineArn": self.info.pipeline_arn,
            "PipelineExecutionId": self.info.execution_id,
            "PipelineExecutionArn": self.info.arn,
            "StartDateTime": timestamp(self.info.started_at),
            "CurrentDateTime": lambda: timestamp(self.clock.now()),
        }
        own_job = _JOB_NAME_VARIABLES.get(step.type)
        if job_name and own_job:
            variables[own_job] = job_name
        return ResolutionContext(
            definition=self.definition,
            parameters=self.parameters,
            variables=variables,
            step_properties=self.properties,
            read_json=self.read_json,
            experiment=self.experiment(),
            step=step.name,
        )

    def experiment(self) -> dict[str, JSON]:
        """The resolved ``PipelineExperimentConfig`` (computed once)."""
        if self._experiment is None:
            self._experiment = self._resolve_experiment()
        return self._experiment

    def _resolve_experiment(self) -> dict[str, JSON]:
        config = self.definition.experiment_config
        if not isinstance(config, dict):
            return {}
        base = ResolutionContext(
            definition=self.definition,
            parameters=self.parameters,
            variables={
                "PipelineName": self.info.pipeline_name,
                "PipelineExecutionId": self.info.execution_id,
            },
            step_properties={},
            read_json=self.read_json,
        )
        return {k: resolve(v, base, f"PipelineExperimentConfig.{k}") for k, v in config.items()}


def _resolve_arguments(step: StepDef, ctx: ResolutionContext) -> JSON:
    info = step_types.STEP_TYPES.get(step.type)
    deferred = info.deferred if info else ()
    if not deferred or not isinstance(step.arguments, dict):
        return resolve(step.arguments, ctx, "Arguments")
    return {
        key: value if key in deferred else resolve(value, ctx, f"Arguments.{key}")
        for key, value in step.arguments.items()
    }


def timestamp(moment: datetime) -> str:
    """``2024-01-02T03:04:05.678Z``, the form SageMaker's date-time variables take."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
