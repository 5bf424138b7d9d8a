"""Serializers: how a ``Predictor`` turns data into a request body.

Same class names, constructor arguments and ``CONTENT_TYPE`` as ``sagemaker``'s, so
``Predictor(..., serializer=CSVSerializer())`` works unchanged. NumPy and pandas are
imported only when data of theirs is serialized.
"""

from __future__ import annotations

import abc
import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = [
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
]


class BaseSerializer(abc.ABC):
    """Turns data into a request body of ``CONTENT_TYPE``."""

    @abc.abstractmethod
    def serialize(self, data: Any) -> Any:
        """The request body for ``data``."""

    @property
    @abc.abstractmethod
    def CONTENT_TYPE(self) -> str:
        """The media type sent as ``Content-Type``."""


class SimpleBaseSerializer(BaseSerializer):
    """A serializer whose content type is set at construction.

    Args:
        content_type: The media type sent as ``Content-Type``.

    Raises:
        ValueError: when ``content_type`` is not a string.
    """

    def __init__(self, content_type: str = "application/json") -> None:
        if not isinstance(content_type, str):
            raise ValueError(
                f"content_type must be a media type string such as 'text/csv', got {content_type!r}"
            )
        self.content_type = content_type

    @property
    def CONTENT_TYPE(self) -> str:
        """The media type sent as ``Content-Type``."""
        return self.content_type


def _readable(data: Any) -> bool:
    return hasattr(data, "read")


def _is_table(data: Any) -> bool:
    return type(data).__name__ == "DataFrame" and hasattr(data, "to_csv")


def _sequence(data: Any) -> bool:
    return hasattr(data, "__iter__") and hasattr(data, "__getitem__")


class CSVSerializer(SimpleBaseSerializer):
    """Rows as CSV text: lists, NumPy arrays, a pandas DataFrame, a file, or a string."""

    def __init__(self, content_type: str = "text/csv") -> None:
        super().__init__(content_type)

    def serialize(self, data: Any) -> Any:
        """CSV text: one line per row of a two-dimensional input, else one line.

        Raises:
            ValueError: for an empty row or data that is not rows of values.
        """
        if _readable(data):
            return data.read()
        if _is_table(data):
            return data.to_csv(header=False, index=False)
        rows = _sequence(data) and hasattr(data, "__setitem__")
        if rows and len(data) > 0 and _sequence(data[0]) and not isinstance(data[0], str):
            return "\n".join(self._row(row) for row in data)
        return self._row(data)

    @staticmethod
    def _row(row: Any) -> str:
        if isinstance(row, str):
            return row
        if hasattr(row, "flatten"):
            row = row.flatten()
        if not hasattr(row, "__len__"):
            raise ValueError(f"CSVSerializer cannot write {type(row).__name__} as a CSV row")
        if len(row) == 0:
            raise ValueError("CSVSerializer cannot write an empty row")
        buffer = io.StringIO()
        csv.writer(buffer).writerow(row)
        return buffer.getvalue().rstrip("\r\n")


class NumpySerializer(SimpleBaseSerializer):
    """Arrays in NumPy's ``.npy`` format.

    Args:
        dtype: The dtype lists are converted with.
        content_type: The media type sent.
    """

    def __init__(self, dtype: Any = None, content_type: str = "application/x-npy") -> None:
        super().__init__(content_type)
        self.dtype = dtype

    def serialize(self, data: Any) -> Any:
        """``.npy`` bytes of an array or list (a file is sent as it is).

        Raises:
            ValueError: for an empty array.
        """
        import numpy as np

        if _readable(data):
            return data.read()
        array = np.asarray(data, self.dtype) if isinstance(data, list) else np.asarray(data)
        if array.size == 0:
            raise ValueError("NumpySerializer cannot send an empty array")
        buffer = io.BytesIO()
        np.save(buffer, array)
        return buffer.getvalue()


class JSONSerializer(SimpleBaseSerializer):
    """JSON text; NumPy arrays (also as dict values) become lists."""

    def serialize(self, data: Any) -> Any:
        """JSON text of ``data`` (a file is sent as it is)."""
        if _readable(data):
            return data.read()
        if isinstance(data, dict):
            return json.dumps({k: _plain(v) for k, v in data.items()})
        return json.dumps(_plain(data))


def _plain(value: Any) -> Any:
    return value.tolist() if hasattr(value, "tolist") and hasattr(value, "shape") else value


class IdentitySerializer(SimpleBaseSerializer):
    """The data as it is (bytes of an image file, for instance)."""

    def __init__(self, content_type: str = "application/octet-stream") -> None:
        super().__init__(content_type)

    def serialize(self, data: Any) -> Any:
        """``data`` unchanged."""
        return data


class JSONLinesSerializer(SimpleBaseSerializer):
    """One JSON document per line."""

    def __init__(self, content_type: str = "application/jsonlines") -> None:
        super().__init__(content_type)

    def serialize(self, data: Any) -> Any:
        """JSON Lines text of an iterable of documents (strings and files as they are).

        Raises:
            ValueError: for data that is not iterable.
        """
        if isinstance(data, str):
            return data
        if _readable(data):
            return data.read()
        if isinstance(data, Iterable):
            return "\n".join(json.dumps(_plain(item)) for item in data)
        raise ValueError(f"JSONLinesSerializer cannot write {type(data).__name__}")


class LibSVMSerializer(SimpleBaseSerializer):
    """Text already in LibSVM format (``<label> <index>:<value> ...``)."""

    def __init__(self, content_type: str = "text/libsvm") -> None:
        super().__init__(content_type)

    def serialize(self, data: Any) -> Any:
        """The LibSVM text of a string or a file.

        Raises:
            ValueError: for any other data.
        """
        if isinstance(data, str):
            return data
        if _readable(data):
            return data.read()
        raise ValueError(f"LibSVMSerializer sends LibSVM text; got {type(data).__name__}")


class DataSerializer(SimpleBaseSerializer):
    """The bytes of a file, given by path or already read."""

    def __init__(self, content_type: str = "file-path/raw-bytes") -> None:
        super().__init__(content_type)

    def serialize(self, data: Any) -> Any:
        """The file's bytes.

        Raises:
            ValueError: when the file cannot be read or the data is of another kind.
        """
        if isinstance(data, str):
            try:
                return Path(data).read_bytes()
            except OSError as error:
                raise ValueError(f"could not read {data!r}: {error}") from error
        if isinstance(data, bytes):
            return data
        if isinstance(data, dict) and "data" in data:
            return self.serialize(data["data"])
        raise ValueError(f"DataSerializer sends a file's bytes; got {type(data).__name__}")


class StringSerializer(SimpleBaseSerializer):
    """A string as UTF-8 bytes."""

    def __init__(self, content_type: str = "text/plain") -> None:
        super().__init__(content_type)

    def serialize(self, data: Any) -> Any:
        """The UTF-8 bytes of ``data``.

        Raises:
            ValueError: when ``data`` is not a string.
        """
        if isinstance(data, str):
            return data.encode("utf-8")
        raise ValueError(f"StringSerializer sends a string; got {type(data).__name__}")


class SparseMatrixSerializer(SimpleBaseSerializer):
    """A SciPy sparse matrix in ``.npz`` format."""

    def __init__(self, content_type: str = "application/x-npz") -> None:
        super().__init__(content_type)

    def serialize(self, data: Any) -> Any:
        """``.npz`` bytes of a sparse matrix (needs SciPy)."""
        import scipy.sparse

        buffer = io.BytesIO()
        scipy.sparse.save_npz(buffer, data)
        return buffer.getvalue()
