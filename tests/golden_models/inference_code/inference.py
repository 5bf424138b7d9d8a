"""Inference handlers for the golden models (never run by the golden tests)."""

import json
import pickle
from pathlib import Path


def model_fn(model_dir):
    with (Path(model_dir) / "model.pkl").open("rb") as handle:
        return pickle.load(handle)


def predict_fn(data, model):
    return model.predict(data)


def output_fn(prediction, accept):
    return json.dumps(prediction.tolist())
