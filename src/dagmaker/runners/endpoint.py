"""Endpoints as durable work: the supervisor the worker runs for each endpoint.

`EndpointRunner.run` lives as long as the endpoint. It carries out the decisions of the
endpoint's state machine (`dagmaker.serving.lifecycle`) and feeds it what happens:

- it stages each configuration's models into a generation workspace
  (`endpoint_stage`) and launches the generation's serving processes detached in the
  local job sandbox (`builtin.inference.serve`), one per instance (endpoints serve on
  this machine whatever the jobs' backend);
- it watches them (ready files, exits, start timeouts), restarts the ones that die,
  follows UpdateEndpoint requests from the endpoints table, and stops everything on
  DeleteEndpoint (``work.cancel``);
- it moves completed capture files to the artifact store and merges the processes'
  logs into the endpoint's log;
- after every change it records a snapshot (``JobLaunched``), from which a restarted
  worker re-attaches to the processes that still run.
"""

from __future__ import annotations

import json
import logging
import shutil
import signal
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dagmaker._lib import naming
from dagmaker.compute import ExitInfo, ProcessSpec, procs
from dagmaker.engine.ports import StepResult, StepStopped, StepWork
from dagmaker.errors import DagmakerError, JobFailure
from dagmaker.records import events as ev
from dagmaker.records.endpoints import EndpointNotFound, EndpointRecord, EndpointStatus
from dagmaker.records.records import JobRecord
from dagmaker.records.statuses import JobStatus
from dagmaker.runners.builtin.inference import serving_config as files
from dagmaker.runners.context import RunnerContext
from dagmaker.runners.endpoint_logs import LogMerger
from dagmaker.runners.endpoint_stage import stage_generation
from dagmaker.runners.endpoint_state import (
    GenerationInfo,
    ServingProcess,
    SupervisorState,
    exit_reason,
    start_timeout,
)
from dagmaker.serving import capture_spool
from dagmaker.serving import lifecycle as lc
from dagmaker.serving.statuses import ProcessPhase

LOG = logging.getLogger("dagmaker.endpoint")
KIND = "Endpoint"
COMMAND = ["python3", "-m", "dagmaker.runners.builtin.inference.serve"]
POLL_SECONDS = 0.1
PUBLISH_SECONDS = 1.0


class EndpointRunner:
    """Runs an endpoint until it is deleted (or its creation fails)."""

    def __init__(self, context: RunnerContext) -> None:
        self.ctx = context

    def run(self, work: StepWork) -> StepResult:
        """Serve until ``work.cancel`` (DeleteEndpoint); re-attach with ``work.reattach``.

        Raises:
            StepStopped: when the endpoint was deleted.
            JobFailure: when it could not be created, with its FailureReason.
        """
        return _Supervisor(self.ctx, work).run()


