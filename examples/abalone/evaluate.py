"""Evaluate the trained model on the test split (runs as a SageMaker processing job).

Writes /opt/ml/processing/evaluation/evaluation.json, read by the pipeline's
ConditionStep through a PropertyFile and JsonGet.
"""

import json
import os
import tarfile

import numpy as np
import pandas as pd
import xgboost

BASE = "/opt/ml/processing"

if __name__ == "__main__":
    with tarfile.open(f"{BASE}/model/model.tar.gz") as archive:
        archive.extractall(".", filter="data")
    model = xgboost.Booster()
    model.load_model("xgboost-model")

    test = pd.read_csv(f"{BASE}/test/test.csv", header=None)
    labels = test.iloc[:, 0].to_numpy()
    predictions = model.predict(xgboost.DMatrix(test.iloc[:, 1:].to_numpy()))
    errors = (labels - predictions) ** 2
    report = {
        "regression_metrics": {
            "mse": {"value": float(np.mean(errors)), "standard_deviation": float(np.std(errors))},
        },
    }
    os.makedirs(f"{BASE}/evaluation", exist_ok=True)
    with open(f"{BASE}/evaluation/evaluation.json", "w") as handle:
        json.dump(report, handle)
    print(json.dumps(report))
