"""Deserializers: how a ``Predictor`` turns a response body into data.

Same class names, constructor arguments and ``ACCEPT`` as ``sagemaker``'s. Each takes
the response stream (``read()``, ``close()``) and its content type. NumPy and pandas are
imported only when used.
"""

from __future__ import annotations

import abc
import codecs
import csv
import io
import json
from typing import Any

__all__ = [
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
]


class BaseDeserializer(abc.ABC):
    """Turns a response body into data."""

    @abc.abstractmethod
    def deserialize(self, stream: Any, content_type: str) -> Any:
        """The data in ``stream`` (of ``content_type``)."""

    @property
    @abc.abstractmethod
    def ACCEPT(self) -> tuple[str, ...]:
        """The media types asked for with ``Accept``."""


class SimpleBaseDeserializer(BaseDeserializer):
    """A deserializer whose accepted types are set at construction.

    Args:
        accept: A media type, or a tuple of them.
    """

    def __init__(self, accept: str | tuple[str, ...] = "*/*") -> None:
        self.accept = accept

    @property
    def ACCEPT(self) -> tuple[str, ...]:
        """The media types asked for with ``Accept``."""
        return (self.accept,) if isinstance(self.accept, str) else tuple(self.accept)


class StringDeserializer(SimpleBaseDeserializer):
    """The body as a string.

    Args:
        encoding: Its text encoding.
        accept: The media type(s) asked for.
    """

    def __init__(
        self, encoding: str = "UTF-8", accept: str | tuple[str, ...] = "application/json"
    ) -> None:
        super().__init__(accept)
        self.encoding = encoding

    def deserialize(self, stream: Any, content_type: str) -> Any:
        """The decoded text."""
        try:
            return stream.read().decode(self.encoding)
        finally:
            stream.close()


class BytesDeserializer(SimpleBaseDeserializer):
    """The body's bytes."""

    def deserialize(self, stream: Any, content_type: str) -> Any:
        """The bytes."""
        try:
            return stream.read()
        finally:
            stream.close()


class CSVDeserializer(SimpleBaseDeserializer):
    """CSV text as a list of rows (lists of strings).

    Args:
        encoding: Its text encoding.
        accept: The media type(s) asked for.
    """

    def __init__(self, encoding: str = "utf-8", accept: str | tuple[str, ...] = "text/csv") -> None:
        super().__init__(accept)
        self.encoding = encoding

    def deserialize(self, stream: Any, content_type: str) -> Any:
        """The rows."""
        try:
            return list(csv.reader(stream.read().decode(self.encoding).splitlines()))
        finally:
            stream.close()


class StreamDeserializer(SimpleBaseDeserializer):
    """The stream itself and its content type (the caller closes the stream)."""

    def deserialize(self, stream: Any, content_type: str) -> Any:
        """``(stream, content_type)``."""
        return stream, content_type


class NumpyDeserializer(SimpleBaseDeserializer):
    """A NumPy array from ``.npy``/``.npz``, CSV or JSON.

    Args:
        dtype: The dtype of CSV and JSON values.
        accept: The media type(s) asked for.
        allow_pickle: Whether ``.npy`` object arrays may be loaded.
    """

    def __init__(
        self,
        dtype: Any = None,
        accept: str | tuple[str, ...] = "application/x-npy",
        allow_pickle: bool = False,
    ) -> None:
        super().__init__(accept)
        self.dtype = dtype
        self.allow_pickle = allow_pickle

    def deserialize(self, stream: Any, content_type: str) -> Any:
        """The array.

        Raises:
            ValueError: for another content type, or pickled data without allow_pickle.
        """
        import numpy as np

        media = content_type.split(";", 1)[0].strip().lower()
        try:
            if media == "text/csv":
                return np.genfromtxt(
                    codecs.getreader("utf-8")(stream), delimiter=",", dtype=self.dtype
                )
            if media == "application/json":
                return np.array(json.load(codecs.getreader("utf-8")(stream)), dtype=self.dtype)
            if media in ("application/x-npy", "application/x-npz"):
                try:
                    return np.load(io.BytesIO(stream.read()), allow_pickle=self.allow_pickle)
                except ValueError as error:
                    raise ValueError(
                        "the array holds Python objects; pass allow_pickle=True to "
                        "NumpyDeserializer to load it"
                    ) from error
        finally:
            stream.close()
        raise ValueError(f"NumpyDeserializer cannot read content type {content_type!r}")


class JSONDeserializer(SimpleBaseDeserializer):
    """A JSON document as Python objects."""

    def __init__(self, accept: str | tuple[str, ...] = "application/json") -> None:
        super().__init__(accept)

    def deserialize(self, stream: Any, content_type: str) -> Any:
        """The parsed document."""
        try:
            return json.load(codecs.getreader("utf-8")(stream))
        finally:
            stream.close()


class PandasDeserializer(SimpleBaseDeserializer):
    """CSV or JSON as a pandas DataFrame."""

    def __init__(self, accept: str | tuple[str, ...] = ("text/csv", "application/json")) -> None:
        super().__init__(accept)

    def deserialize(self, stream: Any, content_type: str) -> Any:
        """The DataFrame.

        Raises:
            ValueError: for another content type.
        """
        import pandas

        media = content_type.split(";", 1)[0].strip().lower()
        if media == "text/csv":
            return pandas.read_csv(stream)
        if media == "application/json":
            return pandas.read_json(stream)
        raise ValueError(f"PandasDeserializer cannot read content type {content_type!r}")


class JSONLinesDeserializer(SimpleBaseDeserializer):
    """JSON Lines as a list of documents."""

    def __init__(self, accept: str | tuple[str, ...] = "application/jsonlines") -> None:
        super().__init__(accept)

    def deserialize(self, stream: Any, content_type: str) -> Any:
        """One document per line."""
        try:
            text = stream.read().decode("utf-8")
            return [json.loads(line) for line in text.rstrip().split("\n") if line.strip()]
        finally:
            stream.close()
