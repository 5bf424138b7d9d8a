"""scikit-learn pre-processing container of the inference pipeline (fixture, not run)."""

import joblib


def model_fn(model_dir):
    return joblib.load(f"{model_dir}/model.joblib")
