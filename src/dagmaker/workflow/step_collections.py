"""Step collections: several steps built together and used as one (e.g. ``ModelStep``).

A collection named in ``depends_on`` stands for all of its steps; its properties are
those of its last step.

``RegisterModel`` and ``EstimatorTransformer`` (the legacy collections) load on first
use: they build on the model and estimator classes, which themselves import this
package.
"""

from __future__ import annotations

import importlib
from typing import Any

from dagmaker.workflow._step_base import Step

_LAZY = {
    "RegisterModel": "dagmaker.workflow._register_model",
    "EstimatorTransformer": "dagmaker.workflow._estimator_transformer",
}


class StepCollection:
    """A named group of steps.

    Attributes:
        name: The collection's name (its steps carry their own names).
        steps: The steps, in order; the last one provides ``properties``.
        depends_on: Steps the collection waits for.
    """

    def __init__(
        self, name: str, steps: list[Step] | None = None, depends_on: list[Any] | None = None
    ) -> None:
        self.name = name
        self.steps: list[Step] = list(steps or [])
        self.depends_on = depends_on

    def request_dicts(self) -> list[dict[str, Any]]:
        """The request of every step of the collection."""
        return [step.to_request() for step in self.steps]

    @property
    def properties(self) -> Any:
        """The properties of the last step, or ``None`` for an empty collection."""
        return self.steps[-1].properties if self.steps else None

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r}, steps={[s.name for s in self.steps]})"


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
