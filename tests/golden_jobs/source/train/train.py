"""Train a scikit-learn model from the 'train' channel (golden-pipeline fixture)."""

import argparse
import os
from pathlib import Path

import joblib
import pandas as pd
from sklearn.linear_model import LinearRegression

parser = argparse.ArgumentParser()
parser.add_argument("--dataset_frequency", default="H")
args, _ = parser.parse_known_args()
frame = pd.read_csv(Path(os.environ["SM_CHANNEL_TRAIN"]) / "train.csv", header=None)
model = LinearRegression().fit(frame.iloc[:, 1:], frame.iloc[:, 0])
joblib.dump(model, Path(os.environ["SM_MODEL_DIR"]) / "model.joblib")
