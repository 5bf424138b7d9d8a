"""AutoML's problem types and metrics: which metric fits which problem, and its direction.

A pure table, read by the AutoML runner (to check a request and to rank candidates) and
by the candidate program (to score them). Names are SageMaker's ``AutoMLMetricEnum``.
"""

from __future__ import annotations

from dataclasses import dataclass

REGRESSION = "Regression"
BINARY = "BinaryClassification"
MULTICLASS = "MulticlassClassification"
PROBLEM_TYPES = (BINARY, MULTICLASS, REGRESSION)

# Every metric a candidate reports, per problem type (CandidateMetrics).
METRICS: dict[str, tuple[str, ...]] = {
    REGRESSION: ("MAE", "MSE", "R2", "RMSE"),
    BINARY: ("Accuracy", "AUC", "BalancedAccuracy", "F1", "LogLoss", "Precision", "Recall"),
    MULTICLASS: (
        "Accuracy",
        "BalancedAccuracy",
        "F1macro",
        "LogLoss",
        "PrecisionMacro",
        "RecallMacro",
    ),
}
# The metrics a job may optimise (AutoMLJobObjective), per problem type.
OBJECTIVES: dict[str, tuple[str, ...]] = {
    REGRESSION: ("MSE", "RMSE", "MAE", "R2"),
    BINARY: ("F1", "Accuracy", "AUC", "BalancedAccuracy", "Precision", "Recall"),
    MULTICLASS: ("Accuracy", "F1macro", "BalancedAccuracy", "PrecisionMacro", "RecallMacro"),
}
DEFAULT_OBJECTIVE = {REGRESSION: "MSE", BINARY: "F1", MULTICLASS: "Accuracy"}
MINIMIZED = frozenset({"MSE", "RMSE", "MAE", "LogLoss"})


@dataclass(frozen=True)
class Objective:
    """The metric a job ranks its candidates by.

    Attributes:
        name: The standard metric name (``F1``, ``MSE``, …).
        problem_type: The problem it belongs to.
    """

    name: str
    problem_type: str

    @property
    def maximize(self) -> bool:
        """Whether larger values are better."""
        return self.name not in MINIMIZED

    @property
    def direction(self) -> str:
        """``Maximize`` or ``Minimize``, as ``FinalAutoMLJobObjectiveMetric.Type`` says."""
        return "Maximize" if self.maximize else "Minimize"

    @property
    def metric_name(self) -> str:
        """The candidate metric's name in job logs and ``FinalAutoMLJobObjectiveMetric``."""
        return log_name(self.name)

    def better(self, value: float, than: float) -> bool:
        """Whether ``value`` beats ``than``."""
        return value > than if self.maximize else value < than


def log_name(metric: str) -> str:
    """``validation:<metric>``, the name a candidate's log reports a metric under."""
    return f"validation:{metric.lower()}"


def objective_problem(metric: str, problem_type: str | None) -> str:
    """Why ``metric`` cannot rank candidates of ``problem_type``; "" when it can."""
    if problem_type is None:
        known = sorted({m for names in OBJECTIVES.values() for m in names})
        return "" if metric in known else f"use one of {', '.join(known)}"
    allowed = OBJECTIVES[problem_type]
    if metric in allowed:
        return ""
    return f"a {problem_type} job can optimise {', '.join(allowed)}"
