"""Split a CSV into train, validation and test sets (golden-pipeline fixture)."""

import argparse
import pathlib

import pandas as pd

parser = argparse.ArgumentParser()
parser.add_argument("--input-data", default="")
args = parser.parse_args()

frame = pd.read_csv("/opt/ml/processing/input/data.csv")
for name, part in (("train", frame[:60]), ("validation", frame[60:80]), ("test", frame[80:])):
    out = pathlib.Path(f"/opt/ml/processing/{name}")
    out.mkdir(parents=True, exist_ok=True)
    part.to_csv(out / f"{name}.csv", index=False, header=False)
