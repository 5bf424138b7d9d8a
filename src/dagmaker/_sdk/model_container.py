"""Container definitions of models (``CreateModel.PrimaryContainer`` / ``Containers``).

Also where a model's inference code is uploaded: ``<code prefix>/<model name or
image name + timestamp>``, as SageMaker's SDK names it.
"""

from __future__ import annotations

import copy
import time
from typing import Any

from dagmaker._sdk.job_names import base_name_from_image, name_from_base
from dagmaker._sdk.s3_upload import s3_path_join
from dagmaker._sdk.tags import format_tags
from dagmaker.workflow.entities import is_pipeline_variable


def container_def(
    image_uri: Any,
    model_data: Any = None,
    env: dict[str, Any] | None = None,
    image_config: Any = None,
    accept_eula: bool | None = None,
    additional_model_data_sources: Any = None,
    model_reference_arn: str | None = None,
) -> dict[str, Any]:
    """One container definition: image, environment and where the model data is.

    A compressed ``s3://…tar.gz`` archive is given as ``ModelDataUrl`` unless a EULA
    answer or a hub reference requires the ``ModelDataSource`` form; a dict is taken as a
    ``ModelDataSource`` as is.
    """
    definition: dict[str, Any] = {"Image": image_uri, "Environment": env or {}}
    if additional_model_data_sources:
        definition["AdditionalModelDataSources"] = additional_model_data_sources
    source = _model_data_source(model_data, accept_eula, model_reference_arn)
    if source is not None:
        definition["ModelDataSource"] = source
    elif model_data is not None:
        definition["ModelDataUrl"] = model_data
    if image_config:
        definition["ImageConfig"] = image_config
    return definition


def _model_data_source(
    model_data: Any, accept_eula: bool | None, model_reference_arn: str | None
) -> dict[str, Any] | None:
    if isinstance(model_data, dict):
        source: dict[str, Any] = copy.deepcopy(model_data)
    elif isinstance(model_data, str) and accept_eula is not None and _is_archive(model_data):
        source = {
            "S3DataSource": {
                "S3Uri": model_data,
                "S3DataType": "S3Object",
                "CompressionType": "Gzip",
            }
        }
    else:
        return None
    s3_source = source.get("S3DataSource", {})
    if accept_eula is not None:
        s3_source["ModelAccessConfig"] = {"AcceptEula": accept_eula}
    if model_reference_arn:
        s3_source["HubAccessConfig"] = {"HubContentArn": model_reference_arn}
    return source


def _is_archive(uri: str) -> bool:
    return uri.startswith("s3://") and uri.endswith("tar.gz")


def model_code_key_prefix(code_key_prefix: str | None, model_name: str | None, image: Any) -> str:
    """The key prefix a model's code goes under.

    The model's name when it has one, else the image's repository name plus a timestamp.
    """
    if model_name:
        return s3_path_join(code_key_prefix, model_name)
    if is_pipeline_variable(image):
        return s3_path_join(code_key_prefix, f"model_code/{int(time.time())}")
    return s3_path_join(code_key_prefix, name_from_base(base_name_from_image(image, "Model")))


def create_model_request(
    name: Any,
    role: Any,
    containers: dict[str, Any] | list[dict[str, Any]],
    vpc_config: Any = None,
    enable_network_isolation: Any = False,
    tags: Any = None,
) -> dict[str, Any]:
    """The ``CreateModel`` request: one primary container, or several for a pipeline model."""
    request: dict[str, Any] = {"ModelName": name, "ExecutionRoleArn": role}
    if isinstance(containers, list):
        request["Containers"] = containers
    elif "ModelPackageName" in containers:
        request["Containers"] = [containers]
    else:
        request["PrimaryContainer"] = containers
    formatted = format_tags(tags)
    if formatted:
        request["Tags"] = formatted
    if vpc_config:
        request["VpcConfig"] = vpc_config
    if enable_network_isolation:
        request["EnableNetworkIsolation"] = enable_network_isolation
    return request
