"""Framework models choose their serving image and check their arguments."""

from __future__ import annotations

import pytest

from dagmaker.pytorch import PyTorchModel
from dagmaker.sklearn import SKLearnModel
from dagmaker.xgboost import XGBoostModel
from tests.sdk_models.helpers import ROLE

SKLEARN = "246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"


def test_the_serving_image_comes_from_the_version(pipeline_session: object) -> None:
    model = SKLearnModel(
        "s3://b/m.tar.gz", ROLE, framework_version="1.2-1", sagemaker_session=pipeline_session
    )
    container = model.prepare_container_def(instance_type="ml.m5.large")
    assert container["Image"] == SKLEARN
    # Script-mode settings are written even without an entry point, as SageMaker does.
    assert container["Environment"]["SAGEMAKER_PROGRAM"] == ""


def test_register_names_the_framework(pipeline_session: object) -> None:
    model = XGBoostModel(
        "s3://b/m.tar.gz", ROLE, framework_version="1.7-1", sagemaker_session=pipeline_session
    )
    step_args = model.register(
        content_types=["text/csv"], response_types=["text/csv"], model_package_group_name="g"
    )
    container = step_args.create_model_package_request["InferenceSpecification"]["Containers"][0]
    assert container["Framework"] == "XGBOOST"
    assert container["Image"].endswith("/sagemaker-xgboost:1.7-1")


def test_pytorch_registers_its_framework_version(pipeline_session: object) -> None:
    model = PyTorchModel(
        "s3://b/m.tar.gz",
        ROLE,
        framework_version="2.1",
        py_version="py310",
        sagemaker_session=pipeline_session,
    )
    step_args = model.register(
        content_types=["a"], response_types=["b"], inference_instances=["ml.m5.large"]
    )
    container = step_args.create_model_package_request["InferenceSpecification"]["Containers"][0]
    assert container["FrameworkVersion"] == "2.1"
    assert container["Image"].endswith("/pytorch-inference:2.1-cpu-py310")


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (lambda: SKLearnModel("s3://b/m", ROLE), ValueError, "framework_version or py_version"),
        (
            lambda: SKLearnModel("s3://b/m", ROLE, framework_version="1.2-1", py_version="py2"),
            AttributeError,
            "only supports Python 3",
        ),
        (lambda: XGBoostModel("s3://b/m", ROLE), ValueError, "needs framework_version"),
        (
            lambda: XGBoostModel("s3://b/m", ROLE, framework_version="1.7-1", py_version="py2"),
            ValueError,
            "Python 3 only",
        ),
    ],
)
def test_constructor_checks(build: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        build()  # type: ignore[operator]


def test_sklearn_has_no_accelerators(pipeline_session: object) -> None:
    model = SKLearnModel(
        "s3://b/m", ROLE, framework_version="1.2-1", sagemaker_session=pipeline_session
    )
    with pytest.raises(ValueError, match="Accelerator types are not supported"):
        model.prepare_container_def(accelerator_type="ml.eia1.medium")


def test_pytorch_needs_an_instance_type_to_choose_an_image(pipeline_session: object) -> None:
    model = PyTorchModel(
        "s3://b/m",
        ROLE,
        framework_version="2.1",
        py_version="py310",
        sagemaker_session=pipeline_session,
    )
    with pytest.raises(ValueError, match="Must supply either an instance type"):
        model.prepare_container_def()
