"""The SDK job modules export what SageMaker's SDK users import, sorted and complete."""

from __future__ import annotations

import importlib
import inspect

import pytest

EXPECTED = {
    "dagmaker.processing": {
        "FeatureStoreOutput",
        "FrameworkProcessor",
        "NetworkConfig",
        "ProcessingInput",
        "ProcessingJob",
        "ProcessingOutput",
        "Processor",
        "RunArgs",
        "ScriptProcessor",
    },
    "dagmaker.estimator": {"Estimator", "EstimatorBase", "Framework"},
    "dagmaker.inputs": {
        "BatchDataCaptureConfig",
        "CreateModelInput",
        "FileSystemInput",
        "ShuffleConfig",
        "TrainingInput",
        "TransformInput",
    },
    "dagmaker.network": {"NetworkConfig"},
    "dagmaker.image_uris": {
        "DEFAULT_REGION",
        "get_training_image_uri",
        "instance_family",
        "retrieve",
    },
    "dagmaker.dataset_definition": {
        "AthenaDatasetDefinition",
        "DatasetDefinition",
        "RedshiftDatasetDefinition",
        "S3Input",
    },
    "dagmaker.dataset_definition.inputs": {
        "AthenaDatasetDefinition",
        "DatasetDefinition",
        "RedshiftDatasetDefinition",
        "S3Input",
    },
    "dagmaker.sklearn": {"SKLearn", "SKLearnModel", "SKLearnPredictor", "SKLearnProcessor"},
    "dagmaker.xgboost": {"XGBoost", "XGBoostModel", "XGBoostPredictor", "XGBoostProcessor"},
    "dagmaker.pytorch": {"PyTorch", "PyTorchModel", "PyTorchPredictor", "PyTorchProcessor"},
    "dagmaker.predictor": {"Predictor", "PredictorBase"},
    "dagmaker.s3": {"S3Downloader", "S3Uploader", "is_s3_url", "parse_s3_url", "s3_path_join"},
    "dagmaker.serializers": {
        "BaseSerializer",
        "CSVSerializer",
        "DataSerializer",
        "IdentitySerializer",
        "JSONLinesSerializer",
        "JSONSerializer",
        "LibSVMSerializer",
        "NumpySerializer",
        "SimpleBaseSerializer",
        "SparseMatrixSerializer",
        "StringSerializer",
    },
    "dagmaker.deserializers": {
        "BaseDeserializer",
        "BytesDeserializer",
        "CSVDeserializer",
        "JSONDeserializer",
        "JSONLinesDeserializer",
        "NumpyDeserializer",
        "PandasDeserializer",
        "SimpleBaseDeserializer",
        "StreamDeserializer",
        "StringDeserializer",
    },
    "dagmaker.spark": {"PySparkProcessor", "SparkJarProcessor"},
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_all_is_sorted_and_names_what_users_import(name: str) -> None:
    module = importlib.import_module(name)
    exported = module.__all__
    assert exported == sorted(exported)
    assert set(exported) == EXPECTED[name]
    for attribute in exported:
        assert getattr(module, attribute) is not None


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_public_class_is_exported(name: str) -> None:
    module = importlib.import_module(name)
    classes = {
        attribute
        for attribute, value in vars(module).items()
        if inspect.isclass(value)
        and not attribute.startswith("_")
        and value.__module__.startswith("dagmaker")
    }
    assert classes <= set(module.__all__)


@pytest.mark.parametrize(
    ("module", "names"),
    [
        ("dagmaker.sklearn.processing", ["SKLearnProcessor"]),
        ("dagmaker.sklearn.estimator", ["SKLearn"]),
        ("dagmaker.xgboost.estimator", ["XGBoost"]),
        ("dagmaker.xgboost.processing", ["XGBoostProcessor"]),
        ("dagmaker.pytorch.estimator", ["PyTorch"]),
        ("dagmaker.pytorch.processing", ["PyTorchProcessor"]),
        ("dagmaker.spark.processing", ["PySparkProcessor", "SparkJarProcessor"]),
    ],
)
def test_sagemaker_module_paths_exist(module: str, names: list[str]) -> None:
    loaded = importlib.import_module(module)
    for name in names:
        assert inspect.isclass(getattr(loaded, name))
