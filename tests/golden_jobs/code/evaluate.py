"""Write an evaluation report with an accuracy (golden-pipeline fixture)."""

import json
import pathlib

out = pathlib.Path("/opt/ml/processing/evaluation")
out.mkdir(parents=True, exist_ok=True)
(out / "evaluation.json").write_text(json.dumps({"eval": {"accuracy": 0.97}}))
