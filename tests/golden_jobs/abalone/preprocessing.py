"""Abalone preprocessing (golden-pipeline fixture): one-hot sex, split 70/15/15."""

import pathlib

import pandas as pd

frame = pd.read_csv("/opt/ml/processing/input/abalone.csv", header=None)
frame = pd.get_dummies(frame, columns=[0])
for name, part in (("train", frame[:70]), ("validation", frame[70:85]), ("test", frame[85:])):
    out = pathlib.Path(f"/opt/ml/processing/{name}")
    out.mkdir(parents=True, exist_ok=True)
    part.to_csv(out / f"{name}.csv", index=False, header=False)