class _Supervisor:
    def __init__(self, ctx: RunnerContext, work: StepWork) -> None:
        if ctx.endpoints is None or ctx.endpoint_configs is None:
            raise JobFailure("InternalServerError: this dagmaker has no endpoint store")
        self.ctx = ctx
        self.work = work
        self.name = work.job_name
        self.endpoints = ctx.endpoints
        self.configs = ctx.endpoint_configs
        self.root = ctx.jobs_root / self.name
        self.logs = LogMerger(ctx.jobs_root, self.name)
        self.state = SupervisorState(lc.EndpointLifecycle(), naming.random_id(10))
        self.pending: list[lc.Event] = []
        self.deleting = False
        self.saved = ""
        self.published_at = 0.0

    # -- the loop -------------------------------------------------------------------------

    def run(self) -> StepResult:
        try:
            self._start()
            while not self.state.lifecycle.finished:
                self._step(time.time())
                if not self.state.lifecycle.finished:
                    self.work.cancel.wait(POLL_SECONDS)
        except (StepStopped, JobFailure):
            raise
        except Exception as error:
            self._crashed(error)
        return self._finished()

    def _start(self) -> None:
        if self.work.reattach:
            self._restore(self.work.reattach)
            return
        record = self._record()
        if record is None:
            self.pending.append(lc.DeleteRequested())
            return
        self.state.port = record.port
        self.pending.append(lc.ConfigRequested(record.pending_config or record.config_name))

    def _step(self, now: float) -> None:
        if self.work.cancel.is_set() and not self.deleting:
            self.deleting = True
            self.pending.append(lc.DeleteRequested())
        self._watch_requests()
        self._watch_processes(now)
        while self.pending:
            self._apply(self.state.lifecycle.handle(self.pending.pop(0), now))
        self._apply(self.state.lifecycle.tick(now))
        if now - self.published_at >= PUBLISH_SECONDS:
            self.published_at = now
            self._publish()
        self.logs.pump()
        self._save()

    def _watch_requests(self) -> None:
        if self.deleting:
            return
        record = self._record()
        if record is None:
            self.deleting = True
            self.pending.append(lc.DeleteRequested())
            return
        wanted = record.pending_config
        if wanted and wanted != self.state.lifecycle.wanted:
            self.pending.append(lc.ConfigRequested(wanted))

    def _watch_processes(self, now: float) -> None:
        phases = self.state.phases()
        for process in list(self.state.processes.values()):
            info = self.ctx.function_sandbox().wait(process.handle, timeout=0)
            if info is not None:
                self.pending.append(lc.ProcessExited(process.id, self._ended(process, info)))
                continue
            if phases.get(process.id) != ProcessPhase.STARTING:
                continue
            if self._ready(process):
                self.pending.append(lc.ProcessReady(process.id))
            elif not process.timed_out and now - process.started > self.state.start_timeout(
                process
            ):
                process.timed_out = True
                self._stop(process)

    def _too_slow(self, process: ServingProcess, now: float) -> bool:
        return now - process.started > self.state.start_timeout(process)

    # -- decisions ------------------------------------------------------------------------

    def _apply(self, decisions: list[lc.Decision]) -> None:
        for decision in decisions:
            if isinstance(decision, lc.Stage):
                self.pending.append(self._stage(decision))
            elif isinstance(decision, lc.Launch):
                self._launch(decision)
            elif isinstance(decision, lc.Stop):
                if decision.process in self.state.processes:
                    self._stop(self.state.processes[decision.process])
            elif isinstance(decision, lc.Report):
                self._report(decision)
            elif isinstance(decision, lc.Note):
                LOG.info("%s: %s", self.name, decision.message)
                self.logs.note(decision.message)
            elif isinstance(decision, lc.Retired):
                self._retire(decision.number)

    def _stage(self, decision: lc.Stage) -> lc.Event:
        workspace = self._workspace(decision.number)
        if workspace.parent.exists():
            shutil.rmtree(workspace.parent)
        workspace.mkdir(parents=True)
        try:
            document = self.configs.describe(decision.config)
            staged = stage_generation(self.ctx, self.name, document, workspace)
        except DagmakerError as error:
            message = error.message.removeprefix("ClientError: ")
            return lc.StagingFailed(decision.number, message)
        capture = staged.config.capture
        self.state.generations[decision.number] = GenerationInfo(
            staged.environment,
            staged.python,
            start_timeout(document),
            capture.destination if capture and capture.enabled else "",
        )
        return lc.GenerationStaged(decision.number, staged.instances)

    def _launch(self, decision: lc.Launch) -> None:
        info = self.state.generations[decision.number]
        workspace = self._workspace(decision.number)
        logs = self.root / "procs" / decision.process / "logs"
        settings = files.ProcessSettings(
            process=decision.process,
            control=f"{self.state.uid}-{decision.process}",
            donors=tuple(f"{self.state.uid}-{d}" for d in decision.donors),
            port=self.state.port or 0,
        )
        spec = ProcessSpec(
            command=list(COMMAND),
            workspace=workspace,
            log_dir=logs,
            env={**info.environment, **settings.environment(), "SAGEMAKER_ENDPOINT": self.name},
            cwd="/opt/ml",
            python=info.python,
            hostname=f"algo-{decision.index}",
        )
        try:
            [handle] = self.ctx.function_sandbox().launch_job([spec])
        except (OSError, DagmakerError) as error:
            self.pending.append(lc.ProcessExited(decision.process, f"could not start: {error}"))
            return
        process = ServingProcess(
            decision.process, decision.number, decision.index, handle, logs, time.time()
        )
        self.state.processes[process.id] = process
        self.logs.follow(process.id, logs, decision.index)
        self._save()

    def _stop(self, process: ServingProcess) -> None:
        grace = self.ctx.stop_grace_seconds
        threading.Thread(
            target=self.ctx.function_sandbox().stop, args=(process.handle, grace), daemon=True
        ).start()

    def _report(self, decision: lc.Report) -> None:
        # The state behind a status is recorded before the status is published, so a
        # supervisor restarted in between rebuilds what callers were told.
        self._save()
        self.endpoints.report(
            self.name, decision.status, decision.config, decision.reason, decision.resolved
        )

    def _retire(self, number: int) -> None:
        self._publish()
        workspace = self._workspace(number)
        if workspace.parent.exists():
            shutil.rmtree(workspace.parent, ignore_errors=True)
        self.state.generations.pop(number, None)

    # -- processes ------------------------------------------------------------------------

    def _ready(self, process: ServingProcess) -> bool:
        path = files.ready_file(self._workspace(process.number), process.id)
        try:
            document = json.loads(path.read_text())
        except (OSError, ValueError):
            return False
        process.serving_pid = int(document.get("pid") or 0) or None
        port = int(document.get("port") or 0)
        if port and port != self.state.port:
            self.state.port = port
            self.endpoints.set_port(self.name, port)
        return True

    def _ended(self, process: ServingProcess, info: ExitInfo) -> str:
        """Forget an ended process; return how it ended (for FailureReason and the log)."""
        del self.state.processes[process.id]
        if not info.stopped:
            # Whatever of the process group is left (say its wrapper was killed but the
            # server was not) must not keep the port.
            procs.signal_group(process.handle.pgid, signal.SIGKILL)
        workspace = self._workspace(process.number)
        capture_spool.complete_partials(workspace / files.CAPTURE_DIR / process.id)
        self.logs.forget(process.id)
        failure = files.failure_file(workspace, process.id)
        try:
            return exit_reason(self.name, process, info, failure, self.state.start_timeout(process))
        finally:
            shutil.rmtree(process.log_dir.parent, ignore_errors=True)

    # -- capture --------------------------------------------------------------------------

    def _publish(self) -> None:
        for number, info in self.state.generations.items():
            if info.destination:
                spool = self._workspace(number) / files.CAPTURE_DIR
                capture_spool.publish(self.ctx.artifacts, spool, info.destination, self.name)

    # -- persistence ----------------------------------------------------------------------

    def _save(self) -> None:
        snapshot = self.state.snapshot(naming.arn(f"endpoint/{self.name.lower()}"))
        text = json.dumps(snapshot, sort_keys=True)
        if text == self.saved:
            return
        self.saved = text
        self.work.emit(
            ev.JobLaunched(
                datetime.now(UTC),
                step=self.work.step.name,
                attempt=self.work.attempt,
                job_name=self.name,
                job_kind=KIND,
                handle=snapshot,
            )
        )
        self.endpoints.set_runtime(self.name, self.state.runtime())

    def _restore(self, snapshot: dict[str, Any]) -> None:
        self.state = state = SupervisorState.restore(snapshot, self.state.uid)
        phases = state.phases()
        for process_id, document in (snapshot.get("processes") or {}).items():
            handle = self.ctx.function_sandbox().attach(document["handle"])
            if handle is None:
                reason = "its process was gone when the worker restarted"
                self.pending.append(lc.ProcessExited(process_id, reason))
                continue
            process = ServingProcess.from_dict(process_id, document, handle)
            state.processes[process_id] = process
            if phases.get(process_id) == ProcessPhase.STOPPING:
                self._stop(process)
        exited = {e.process for e in self.pending if isinstance(e, lc.ProcessExited)}
        for process_id, phase in phases.items():
            known = process_id in state.processes or process_id in exited
            if phase != ProcessPhase.DOWN and not known:
                self.pending.append(lc.ProcessExited(process_id, "it was never launched"))
        self.logs.note(f"supervisor re-attached to {len(state.processes)} serving process(es)")

    # -- the end --------------------------------------------------------------------------

    def _finished(self) -> StepResult:
        self._publish()
        self.logs.pump()
        decision = self._final
        for number in list(self.state.generations):
            self._retire(number)
        if decision is None or decision.deleted:
            self.endpoints.delete(self.name)
            self._record_job(JobStatus.STOPPED, "")
            raise StepStopped()
        self._record_job(JobStatus.FAILED, decision.reason)
        raise JobFailure(decision.reason)

    @property
    def _final(self) -> lc.Finish | None:
        machine = self.state.lifecycle
        if machine.status == EndpointStatus.FAILED:
            return lc.Finish(deleted=False, reason=machine.reason)
        return None

    def _crashed(self, error: Exception) -> None:
        LOG.exception("The supervisor of endpoint %s failed", self.name)
        reason = f"InternalServerError: dagmaker's endpoint supervisor failed: {error!r}"
        for process in list(self.state.processes.values()):
            self.ctx.function_sandbox().stop(
                process.handle, grace_seconds=self.ctx.stop_grace_seconds
            )
        self.endpoints.report(self.name, EndpointStatus.FAILED, "", reason)
        self._record_job(JobStatus.FAILED, reason)
        raise JobFailure(reason) from error

    def _record_job(self, status: JobStatus, reason: str) -> None:
        arn = naming.arn(f"endpoint/{self.name.lower()}")
        describe: dict[str, Any] = {
            "EndpointName": self.name,
            "EndpointArn": arn,
            "EndpointJobStatus": status.value,
            "Restarts": self.state.lifecycle.restarts,
        }
        if reason:
            describe["FailureReason"] = reason
        self.ctx.jobs.put(
            JobRecord(
                name=self.name,
                kind=KIND,
                arn=arn,
                status=status,
                describe=describe,
            )
        )

    # -- helpers --------------------------------------------------------------------------

    def _record(self) -> EndpointRecord | None:
        try:
            return self.endpoints.get(self.name)
        except EndpointNotFound:
            return None

    def _workspace(self, number: int) -> Path:
        return self.root / f"gen-{number}" / "ml"
