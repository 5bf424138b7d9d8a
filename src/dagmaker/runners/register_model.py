"""RegisterModel steps (CreateModelPackage → DescribeModelPackage)."""

from __future__ import annotations

import uuid

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
        request = dict(work.arguments)
        # The step registers once, even when an engine restart runs it again after the
        # package was stored but before the step's success was recorded.
        seed = f"{work.execution.arn}#{work.step.name}#{work.attempt}"
        request.setdefault("ClientToken", str(uuid.uuid5(uuid.NAMESPACE_URL, seed)))
        document = packages.register(self.ctx.registry, request, by=by)
        return StepResult(document, {"RegisterModel": {"Arn": document["ModelPackageArn"]}})
