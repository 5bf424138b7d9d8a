"""Write the abalone evaluation report (golden-pipeline fixture; not run by the tests)."""

import json
import pathlib

out = pathlib.Path("/opt/ml/processing/evaluation")
out.mkdir(parents=True, exist_ok=True)
report = {"regression_metrics": {"mse": {"value": 4.2, "standard_deviation": 0.3}}}
(out / "evaluation.json").write_text(json.dumps(report))
