"""The service models botocore ships: the request and response shapes the server speaks.

The same JSON files boto3 uses to build and check requests, so what the server accepts
and answers is what boto3 sends and expects, shape for shape.
"""

from __future__ import annotations

import functools
import threading

from botocore.model import OperationModel, ServiceModel
from botocore.session import get_session

_LOCK = threading.Lock()


@functools.cache
def service_model(name: str) -> ServiceModel:
    """The model of one AWS service (``sagemaker``, ``s3``, ``sts``, ``sagemaker-runtime``)."""
    with _LOCK:
        return get_session().get_service_model(name)


def operation(service: str, name: str) -> OperationModel | None:
    """The operation ``name`` of ``service``, or None when the service has no such operation."""
    model = service_model(service)
    if name not in model.operation_names:
        return None
    return model.operation_model(name)


def declared_errors(op: OperationModel) -> frozenset[str]:
    """The error codes an operation declares in the model."""
    return frozenset(shape.error_code or shape.name for shape in op.error_shapes)
