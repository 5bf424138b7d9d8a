"""Feature engineering for the abalone demo (runs as a SageMaker processing job).

Reads /opt/ml/processing/input/abalone-dataset.csv, one-hot encodes `sex`, scales the
numeric columns, and writes train/validation/test CSVs with the label first and no
header — the layout SageMaker's built-in XGBoost expects.
"""

import argparse
import os

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

BASE = "/opt/ml/processing"
FEATURES = [
    "length",
    "diameter",
    "height",
    "whole_weight",
    "shucked_weight",
    "viscera_weight",
    "shell_weight",
]
COLUMNS = ["sex", *FEATURES, "rings"]

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--input-data", default="")
    args = parser.parse_args()
    print(f"preprocessing (input data argument: {args.input_data!r})")

    frame = pd.read_csv(f"{BASE}/input/abalone-dataset.csv", header=None, names=COLUMNS)
    label = frame.pop("rings")
    transform = ColumnTransformer(
        [
            ("num", make_pipeline(StandardScaler()), FEATURES),
            ("cat", OneHotEncoder(handle_unknown="ignore"), ["sex"]),
        ]
    )
    features = transform.fit_transform(frame)
    data = np.concatenate([label.to_numpy().reshape(-1, 1), features], axis=1)
    rng = np.random.default_rng(42)
    rng.shuffle(data)
    train, validation, test = np.split(data, [int(0.7 * len(data)), int(0.85 * len(data))])
    for name, part in (("train", train), ("validation", validation), ("test", test)):
        os.makedirs(f"{BASE}/{name}", exist_ok=True)
        pd.DataFrame(part).to_csv(f"{BASE}/{name}/{name}.csv", header=False, index=False)
    print(f"rows: train={len(train)} validation={len(validation)} test={len(test)}")
