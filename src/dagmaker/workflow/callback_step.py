"""``CallbackStep``: post a message to a queue and wait for a callback with outputs.

The step sends its inputs and a callback token to ``sqs_queue_url``; whoever handles the
message answers with ``SendPipelineExecutionStepSuccess`` (outputs) or ``...Failure``.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from dagmaker.workflow._outputs import OutputParameter, checked_outputs, output_properties
from dagmaker.workflow._step_base import (
    Step,
    StepTypeEnum,
    add_cache_config,
    checked_cache_config,
)
from dagmaker.workflow.entities import DefaultEnumMeta
from dagmaker.workflow.properties import Properties


class CallbackOutputTypeEnum(Enum, metaclass=DefaultEnumMeta):
    """Types of callback outputs."""

    String = "String"
    Integer = "Integer"
    Boolean = "Boolean"
    Float = "Float"


class CallbackOutput(OutputParameter):
    """A declared output of a :class:`CallbackStep`."""

    TYPE_ENUM = CallbackOutputTypeEnum

    def __init__(
        self, output_name: str | None = None, output_type: CallbackOutputTypeEnum | None = None
    ) -> None:
        super().__init__(output_name, output_type)


class CallbackStep(Step):
    """Wait for an outside system to finish work and report outputs.

    Attributes:
        sqs_queue_url: The queue the callback message is sent to.
        inputs: Values included in the message (flat values or pipeline variables).
        outputs: The declared outputs, read as ``step.properties.Outputs["name"]``.
    """

    def __init__(
        self,
        name: str,
        sqs_queue_url: str,
        inputs: dict[str, Any],
        outputs: list[CallbackOutput],
        display_name: str | None = None,
        description: str | None = None,
        cache_config: Any = None,
        depends_on: list[Any] | None = None,
    ) -> None:
        super().__init__(name, display_name, description, StepTypeEnum.CALLBACK, depends_on)
        if not isinstance(inputs, dict):
            raise TypeError(f"CallbackStep {name!r}: inputs must be a dict, got {inputs!r}")
        self.sqs_queue_url = sqs_queue_url
        self.inputs = inputs
        self.outputs = checked_outputs(self, outputs, CallbackOutput)
        self.cache_config = checked_cache_config(name, cache_config)
        self._properties = output_properties(self, self.outputs)

    @property
    def arguments(self) -> dict[str, Any]:
        """The inputs sent in the callback message."""
        return self.inputs

    @property
    def properties(self) -> Properties:
        """``Outputs[name]`` for each declared output."""
        return self._properties

    def to_request(self) -> dict[str, Any]:
        """The step request with ``SqsQueueUrl`` and ``OutputParameters``."""
        request = super().to_request()
        add_cache_config(request, self.cache_config)
        request["SqsQueueUrl"] = self.sqs_queue_url
        request["OutputParameters"] = [output.to_request() for output in self.outputs]
        return request
