"""ClarifyCheck steps: a Clarify analysis of a dataset (or model), checked against a baseline.

The job's ``analysis.json`` is always the newly calculated baseline. When the check runs,
the previous baseline ``analysis.json`` is staged into the job and named by
``baseline_constraints``, and the Clarify program writes ``constraint_violations.json``
(bias drift, or feature attribution drift for explainability). Model checks get the
step's ``ModelName`` filled into the analysis config's predictor.
"""

from __future__ import annotations

from typing import Any

from dagmaker.engine.ports import StepWork
from dagmaker.runners.check_inputs import with_baseline_files, with_model_name
from dagmaker.runners.check_plan import Baseline, CheckPlan
from dagmaker.runners.check_settings import CheckSettings
from dagmaker.runners.check_step import CheckStepRunner

JSON = Any
_MODEL_CHECKS = ("MODEL_BIAS", "MODEL_EXPLAINABILITY")


class ClarifyCheckRunner(CheckStepRunner):
    """Runs ClarifyCheck steps (``DATA_BIAS``, ``MODEL_BIAS``, ``MODEL_EXPLAINABILITY``)."""

    STEP_TYPE = "ClarifyCheck"
    OUTPUT_NAME = "analysis_result"
    FAILURE = "Clarify check failed"

    def prepare(
        self, request: dict[str, JSON], settings: CheckSettings, decided: CheckPlan, work: StepWork
    ) -> dict[str, JSON]:
        """Name the model in the analysis config; stage the previous baseline to check."""
        if settings.check_type in _MODEL_CHECKS and settings.model_name:
            request = with_model_name(
                request, settings.model_name, work.job_name, self.ctx.artifacts
            )
        if decided.run_check and decided.previous is not None:
            request = with_baseline_files(request, {"constraints": decided.previous.constraints})
        return request

    def calculated(self, output: str) -> Baseline:
        """The job's ``analysis.json``."""
        return Baseline(None, self.result_file(output, "analysis.json"), "calculated")
