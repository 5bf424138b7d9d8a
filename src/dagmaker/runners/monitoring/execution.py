"""One run of a monitoring schedule: a processing job over the window's captured data.

The unit runner of a schedule's runs (type ``MonitoringExecution``). It reads the
captured data of the run's window (and, for model quality and bias, joins the ground
truth), builds the processing job of the schedule's job definition, runs it through the
processing runner (so the job is a processing job like any other: described, logged,
stopped and re-attached the same way), then reads what the job found. The run's
properties are its ``MonitoringExecutionStatus`` and ``ProcessingJobArn``; its metrics
go to the metrics store; the job's ``ExitMessage`` says how many violations it found.

A window without captured data fails the run with Model Monitor's reason, "Job inputs
had no data", and starts no job.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from datetime import datetime
from typing import Any

from dagmaker.definition.model import StepDef
from dagmaker.engine.ports import StepResult, StepWork
from dagmaker.errors import DagmakerError, JobFailure, NotFound
from dagmaker.records.statuses import JobStatus
from dagmaker.runners.context import RunnerContext
from dagmaker.runners.describe import job_arn
from dagmaker.runners.monitoring.baseline import baseline_of
from dagmaker.runners.monitoring.capture_inputs import (
    NO_DATA,
    CaptureSource,
    batch_inputs,
    endpoint_inputs,
)
from dagmaker.runners.monitoring.generated_inputs import clarify_inputs, merged_input
from dagmaker.runners.monitoring.job_spec import JobSpec, job_spec
from dagmaker.runners.monitoring.processing_request import (
    RunPlan,
    output_uri,
    processing_request,
)
from dagmaker.runners.monitoring.results import (
    RunContext,
    RunResults,
    count_violations,
    metrics_of,
)
from dagmaker.runners.monitoring.windows import Window
from dagmaker.runners.processing import ProcessingRunner
from dagmaker.runners.workspace import host_dirs

JSON = Any
_REQUEST_KEYS = (
    "ProcessingJobName",
    "ProcessingInputs",
    "ProcessingOutputConfig",
    "ProcessingResources",
    "StoppingCondition",
    "AppSpecification",
    "Environment",
    "NetworkConfig",
    "RoleArn",
)


class MonitoringExecutionRunner:
    """Runs one monitoring run (a unit of a ``MonitoringSchedule`` step)."""

    def __init__(self, context: RunnerContext) -> None:
        self.ctx = context

    def run(self, work: StepWork) -> StepResult:
        """Run (or re-attach to) the run's processing job; return the run's outcome.

        Raises:
            JobFailure: when the window has no data, the definition cannot run, or the
                job failed (with the job's FailureReason).
            StepStopped: when the run was stopped.
        """
        try:
            spec = job_spec(work.arguments["JobDefinition"])
        except DagmakerError as error:
            raise JobFailure(f"ClientError: {error}") from None
        plan = _plan(work)
        request = self._stored_request(work) if work.reattach else self._request(spec, plan)
        processing = replace(
            work,
            arguments=request,
            step=StepDef(
                name=work.step.name,
                type="Processing",
                arguments=request,
                raw={"Name": work.step.name, "Type": "Processing"},
            ),
        )
        ProcessingRunner(self.ctx).run(processing)
        results = self._results(spec, plan, request)
        self._settle(plan.job_name, results)
        properties = {
            "MonitoringExecutionStatus": results.status,
            "ProcessingJobArn": job_arn("processing-job", plan.job_name),
            "Violations": results.violations,
        }
        return StepResult(properties, {"ProcessingJob": {"Arn": properties["ProcessingJobArn"]}})

    def _request(self, spec: JobSpec, plan: RunPlan) -> dict[str, JSON]:
        data, capture_prefix = self._data_inputs(spec, plan)
        if not data:
            raise JobFailure(NO_DATA)
        baseline = baseline_of(spec, self._describe_processing)
        return processing_request(spec, plan, data, baseline, capture_prefix)

    def _data_inputs(self, spec: JobSpec, plan: RunPlan) -> tuple[list[dict[str, JSON]], str]:
        store = self.ctx.artifacts
        if spec.batch_input is not None:
            if spec.monitoring_type not in ("", "DataQuality"):
                raise JobFailure(
                    f"ClientError: {spec.monitoring_type} runs over batch transform capture "
                    "are not available here yet; monitor the endpoint's capture instead"
                )
            destination = str(spec.batch_input.get("DataCapturedDestinationS3Uri") or "")
            local = str(spec.input.get("LocalPath") or "/opt/ml/processing/input")
            return batch_inputs(store, destination, local, plan.window), ""
        source = self._capture_source(plan.endpoint)
        prefix = f"{source.destination.rstrip('/')}/{plan.endpoint}"
        if spec.monitoring_type == "ModelQuality":
            return merged_input(store, spec, plan, source), prefix
        if spec.uses_clarify:
            return clarify_inputs(store, spec, plan, source), prefix
        local = str(spec.input.get("LocalPath") or "/opt/ml/processing/input/endpoint")
        return endpoint_inputs(store, source, plan.endpoint, local, plan.window), prefix

    def _capture_source(self, endpoint: str) -> CaptureSource:
        locate = self.ctx.capture_locator
        if locate is None:
            raise JobFailure(
                f"ClientError: cannot find the captured data of endpoint {endpoint!r}: "
                "this dagmaker has no endpoints"
            )
        try:
            source: CaptureSource = locate(endpoint)
        except NotFound as error:
            raise JobFailure(f"ClientError: {error.message}") from None
        return source

    def _describe_processing(self, name: str) -> dict[str, JSON]:
        return self.ctx.jobs.get(name, "Processing").describe

    def _stored_request(self, work: StepWork) -> dict[str, JSON]:
        # Re-attaching: the job runs with the request it was started with.
        describe = self.ctx.jobs.get(work.job_name, "Processing").describe
        return {k: describe[k] for k in _REQUEST_KEYS if k in describe}

    def _results(self, spec: JobSpec, plan: RunPlan, request: dict[str, JSON]) -> RunResults:
        output = output_uri(spec, plan)
        environment = request.get("Environment") or {}
        run = RunContext(
            monitoring_type=spec.monitoring_type,
            schedule=plan.schedule,
            endpoint=plan.endpoint,
            job_name=plan.job_name,
            timestamp=plan.window.end,
            publish=str(environment.get("publish_cloudwatch_metrics", "")).lower() == "enabled",
        )
        workspace = host_dirs(self.ctx.jobs_root, plan.job_name, 1, fresh=False)[0].workspace
        results = RunResults(count_violations(self.ctx.artifacts, output))
        results.metrics = metrics_of(run, self.ctx.artifacts, output, workspace)
        return results

    def _settle(self, job_name: str, results: RunResults) -> None:
        if self.ctx.metrics is not None:
            self.ctx.metrics.record(job_name, results.metrics)
        with contextlib.suppress(NotFound):
            record = self.ctx.jobs.get(job_name, "Processing")
            if record.status == JobStatus.COMPLETED:
                record.describe["ExitMessage"] = results.exit_message
                self.ctx.jobs.put(record)


def _plan(work: StepWork) -> RunPlan:
    args = work.arguments
    return RunPlan(
        job_name=work.job_name,
        schedule=str(args["MonitoringScheduleName"]),
        endpoint=str(args.get("EndpointName") or ""),
        scheduled=datetime.fromisoformat(args["ScheduledTime"]),
        window=Window(
            datetime.fromisoformat(args["WindowStart"]),
            datetime.fromisoformat(args["WindowEnd"]),
        ),
    )
