"""The life of a QualityCheck or ClarifyCheck step: settings, baseline, job, check, result.

A check step is one real processing job (describable, logged, stoppable like any other)
built from the step's ``Arguments``. Around it the runner decides with
:mod:`~dagmaker.runners.check_plan` which baseline the check compares with, hands the
job what it needs, reads the job's results, and reports them as SageMaker does: step
properties (the baseline files' URIs) and ``Metadata.<QualityCheck|ClarifyCheck>``.
"""

from __future__ import annotations

import dataclasses
import json
from abc import ABC, abstractmethod
from typing import Any, ClassVar

from dagmaker.engine.ports import StepResult, StepWork
from dagmaker.errors import JobFailure
from dagmaker.registry import packages
from dagmaker.runners.check_plan import (
    Baseline,
    CheckPlan,
    plan,
    previous_baseline,
    registry_baseline,
)
from dagmaker.runners.check_settings import CheckSettings, read_settings
from dagmaker.runners.context import RunnerContext
from dagmaker.runners.describe import job_arn
from dagmaker.runners.processing import ProcessingRunner

JSON = Any


class CheckStepRunner(ABC):
    """Runs one check step; subclasses say what the job needs and how to check its result.

    Class attributes:
        STEP_TYPE: ``QualityCheck`` or ``ClarifyCheck`` (also the metadata key).
        OUTPUT_NAME: The processing output holding the results.
        FAILURE: The failure reason of a check that found violations.
    """

    STEP_TYPE: ClassVar[str]
    OUTPUT_NAME: ClassVar[str]
    FAILURE: ClassVar[str]

    def __init__(self, context: RunnerContext) -> None:
        self.ctx = context

    def run(self, work: StepWork) -> StepResult:
        """Run the check job and the drift check; fail on violations when asked to."""
        settings = read_settings(work.extra, self.STEP_TYPE)
        previous = previous_baseline(settings, self._registry_baseline(settings))
        decided = plan(settings, previous)
        request = self.prepare(dict(work.arguments), settings, decided, work)
        report = _Report(self.STEP_TYPE, settings)
        try:
            job = ProcessingRunner(self.ctx).run(dataclasses.replace(work, arguments=request))
        except JobFailure as exc:
            exc.metadata = {**exc.metadata, **report.metadata(job_arn=_job_arn(work))}
            raise
        output = self._output_uri(request)
        calculated = self.calculated(output)
        violations = self.check(decided, output, calculated) if decided.run_check else None
        report.fill(decided, calculated, violations, job.properties.get("ProcessingJobArn"))
        if violations and settings.fail_on_violation:
            raise JobFailure(
                f"ClientError: {self.FAILURE}. See violation report at {violations}",
                metadata=report.metadata(),
            )
        return StepResult(report.properties(), report.metadata())

    # -- what subclasses provide -----------------------------------------------------------

    @abstractmethod
    def prepare(
        self, request: dict[str, JSON], settings: CheckSettings, decided: CheckPlan, work: StepWork
    ) -> dict[str, JSON]:
        """The job's CreateProcessingJob request: the step's, plus what the check needs."""

    @abstractmethod
    def calculated(self, output: str) -> Baseline:
        """The baseline files the job computed, under its output ``output``."""

    def check(self, decided: CheckPlan, output: str, calculated: Baseline) -> str | None:
        """The job's ``constraint_violations.json`` when it lists violations, else ``None``.

        Both analysis programs write the report next to their results when they are
        given a baseline to check against.
        """
        uri = self.result_file(output, "constraint_violations.json")
        report = self.read_json(uri)
        violations = report.get("violations") if isinstance(report, dict) else None
        return uri if violations else None

    # -- shared ----------------------------------------------------------------------------

    def _registry_baseline(self, settings: CheckSettings) -> Baseline | None:
        group = settings.model_package_group_name
        if not group or self.ctx.registry is None:
            return None
        return registry_baseline(
            settings.check_type, packages.latest_approved(self.ctx.registry, group)
        )

    def _output_uri(self, request: dict[str, JSON]) -> str:
        outputs = (request.get("ProcessingOutputConfig") or {}).get("Outputs") or []
        named = [o for o in outputs if o.get("OutputName") == self.OUTPUT_NAME] or outputs
        uri = ((named[0].get("S3Output") or {}).get("S3Uri")) if named else None
        if not isinstance(uri, str):
            raise JobFailure(
                f"ClientError: a {self.STEP_TYPE} step needs an S3 output for its results "
                f"(ProcessingOutputConfig.Outputs, {self.OUTPUT_NAME!r})",
                field="Arguments.ProcessingOutputConfig",
            )
        return uri.rstrip("/")

    def result_file(self, output: str, name: str) -> str:
        """The URI of a file the job must have written.

        Raises:
            JobFailure: naming the missing file.
        """
        uri = f"{output}/{name}"
        if not self.ctx.artifacts.exists(uri):
            raise JobFailure(
                f"AlgorithmError: the {self.STEP_TYPE} job completed without writing {name} "
                f"to its output {output}; see the job's log",
                value=uri,
            )
        return uri

    def read_json(self, uri: str) -> Any:
        """Parse the JSON file at ``uri``.

        Raises:
            JobFailure: when it is not JSON.
        """
        try:
            return json.loads(self.ctx.artifacts.read_bytes(uri))
        except ValueError as exc:
            raise JobFailure(f"ClientError: {uri} is not a JSON file: {exc}", value=uri) from None


class _Report:
    """The step's properties and list-steps metadata, filled in as the run goes."""

    def __init__(self, step_type: str, settings: CheckSettings) -> None:
        self.step_type = step_type
        self.settings = settings
        self.values: dict[str, JSON] = {}

    def fill(
        self,
        decided: CheckPlan,
        calculated: Baseline,
        violations: str | None,
        job_arn: str | None,
    ) -> None:
        used = decided.used(calculated) or Baseline(None, None)
        self.values = {
            "CalculatedBaselineStatistics": calculated.statistics,
            "CalculatedBaselineConstraints": calculated.constraints,
            "BaselineUsedForDriftCheckStatistics": used.statistics,
            "BaselineUsedForDriftCheckConstraints": used.constraints,
            "ViolationReport": violations,
            "CheckJobArn": job_arn,
        }
        if self.step_type == "ClarifyCheck":
            for key in ("CalculatedBaselineStatistics", "BaselineUsedForDriftCheckStatistics"):
                self.values.pop(key)

    def properties(self) -> dict[str, JSON]:
        names = [k for k in self.values if k.startswith(("Calculated", "BaselineUsed"))]
        return {k: self.values[k] for k in names if self.values[k] is not None}

    def metadata(self, job_arn: str | None = None) -> dict[str, JSON]:
        settings = self.settings
        body: dict[str, JSON] = {"CheckType": settings.check_type}
        body.update({k: v for k, v in self.values.items() if v is not None})
        if job_arn and "CheckJobArn" not in body:
            body["CheckJobArn"] = job_arn
        if settings.model_package_group_name:
            body["ModelPackageGroupName"] = settings.model_package_group_name
        body["SkipCheck"] = settings.skip_check
        body["RegisterNewBaseline"] = settings.register_new_baseline
        return {self.step_type: body}


def _job_arn(work: StepWork) -> str:
    return job_arn("processing-job", work.job_name)
