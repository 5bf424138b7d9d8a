"""``ParallelismConfiguration`` of CreatePipeline, UpdatePipeline and StartPipelineExecution."""

from __future__ import annotations

from typing import Any

from dagmaker.errors import InvalidRequest


def check_parallelism(config: Any, *, field: str = "ParallelismConfiguration") -> int | None:
    """The step cap of a ``ParallelismConfiguration``, or None when there is none.

    ``MaxParallelExecutionSteps`` must be an integer the service model allows (at least 1,
    and a 32-bit integer).

    Raises:
        InvalidRequest: quoting the rule, for any other value or shape.
    """
    from dagmaker.definition import service_model
    from dagmaker.definition.request_check import scalar_problem

    if config is None:
        return None
    model = service_model.model("sagemaker")
    shape = model.shape("ParallelismConfiguration")
    if not isinstance(config, dict) or set(config) - set(shape.members):
        raise InvalidRequest(
            f"{field} must be {{'MaxParallelExecutionSteps': <integer of at least 1>}}",
            field=field,
            value=config,
        )
    value: Any = config.get("MaxParallelExecutionSteps")
    problem = scalar_problem(model.shape(shape.members["MaxParallelExecutionSteps"]), value)
    if value is None:
        problem = "missing: ParallelismConfiguration requires MaxParallelExecutionSteps"
    if problem:
        raise InvalidRequest(
            problem,
            field=f"{field}.MaxParallelExecutionSteps",
            value=value,
        )
    return int(value)
