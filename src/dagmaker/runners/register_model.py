"""RegisterModel steps (CreateModelPackage → DescribeModelPackage)."""

from __future__ import annotations

from dagmaker.engine.ports import StepResult, StepWork
from dagmaker.errors import InvalidRequest
from dagmaker.registry import packages
from dagmaker.runners.context import RunnerContext


class RegisterModelRunner:
    """Adds a version to a model package group."""

    def __init__(self, context: RunnerContext) -> None:
        self.ctx = context

    def run(self, work: StepWork) -> StepResult:
        """Register the package; its properties are the DescribeModelPackage document."""
        if self.ctx.registry is None:
            raise InvalidRequest("this dagmaker has no model registry configured")
        by = f"pipeline {work.execution.pipeline_name}" if work.execution.pipeline_name else ""
        document = packages.register(self.ctx.registry, dict(work.arguments), by=by)
        return StepResult(document, {"RegisterModel": {"Arn": document["ModelPackageArn"]}})
