"""A stand-in for a monitoring container, for the schedule runners' own tests.

It follows Model Monitor's container contract (environment in, result files out) with a
toy analysis of captured records: it keeps the records whose ``inferenceTime`` is in
``[start_time, end_time)``, takes the first CSV field of each request, and compares the
mean with ``max_mean`` of the baseline constraints. It writes ``statistics.json``,
``constraint_violations.json`` and, like the analyzer, CloudWatch metric entries under
``/opt/ml/output/metrics/cloudwatch``; then it runs the post-analytics script. The real
analyzer runs in the end-to-end tests.
"""

# ruff: noqa: SIM112 - the container's environment variables are lowercase by contract

import json
import os
import runpy
import time
from datetime import datetime
from pathlib import Path

time.sleep(float(os.environ.get("STAND_IN_SLEEP", "0")))


def moment(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


start, end = moment(os.environ["start_time"]), moment(os.environ["end_time"])
values = []
for path in sorted(Path(os.environ["dataset_source"]).rglob("*.jsonl")):
    for line in path.read_text().splitlines():
        record = json.loads(line)
        at = moment(record["eventMetadata"]["inferenceTime"])
        if start <= at < end:
            values.append(float(record["captureData"]["endpointInput"]["data"].split(",")[0]))
mean = sum(values) / len(values) if values else 0.0
output = Path(os.environ["output_path"])
output.mkdir(parents=True, exist_ok=True)
statistics = {"version": 0.0, "dataset": {"item_count": float(len(values))}, "features": []}
(output / "statistics.json").write_text(json.dumps(statistics))
baseline = json.loads(Path(os.environ["baseline_constraints"]).read_text())
violations = []
if mean > baseline["max_mean"]:
    violations.append(
        {
            "feature_name": "f0",
            "constraint_check_type": "baseline_drift_check",
            "description": f"Numerical distance: {mean} exceeds numerical threshold",
        }
    )
(output / "constraint_violations.json").write_text(json.dumps({"violations": violations}))
if os.environ.get("publish_cloudwatch_metrics") == "Enabled":
    metrics = Path(os.environ.get("DAGMAKER_OPT_ML", "/opt/ml")) / "output/metrics/cloudwatch"
    metrics.mkdir(parents=True, exist_ok=True)
    entries = [
        {"MetricName": "feature_baseline_drift_f0", "Value": mean, "Unit": "None"},
        {
            "MetricName": "feature_data_f0",
            "StatisticValues": {"SampleCount": float(len(values)), "Sum": sum(values)},
        },
    ]
    (metrics / "m.jsonl").write_text("".join(json.dumps(e) + "\n" for e in entries))
print(f"analysed {len(values)} records from {start:%H:%M} to {end:%H:%M}; mean {mean}")
if os.environ.get("post_analytics_processor_script"):
    runpy.run_path(os.environ["post_analytics_processor_script"], run_name="post")
