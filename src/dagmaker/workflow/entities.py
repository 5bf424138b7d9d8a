"""Base entities of the pipeline SDK: entities, expressions and pipeline variables.

A *pipeline variable* (a parameter, a step property, an execution variable, ``Join``,
``JsonGet``) stands for a value that exists only while the pipeline runs. Python
operations that need the value now — ``str()``, f-strings, ``format``, ``+``, ``int()``,
iteration — raise ``TypeError`` and point to ``Join`` and ``.to_string()`` instead.

``Join`` lives here, beside the base class, because ``to_string()`` of every variable
returns one; ``dagmaker.workflow.functions`` is its public home.
"""

from __future__ import annotations

import abc
from collections.abc import Sequence
from enum import EnumMeta
from typing import Any, NoReturn

PrimitiveType = str | int | bool | float | None
RequestType = dict[str, Any] | list[dict[str, Any]]


class Entity(abc.ABC):
    """Something that renders itself into part of a request (a step, a parameter, …)."""

    @abc.abstractmethod
    def to_request(self) -> RequestType:
        """The request structure for workflow service calls."""


class DefaultEnumMeta(EnumMeta):
    """An enum metaclass whose call without a value returns the first member."""

    _NO_VALUE: Any = object()

    def __call__(cls, *args: Any, value: Any = _NO_VALUE, **kwargs: Any) -> Any:
        """The member for ``value``, or the first member when called without one."""
        if value is DefaultEnumMeta._NO_VALUE and not args and not kwargs:
            return next(iter(cls))
        if value is DefaultEnumMeta._NO_VALUE:
            return super().__call__(*args, **kwargs)
        return super().__call__(value, *args, **kwargs)

    def factory(cls) -> Any:
        """The first member (used as a default)."""
        return next(iter(cls))


class Expression(abc.ABC):
    """Anything that renders to an expression object in the definition JSON."""

    @property
    @abc.abstractmethod
    def expr(self) -> RequestType:
        """The JSON expression, e.g. ``{"Get": "Parameters.Name"}``."""


class PipelineVariable(Expression):
    """A value known only when the pipeline runs (parameter, property, function, …).

    Subclasses implement :attr:`expr` and :attr:`_referenced_steps`.
    """

    def to_string(self) -> PipelineVariable:
        """This variable converted to a string at run time (``Join(on="", values=[self])``)."""
        return Join(on="", values=[self])

    @property
    @abc.abstractmethod
    def expr(self) -> RequestType:
        """The JSON expression of this variable."""

    @property
    @abc.abstractmethod
    def _referenced_steps(self) -> list[Any]:
        """Steps (objects or names) whose outputs this variable reads."""

    def _misuse(self, operation: str) -> NoReturn:
        raise TypeError(
            f"{type(self).__name__} {_safe_expr(self)} is a pipeline variable: its value is "
            f"known only when the pipeline runs, so {operation} cannot use it. Build strings "
            "with Join(on='', values=[...]) from dagmaker.workflow.functions, or call "
            ".to_string() to turn it into a string at run time; use .expr to see its JSON."
        )

    def __str__(self) -> str:
        self._misuse("str()")

    def __format__(self, format_spec: str) -> str:
        self._misuse("f-strings and format()")

    def __add__(self, other: object) -> NoReturn:
        self._misuse("'+' concatenation")

    def __radd__(self, other: object) -> NoReturn:
        self._misuse("'+' concatenation")

    def __int__(self) -> NoReturn:
        self._misuse("int()")

    def __float__(self) -> NoReturn:
        self._misuse("float()")

    def __iter__(self) -> NoReturn:
        raise TypeError(
            f"{type(self).__name__} {_safe_expr(self)} is a pipeline variable and cannot be "
            "iterated; index a list or map property with [0] or ['name'] instead."
        )

    def __deepcopy__(self, memo: dict[int, Any]) -> PipelineVariable:
        # A variable is an immutable reference; copying it would copy the step it points to
        # and the pipeline would then see two different steps with the same name.
        return self

    def __copy__(self) -> PipelineVariable:
        return self


def _safe_expr(variable: PipelineVariable) -> str:
    try:
        return repr(variable.expr)
    except Exception:  # an incomplete JsonGet cannot render; the type name is enough then
        return "(expression not renderable)"


def is_pipeline_variable(var: object) -> bool:
    """Whether ``var`` is a pipeline variable or another expression (property file, …)."""
    return isinstance(var, Expression)


class Join(PipelineVariable):
    """Join values into one string at run time: ``{"Std:Join": {"On": on, "Values": [...]}}``.

    Example::

        bucket = ParameterString("Bucket", default_value="my-bucket")
        Join(on="/", values=["s3:/", bucket, ExecutionVariables.PIPELINE_EXECUTION_ID])

    Attributes:
        on: The separator (default ``""``).
        values: Literals and pipeline variables to join.
    """

    def __init__(self, on: str = "", values: Sequence[Any] | None = None) -> None:
        if not isinstance(on, str):
            raise TypeError(f"Join(on=...) must be a string separator, got {on!r}")
        if isinstance(values, (str, bytes)) or (values is not None and not _is_sequence(values)):
            raise TypeError(f"Join(values=...) must be a list of values, got {values!r}")
        self.on = on
        self.values: list[Any] = list(values or [])

    def to_string(self) -> Join:
        """A Join is already a string at run time."""
        return self

    @property
    def expr(self) -> dict[str, Any]:
        """The ``Std:Join`` expression."""
        return {"Std:Join": {"On": self.on, "Values": [expr_or_value(v) for v in self.values]}}

    @property
    def _referenced_steps(self) -> list[Any]:
        steps: list[Any] = []
        for value in self.values:
            steps.extend(referenced_steps(value))
        return steps

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Join):
            return NotImplemented
        return self.on == other.on and self.values == other.values

    def __hash__(self) -> int:
        return hash(("Join", self.on, len(self.values)))

    def __repr__(self) -> str:
        return f"Join(on={self.on!r}, values={self.values!r})"


def _is_sequence(value: object) -> bool:
    return isinstance(value, (list, tuple))


class BoundExpression(abc.ABC):
    """A value that renders to an expression once attached to a step (Lambda/Callback outputs)."""

    @abc.abstractmethod
    def bound_expr(self) -> dict[str, Any]:
        """The expression, using the step this value is attached to."""

    @property
    @abc.abstractmethod
    def _referenced_steps(self) -> list[Any]:
        """The step this value is attached to."""


def expr_or_value(value: Any) -> Any:
    """The expression of a pipeline variable, or the value itself when it is a literal."""
    if isinstance(value, Expression):
        return value.expr
    if isinstance(value, BoundExpression):
        return value.bound_expr()
    return value


def referenced_steps(value: Any) -> list[Any]:
    """Steps (objects or names) that ``value`` reads from, when it is a variable."""
    if isinstance(value, (PipelineVariable, BoundExpression)):
        return list(value._referenced_steps)
    return []
