"""Write the data splits and a hyperparameter report (golden-pipeline fixture)."""

import json
import pathlib

for name in ("train", "validation", "test"):
    pathlib.Path(f"/opt/ml/processing/{name}").mkdir(parents=True, exist_ok=True)
report = pathlib.Path("/opt/ml/processing/evaluation")
report.mkdir(parents=True, exist_ok=True)
(report / "hyperparam.json").write_text(json.dumps({"hyperparam": {"eta": {"value": 0.6}}}))
