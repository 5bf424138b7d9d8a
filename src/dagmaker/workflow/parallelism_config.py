"""How many steps of one execution may run at the same time."""

from __future__ import annotations

from typing import Any


class ParallelismConfiguration:
    """``ParallelismConfiguration`` of create, update and start requests.

    Attributes:
        max_parallel_execution_steps: The most steps that run at once (at least 1).
    """

    def __init__(self, max_parallel_execution_steps: int) -> None:
        value = max_parallel_execution_steps
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"max_parallel_execution_steps must be an integer, got {value!r}")
        if value < 1:
            raise ValueError(f"max_parallel_execution_steps must be at least 1, got {value}")
        self.max_parallel_execution_steps = value

    def to_request(self) -> dict[str, Any]:
        """``{"MaxParallelExecutionSteps": n}``."""
        return {"MaxParallelExecutionSteps": self.max_parallel_execution_steps}

    def __repr__(self) -> str:
        return f"ParallelismConfiguration({self.max_parallel_execution_steps})"
