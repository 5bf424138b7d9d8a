"""``Pipeline``: parameters and steps, compiled to a definition and sent to the API.

``definition()`` writes the SageMaker definition JSON (Version 2020-12-01). ``create``,
``update``, ``upsert``, ``describe``, ``delete``, ``start`` and ``list_executions`` call
the session's client with boto3's parameter names, so the local dagmaker API and
SageMaker's own client are interchangeable.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dagmaker.definition import codec
from dagmaker.errors import Conflict, DagmakerError, DefinitionError, NotFound
from dagmaker.session import Session
from dagmaker.workflow._execution import _PipelineExecution
from dagmaker.workflow._serialize import NotSerializable, to_json
from dagmaker.workflow._steps_compiler import StepsCompiler
from dagmaker.workflow.execution_variables import ExecutionVariables
from dagmaker.workflow.parallelism_config import ParallelismConfiguration
from dagmaker.workflow.parameters import Parameter
from dagmaker.workflow.pipeline_definition_config import PipelineDefinitionConfig
from dagmaker.workflow.pipeline_experiment_config import PipelineExperimentConfig
from dagmaker.workflow.selective_execution_config import SelectiveExecutionConfig

__all__ = ["Pipeline", "_PipelineExecution", "format_start_parameters"]

# Identity matters: only this default object is replaced by the default experiment config.
_DEFAULT_EXPERIMENT_CFG = PipelineExperimentConfig(
    ExecutionVariables.PIPELINE_NAME, ExecutionVariables.PIPELINE_EXECUTION_ID
)
_DEFAULT_DEFINITION_CFG = PipelineDefinitionConfig(use_custom_job_prefix=False)


class Pipeline:
    """A pipeline: named, parameterised steps.

    Attributes:
        name: The pipeline's name.
        parameters: The declared parameters.
        pipeline_experiment_config: Experiment and trial names, or ``None`` for none.
            By default the pipeline name and the execution id.
        steps: The top-level steps (not those inside ConditionStep branches).
        sagemaker_session: The session whose client receives the requests.
        pipeline_definition_config: Definition options (custom job-name prefixes).
    """

    def __init__(
        self,
        name: str = "",
        parameters: Sequence[Parameter] | None = None,
        pipeline_experiment_config: PipelineExperimentConfig | None = _DEFAULT_EXPERIMENT_CFG,
        steps: Sequence[Any] | None = None,
        sagemaker_session: Session | None = None,
        pipeline_definition_config: PipelineDefinitionConfig | None = _DEFAULT_DEFINITION_CFG,
    ) -> None:
        self.name = name
        self.parameters = list(parameters or [])
        self.pipeline_experiment_config = pipeline_experiment_config
        self.steps = list(steps or [])
        self.sagemaker_session = sagemaker_session if sagemaker_session else Session()
        self.pipeline_definition_config = pipeline_definition_config
        self._version = codec.VERSION
        self._metadata: dict[str, Any] = {}

    # -- definition ------------------------------------------------------------------

    def definition(self) -> str:
        """The pipeline definition JSON.

        Raises:
            DefinitionError: for duplicate step or parameter names, ``depends_on`` names
                that are not steps, invalid ``JsonGet`` property-file reads, or values
                that cannot be written as JSON; the error names the step and field.
        """
        steps = StepsCompiler(
            self.name, self.sagemaker_session, self.steps, self.pipeline_definition_config
        ).build()
        document = {
            "Version": self._version,
            "Metadata": self._metadata,
            "Parameters": self._parameter_requests(),
            "PipelineExperimentConfig": self._experiment_request(),
            "Steps": steps,
        }
        return codec.dumps(document)

    def _parameter_requests(self) -> list[dict[str, Any]]:
        seen: set[str] = set()
        requests = []
        for parameter in self.parameters:
            if not isinstance(parameter, Parameter):
                raise DefinitionError(
                    f"{parameter!r} is not a pipeline parameter (ParameterString, ...)",
                    pipeline=self.name,
                    field="Parameters",
                )
            if parameter.name in seen:
                raise DefinitionError(
                    f"parameter {parameter.name!r} is declared twice; parameter names must "
                    "be unique",
                    pipeline=self.name,
                    field=f"Parameters.{parameter.name}",
                )
            seen.add(parameter.name)
            requests.append(parameter.to_request())
        return requests

    def _experiment_request(self) -> dict[str, Any] | None:
        config = self.pipeline_experiment_config
        if config is None:
            return None
        try:
            result: dict[str, Any] = to_json(config.to_request(), "PipelineExperimentConfig")
        except NotSerializable as exc:
            raise DefinitionError(str(exc), pipeline=self.name, field=exc.path) from None
        return result

    # -- pipeline resource -----------------------------------------------------------

    @property
    def _client(self) -> Any:
        return self.sagemaker_session.sagemaker_client

    def create(
        self,
        role_arn: str | None = None,
        description: str | None = None,
        tags: Any = None,
        parallelism_config: ParallelismConfiguration | dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """``CreatePipeline`` with this definition; ``role_arn`` is optional locally."""
        kwargs = self._pipeline_request(role_arn, description, parallelism_config)
        _put(kwargs, Tags=format_tags(tags))
        response: dict[str, Any] = self._client.create_pipeline(**kwargs)
        return response

    def update(
        self,
        role_arn: str | None = None,
        description: str | None = None,
        parallelism_config: ParallelismConfiguration | dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """``UpdatePipeline`` with this definition."""
        kwargs = self._pipeline_request(role_arn, description, parallelism_config)
        response: dict[str, Any] = self._client.update_pipeline(**kwargs)
        return response

    def upsert(
        self,
        role_arn: str | None = None,
        description: str | None = None,
        tags: Any = None,
        parallelism_config: ParallelismConfiguration | dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Create the pipeline, or update it when it already exists."""
        try:
            return self.create(role_arn, description, tags, parallelism_config)
        except Exception as exc:
            if not _already_exists(exc):
                raise
        response = self.update(role_arn, description, parallelism_config)
        tag_list = format_tags(tags)
        if tag_list and hasattr(self._client, "add_tags") and "PipelineArn" in response:
            self._client.add_tags(ResourceArn=response["PipelineArn"], Tags=tag_list)
        return response

    def _pipeline_request(
        self, role_arn: str | None, description: str | None, parallelism_config: Any
    ) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "PipelineName": self.name,
            "PipelineDefinition": self.definition(),
        }
        _put(
            kwargs,
            RoleArn=role_arn,
            PipelineDescription=description,
            ParallelismConfiguration=_parallelism(parallelism_config),
        )
        return kwargs

    def describe(self, pipeline_version_id: int | None = None) -> dict[str, Any]:
        """``DescribePipeline``."""
        kwargs: dict[str, Any] = {"PipelineName": self.name}
        _put(kwargs, PipelineVersionId=pipeline_version_id)
        response: dict[str, Any] = self._client.describe_pipeline(**kwargs)
        return response

    def delete(self) -> dict[str, Any]:
        """``DeletePipeline``."""
        response: dict[str, Any] = self._client.delete_pipeline(PipelineName=self.name)
        return response

    # -- executions ------------------------------------------------------------------

    def start(
        self,
        parameters: dict[str, Any] | None = None,
        execution_display_name: str | None = None,
        execution_description: str | None = None,
        parallelism_config: ParallelismConfiguration | dict[str, Any] | None = None,
        selective_execution_config: SelectiveExecutionConfig | None = None,
        pipeline_version_id: int | None = None,
    ) -> _PipelineExecution:
        """``StartPipelineExecution``; parameter values are sent as strings.

        With a ``LocalPipelineSession`` the execution has ended when this returns.
        """
        kwargs: dict[str, Any] = {"PipelineName": self.name}
        _put(
            kwargs,
            PipelineParameters=format_start_parameters(parameters),
            PipelineExecutionDisplayName=execution_display_name,
            PipelineExecutionDescription=execution_description,
            ParallelismConfiguration=_parallelism(parallelism_config),
            SelectiveExecutionConfig=self._selective(selective_execution_config),
            PipelineVersionId=pipeline_version_id,
        )
        response = self._client.start_pipeline_execution(**kwargs)
        return _PipelineExecution(response["PipelineExecutionArn"], self.sagemaker_session)

    def _selective(self, config: SelectiveExecutionConfig | None) -> dict[str, Any] | None:
        if config is None:
            return None
        if config.source_pipeline_execution_arn is None and config.reference_latest_execution:
            config.source_pipeline_execution_arn = self._latest_execution_arn()
        return config.to_request()

    def list_executions(
        self,
        sort_by: str | None = None,
        sort_order: str | None = None,
        max_results: int | None = None,
        next_token: str | None = None,
    ) -> dict[str, Any]:
        """``ListPipelineExecutions``: ``PipelineExecutionSummaries`` and ``NextToken``."""
        kwargs: dict[str, Any] = {"PipelineName": self.name}
        _put(
            kwargs,
            SortBy=sort_by,
            SortOrder=sort_order,
            MaxResults=max_results,
            NextToken=next_token,
        )
        response = self._client.list_pipeline_executions(**kwargs)
        return {
            k: response[k] for k in ("PipelineExecutionSummaries", "NextToken") if k in response
        }

    def list_steps(self) -> dict[str, Any]:
        """The ``ListPipelineExecutionSteps`` response of the latest execution.

        Raises:
            NotFound: when the pipeline has no execution yet.
        """
        arn = self._latest_execution_arn()
        if arn is None:
            raise NotFound(
                f"pipeline {self.name!r} has no executions yet; call pipeline.start() first",
                pipeline=self.name,
            )
        response: dict[str, Any] = self._client.list_pipeline_execution_steps(
            PipelineExecutionArn=arn
        )
        return response

    def _latest_execution_arn(self) -> str | None:
        summaries = self.list_executions(
            sort_by="CreationTime", sort_order="Descending", max_results=1
        ).get("PipelineExecutionSummaries", [])
        return summaries[0]["PipelineExecutionArn"] if summaries else None


