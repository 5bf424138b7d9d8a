"""A stand-in for the Clarify program, for the check runner's own tests.

It reads the analysis config like Clarify does, writes an ``analysis.json`` whose one
metric is the dataset's row count, records the model it was told to query, and checks
against a baseline ``analysis.json`` (``baseline_constraints``): more rows is a
violation. The real Clarify program runs in the end-to-end tests.
"""

# ruff: noqa: SIM112 - Clarify's environment variables are lowercase by contract

import json
import os
from pathlib import Path

config = json.loads(Path("/opt/ml/processing/input/config/analysis_config.json").read_text())
data = Path("/opt/ml/processing/input/data")
rows = [line for f in sorted(data.rglob("*")) if f.is_file() for line in f.read_text().split()]
metric = {"name": "CI", "description": "Class Imbalance (CI)", "value": float(len(rows))}
analysis = {
    "version": "1.0",
    "pre_training_bias_metrics": {
        "facets": {"f": [{"value_or_threshold": "1", "metrics": [metric]}]}
    },
}
output = Path("/opt/ml/processing/output")
output.mkdir(parents=True, exist_ok=True)
(output / "analysis.json").write_text(json.dumps(analysis))
model = (config.get("predictor") or {}).get("model_name")
(output / "seen.json").write_text(json.dumps({"model_name": model}))
if "baseline_constraints" in os.environ:
    baseline = json.loads(Path(os.environ["baseline_constraints"]).read_text())
    before = baseline["pre_training_bias_metrics"]["facets"]["f"][0]["metrics"][0]["value"]
    violations = []
    if len(rows) > before:
        violations.append(
            {
                "facet": "f",
                "facet_value": "1",
                "metric_name": "CI",
                "constraint_check_type": "bias_drift_check",
                "description": f"Value {float(len(rows))} does not meet the constraint requirement",
            }
        )
    document = {"version": "1.0", "violations": violations}
    (output / "constraint_violations.json").write_text(json.dumps(document))
print(f"clarify stand-in: {len(rows)} rows, model {model}")
