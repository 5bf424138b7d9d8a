"""Run only some steps of a pipeline, reusing the outputs of an earlier execution."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class SelectiveExecutionConfig:
    """``SelectiveExecutionConfig`` of a start request.

    Attributes:
        selected_steps: Names of the steps to run; every step on a path between two
            selected steps must be selected too.
        reference_latest_execution: When no source execution is given, use the latest
            execution of the pipeline.
        source_pipeline_execution_arn: The execution whose outputs the other steps reuse.
    """

    def __init__(
        self,
        selected_steps: Sequence[str],
        reference_latest_execution: bool = True,
        source_pipeline_execution_arn: str | None = None,
    ) -> None:
        if isinstance(selected_steps, str) or not all(isinstance(s, str) for s in selected_steps):
            raise TypeError(f"selected_steps must be a list of step names, got {selected_steps!r}")
        self.selected_steps = list(selected_steps)
        self.reference_latest_execution = reference_latest_execution
        self.source_pipeline_execution_arn = source_pipeline_execution_arn

    def to_request(self) -> dict[str, Any]:
        """``{"SourcePipelineExecutionArn"?, "SelectedSteps": [{"StepName": ...}]}``."""
        request: dict[str, Any] = {}
        if self.source_pipeline_execution_arn is not None:
            request["SourcePipelineExecutionArn"] = self.source_pipeline_execution_arn
        request["SelectedSteps"] = [{"StepName": name} for name in self.selected_steps]
        return request
