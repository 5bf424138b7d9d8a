"""Shared values and helpers of the SDK job-class tests."""

from __future__ import annotations

from typing import Any

from dagmaker.workflow._serialize import to_json
from dagmaker.workflow.pipeline_context import StepCompileContext, compile_context

ROLE = "arn:aws:iam::111122223333:role/SageMakerRole"
BUCKET = "test-bucket"


def compile_request(step_args: Any, session: Any, pipeline: str = "P", step: str = "S") -> Any:
    """The step arguments' request as Pipeline.definition() would build it, as JSON."""
    context = StepCompileContext(pipeline, step, session, None)
    with compile_context(context):
        return to_json(step_args.request_dict)
