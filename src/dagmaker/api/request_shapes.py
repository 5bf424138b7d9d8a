"""Requests checked against botocore's SageMaker request shapes, as the service checks them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dagmaker.errors import InvalidRequest

if TYPE_CHECKING:
    from dagmaker.definition.request_check import Produced

JSON = Any


def check_shape(shape: str, request: JSON, path: str = "") -> None:
    """Check ``request`` (or the member at ``path`` of one) against the named shape.

    Raises:
        InvalidRequest: listing every problem, the first one's path as the field.
    """
    from dagmaker.definition import service_model
    from dagmaker.definition.request_check import RequestChecker

    checker = RequestChecker(service_model.model("sagemaker"), _literal)
    problems = list(checker.check(request, shape, path))
    if len(problems) == 1:
        raise InvalidRequest(problems[0].message, field=problems[0].path or None)
    if problems:
        listed = "; ".join(f"{p.path or shape}: {p.message}" for p in problems)
        raise InvalidRequest(f"{len(problems)} problems: {listed}")


def _literal(_value: JSON) -> Produced:
    # API requests hold no pipeline expressions; nothing is filled in later.
    from dagmaker.definition.request_check import Produced

    return Produced(None, "")
