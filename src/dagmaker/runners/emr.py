"""EMR steps: a Hadoop JAR step run by ``spark-submit`` on the Spark its cluster maps to.

The step names a running cluster (``ClusterId``, mapped with ``dagmaker emr clusters
map``; unmapped ids run on a local Spark) or describes one to create (``ClusterConfig``:
a local Spark created for the step and gone with it). Steps on one cluster run one at a
time in arrival order, as EMR runs them; the cluster's state and its cap on PENDING steps
are enforced as the seed describes. The step's properties are EMR's ``DescribeStep``
``Step`` shape, plus the ``ClusterId`` it ran on.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from dagmaker.compute import ProcessSpec
from dagmaker.compute.protocol import Sandbox
from dagmaker.engine.ports import StepResult, StepWork
from dagmaker.errors import JobFailure
from dagmaker.records.statuses import JobStatus
from dagmaker.runners import emr_clusters as clusters
from dagmaker.runners.capacity import SlotPool
from dagmaker.runners.context import RunnerContext
from dagmaker.runners.describe import now
from dagmaker.runners.emr_command import StagedArgs, build_command, upload_outputs
from dagmaker.runners.job_attempt import JobAttempt
from dagmaker.runners.spark_submit import spark_env, spark_submit
from dagmaker.runners.workspace import HostDirs

_STATES = {
    JobStatus.COMPLETED: "COMPLETED",
    JobStatus.FAILED: "FAILED",
    JobStatus.STOPPED: "CANCELLED",
}


class EMRRunner:
    """Runs an EMR step's Hadoop JAR step on Spark."""

    def __init__(self, context: RunnerContext) -> None:
        self.ctx = context

    def run(self, work: StepWork) -> StepResult:
        """Run the step to the end; return its ``Step`` document."""
        return _EmrStep(self.ctx, work).execute()


class _EmrStep(JobAttempt):
    """One attempt of one EMR step."""

    kind = "EMR"
    arn_kind = "emr-step"

    def __init__(self, ctx: RunnerContext, work: StepWork) -> None:
        self.cluster_id, self.master, self.state = _cluster(ctx, work)
        self.staged = StagedArgs()
        super().__init__(ctx, work)

    def host_count(self) -> int:
        """The step's driver runs here; the cluster's Spark does the work."""
        return 1

    def job_sandbox(self) -> Sandbox[Any]:
        """Always this machine: ``spark-submit`` here, the work on the mapped Spark."""
        return self.ctx.function_sandbox()

    def job_slots(self) -> SlotPool:
        """The cluster's line: one step at a time, refused beyond the PENDING cap."""
        root = self.ctx.home or self.ctx.jobs_root.parent
        pool = SlotPool(root / "emr" / self.cluster_id, 1)
        clusters.check_active(self.cluster_id, self.state)
        queue = pool.directory / "queue"
        pending = (
            sum(1 for p in queue.iterdir() if not p.name.startswith(".")) if queue.is_dir() else 0
        )
        clusters.check_pending(self.cluster_id, pending, clusters.PENDING_STEP_CAP)
        return pool

    def failure_file(self, host: HostDirs) -> Path:
        """Spark explains failures in its log only."""
        return host.logs / "no-failure-file"

    def prepare(self) -> list[ProcessSpec]:
        """Check the cluster takes the step; stage the JAR/application and ``s3://`` arguments."""
        clusters.check_active(self.cluster_id, self.state)
        queue = self.job_slots().directory / "queue"
        waiting = (
            [p for p in queue.iterdir() if not p.name.startswith(".")] if queue.is_dir() else []
        )
        clusters.check_pending(self.cluster_id, len(waiting), clusters.PENDING_STEP_CAP)
        [host] = self.hosts
        jar_step = (self.request.get("StepConfig") or {}).get("HadoopJarStep") or {}
        command, self.staged = build_command(
            jar_step, self.master, self.ctx.artifacts, host.workspace
        )
        command[0] = spark_submit()
        return [
            ProcessSpec(
                command=command,
                workspace=host.workspace,
                log_dir=host.logs,
                env=spark_env(self.master),
                cwd=str(host.workspace.resolve()),
                hostname=host.name,
            )
        ]

    def on_success(self) -> None:
        """Upload what the step wrote to its ``s3://`` output arguments."""
        upload_outputs(self.ctx.artifacts, self.staged)

    def step_metadata(self) -> dict[str, Any]:
        """SageMaker's step metadata for EMR: the step id, its name and the cluster."""
        return {
            "EMR": {
                "StepId": self.describe["Id"],
                "StepName": self.describe["Name"],
                "ClusterId": self.cluster_id,
                "LogFile": str(self.hosts[0].logs / "stderr.log") if self.hosts else "",
            }
        }

    def initial_describe(self) -> dict[str, Any]:
        """The ``Step`` document while the step runs."""
        jar_step = (self.request.get("StepConfig") or {}).get("HadoopJarStep") or {}
        config: dict[str, Any] = {
            "Jar": jar_step.get("Jar"),
            "Properties": {
                str(p.get("Key")): str(p.get("Value", ""))
                for p in jar_step.get("Properties") or []
                if isinstance(p, dict)
            },
            "Args": [str(a) for a in jar_step.get("Args") or []],
        }
        if jar_step.get("MainClass"):
            config["MainClass"] = jar_step["MainClass"]
        started = now()
        describe: dict[str, Any] = {
            "Id": clusters.step_id(self.name),
            "Name": self.work.step.name,
            "Config": config,
            "ActionOnFailure": "CONTINUE",
            "Status": {
                "State": "RUNNING",
                "Timeline": {"CreationDateTime": started, "StartDateTime": started},
            },
            "ClusterId": self.cluster_id,
        }
        if self.request.get("ExecutionRoleArn"):
            describe["ExecutionRoleArn"] = self.request["ExecutionRoleArn"]
        return describe

    def finish_describe(self, status: JobStatus, reason: str) -> None:
        """EMR's final state, end time and failure details."""
        state = self.describe["Status"]
        state["State"] = _STATES.get(status, "FAILED")
        state["Timeline"]["EndDateTime"] = now()
        if status == JobStatus.FAILED:
            log = str(self.hosts[0].logs / "stderr.log") if self.hosts else ""
            state["FailureDetails"] = {"Reason": "Unknown Error", "Message": reason, "LogFile": log}
            state["StateChangeReason"] = {"Message": reason}


def _cluster(ctx: RunnerContext, work: StepWork) -> tuple[str, str, str]:
    """(cluster id, Spark master, state) for the step's ClusterId or ClusterConfig."""
    request = work.arguments
    if request.get("ClusterConfig") is not None:
        # A cluster made for this step: a local Spark, with an id stable across a re-attach.
        digest = hashlib.sha256(work.job_name.encode()).hexdigest().upper()
        return "j-" + digest[:13], clusters.DEFAULT_MASTER, "RUNNING"
    cluster_id = request.get("ClusterId")
    if not isinstance(cluster_id, str) or not cluster_id:
        raise JobFailure("ClientError: an EMR step needs ClusterId or ClusterConfig")
    mapped = ctx.emr_clusters.get(cluster_id) if ctx.emr_clusters is not None else None
    if mapped is None:
        return cluster_id, clusters.DEFAULT_MASTER, clusters.DEFAULT_STATE
    return cluster_id, mapped.master, mapped.state
