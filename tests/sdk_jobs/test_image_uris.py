"""image_uris.retrieve returns SageMaker's URIs (expected values taken from its SDK)."""

from __future__ import annotations

import pytest

from dagmaker import image_uris
from dagmaker.workflow.functions import Join
from dagmaker.workflow.parameters import ParameterString

EXPECTED = [
    (
        dict(framework="sklearn", region="us-west-2", version="0.23-1"),
        "246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-scikit-learn:0.23-1-cpu-py3",
    ),
    (
        dict(
            framework="sklearn", region="us-east-1", version="0.20.0", instance_type="ml.m5.large"
        ),
        "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:0.20.0-cpu-py3",
    ),
    (
        dict(framework="sklearn", region="eu-west-1", version="1.2-1", image_scope="inference"),
        "141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3",
    ),
    (
        dict(framework="xgboost", region="us-west-2", version="1.0-1", py_version="py3"),
        "246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-xgboost:1.0-1-cpu-py3",
    ),
    (
        dict(framework="xgboost", region="us-east-1", version="0.90-2"),
        "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:0.90-2-cpu-py3",
    ),
    (
        dict(framework="xgboost", region="eu-west-1", version="1.7-1", py_version="py3"),
        "141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1",
    ),
    (
        dict(
            framework="pytorch",
            region="us-west-2",
            version="1.8.0",
            py_version="py36",
            instance_type="ml.c5.xlarge",
            image_scope="training",
        ),
        "763104351884.dkr.ecr.us-west-2.amazonaws.com/pytorch-training:1.8.0-cpu-py36",
    ),
    (
        dict(
            framework="pytorch",
            region="us-east-1",
            version="2.1",
            instance_type="ml.p3.2xlarge",
            image_scope="inference",
        ),
        "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.1-gpu-py310",
    ),
    (
        dict(
            framework="pytorch",
            region="eu-west-1",
            version="2.6.0",
            instance_type="local_gpu",
            image_scope="training",
        ),
        "763104351884.dkr.ecr.eu-west-1.amazonaws.com/pytorch-training:2.6.0-gpu-py312",
    ),
    (
        dict(framework="spark", region="us-west-2", version="2.4"),
        "153931337802.dkr.ecr.us-west-2.amazonaws.com/sagemaker-spark-processing:2.4-cpu",
    ),
    (
        dict(
            framework="spark",
            region="us-east-1",
            version="3.3",
            py_version="py39",
            container_version="v1",
            instance_type="ml.m5.xlarge",
        ),
        "173754725891.dkr.ecr.us-east-1.amazonaws.com/sagemaker-spark-processing:3.3-cpu-py39-v1",
    ),
]


@pytest.mark.parametrize(("kwargs", "uri"), EXPECTED)
def test_retrieve_matches_sagemaker(kwargs: dict[str, str], uri: str) -> None:
    assert image_uris.retrieve(**kwargs) == uri


def test_local_region_stands_for_the_default_region() -> None:
    local = image_uris.retrieve("sklearn", "local", version="1.2-1")
    assert local == image_uris.retrieve("sklearn", image_uris.DEFAULT_REGION, version="1.2-1")


def test_a_parameter_stands_for_its_default_value() -> None:
    instance_type = ParameterString(name="InstanceType", default_value="ml.g4dn.xlarge")
    uri = image_uris.retrieve(
        "pytorch", "us-west-2", version="2.3", instance_type=instance_type, image_scope="training"
    )
    assert uri.endswith("pytorch-training:2.3-gpu-py311")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(framework="tensorflow", region="us-west-2", version="2.1"), "unknown framework"),
        (
            dict(framework="sklearn", region="us-west-2", version="0.99"),
            "supported versions: 0.20.0",
        ),
        (dict(framework="sklearn", region="mars-1", version="1.2-1"), "no registry known"),
        (
            dict(framework="sklearn", region="us-west-2", version="1.4-2", image_scope="inference"),
            "unsupported image scope 'inference'",
        ),
        (
            dict(framework="sklearn", region="us-west-2", version="1.2-1", py_version="py2"),
            "unsupported Python version 'py2'",
        ),
        (
            dict(
                framework="sklearn",
                region="us-west-2",
                version="1.2-1",
                instance_type="ml.p3.2xlarge",
            ),
            "no gpu image",
        ),
        (
            dict(framework="pytorch", region="us-west-2", version="2.1", image_scope="training"),
            "an instance type is needed",
        ),
        (
            dict(
                framework="pytorch", region="us-west-2", version="2.1", instance_type="ml.c5.xlarge"
            ),
            "unsupported image scope None",
        ),
        (
            dict(framework="sklearn", region="us-west-2", version="1.2-1", instance_type="c5"),
            "invalid instance type 'c5'",
        ),
        (
            dict(framework="xgboost", region="us-west-2", version="1.7-1", container_version="v2"),
            "container_version 'v2' is not supported",
        ),
    ],
)
def test_unknown_combinations_are_rejected(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        image_uris.retrieve(**kwargs)


def test_unknown_framework_error_lists_the_known_ones() -> None:
    with pytest.raises(ValueError) as raised:
        image_uris.retrieve("mxnet", "us-west-2", version="1.9")
    assert "pytorch, sklearn, spark, xgboost" in str(raised.value)


def test_a_non_parameter_variable_cannot_choose_an_image() -> None:
    joined = ParameterString(name="T", default_value="ml.m5.large")
    with pytest.raises(ValueError, match="instance_type is a pipeline variable"):
        image_uris.retrieve(
            "sklearn", "us-west-2", version="1.2-1", instance_type=Join(values=[joined])
        )


def test_training_image_uri_prefers_an_explicit_image() -> None:
    assert image_uris.get_training_image_uri("us-west-2", "pytorch", image_uri="my:img") == "my:img"
    assert image_uris.get_training_image_uri(
        "us-west-2", "xgboost", framework_version="1.5-1"
    ).endswith("sagemaker-xgboost:1.5-1")


def test_instance_family() -> None:
    assert image_uris.instance_family("ml.g4dn.xlarge") == "g4dn"
    assert image_uris.instance_family("local") == ""
