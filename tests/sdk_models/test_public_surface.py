"""The model, tuner and transformer modules export what SageMaker's SDK users import.

The import paths themselves are checked against the real SDK by the goldens: their
sources run unchanged under ``sagemaker`` (``tools/make_model_goldens.py``).
"""

from __future__ import annotations

import importlib
import inspect

import pytest

EXPECTED = {
    "dagmaker.model": {"FrameworkModel", "Model", "ModelPackage"},
    "dagmaker.model_metrics": {"FileSource", "MetricsSource", "ModelMetrics"},
    "dagmaker.drift_check_baselines": {"DriftCheckBaselines"},
    "dagmaker.metadata_properties": {"MetadataProperties"},
    "dagmaker.pipeline": {"PipelineModel"},
    "dagmaker.transformer": {"Transformer"},
    "dagmaker.parameter": {
        "CategoricalParameter",
        "ContinuousParameter",
        "IntegerParameter",
        "ParameterRange",
    },
    "dagmaker.tuner": {
        "CategoricalParameter",
        "ContinuousParameter",
        "HyperbandStrategyConfig",
        "HyperparameterTuner",
        "InstanceConfig",
        "IntegerParameter",
        "ParameterRange",
        "StrategyConfig",
        "TuningJobCompletionCriteriaConfig",
        "WarmStartConfig",
        "WarmStartTypes",
    },
    "dagmaker.workflow.model_step": {"ModelStep"},
    "dagmaker.sklearn.model": {"SKLearnModel", "SKLearnPredictor"},
    "dagmaker.xgboost.model": {"XGBoostModel", "XGBoostPredictor"},
    "dagmaker.pytorch.model": {"PyTorchModel", "PyTorchPredictor"},
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_all_is_sorted_and_complete(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__all__ == sorted(module.__all__)
    assert set(module.__all__) == EXPECTED[name]
    defined = {
        attribute
        for attribute, value in vars(module).items()
        if inspect.isclass(value) and value.__module__ == name and not attribute.startswith("_")
    }
    assert defined <= set(module.__all__)


def test_legacy_collections_load_from_step_collections() -> None:
    from dagmaker.workflow import step_collections

    assert step_collections.RegisterModel.__name__ == "RegisterModel"
    assert step_collections.EstimatorTransformer.__name__ == "EstimatorTransformer"
    with pytest.raises(AttributeError, match="has no attribute 'ModelStep'"):
        _ = step_collections.ModelStep


def test_top_level_names() -> None:
    import dagmaker

    assert dagmaker.PipelineModel.__module__ == "dagmaker.pipeline"
    assert dagmaker.Model.__module__ == "dagmaker.model"
    assert dagmaker.ModelMetrics.__module__ == "dagmaker.model_metrics"
