"""``ConditionStep``: run ``if_steps`` when every condition holds, else ``else_steps``.

Branch steps are written inside the condition step (``Arguments.IfSteps`` /
``ElseSteps``) and must not also be listed in the pipeline's steps.
"""

from __future__ import annotations

import warnings
from typing import Any

from dagmaker.workflow._step_base import Step, StepTypeEnum, dependency_names
from dagmaker.workflow.conditions import Condition
from dagmaker.workflow.functions import JsonGet as _JsonGet
from dagmaker.workflow.properties import Properties, PropertyFile
from dagmaker.workflow.step_collections import StepCollection
from dagmaker.workflow.utilities import list_to_request


class ConditionStep(Step):
    """A branch point of the pipeline.

    Attributes:
        conditions: Conditions combined with AND.
        if_steps: Steps to run when all conditions hold.
        else_steps: Steps to run otherwise.
    """

    def __init__(
        self,
        name: str,
        depends_on: list[Any] | None = None,
        display_name: str | None = None,
        description: str | None = None,
        conditions: list[Condition] | None = None,
        if_steps: list[Any] | None = None,
        else_steps: list[Any] | None = None,
    ) -> None:
        super().__init__(name, display_name, description, StepTypeEnum.CONDITION, depends_on)
        self.conditions = _checked_conditions(name, conditions)
        self.if_steps = _checked_branch(name, "if_steps", if_steps)
        self.else_steps = _checked_branch(name, "else_steps", else_steps)
        root = Properties(name, step=self)
        root.attach("Outcome", Properties(name, "Outcome", shape_name="boolean", step=self))
        self._properties = root

    @property
    def arguments(self) -> dict[str, Any]:
        """``Conditions`` plus the requests of both branches."""
        request = self.to_request_with_branches(
            list_to_request(self.if_steps), list_to_request(self.else_steps)
        )
        arguments: dict[str, Any] = request["Arguments"]
        return arguments

    @property
    def step_only_arguments(self) -> dict[str, Any]:
        """Just the ``Conditions``."""
        return {"Conditions": [condition.to_request() for condition in self.conditions]}

    @property
    def properties(self) -> Properties:
        """Only ``Outcome``, the boolean result."""
        return self._properties

    def to_request_with_branches(
        self, if_requests: list[Any], else_requests: list[Any]
    ) -> dict[str, Any]:
        """The step request with already-built branch step requests."""
        request: dict[str, Any] = {
            "Name": self.name,
            "Type": StepTypeEnum.CONDITION.value,
            "Arguments": {
                **self.step_only_arguments,
                "IfSteps": if_requests,
                "ElseSteps": else_requests,
            },
        }
        if self.depends_on:
            request["DependsOn"] = dependency_names(self.depends_on)
        if self.display_name:
            request["DisplayName"] = self.display_name
        if self.description:
            request["Description"] = self.description
        return request

    def to_request(self) -> dict[str, Any]:
        """The step request, branches included."""
        return self.to_request_with_branches(
            list_to_request(self.if_steps), list_to_request(self.else_steps)
        )


def _checked_conditions(name: str, given: Any) -> list[Condition]:
    conditions: list[Condition] = list(given or [])
    for condition in conditions:
        if not isinstance(condition, Condition):
            raise TypeError(
                f"ConditionStep {name!r}: conditions must be Condition objects "
                f"(ConditionEquals, ConditionIn, ...), got {condition!r}"
            )
    return conditions


def _checked_branch(name: str, field: str, given: Any) -> list[Any]:
    steps: list[Any] = list(given or [])
    for step in steps:
        if not isinstance(step, (Step, StepCollection)):
            raise TypeError(
                f"ConditionStep {name!r}: {field} must hold steps or step collections, got {step!r}"
            )
    return steps


class JsonGet(_JsonGet):
    """Deprecated form of :class:`dagmaker.workflow.functions.JsonGet` taking a step object."""

    def __init__(
        self,
        step: Step | None = None,
        property_file: PropertyFile | str | None = None,
        json_path: str | None = None,
        *,
        step_name: str | None = None,
    ) -> None:
        warnings.warn(
            "dagmaker.workflow.condition_step.JsonGet is deprecated; use "
            "dagmaker.workflow.functions.JsonGet(step_name=..., property_file=..., json_path=...)",
            DeprecationWarning,
            stacklevel=2,
        )
        # The developer guide calls it with step_name=, older SDK code with a step object.
        name = step_name if step_name is not None else (step.name if step is not None else None)
        super().__init__(step_name=name, property_file=property_file, json_path=json_path or "")
