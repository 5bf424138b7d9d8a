"""A started training job (``estimator.latest_training_job``)."""

from __future__ import annotations

from typing import Any

from dagmaker.job import _Job


class _TrainingJob(_Job):
    """A training job started by an estimator's ``fit``."""

    KIND = "training job"
    NAME_FIELD = "TrainingJobName"
    STATUS_FIELD = "TrainingJobStatus"
    DESCRIBE = "describe_training_job"
    STOP = "stop_training_job"
    LOGS = "logs_for_job"

    def wait(self, logs: Any = "All") -> dict[str, Any]:
        """Wait until the job ends; ``logs`` is ``"All"``/``True`` or ``"None"``/``False``."""
        return super().wait(logs=logs)
