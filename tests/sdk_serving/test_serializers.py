"""Serializers and deserializers: SageMaker's names, defaults and formats."""

from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd
import pytest

from dagmaker import deserializers, serializers
from dagmaker.deserializers import (
    BytesDeserializer,
    CSVDeserializer,
    JSONDeserializer,
    JSONLinesDeserializer,
    NumpyDeserializer,
    PandasDeserializer,
    StreamDeserializer,
    StringDeserializer,
)
from dagmaker.serializers import (
    CSVSerializer,
    DataSerializer,
    IdentitySerializer,
    JSONLinesSerializer,
    JSONSerializer,
    LibSVMSerializer,
    NumpySerializer,
    StringSerializer,
)


def test_content_types_are_sagemakers() -> None:
    assert CSVSerializer().CONTENT_TYPE == "text/csv"
    assert JSONSerializer().CONTENT_TYPE == "application/json"
    assert NumpySerializer().CONTENT_TYPE == "application/x-npy"
    assert IdentitySerializer().CONTENT_TYPE == "application/octet-stream"
    assert JSONLinesSerializer().CONTENT_TYPE == "application/jsonlines"
    assert LibSVMSerializer().CONTENT_TYPE == "text/libsvm"
    assert CSVSerializer(content_type="text/plain").CONTENT_TYPE == "text/plain"
    assert CSVDeserializer().ACCEPT == ("text/csv",)
    assert NumpyDeserializer().ACCEPT == ("application/x-npy",)
    assert BytesDeserializer().ACCEPT == ("*/*",)
    assert PandasDeserializer().ACCEPT == ("text/csv", "application/json")
    with pytest.raises(ValueError, match="content_type"):
        CSVSerializer(content_type=None)  # type: ignore[arg-type]


def test_all_lists_are_sorted() -> None:
    for module in (serializers, deserializers):
        assert module.__all__ == sorted(module.__all__)


def test_csv_serializer() -> None:
    csv = CSVSerializer()
    assert csv.serialize([1, 2, 3]) == "1,2,3"
    assert csv.serialize([[1, 2], [3, 4]]) == "1,2\n3,4"
    assert csv.serialize(np.array([[1.5, 2.0], [3.0, 4.0]])) == "1.5,2.0\n3.0,4.0"
    assert csv.serialize(np.array([1, 2])) == "1,2"
    assert csv.serialize(["a,b", "c"]) == '"a,b",c'
    assert csv.serialize("1,2\n3,4") == "1,2\n3,4"
    assert csv.serialize(pd.DataFrame({"a": [1, 2], "b": [3, 4]})) == "1,3\n2,4\n"
    assert csv.serialize(io.StringIO("x,y")) == "x,y"
    with pytest.raises(ValueError, match="empty"):
        csv.serialize([])


def test_json_and_numpy_serializers() -> None:
    assert json.loads(JSONSerializer().serialize({"x": np.array([1, 2])})) == {"x": [1, 2]}
    assert JSONSerializer().serialize(np.array([[1, 2]])) == "[[1, 2]]"
    data = NumpySerializer().serialize([[1.0, 2.0]])
    assert np.array_equal(np.load(io.BytesIO(data)), [[1.0, 2.0]])
    with pytest.raises(ValueError, match="empty"):
        NumpySerializer().serialize(np.array([]))
    assert JSONLinesSerializer().serialize([{"a": 1}, {"b": 2}]) == '{"a": 1}\n{"b": 2}'
    assert StringSerializer().serialize("é") == "é".encode()
    assert IdentitySerializer().serialize(b"\x00") == b"\x00"


def test_data_serializer_reads_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "image.bin"
    path.write_bytes(b"\x89PNG")
    assert DataSerializer().serialize(str(path)) == b"\x89PNG"
    with pytest.raises(ValueError, match="could not read"):
        DataSerializer().serialize(str(tmp_path / "missing"))


def test_deserializers() -> None:
    assert CSVDeserializer().deserialize(io.BytesIO(b"1,2\n3,4\n"), "text/csv") == [
        ["1", "2"],
        ["3", "4"],
    ]
    assert JSONDeserializer().deserialize(io.BytesIO(b'{"a": [1]}'), "application/json") == {
        "a": [1]
    }
    assert StringDeserializer().deserialize(io.BytesIO(b"hi"), "text/plain") == "hi"
    lines = JSONLinesDeserializer().deserialize(io.BytesIO(b'{"a":1}\n{"a":2}\n'), "x")
    assert lines == [{"a": 1}, {"a": 2}]
    stream = io.BytesIO(b"raw")
    assert StreamDeserializer().deserialize(stream, "x") == (stream, "x")
    numbers = NumpyDeserializer().deserialize(io.BytesIO(b"1,2\n3,4\n"), "text/csv")
    assert np.array_equal(numbers, [[1, 2], [3, 4]])
    saved = io.BytesIO()
    np.save(saved, np.arange(3))
    assert np.array_equal(
        NumpyDeserializer().deserialize(io.BytesIO(saved.getvalue()), "application/x-npy"),
        [0, 1, 2],
    )
    table = PandasDeserializer().deserialize(io.BytesIO(b"a,b\n1,2\n"), "text/csv")
    assert list(table.columns) == ["a", "b"]
    with pytest.raises(ValueError, match="cannot read content type"):
        NumpyDeserializer().deserialize(io.BytesIO(b"x"), "image/png")
