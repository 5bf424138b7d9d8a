"""A ``Predictor`` whose serializer and deserializer default to its framework's."""

from __future__ import annotations

from typing import Any, ClassVar

from dagmaker.base_predictor import Predictor


class FrameworkPredictor(Predictor):
    """Requests to an endpoint serving one framework's models.

    Subclasses name the serializer and deserializer their framework's image expects; a
    caller's own still wins.

    Args:
        endpoint_name: The endpoint.
        sagemaker_session: The session (a new ``Session`` when not given).
        serializer: Turns data into a request body.
        deserializer: Turns the response into data.
        component_name: An inference component (accepted; not used locally).
    """

    default_serializer: ClassVar[type[Any]]
    default_deserializer: ClassVar[type[Any]]

    def __init__(
        self,
        endpoint_name: str,
        sagemaker_session: Any = None,
        serializer: Any = None,
        deserializer: Any = None,
        component_name: str | None = None,
    ) -> None:
        super().__init__(
            endpoint_name,
            sagemaker_session,
            serializer=serializer if serializer is not None else self.default_serializer(),
            deserializer=deserializer if deserializer is not None else self.default_deserializer(),
            component_name=component_name,
        )
