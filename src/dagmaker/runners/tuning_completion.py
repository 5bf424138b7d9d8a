"""When a tuning job stops starting trials before ``MaxNumberOfTrainingJobs``.

Pure functions of the objective values seen so far, in the order trials finished:
``TuningJobCompletionCriteria`` (a target value, or the best not improving over some
trials), and giving up when the first trials all failed.
"""

from __future__ import annotations

from dagmaker.runners.tuning_config import TuningConfig

# Give up when this many trials (or MaxParallelTrainingJobs, if more) failed before any
# produced the objective: the training definition is most likely broken.
FAILURES_BEFORE_GIVING_UP = 3


def criteria_met(config: TuningConfig, objectives: list[float]) -> str:
    """Which completion criterion the finished trials' objectives meet ("" for none).

    Args:
        config: The tuning job's settings.
        objectives: Objective values of completed trials, in the order they finished.
    """
    if not objectives:
        return ""
    best = max(objectives) if config.maximize else min(objectives)
    target = config.target_value
    if target is not None and (best >= target if config.maximize else best <= target):
        return f"the objective reached the target value {target:g}"
    limit = config.not_improving_limit
    if limit and len(objectives) - 1 - objectives.index(best) >= limit:
        return f"the best objective did not improve over {limit} training jobs"
    return ""


def giving_up(config: TuningConfig, failed: int, succeeded: int) -> str:
    """Why to start no more trials after early failures ("" to keep going)."""
    limit = max(FAILURES_BEFORE_GIVING_UP, config.max_parallel)
    if succeeded == 0 and failed >= limit:
        return f"the first {failed} training jobs all failed"
    return ""
