"""A stand-in for Model Monitor's analyzer, for the check runner's own tests.

It follows the analyzer's contract (environment in, result files out) with a toy
analysis: statistics hold the row count and each row's first value; the suggested
constraints allow that many rows at most; a check against baseline constraints flags a
dataset with more rows. The real analyzer is tested end to end elsewhere.
"""

# ruff: noqa: SIM112 - the analyzer's environment variables are lowercase by contract

import json
import os
import time
from pathlib import Path

time.sleep(float(os.environ.get("STAND_IN_SLEEP", "0")))

source = Path(os.environ["dataset_source"])
output = Path(os.environ["output_path"])
rows = [line for f in sorted(source.rglob("*")) if f.is_file() for line in f.read_text().split()]
statistics = {"version": 0.0, "dataset": {"item_count": float(len(rows))}, "features": []}
constraints = {"version": 0.0, "max_rows": len(rows), "features": []}
output.mkdir(parents=True, exist_ok=True)
(output / "statistics.json").write_text(json.dumps(statistics))
(output / "constraints.json").write_text(json.dumps(constraints))
if "baseline_constraints" in os.environ:
    baseline = json.loads(Path(os.environ["baseline_constraints"]).read_text())
    seen = {"statistics": os.environ.get("baseline_statistics", "")}
    violations = []
    if len(rows) > baseline["max_rows"]:
        violations.append(
            {
                "feature_name": "rows",
                "constraint_check_type": "data_type_check",
                "description": f"Value: {len(rows)} does not meet the constraint requirement! ",
            }
        )
    (output / "constraint_violations.json").write_text(json.dumps({"violations": violations}))
    (output / "seen_baseline.json").write_text(json.dumps(seen))
print(f"analysed {len(rows)} rows")
