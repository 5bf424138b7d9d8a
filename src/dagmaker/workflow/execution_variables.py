"""Execution variables: facts about the running execution, e.g. its id or start time."""

from __future__ import annotations

from typing import Any

from dagmaker.definition.expressions import EXECUTION_VARIABLES
from dagmaker.workflow.entities import PipelineVariable


class ExecutionVariable(PipelineVariable):
    """One execution variable: ``{"Get": "Execution.<name>"}``.

    Attributes:
        name: One of the names the definition format knows (``PipelineExecutionId``, …).
    """

    def __init__(self, name: str) -> None:
        if name not in EXECUTION_VARIABLES:
            raise ValueError(
                f"unknown execution variable {name!r}; known: {', '.join(EXECUTION_VARIABLES)}"
            )
        self.name = name

    def to_string(self) -> ExecutionVariable:
        """Execution variables are strings at run time already."""
        return self

    @property
    def expr(self) -> dict[str, str]:
        """``{"Get": "Execution.<name>"}``."""
        return {"Get": f"Execution.{self.name}"}

    @property
    def _referenced_steps(self) -> list[Any]:
        return []

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ExecutionVariable):
            return NotImplemented
        return self.name == other.name

    def __hash__(self) -> int:
        return hash(("Execution", self.name))

    def __repr__(self) -> str:
        return f"ExecutionVariable({self.name!r})"


class ExecutionVariables:
    """All execution variables.

    Attributes:
        START_DATETIME: When the execution started.
        CURRENT_DATETIME: When the variable is evaluated.
        PIPELINE_NAME: The pipeline's name.
        PIPELINE_ARN: The pipeline's ARN.
        PIPELINE_EXECUTION_ID: The execution's id.
        PIPELINE_EXECUTION_ARN: The execution's ARN.
        TRAINING_JOB_NAME: The training job launched by the step that evaluates it.
        PROCESSING_JOB_NAME: The processing job launched by the step that evaluates it.
    """

    START_DATETIME = ExecutionVariable("StartDateTime")
    CURRENT_DATETIME = ExecutionVariable("CurrentDateTime")
    PIPELINE_NAME = ExecutionVariable("PipelineName")
    PIPELINE_ARN = ExecutionVariable("PipelineArn")
    PIPELINE_EXECUTION_ID = ExecutionVariable("PipelineExecutionId")
    PIPELINE_EXECUTION_ARN = ExecutionVariable("PipelineExecutionArn")
    TRAINING_JOB_NAME = ExecutionVariable("TrainingJobName")
    PROCESSING_JOB_NAME = ExecutionVariable("ProcessingJobName")
