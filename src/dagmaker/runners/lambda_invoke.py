"""Invoking a local Lambda function: one sandboxed process per invocation.

The process runs ``dagmaker.runners.lambda_bootstrap`` in the function's code folder.
Its stdout/stderr are the job's log (``jobs/<job>/algo-1/logs``, like any job), the
event and result travel through files in its workspace, and the sandbox ends it at the
function's timeout. Steps and ``LocalLambdaClient.invoke`` both go through here.
"""

from __future__ import annotations

import json
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from dagmaker.compute import ExitInfo, JobHandle, ProcessSpec, tail
from dagmaker.errors import InternalError
from dagmaker.records.lambdas import LambdaFunction
from dagmaker.records.records import JobRecord
from dagmaker.records.statuses import JobStatus
from dagmaker.runners.context import RunnerContext
from dagmaker.runners.workspace import HostDirs, host_dirs

KIND = "Lambda"
_REQUEST = "/opt/ml/invocation/request.json"
_RESULT = "/opt/ml/invocation/result.json"


@dataclass(frozen=True)
class Invocation:
    """A running invocation: enough to wait for it, also from a restarted engine."""

    function_name: str
    function_arn: str
    timeout: int
    request_id: str
    job_name: str
    handle: JobHandle
    dirs: HostDirs

    def handle_doc(self) -> dict[str, Any]:
        """What ``JobLaunched`` records to re-attach later."""
        return {
            "FunctionName": self.function_name,
            "FunctionArn": self.function_arn,
            "Timeout": self.timeout,
            "RequestId": self.request_id,
            "hosts": [self.handle.to_dict()],
        }


@dataclass(frozen=True)
class Outcome:
    """How an invocation ended.

    Attributes:
        result: The handler's return value (JSON).
        error: Lambda's error document (``errorType``, ``errorMessage``, ``stackTrace``).
        timed_out: The invocation ran past ``limit``.
        limit: Seconds it was allowed: the function's timeout, or less when the caller
            waits less (a step waits at most 600 s).
        duration: Seconds from launch to end.
    """

    result: Any = None
    error: dict[str, Any] | None = None
    timed_out: bool = False
    limit: float = 0.0
    duration: float = 0.0


def launch(
    ctx: RunnerContext,
    function: LambdaFunction,
    event: Any,
    job_name: str,
    *,
    held: bool = False,
    **link: str,
) -> Invocation:
    """Start an invocation of ``function`` with ``event``.

    Args:
        ctx: Runner services (sandbox, jobs root, function code).
        function: The function to run.
        event: The event (JSON).
        job_name: Names the job folder and the jobs-table row.
        held: The function waits until ``ctx.function_sandbox().let_run([handle])``.
        link: ``execution_arn`` and ``step_name`` when a pipeline step invokes.
    """
    if ctx.lambdas is None:
        raise InternalError("Lambda invocations need the Lambda store in RunnerContext")
    dirs = host_dirs(ctx.jobs_root, job_name, 1, fresh=True)[0]
    request_id = str(uuid.uuid4())
    deadline = datetime.now(UTC).timestamp() + function.timeout
    request = {
        "handler": function.handler,
        "event": event,
        "context": _context_fields(function, request_id, deadline),
    }
    invocation_dir = dirs.workspace / "invocation"
    invocation_dir.mkdir(parents=True, exist_ok=True)
    (invocation_dir / "request.json").write_text(json.dumps(request))
    _log(dirs, f"START RequestId: {request_id} Version: $LATEST")
    spec = ProcessSpec(
        command=["python", "-m", "dagmaker.runners.lambda_bootstrap", _REQUEST, _RESULT],
        workspace=dirs.workspace,
        log_dir=dirs.logs,
        env=_environment(ctx, function),
        cwd=str(ctx.lambdas.code_dir(function.name)),
        timeout_seconds=float(function.timeout),
    )
    [handle] = ctx.function_sandbox().launch_job([spec], held=held)
    invocation = Invocation(
        function.name, function.arn, function.timeout, request_id, job_name, handle, dirs
    )
    _record(ctx, invocation, JobStatus.IN_PROGRESS, "", link)
    return invocation


def reattach(ctx: RunnerContext, doc: dict[str, Any], job_name: str) -> Invocation | None:
    """The invocation recorded in ``doc``, or None when its process is gone unrecorded."""
    hosts = doc.get("hosts") or []
    handle = ctx.function_sandbox().attach(hosts[0]) if hosts else None
    if handle is None:
        return None
    dirs = host_dirs(ctx.jobs_root, job_name, 1, fresh=False)[0]
    return Invocation(
        str(doc["FunctionName"]),
        str(doc["FunctionArn"]),
        int(doc["Timeout"]),
        str(doc["RequestId"]),
        job_name,
        handle,
        dirs,
    )


