"""Look up and build the runner for a step Type."""

from __future__ import annotations

import importlib

from dagmaker.engine.ports import StepRunner
from dagmaker.engine.units import CompositeRunner
from dagmaker.errors import DagmakerError, InternalError
from dagmaker.runners import RUNNERS
from dagmaker.runners.context import RunnerContext


class StepTypeNotSupported(DagmakerError):
    """A valid step type that this version of dagmaker cannot run yet."""

    headline = "Step type not supported yet"


def runner_for(step_type: str, context: RunnerContext) -> StepRunner | CompositeRunner:
    """Instantiate the runner registered for ``step_type`` with ``context``.

    Raises:
        StepTypeNotSupported: naming the type and what is supported.
        InternalError: when the table names something that is not a runner (of a step's
            job, or of a composite step).
    """
    target = RUNNERS.get(step_type)
    if target is None:
        supported = ", ".join(sorted(RUNNERS))
        raise StepTypeNotSupported(
            f"{step_type} steps are not supported yet by this version of dagmaker "
            f"(supported: {supported})",
        )
    module_name, _, class_name = target.partition(":")
    runner: object = getattr(importlib.import_module(module_name), class_name)(context)
    if not isinstance(runner, StepRunner | CompositeRunner):
        raise InternalError(
            f"{target} (the runner of {step_type} steps) has neither run(work) nor the "
            "methods of a composite runner (machine, observe, publish)"
        )
    return runner
