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
from dagmaker.runners.check_plan import Baseline, CheckPlan
from dagmaker.runners.check_settings import CheckSettings
from dagmaker.runners.check_step import CheckStepRunner

JSON = Any
BASELINE_PATH = "/opt/ml/processing/baseline"
# File kind -> (input name, container folder, analyzer environment variable).
_BASELINE_INPUTS = {
    "statistics": ("baseline_statistics", f"{BASELINE_PATH}/stats", "baseline_statistics"),
    "constraints": ("baseline_constraints", f"{BASELINE_PATH}/constraints", "baseline_constraints"),
}


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
        inputs = list(request.get("ProcessingInputs") or [])
        env = dict(request.get("Environment") or {})
        files = {
            "statistics": decided.previous.statistics,
            "constraints": decided.previous.constraints,
        }
        for kind, uri in files.items():
            if uri is None:
                continue
            name, folder, variable = _BASELINE_INPUTS[kind]
            inputs.append(_file_input(name, uri, folder))
            env[variable] = f"{folder}/{uri.rsplit('/', 1)[-1]}"
        return {**request, "ProcessingInputs": inputs, "Environment": env}

    def calculated(self, output: str) -> Baseline:
        """``statistics.json`` and ``constraints.json`` of the job's output."""
        return Baseline(
            self.result_file(output, "statistics.json"),
            self.result_file(output, "constraints.json"),
            "calculated",
        )

    def check(self, decided: CheckPlan, output: str, calculated: Baseline) -> str | None:
        """The analyzer's ``constraint_violations.json``, when it lists any violation."""
        uri = self.result_file(output, "constraint_violations.json")
        report = self.read_json(uri)
        violations = report.get("violations") if isinstance(report, dict) else None
        return uri if violations else None


def _file_input(name: str, uri: str, folder: str) -> dict[str, JSON]:
    return {
        "InputName": name,
        "AppManaged": False,
        "S3Input": {
            "S3Uri": uri,
            "LocalPath": folder,
            "S3DataType": "S3Prefix",
            "S3InputMode": "File",
            "S3DataDistributionType": "FullyReplicated",
            "S3CompressionType": "None",
        },
    }
