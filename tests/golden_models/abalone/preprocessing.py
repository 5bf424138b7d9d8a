"""Split the abalone data set (golden-pipeline fixture; not run by the golden tests)."""

import pathlib

import pandas as pd

frame = pd.read_csv("/opt/ml/processing/input/abalone-dataset.csv", header=None)
for name, part in (("train", 0.7), ("validation", 0.85), ("test", 1.0)):
    out = pathlib.Path(f"/opt/ml/processing/{name}")
    out.mkdir(parents=True, exist_ok=True)
    frame.sample(frac=part, random_state=0).to_csv(out / f"{name}.csv", header=False, index=False)
