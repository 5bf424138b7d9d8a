import json
import os
import tarfile

import numpy as np
import pandas as pd
import xgboost

with tarfile.open("/opt/ml/processing/model/model.tar.gz") as archive:
    archive.extractall(".", filter="data")
model = xgboost.Booster()
model.load_model("xgboost-model")
test = pd.read_csv("/opt/ml/processing/test/test.csv", header=None)
predictions = model.predict(xgboost.DMatrix(test.iloc[:, 1:].to_numpy()))
mse = float(np.mean((test.iloc[:, 0].to_numpy() - predictions) ** 2))
os.makedirs("/opt/ml/processing/evaluation", exist_ok=True)
with open("/opt/ml/processing/evaluation/evaluation.json", "w") as handle:
    json.dump({"regression_metrics": {"mse": {"value": mse}}}, handle)
print("mse", mse)