def format_start_parameters(parameters: dict[str, Any] | None) -> list[dict[str, str]] | None:
    """``[{"Name": ..., "Value": str(value)}]``; booleans become ``"True"``/``"False"``."""
    if parameters is None:
        return None
    return [{"Name": name, "Value": str(value)} for name, value in parameters.items()]


def format_tags(tags: Any) -> list[dict[str, str]] | None:
    """Tags as ``[{"Key": ..., "Value": ...}]`` (a dict is accepted too)."""
    if tags is None:
        return None
    if isinstance(tags, dict):
        return [{"Key": key, "Value": value} for key, value in tags.items()]
    return list(tags)


def _parallelism(config: ParallelismConfiguration | dict[str, Any] | None) -> Any:
    if isinstance(config, ParallelismConfiguration):
        return config.to_request()
    return config


def _put(kwargs: dict[str, Any], **values: Any) -> None:
    kwargs.update({key: value for key, value in values.items() if value is not None})


def _already_exists(exc: Exception) -> bool:
    if isinstance(exc, Conflict):
        return True
    if isinstance(exc, DagmakerError):
        return "already exists" in exc.message
    error = getattr(exc, "response", {}).get("Error", {})
    return error.get("Code") == "ValidationException" and "already exists" in error.get(
        "Message", ""
    )
