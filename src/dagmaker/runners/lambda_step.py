"""Lambda steps: invoke a local function with the step's inputs and read its outputs.

``FunctionArn`` may be the ARN of any region and account, or a bare name: the function
is looked up by name among the local functions. Following the seed, a stop does not
interrupt a running function: the step waits for it to finish (Succeeded, and the
execution then ends Stopped) or to time out (Failed). The step fails once the function
runs past its timeout, and waits at most ten minutes whatever the timeout.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from dagmaker.engine.ports import StepResult, StepStopped, StepWork
from dagmaker.errors import InternalError, JobFailure, NotFound
from dagmaker.records import events as ev
from dagmaker.records.lambdas import LambdaFunction, function_name
from dagmaker.runners import lambda_invoke
from dagmaker.runners import output_parameters as outs
from dagmaker.runners.context import RunnerContext
from dagmaker.storage.ports import LambdaStore

STEP_LIMIT_SECONDS = 600.0
_FLAT = (str, int, float, bool, type(None))


class LambdaRunner:
    """Runs Lambda steps as local function invocations."""

    def __init__(self, context: RunnerContext, limit_seconds: float = STEP_LIMIT_SECONDS) -> None:
        if context.lambdas is None:
            raise InternalError("Lambda steps need the Lambda store in RunnerContext")
        self.ctx = context
        self.lambdas: LambdaStore = context.lambdas
        self.limit_seconds = limit_seconds

    def run(self, work: StepWork) -> StepResult:
        """Invoke (or re-attach to) the function and return its declared outputs."""
        link = {"execution_arn": work.execution.arn, "step_name": work.step.name}
        invocation = self._reattach(work) or self._launch(work, link)
        outcome = lambda_invoke.wait(self.ctx, invocation, self.limit_seconds, **link)
        who = f"Lambda function {invocation.function_name!r}"
        if outcome.timed_out:
            raise JobFailure(
                f"{who} timed out after {outcome.limit:g} s (request {invocation.request_id}); "
                "raise its Timeout (at most 900 s; a step waits at most 600 s) or make it faster",
            )
        if outcome.error is not None:
            raise JobFailure(_error_message(who, outcome.error, lambda_invoke.log_tail(invocation)))
        values = _outputs(work, outcome.result, who)
        metadata = {
            "Lambda": {"Arn": invocation.function_arn, "OutputParameters": outs.metadata(values)}
        }
        return StepResult(properties={"OutputParameters": values}, metadata=metadata)

    def _reattach(self, work: StepWork) -> lambda_invoke.Invocation | None:
        # A function whose process vanished without a record is invoked again.
        if not work.reattach:
            return None
        return lambda_invoke.reattach(self.ctx, work.reattach, work.job_name)

    def _launch(self, work: StepWork, link: dict[str, str]) -> lambda_invoke.Invocation:
        if work.cancel.is_set():
            raise StepStopped()
        function = self._function(work)
        event = _event(work)
        invocation = lambda_invoke.launch(
            self.ctx, function, event, work.job_name, held=True, **link
        )
        launched = ev.JobLaunched(
            datetime.now(UTC),
            step=work.step.name,
            attempt=work.attempt,
            job_name=work.job_name,
            job_kind=lambda_invoke.KIND,
            handle=invocation.handle_doc(),
        )
        try:
            work.emit(launched)
        except BaseException:
            # Unrecorded, the invocation must not run: whoever carries on invokes again.
            self.ctx.function_sandbox().discard([invocation.handle])
            raise
        self.ctx.function_sandbox().let_run([invocation.handle])
        return invocation

    def _function(self, work: StepWork) -> LambdaFunction:
        reference = str(work.extra.get("FunctionArn") or "")
        try:
            return self.lambdas.get(reference)
        except NotFound as exc:
            raise JobFailure(
                f"Lambda function {function_name(reference)!r} (FunctionArn {reference!r}) "
                "is not defined locally",
                hint=exc.hint,
            ) from exc


def _event(work: StepWork) -> dict[str, Any]:
    inputs = work.arguments or {}
    if not isinstance(inputs, dict):
        raise JobFailure(f"Lambda step inputs must be a JSON object of flat values, got {inputs!r}")
    for key, value in inputs.items():
        if not isinstance(value, _FLAT):
            raise JobFailure(
                f"input {key!r} is a {type(value).__name__}; Lambda step inputs must be flat "
                "values (string, number, boolean) — pass nested data as a JSON string",
            )
    return dict(inputs)


def _outputs(work: StepWork, result: Any, who: str) -> dict[str, Any]:
    declared = outs.declared(work.extra)
    if not declared:
        return {}
    if not isinstance(result, dict):
        raise JobFailure(
            f"{who} returned {result!r}; with declared outputs it must return a JSON object "
            "whose keys are the output names",
        )
    return outs.from_json(declared, result, who)


def _error_message(who: str, error: dict[str, Any], log: str) -> str:
    text = f"{who} failed: {error.get('errorType')}: {error.get('errorMessage')}"
    stack = "".join(error.get("stackTrace") or []).rstrip()
    if stack:
        text += "\n" + "\n".join(stack.splitlines()[-6:])
    elif log:
        text += "\nlast lines of its log:\n" + log
    return text
