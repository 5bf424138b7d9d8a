"""Container image URIs, checked as SageMaker and a Docker registry check them.

SageMaker's request shape for a container's ``Image`` (``ContainerImage`` in botocore's
service model) allows at most 255 characters and no whitespace; the text must also be an
image reference a registry can resolve, ``[registry/]repository[:tag][@digest]``, by the
grammar of the Docker distribution reference (lowercase path components joined by ``.``,
``_``, ``__`` or dashes; a tag of at most 128 word characters, dots and dashes; a digest
``algorithm:hex``). A repository without a tag is also a reference, and is what a mapping
for every tag of an image names.
"""

from __future__ import annotations

import re

from dagmaker.definition import service_model
from dagmaker.definition.request_check import scalar_problem
from dagmaker.errors import InvalidRequest

_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_HOST_PART = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_HOST = rf"(?:{_HOST_PART}(?:\.{_HOST_PART})*|\[[0-9A-Fa-f:]+\])(?::[0-9]+)?"
_TAG = r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}"
_DIGEST = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,}"
_REFERENCE = re.compile(
    rf"(?:{_HOST}/)?{_COMPONENT}(?:/{_COMPONENT})*(?::{_TAG})?(?:@{_DIGEST})?", re.ASCII
)
FORM = (
    "[registry/]repository[:tag][@digest], "
    "e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/my-image:1"
)


def image_problem(image: object) -> str:
    """Why ``image`` is not a container image URI; "" when it is."""
    if image == "":
        return "the image URI is empty"
    model = service_model.model("sagemaker")
    problem = scalar_problem(model.shape("ContainerImage"), image)
    if problem:
        return problem
    assert isinstance(image, str)
    if not _REFERENCE.fullmatch(image):
        return (
            f"{image!r} is not an image reference: repository path parts are lowercase "
            "letters and digits joined by '.', '_', '__' or '-'"
        )
    return ""


def check_image(image: object, *, field: str = "Image") -> None:
    """Raise when ``image`` is not a container image URI.

    Raises:
        InvalidRequest: naming the field and showing the form an image URI takes.
    """
    problem = image_problem(image)
    if problem:
        raise InvalidRequest(
            f"invalid image URI: {problem}", field=field, hint=f"Write it as {FORM}."
        )
