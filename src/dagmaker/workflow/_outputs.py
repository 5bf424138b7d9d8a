"""Declared output parameters of Lambda and Callback steps.

An output renders to ``{"Get": "Steps.<step>.OutputParameters['<name>']"}``; the step it
belongs to is recorded when the step is created.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, ClassVar

from dagmaker.workflow.entities import BoundExpression
from dagmaker.workflow.properties import Properties


class OutputParameter(BoundExpression):
    """One declared output of a Lambda or Callback step.

    Attributes:
        output_name: The output's name.
        output_type: Its type (``String``, ``Integer``, ``Boolean`` or ``Float``).
    """

    TYPE_ENUM: ClassVar[type[Enum]]

    def __init__(self, output_name: str | None = None, output_type: Any = None) -> None:
        if not isinstance(output_name, str) or not output_name:
            raise ValueError(f"{type(self).__name__} needs an output_name, got {output_name!r}")
        output_type = self.TYPE_ENUM("String") if output_type is None else output_type
        if not isinstance(output_type, self.TYPE_ENUM):
            members = ", ".join(f"{self.TYPE_ENUM.__name__}.{m.name}" for m in self.TYPE_ENUM)
            raise TypeError(f"output_type must be one of {members}, got {output_type!r}")
        self.output_name = output_name
        self.output_type = output_type
        self._owner: Any = None

    def bind(self, step: Any) -> None:
        """Record the step this output belongs to (the first step wins)."""
        if self._owner is None:
            self._owner = step

    def to_request(self) -> dict[str, str]:
        """``{"OutputName": ..., "OutputType": ...}``."""
        return {"OutputName": self.output_name, "OutputType": self.output_type.value}

    def expr(self, step_name: str | None = None) -> dict[str, str]:
        """The reference to this output of ``step_name`` (default: the owning step)."""
        name = step_name or (self._owner.name if self._owner is not None else None)
        if name is None:
            raise ValueError(
                f"{type(self).__name__} {self.output_name!r} belongs to no step yet; pass it "
                "in the step's outputs=[...] or use step.properties.Outputs[name]"
            )
        return {"Get": f"Steps.{name}.OutputParameters['{self.output_name}']"}

    def bound_expr(self) -> dict[str, str]:
        """The reference to this output of its owning step."""
        return self.expr()

    @property
    def _referenced_steps(self) -> list[Any]:
        return [self._owner] if self._owner is not None else []

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self) or not isinstance(other, OutputParameter):
            return NotImplemented
        return self.to_request() == other.to_request()

    def __hash__(self) -> int:
        return hash((self.output_name, self.output_type))

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(output_name={self.output_name!r}, "
            f"output_type={self.output_type!r})"
        )


class OutputsMap(dict[str, Any]):
    """``step.properties.Outputs``: output name → property reference."""

    def __missing__(self, key: str) -> Any:
        declared = ", ".join(sorted(self)) or "(none)"
        raise KeyError(f"no output named {key!r}; declared outputs: {declared}")


def checked_outputs(step: Any, given: Any, kind: type[OutputParameter]) -> list[Any]:
    """The step's outputs after checking types and names; each is bound to ``step``."""
    outputs: list[Any] = list(given or [])
    for output in outputs:
        if not isinstance(output, kind):
            raise TypeError(
                f"step {step.name!r}: outputs must be {kind.__name__} objects, got {output!r}"
            )
    names = [output.output_name for output in outputs]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ValueError(f"step {step.name!r} declares output {repeated[0]!r} twice")
    for output in outputs:
        output.bind(step)
    return outputs


def output_properties(step: Any, outputs: list[OutputParameter]) -> Properties:
    """The root properties of a step whose properties are its declared outputs."""
    root = Properties(step.name, step=step)
    mapping = OutputsMap()
    for output in outputs:
        path = f"OutputParameters['{output.output_name}']"
        mapping[output.output_name] = Properties(step.name, path, step=step)
    root.attach("Outputs", mapping)
    return root
