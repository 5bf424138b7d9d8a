"""What AutoML candidates' inference containers answer, and models made from them.

A classification candidate's last container lists the keys it can put in a response in
``SAGEMAKER_INFERENCE_SUPPORTED`` (``predicted_label``, ``probability``,
``probabilities``, ``labels``) and answers with those named in
``SAGEMAKER_INFERENCE_OUTPUT``; an earlier container that supports keys passes them on
through ``SAGEMAKER_INFERENCE_INPUT`` of the next.
"""

from __future__ import annotations

from typing import Any

SUPPORTED = "SAGEMAKER_INFERENCE_SUPPORTED"


def supported_keys(container: dict[str, Any], default: list[str] | None = None) -> list[str]:
    """The response keys a container supports.

    Raises:
        KeyError: when the container declares none and no ``default`` is given.
    """
    try:
        declared = str(container["Environment"][SUPPORTED])
    except KeyError:
        if default is None:
            raise
        return default
    return [key.strip() for key in declared.split(",")]


def check_keys(keys: list[str] | None, containers: list[dict[str, Any]]) -> None:
    """Check that the last container can answer with ``keys``.

    Raises:
        ValueError: naming the unsupported keys, or when the model cannot choose at all.
    """
    if not keys:
        return
    try:
        supported = supported_keys(containers[-1])
    except KeyError:
        raise ValueError(
            "The inference model does not support selection of inference content beyond "
            "it's default content. Please retry without setting inference_response_keys key "
            "word argument."
        ) from None
    unsupported = [key for key in keys if key not in supported]
    if unsupported:
        raise ValueError(
            f"Requested inference output keys [{', '.join(unsupported)}] are unsupported. "
            f"The supported inference keys are [{', '.join(supported)}]"
        )


def select_response_keys(containers: list[dict[str, Any]], keys: list[str] | None) -> None:
    """Set each container's ``SAGEMAKER_INFERENCE_INPUT``/``OUTPUT`` for ``keys`` (in place).

    Raises:
        ValueError: as :func:`check_keys`.
    """
    if not keys:
        return
    check_keys(keys, containers)
    previous = ""
    for container in containers:
        supported = supported_keys(container, default=[])
        if not supported:
            previous = ""
            continue
        output = ",".join(key for key in keys if key in supported)
        if previous:
            container["Environment"]["SAGEMAKER_INFERENCE_INPUT"] = previous
        if output:
            container["Environment"]["SAGEMAKER_INFERENCE_OUTPUT"] = output
        previous = output
