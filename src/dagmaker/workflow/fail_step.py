"""``FailStep``: end the execution as Failed with a message."""

from __future__ import annotations

from typing import Any, NoReturn

from dagmaker.errors import DefinitionError
from dagmaker.workflow._step_base import Step, StepTypeEnum
from dagmaker.workflow.entities import PipelineVariable


class FailStep(Step):
    """Stop the execution with status Failed when reached.

    Attributes:
        error_message: A string or a pipeline variable (often a ``Join``), shown as the
            execution's failure reason.
    """

    def __init__(
        self,
        name: str,
        error_message: str | PipelineVariable | None = None,
        display_name: str | None = None,
        description: str | None = None,
        depends_on: list[Any] | None = None,
    ) -> None:
        super().__init__(name, display_name, description, StepTypeEnum.FAIL, depends_on)
        if error_message is not None and not isinstance(error_message, (str, PipelineVariable)):
            raise TypeError(
                f"FailStep {name!r}: error_message must be a string or a pipeline variable "
                f"(e.g. a Join), got {error_message!r}"
            )
        self.error_message = error_message if error_message is not None else ""

    @property
    def arguments(self) -> dict[str, Any]:
        """``{"ErrorMessage": ...}``."""
        return {"ErrorMessage": self.error_message}

    @property
    def properties(self) -> NoReturn:
        """A FailStep has no properties: reaching it ends the execution."""
        raise DefinitionError(
            "a FailStep has no properties: reaching it ends the execution, so no step can "
            "read from it",
            step=self.name,
            field="properties",
        )
