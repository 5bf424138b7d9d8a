"""Look up and build the runner for a step Type."""

from __future__ import annotations

import importlib
from typing import Any

from dagmaker.errors import DagmakerError
from dagmaker.runners import RUNNERS


class StepTypeNotSupported(DagmakerError):
    """A valid step type that this version of dagmaker cannot run yet."""

    headline = "Step type not supported yet"


def runner_for(step_type: str, services: Any) -> Any:
    """Instantiate the runner registered for ``step_type`` with ``services``.

    Raises:
        StepTypeNotSupported: naming the type and what is supported.
    """
    target = RUNNERS.get(step_type)
    if target is None:
        supported = ", ".join(sorted(RUNNERS))
        raise StepTypeNotSupported(
            f"{step_type} steps are not supported yet by this version of dagmaker "
            f"(supported: {supported})",
        )
    module_name, _, class_name = target.partition(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    return cls(services)
