"""Condition and Fail steps: runners that finish at once, without a job.

They get their ``Arguments`` resolved like every other step (operands of conditions,
the FailStep's ``ErrorMessage``) and are listed in the runner table like every other
step type; the loop calls them in its own thread because they never wait.
"""

from __future__ import annotations

from typing import Any

from dagmaker.definition.conditions import parse_conditions
from dagmaker.engine.conditions import evaluate_all
from dagmaker.engine.ports import StepResult, StepWork
from dagmaker.errors import JobFailure


class ConditionRunner:
    """Evaluates a ConditionStep's resolved conditions; the outcome picks the branch."""

    inline = True

    def __init__(self, _context: Any = None) -> None:
        """Condition steps need no services."""

    def run(self, work: StepWork) -> StepResult:
        """``{"Outcome": bool}``; list-steps metadata ``Condition.Outcome``.

        Raises:
            ResolutionError: when operands cannot be compared, naming the condition.
        """
        conditions = parse_conditions(work.arguments.get("Conditions"))
        outcome = evaluate_all(conditions, lambda value, _path: value)
        return StepResult({"Outcome": outcome}, {"Condition": {"Outcome": str(outcome)}})


class FailRunner:
    """Ends the execution as Failed with the FailStep's resolved ``ErrorMessage``."""

    inline = True

    def __init__(self, _context: Any = None) -> None:
        """Fail steps need no services."""

    def run(self, work: StepWork) -> StepResult:
        """Always raises.

        Raises:
            JobFailure: whose message is the ErrorMessage, shown as the failure reason.
        """
        message = str(work.arguments.get("ErrorMessage", ""))
        raise JobFailure(message, metadata={"Fail": {"ErrorMessage": message}})
