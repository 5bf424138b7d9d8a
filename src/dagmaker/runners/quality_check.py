"""QualityCheck steps: Model Monitor's analyzer on a dataset, checked against a baseline.

The job always suggests a new baseline (``statistics.json`` and ``constraints.json`` in
its output). When the check runs, the previous baseline's files are staged into the job
(``/opt/ml/processing/baseline/{stats,constraints}``) and named by the analyzer's
``baseline_statistics`` / ``baseline_constraints`` environment variables, as SageMaker's
service does for the SDK (which leaves them out of the definition); the analyzer then
also writes ``constraint_violations.json``.
"""

from __future__ import annotations

from typing import Any

from dagmaker.engine.ports import StepWork
from dagmaker.runners.check_inputs import SUGGEST_CONSTRAINTS, with_baseline_files
from dagmaker.runners.check_plan import Baseline, CheckPlan
from dagmaker.runners.check_settings import CheckSettings
from dagmaker.runners.check_step import CheckStepRunner

JSON = Any


class QualityCheckRunner(CheckStepRunner):
    """Runs QualityCheck steps (``DATA_QUALITY`` and ``MODEL_QUALITY``)."""

    STEP_TYPE = "QualityCheck"
    OUTPUT_NAME = "quality_check_output"
    FAILURE = "Quality check failed"

    def prepare(
        self, request: dict[str, JSON], settings: CheckSettings, decided: CheckPlan, work: StepWork
    ) -> dict[str, JSON]:
        """Stage the previous baseline into the job when the check runs."""
        if not decided.run_check or decided.previous is None:
            return request
        files = {
            "statistics": decided.previous.statistics,
            "constraints": decided.previous.constraints,
        }
        checked = with_baseline_files(request, files)
        # The check also computes this run's baseline (CalculatedBaselineConstraints).
        checked["Environment"][SUGGEST_CONSTRAINTS] = "Enabled"
        return checked

    def calculated(self, output: str) -> Baseline:
        """``statistics.json`` and ``constraints.json`` of the job's output."""
        return Baseline(
            self.result_file(output, "statistics.json"),
            self.result_file(output, "constraints.json"),
            "calculated",
        )
