"""``LambdaStep``: call a function with inputs and read its declared outputs.

``lambda_func`` is a ``dagmaker.lambda_helper.Lambda`` (or any object with a
``function_arn``; a plain ARN string also works). A function given by code rather than
ARN is created or updated when the definition is built, as SageMaker does.
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


class LambdaOutputTypeEnum(Enum, metaclass=DefaultEnumMeta):
    """Types of Lambda outputs."""

    String = "String"
    Integer = "Integer"
    Boolean = "Boolean"
    Float = "Float"


class LambdaOutput(OutputParameter):
    """A declared output of a :class:`LambdaStep`."""

    TYPE_ENUM = LambdaOutputTypeEnum

    def __init__(
        self, output_name: str | None = None, output_type: LambdaOutputTypeEnum | None = None
    ) -> None:
        super().__init__(output_name, output_type)


class LambdaStep(Step):
    """Invoke a function; its returned keys named in ``outputs`` become step properties.

    Attributes:
        lambda_func: The function to invoke.
        inputs: The event passed to it (flat values or pipeline variables).
        outputs: The declared outputs, read as ``step.properties.Outputs["name"]``.
    """

    def __init__(
        self,
        name: str,
        lambda_func: Any,
        display_name: str | None = None,
        description: str | None = None,
        inputs: dict[str, Any] | None = None,
        outputs: list[LambdaOutput] | None = None,
        cache_config: Any = None,
        depends_on: list[Any] | None = None,
    ) -> None:
        super().__init__(name, display_name, description, StepTypeEnum.LAMBDA, depends_on)
        if not isinstance(lambda_func, str) and not hasattr(lambda_func, "function_arn"):
            raise TypeError(
                f"LambdaStep {name!r}: lambda_func must be a Lambda (or a function ARN), "
                f"got {lambda_func!r}"
            )
        if inputs is not None and not isinstance(inputs, dict):
            raise TypeError(f"LambdaStep {name!r}: inputs must be a dict, got {inputs!r}")
        self.lambda_func = lambda_func
        self.inputs = dict(inputs or {})
        self.outputs = checked_outputs(self, outputs, LambdaOutput)
        self.cache_config = checked_cache_config(name, cache_config)
        self._properties = output_properties(self, self.outputs)

    @property
    def arguments(self) -> dict[str, Any]:
        """The function's input event."""
        return self.inputs

    @property
    def properties(self) -> Properties:
        """``Outputs[name]`` for each declared output."""
        return self._properties

    def to_request(self) -> dict[str, Any]:
        """The step request with ``FunctionArn`` and ``OutputParameters``."""
        request = super().to_request()
        add_cache_config(request, self.cache_config)
        request["FunctionArn"] = self._function_arn()
        request["OutputParameters"] = [output.to_request() for output in self.outputs]
        return request

    def _function_arn(self) -> str:
        func = self.lambda_func
        if isinstance(func, str):
            return func
        if func.function_arn is None:
            return str(func.upsert()["FunctionArn"])
        has_code = getattr(func, "zipped_code_dir", None) or getattr(func, "script", None)
        if not has_code:
            return str(func.function_arn)
        return str(func.update()["FunctionArn"])