def wait(
    ctx: RunnerContext, invocation: Invocation, limit: float | None = None, **link: str
) -> Outcome:
    """Wait for the invocation to end, or give up after ``limit`` seconds from its launch.

    A process still running when the caller gives up keeps running until the function's
    own timeout, as the seed describes for Lambda steps.
    """
    handle = invocation.handle
    allowed = float(invocation.timeout)
    remaining = None
    if limit is not None and limit < allowed:
        allowed = limit
        remaining = max(0.0, handle.started_at + limit - datetime.now(UTC).timestamp())
    info = ctx.function_sandbox().wait(handle, timeout=remaining)
    if info is None:
        _let_it_finish(ctx, handle)
        outcome = Outcome(timed_out=True, limit=allowed, duration=allowed)
    else:
        outcome = _outcome(invocation, info, allowed)
    _finish(ctx, invocation, outcome, link)
    return outcome


def log_tail(invocation: Invocation, lines: int = 10) -> str:
    """The last lines of the invocation's stderr (or stdout)."""
    logs = invocation.dirs.logs
    return tail(logs / "stderr.log", lines).strip() or tail(logs / "stdout.log", lines).strip()


def _outcome(invocation: Invocation, info: ExitInfo, allowed: float) -> Outcome:
    if info.timed_out:
        return Outcome(timed_out=True, limit=allowed, duration=info.duration_seconds)
    result_file = invocation.dirs.workspace / "invocation" / "result.json"
    if not result_file.is_file():
        how = f"exit code {info.exit_code}" if info.exit_code is not None else "a signal"
        if info.signal is not None:
            how = f"signal {info.signal}"
        error = {
            "errorType": "Runtime.ExitError",
            "errorMessage": f"the function's process ended with {how} before returning",
            "stackTrace": [],
        }
        return Outcome(error=error, duration=info.duration_seconds)
    document = json.loads(result_file.read_text())
    if "errorType" in document:
        return Outcome(error=document, duration=info.duration_seconds)
    return Outcome(result=document.get("result"), duration=info.duration_seconds)


def _let_it_finish(ctx: RunnerContext, handle: JobHandle) -> None:
    # Waiting enforces the handle's own timeout, so this thread ends the process then.
    threading.Thread(target=ctx.function_sandbox().wait, args=(handle,), daemon=True).start()


def _context_fields(function: LambdaFunction, request_id: str, deadline: float) -> dict[str, Any]:
    return {
        "function_name": function.name,
        "function_version": "$LATEST",
        "invoked_function_arn": function.arn,
        "memory_limit_in_mb": function.memory_size,
        "aws_request_id": request_id,
        "log_stream_name": f"{datetime.now(UTC):%Y/%m/%d}/[$LATEST]{request_id.replace('-', '')}",
        "deadline": deadline,
    }


def _environment(ctx: RunnerContext, function: LambdaFunction) -> dict[str, str]:
    assert ctx.lambdas is not None
    env = {str(k): str(v) for k, v in function.environment.items()}
    env.update(
        {
            "AWS_LAMBDA_FUNCTION_NAME": function.name,
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(function.memory_size),
            "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{function.name}",
            "LAMBDA_TASK_ROOT": str(ctx.lambdas.code_dir(function.name)),
        }
    )
    if ctx.home is not None:
        env["DAGMAKER_HOME"] = str(ctx.home)
    return env


def _log(dirs: HostDirs, line: str) -> None:
    with (dirs.logs / "stdout.log").open("a") as handle:
        handle.write(line + "\n")


def _finish(
    ctx: RunnerContext, invocation: Invocation, outcome: Outcome, link: dict[str, str]
) -> None:
    rid = invocation.request_id
    _log(invocation.dirs, f"END RequestId: {rid}")
    _log(invocation.dirs, f"REPORT RequestId: {rid}\tDuration: {outcome.duration * 1000:.2f} ms")
    reason = ""
    if outcome.timed_out:
        reason = f"Task timed out after {outcome.limit:.2f} seconds"
    elif outcome.error is not None:
        reason = f"{outcome.error.get('errorType')}: {outcome.error.get('errorMessage')}"
    status = JobStatus.FAILED if reason else JobStatus.COMPLETED
    _record(ctx, invocation, status, reason, link)


def _record(
    ctx: RunnerContext,
    invocation: Invocation,
    status: JobStatus,
    reason: str,
    link: dict[str, str],
) -> None:
    describe: dict[str, Any] = {
        "FunctionName": invocation.function_name,
        "FunctionArn": invocation.function_arn,
        "RequestId": invocation.request_id,
        "InvocationStatus": status.value,
        "CreationTime": datetime.fromtimestamp(invocation.handle.started_at, UTC).isoformat(),
        "LastModifiedTime": datetime.now(UTC).isoformat(),
    }
    if reason:
        describe["FailureReason"] = reason
    ctx.jobs.put(
        JobRecord(
            name=invocation.job_name,
            kind=KIND,
            arn=invocation.function_arn,
            status=status,
            describe=describe,
            execution_arn=link.get("execution_arn", ""),
            step_name=link.get("step_name", ""),
        )
    )
