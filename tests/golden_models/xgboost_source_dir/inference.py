"""XGBoost container of the inference pipeline (fixture, not run)."""

import xgboost


def model_fn(model_dir):
    booster = xgboost.Booster()
    booster.load_model(f"{model_dir}/xgboost-model")
    return booster
