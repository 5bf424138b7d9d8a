"""A processing script as SageMaker users write it: inputs and outputs under /opt/ml/processing."""

import argparse
import os
import pathlib

parser = argparse.ArgumentParser()
parser.add_argument("--rows", type=int, default=3)
args = parser.parse_args()
out = pathlib.Path("/opt/ml/processing/train")
out.mkdir(parents=True, exist_ok=True)
(out / "train.csv").write_text("".join(f"{i},{i * i}\n" for i in range(args.rows)))
print("preprocessed", args.rows, "rows; inputs:", sorted(os.listdir("/opt/ml/processing")))
