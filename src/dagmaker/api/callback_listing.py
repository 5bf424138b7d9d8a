"""Callback steps still waiting for an answer, across executions (a dagmaker extension)."""

from __future__ import annotations

from typing import Any

from dagmaker.api.services import Services
from dagmaker.records.callbacks import CallbackStatus, CallbackToken
from dagmaker.records.records import ExecutionRecord

JSON = Any


class CallbackListingMethods:
    """Mixed into the client: ``list_waiting_callbacks``."""

    services: Services

    def list_waiting_callbacks(
        self, PipelineExecutionArn: str | None = None, **_: Any
    ) -> dict[str, JSON]:
        """Callback tokens nobody has answered yet, oldest first; a dagmaker extension.

        Each entry has the ``CallbackToken``, the ``PipelineExecutionArn``, ``StepName``
        and ``SqsQueueUrl``, when it was issued (``CreationTime``), the ``Arguments`` the
        step sent in its message, and the ``OutputParameters`` the step declares
        (``Name`` and ``OutputType``) that a success answer should carry. Only
        executions still running are looked at, since only they can be answered.

        Args:
            PipelineExecutionArn: Only this execution (ARN or id).

        Raises:
            NotFound: for an unknown execution.
        """
        if PipelineExecutionArn:
            records = [self.services.executions.get(PipelineExecutionArn)]
        else:
            records = self.services.executions.active()
        waiting: list[dict[str, JSON]] = []
        for record in records:
            tokens = self.services.callbacks.for_execution(record.arn)
            waiting += [
                _entry(record, token) for token in tokens if token.status == CallbackStatus.WAITING
            ]
        waiting.sort(key=lambda entry: entry["CreationTime"])
        return {"WaitingCallbacks": waiting}


def _entry(record: ExecutionRecord, token: CallbackToken) -> dict[str, JSON]:
    return {
        "CallbackToken": token.token,
        "PipelineExecutionArn": record.arn,
        "PipelineName": record.pipeline_name,
        "StepName": token.step_name,
        "SqsQueueUrl": token.queue_url,
        "CreationTime": token.created_at,
        "Arguments": token.body.get("arguments", {}),
        "OutputParameters": _declared_outputs(record, token.step_name),
    }


def _declared_outputs(record: ExecutionRecord, step_name: str) -> list[dict[str, str]]:
    from dagmaker.definition.codec import decode_strict

    step = decode_strict(record.definition).steps.get(step_name)
    declared = step.extra("OutputParameters", []) if step is not None else []
    return [
        {"Name": str(o.get("OutputName", "")), "OutputType": str(o.get("OutputType", "String"))}
        for o in declared or []
        if isinstance(o, dict)
    ]
